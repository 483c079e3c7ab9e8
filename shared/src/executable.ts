// A program path a person configured (the client's `nixify.nix.path`, the `nix` a command names), checked
// the same way everywhere: `~/` expanded, absolute, an executable regular file. Nothing is run.
import { accessSync, constants, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

export interface CheckedExecutable {
  /** The path as given, trimmed, with `~/` expanded against the home directory. */
  path: string;
  /** Why it cannot be run, when it cannot: `not a path`, `not an absolute path`, `not found, or not an executable file`. */
  why?: string;
}

export function checkedExecutable(given: string, home: string = homedir()): CheckedExecutable {
  const trimmed = given.trim();
  const path = trimmed.startsWith('~/') ? join(home, trimmed.slice(2)) : trimmed;
  const why = !trimmed ? 'not a path' : !isAbsolute(path) ? 'not an absolute path' : !isExecutableFile(path) ? 'not found, or not an executable file' : undefined;
  return why ? { path, why } : { path };
}

// A directory can be "executable" (searchable) too: only a regular file can be run.
function isExecutableFile(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

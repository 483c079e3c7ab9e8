// Git state of a workspace, read by spawning git. Only the front doors (LSP,
// CLI) call this; the cores receive the resulting GitInfo as plain data.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseGitmodules } from './workspace';
import type { GitInfo } from './types';

function git(root: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 256 << 20 });
  } catch {
    return undefined;
  }
}

/** Files whose ignored state matters for flakes (a flake cannot see ignored or untracked files). */
const WATCHED = ['Cargo.lock', 'Cargo.toml', 'build.rs', 'flake.nix', 'flake.lock', 'package.nix', 'default.nix', 'rust-toolchain.toml', 'rust-toolchain'];

export function readGitInfo(root: string): GitInfo {
  const gm = join(root, '.gitmodules');
  const submodules = existsSync(gm) ? parseGitmodules(readFileSync(gm, 'utf8')) : [];
  const inside = git(root, ['rev-parse', '--is-inside-work-tree']);
  if (inside?.trim() !== 'true') return { isRepo: false, submodules };
  const listed = git(root, ['ls-files', '-z', '--cached', '--', '.']);
  const tracked = listed === undefined ? undefined : new Set(listed.split('\0').filter(Boolean));
  // Without --ignored git does not descend into ignored folders (target/), so this stays small.
  const others = git(root, ['ls-files', '-z', '--others', '--exclude-standard', '--', '.']);
  const untracked = others === undefined ? undefined : new Set(others.split('\0').filter(Boolean));
  const present = WATCHED.filter((f) => existsSync(join(root, f)));
  const ignoredOut = present.length ? git(root, ['check-ignore', '--no-index', ...present]) : '';
  const ignored = new Set(
    (ignoredOut ?? '')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  );
  return { isRepo: true, tracked, ignored, untracked, submodules };
}

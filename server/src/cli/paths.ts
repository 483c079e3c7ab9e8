import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from './io';

/** The directory argument of a command (default: the current directory), checked to exist. */
export function resolveDir(cwd: string, arg: string | undefined): string {
  const dir = resolve(cwd, arg ?? '.');
  if (!existsSync(dir)) throw new UsageError(`${arg ?? dir}: no such directory`);
  if (!statSync(dir).isDirectory()) throw new UsageError(`${arg}: not a directory`);
  return dir;
}

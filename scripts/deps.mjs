// What every entry script (start, test, build, e2e) does first on a fresh
// clone: install the npm dependencies. Plain JavaScript on purpose — tsx, the
// TypeScript loader, is itself one of those dependencies.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Runs `npm ci` when node_modules is missing or older than package-lock.json (a pull changed the lock). */
export function ensureNodeModules(who) {
  const installed = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  let why;
  if (!existsSync(installed)) why = 'node_modules missing';
  else if (existsSync(lock) && statSync(lock).mtimeMs > statSync(installed).mtimeMs) why = 'package-lock.json changed';
  if (!why) return;
  console.log(`${who}: ${why}, running npm ci`);
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
}

export const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

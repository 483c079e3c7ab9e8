// Runs a TypeScript entry script (npm start, npm run test:e2e) on a fresh
// clone: installs the npm dependencies first — tsx, the loader, is one of them —
// then `node --import tsx FILE ARGS…`. Ctrl-C and SIGTERM reach the script,
// which stops what it started; its exit status is ours.
//   node scripts/run-ts.mjs scripts/e2e/start.ts [args…]
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { ensureNodeModules, root } from './deps.mjs';

const [file, ...args] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/run-ts.mjs FILE.ts [args…]');
  process.exit(2);
}
ensureNodeModules(file);
const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], { cwd: root, stdio: 'inherit' });
// A terminal's Ctrl-C already reaches the whole foreground group; a signal sent
// to this process alone (a CI step stopping `npm start`) is passed on.
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));

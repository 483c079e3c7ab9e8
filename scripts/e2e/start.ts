// `npm start`: the product in one command on a machine without VS Code. Builds
// and packages the extension, sets up code-server once (cached in .cache/e2e),
// installs the .vsix and opens a fresh copy of the sample crate on 127.0.0.1.
// Runs until Ctrl-C. PORT=8080 by default (another free port when taken).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { cacheDir, copyWorkspace, installExtension, packageVsix, profile, repoRoot, setupTools, startCodeServer, writeUserSettings } from './codeServer';

async function main() {
  const t0 = performance.now();
  const step = (what: string) => console.log(`\nstart: ${what} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  step('build and package the extension');
  const vsix = packageVsix();
  step(`code-server (VS Code) in ${cacheDir}`);
  const tools = setupTools('start');
  const dir = join(cacheDir, 'start');
  // Settings and trust decisions survive restarts; the workspace is a fresh copy each time.
  const p = profile(dir);
  writeUserSettings(p, { 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'chat.disableAIFeatures': true });
  step('install the .vsix into code-server');
  console.log(installExtension(tools, p, vsix));
  // In git: flakes only see tracked files.
  const ws = copyWorkspace(join(repoRoot, 'examples', 'axum-openssl'), join(dir, 'forum'), { git: true });
  step('start code-server');
  const server = await startCodeServer(tools, p, { port: Number(process.env.PORT ?? 8080), logFile: join(dir, 'code-server.log'), workspaceTrust: true });
  const noNix = spawnSync('nix', ['--version'], { stdio: 'ignore' }).status !== 0;
  console.log(`
Nixify is running in VS Code (code-server) with the sample crate open — ready in ${((performance.now() - t0) / 1000).toFixed(1)} s:

  ${server.folderUrl(ws)}

Open it in a browser. Trust the folder when asked (Nixify runs no nix until you do),
then F1 → "Nix: Nixify this crate". Log: ${join(dir, 'code-server.log')}${noNix ? '\nBuilding from the editor needs Nix, which is not installed: sudo bash scripts/setup-nix.sh (Debian/Ubuntu).' : ''}
Ctrl-C stops it.`);
  let stopping = false;
  const stop = () => {
    stopping = true;
    void server.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.proc.on('exit', (code) => {
    if (stopping) return;
    console.error(`code-server exited (${code}); see ${join(dir, 'code-server.log')}`);
    process.exit(code ?? 1);
  });
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

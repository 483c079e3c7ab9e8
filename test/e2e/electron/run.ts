// The same extension-host suites in a desktop VS Code downloaded by
// @vscode/test-electron, for machines that can reach Microsoft's update
// servers (and have a display, e.g. xvfb-run). Where VS Code cannot be
// downloaded it says so and exits 0: code-server covers the e2e run there.
//   node --import tsx test/e2e/electron/run.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { cacheDir, copyWorkspace, repoRoot } from '../../../scripts/e2e/codeServer';
import { bundleExthostTests } from '../harness/bundle';

async function main(): Promise<number> {
  const dir = join(cacheDir, 'electron');
  mkdirSync(dir, { recursive: true });
  let vscodeExecutablePath: string;
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({ version: process.env.NIXIFY_E2E_VSCODE_VERSION ?? 'stable', cachePath: join(dir, 'vscode'), timeout: 20_000 });
  } catch (e) {
    console.log(`electron e2e: SKIPPED — VS Code could not be downloaded (${(e as Error).message.split('\n')[0]}). The code-server run covers the extension host tests here.`);
    return 0;
  }
  const ws = copyWorkspace(join(repoRoot, 'examples', 'axum-openssl'), join(dir, 'ws'));
  writeFileSync(join(ws, 'default.nix'), '{ pkgs ? import <nixpkgs> { } }:\npkgs.callPackage ./package.nix { }\n');
  const extensionTestsPath = await bundleExthostTests(join(dir, 'exthost'));
  return runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath,
    launchArgs: [ws, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', join(dir, 'user')],
    extensionTestsEnv: { NIXIFY_E2E_EXTHOST_RESULT: join(dir, 'result.json') },
  });
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error('electron e2e: FAILED', e);
    process.exit(1);
  },
);

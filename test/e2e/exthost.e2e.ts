// Mocha tests inside code-server's extension host: the workbench honours the
// `payload` URL parameter (extensionDevelopmentPath + extensionTestsPath) only
// when code-server runs with `--vscode-option enable-smoke-test-driver`, and
// reports the result through window.codeAutomationExit(code).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { copyWorkspace, profile, repoRoot, startCodeServer, tools, writeUserSettings, type Running } from '../../scripts/e2e/codeServer';
import { bundleExthostTests } from './harness/bundle';
import { extensionsDir, runDir } from './harness/session';
import { openWorkbench, screenshot, type Workbench } from './harness/workbench';

describe('mocha tests in the extension host (smoke-test driver)', () => {
  let server: Running;
  let wb: Workbench | undefined;
  const result = join(runDir, 'exthost-result.json');
  before(async () => {
    const t = tools();
    const installed = readdirSync(extensionsDir).find((d) => d.startsWith('nixify.nixify-'));
    assert.ok(installed, `the runner installs the .vsix into ${extensionsDir}`);
    const testsPath = await bundleExthostTests(join(runDir, 'exthost'));
    const ws = copyWorkspace(join(repoRoot, 'examples', 'axum-openssl'), join(runDir, 'ws-exthost'));
    // default.nix gives the task provider something to detect without evaluating anything.
    writeFileSync(join(ws, 'default.nix'), '{ pkgs ? import <nixpkgs> { } }:\npkgs.callPackage ./package.nix { }\n');
    // Its own (empty) extensions dir: the unpacked .vsix comes in as the extension under development.
    const p = profile(join(runDir, 'profile-exthost'), { fresh: true });
    writeUserSettings(p, { 'workbench.startupEditor': 'none', 'chat.disableAIFeatures': true });
    writeFileSync(result, '');
    server = await startCodeServer(t, p, {
      logFile: join(runDir, 'code-server-exthost.log'),
      extraArgs: ['--vscode-option', 'enable-smoke-test-driver'],
      env: { NIXIFY_E2E_EXTHOST_RESULT: result },
    });
    const remote = (path: string) => `vscode-remote://127.0.0.1:${server.port}${path}`;
    const url = server.folderUrl(ws, [
      ['extensionDevelopmentPath', remote(join(extensionsDir, installed))],
      ['extensionTestsPath', remote(testsPath)],
    ]);
    exited = new Promise<number>((resolve) => {
      opened = openWorkbench(url, {
        chromium: t.chromium,
        beforeGoto: async (page) => {
          await page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
          page.on('console', (m) => {
            const line = m.text().replace(/^%c\s*\w+\s+color:\s*#\w+\s*/, '');
            if (line.startsWith('[mocha]')) console.log(`  ${line}`);
          });
        },
      });
    });
    wb = await opened;
  });
  let exited: Promise<number>;
  let opened: Promise<Workbench>;
  after(async () => {
    await wb?.close();
    await server?.stop();
  });

  it('passes (exit code 0 from the extension host)', async () => {
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exited, new Promise<number>((_, rej) => (timer = setTimeout(() => rej(new Error('no codeAutomationExit within 180 s')), 180_000)))]).finally(() =>
      clearTimeout(timer),
    );
    if (wb) await screenshot(wb.page, 'exthost-tests').catch(() => {});
    const stats = existsSync(result) && readFileSync(result, 'utf8') ? JSON.parse(readFileSync(result, 'utf8')) : undefined;
    assert.ok(stats, 'the suite wrote its result (did it load?)');
    console.log(`  extension host: ${stats.stats.passes} passed, ${stats.stats.failures} failed, ${stats.stats.pending} pending`);
    assert.equal(code, 0);
    assert.ok(stats.stats.passes >= 3);
  });
});

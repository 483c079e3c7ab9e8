// (b) "Nix: Nixify this crate" from the command palette: the quick pick's
// defaults, the confirmation naming the files, and the files it writes when a
// person accepts what is shown — and, through the Refactor Preview (which starts
// new files unticked), a message saying so when nothing was applied.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { copyWorkspace, repoRoot } from '../../../scripts/e2e/codeServer';
import { needs, openSession, runDir, type Session } from '../harness/session';
import { notification, openFile, runCommand, screenshot, waitFor, waitForFile } from '../harness/workbench';

const NIX_ENV = { ...process.env, NIX_CONFIG: 'experimental-features = nix-command flakes' };

describe('Nix: Nixify this crate', { skip: needs('nixify.nixify') }, () => {
  let s: Session;
  let ws: string;
  before(async () => {
    ws = copyWorkspace(join(repoRoot, 'examples', 'axum-openssl'), join(runDir, 'ws-nixify'), { git: true });
    s = await openSession('nixify', ws);
  });
  after(async () => s?.close());

  const startNixify = async () => {
    const { page } = s.wb;
    await runCommand(page, 'Nix: Nixify this crate');
    const pick = page.locator('.quick-input-widget');
    await pick.locator('.monaco-list-row', { hasText: 'recommended for this crate' }).first().waitFor({ timeout: 30_000 });
    return pick;
  };
  const confirmDialog = () => s.wb.page.locator('.monaco-dialog-box', { hasText: 'Nixify: create' });

  it('Refactor Preview applied as shown writes nothing, and says so', async () => {
    const { page } = s.wb;
    await openFile(page, 'Cargo.toml');
    // The server has the crate loaded once its lens is there.
    await page.locator('.codelens-decoration', { hasText: 'Nixify this crate' }).first().waitFor({ timeout: 60_000 });
    await startNixify();
    await page.keyboard.press('Enter'); // accept the preselected defaults
    await confirmDialog().waitFor({ timeout: 30_000 });
    await confirmDialog().locator('.monaco-button', { hasText: 'Review in Refactor Preview' }).click();
    const panel = page.locator('.bulk-edit-panel');
    await panel.locator('.monaco-list-row', { hasText: 'flake.nix' }).first().waitFor({ timeout: 30_000 });
    const files = await panel.locator('.monaco-list-row[aria-level="1"]').allInnerTexts();
    for (const f of ['package.nix', 'default.nix', 'flake.nix'])
      assert.ok(
        files.some((t) => t.includes(f) && t.includes('creating')),
        `${f} in the preview: ${files.join(' | ')}`,
      );
    await screenshot(page, 'b2-refactor-preview-unticked');
    await panel.locator('.monaco-button', { hasText: 'Apply' }).click(); // boxes untouched
    const none = notification(page, /nothing was written/);
    await none.waitFor({ timeout: 15_000 });
    assert.match(await none.innerText(), /applies only the ticked files/);
    await screenshot(page, 'b3-nothing-written');
    for (const f of ['package.nix', 'default.nix', 'flake.nix']) assert.ok(!existsSync(join(ws, f)), `${f} not written`);
  });

  it('Create Files, as shown, writes the files with openssl and pkg-config inferred', async () => {
    const { page } = s.wb;
    await runCommand(page, 'Notifications: Clear All Notifications');
    await startNixify();
    await screenshot(page, 'b1-nixify-quick-pick');
    await page.keyboard.press('Enter'); // accept the preselected defaults
    const dialog = confirmDialog();
    await dialog.waitFor({ timeout: 30_000 });
    assert.match(await dialog.innerText(), /create package\.nix, default\.nix and flake\.nix\?/);
    await screenshot(page, 'b4-confirm-create');
    await dialog.locator('.monaco-button', { hasText: 'Create Files' }).click(); // nothing else touched

    const pkg = await waitForFile(join(ws, 'package.nix'));
    const flake = await waitForFile(join(ws, 'flake.nix'));
    const dflt = await waitForFile(join(ws, 'default.nix'));
    // A flake only sees tracked files: the message offers to stage what was written.
    const created = notification(page, /Nixify: created/);
    await created.waitFor({ timeout: 15_000 });
    await created.locator('.monaco-button', { hasText: 'Add to git' }).click();
    const staged = await waitFor('the new files in git', () => {
      const out = execFileSync('git', ['-C', ws, 'ls-files'], { encoding: 'utf8' }).split('\n');
      return ['package.nix', 'default.nix', 'flake.nix'].every((f) => out.includes(f)) && out;
    });
    assert.ok(staged.includes('Cargo.lock'));
    await openFile(page, 'package.nix');
    // Staged and freshly generated: nothing left to report (the server re-read git).
    const problems = page.locator('[id="status.problems"]');
    await waitFor('no problems in the status bar', async () => /^[\s0]+$/.test(await problems.innerText()), 30_000).catch(async (e) => {
      throw new Error(`${(e as Error).message}: status bar says "${await problems.innerText()}"`);
    });
    await screenshot(page, 'b5-generated-package-nix');

    assert.match(pkg, /rustPlatform\.buildRustPackage/);
    assert.match(pkg, /nativeBuildInputs = \[\s*pkg-config\b[^\]]*\]/);
    assert.match(pkg, /buildInputs = \[\s*openssl\b[^\]]*\]/);
    assert.match(pkg, /openssl-sys [\d.]+ via reqwest → native-tls/, 'each input names its reason');
    assert.match(pkg, /cargoLock\.lockFile = \.\/Cargo\.lock;/);
    assert.match(pkg, /mainProgram = "forum";/);
    assert.match(dflt, /callPackage \.\/package\.nix \{ \}/);
    assert.match(flake, /packages = \{\s*default = pkgs\.callPackage \.\/package\.nix \{ \};/);
    // Real Nix parses every generated file.
    for (const f of ['package.nix', 'default.nix', 'flake.nix']) execFileSync('nix-instantiate', ['--parse', join(ws, f)], { env: NIX_ENV, stdio: ['ignore', 'ignore', 'pipe'] });
    assert.equal(readFileSync(join(ws, 'Cargo.toml'), 'utf8'), readFileSync(join(repoRoot, 'examples', 'axum-openssl', 'Cargo.toml'), 'utf8'), 'Cargo.toml untouched');
  });
});

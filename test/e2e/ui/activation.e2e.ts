// (a) The packaged extension activates on a Cargo workspace and its language
// server answers: the CodeLens above [package] comes from the server's
// inference over Cargo.toml + Cargo.lock (reqwest → native-tls → openssl-sys).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { copyWorkspace, repoRoot } from '../../../scripts/e2e/codeServer';
import { needs, openSession, runDir, type Session } from '../harness/session';
import { openFile, screenshot } from '../harness/workbench';

describe('activation and language server', () => {
  let s: Session;
  before(async () => {
    const ws = copyWorkspace(join(repoRoot, 'examples', 'axum-openssl'), join(runDir, 'ws-activation'));
    s = await openSession('activation', ws);
  });
  after(async () => s?.close());

  it('shows the inferred Nix inputs as a CodeLens on Cargo.toml', async () => {
    const { page } = s.wb;
    await openFile(page, 'Cargo.toml');
    const lens = page.locator('.codelens-decoration', { hasText: 'Nix inputs' }).first();
    await lens.waitFor({ timeout: 60_000 });
    const text = await lens.innerText();
    await screenshot(page, 'a-activation-codelens');
    assert.match(text, /Nix inputs: .*pkg-config/);
    assert.match(text, /openssl/);
  });

  it('offers "Nixify this crate" on [package]', { skip: needs('nixify.nixify') }, async () => {
    const lens = s.wb.page.locator('.codelens-decoration', { hasText: 'Nixify this crate' }).first();
    await lens.waitFor({ timeout: 30_000 });
  });
});

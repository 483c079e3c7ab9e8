// Drives the real bundled server (dist/cli.js lsp --stdio) like Neovim or Helix would.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot, startLsp, type LspSession } from './client';

describe('language server over stdio', () => {
  let dir: string;
  let lsp: LspSession;
  let cargoUri: string;
  let cargoText: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nixify-lsp-'));
    cpSync(join(repoRoot, 'test', 'fixtures', 'lsp', 'service'), dir, { recursive: true });
    lsp = await startLsp(dir, { trusted: false });
    cargoUri = `file://${dir}/Cargo.toml`;
    cargoText = readFileSync(join(dir, 'Cargo.toml'), 'utf8');
    await lsp.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: cargoUri, languageId: 'toml', version: 1, text: cargoText } });
  });

  after(async () => {
    await lsp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('offers "Nixify this crate" and the inferred inputs as code lenses on [package]', async () => {
    const lenses: any[] = await lsp.conn.sendRequest('textDocument/codeLens', { textDocument: { uri: cargoUri } });
    assert.equal(lenses[0].command.command, 'nixify.nixify');
    assert.deepEqual(lenses[0].range.start, { line: 0, character: 0 });
    const inputs = lenses.find((l) => l.command.title.startsWith('Nix inputs'));
    assert.ok(inputs, 'an inputs lens');
    assert.match(inputs.command.title, /openssl/);
    assert.match(inputs.command.title, /pkg-config/);
    assert.doesNotMatch(inputs.command.title, /sqlite/, 'dev-only -sys crates are not build inputs');
  });

  it('answers the custom nixify/infer request', async () => {
    const r: any = await lsp.conn.sendRequest('nixify/infer', { uri: cargoUri });
    assert.ok(r.buildInputs.includes('openssl'));
    assert.ok(r.nativeBuildInputs.includes('pkg-config'));
    assert.ok(r.reasons.some((x: any) => x.input === 'openssl' && /reqwest/.test(x.because)));
  });

  it('explains on hover which inputs a dependency brings in', async () => {
    const h: any = await lsp.conn.sendRequest('textDocument/hover', { textDocument: { uri: cargoUri }, position: { line: 8, character: 2 } });
    assert.match(h.contents.value, /openssl/);
    const dev: any = await lsp.conn.sendRequest('textDocument/hover', { textDocument: { uri: cargoUri }, position: { line: 12, character: 3 } });
    assert.match(dev.contents.value, /dev-dependency/);
  });

  it('reports malformed TOML in an unsaved buffer at its position, and clears it when fixed', async () => {
    const broken = cargoText.replace('serde = "1"', 'serde = { version = "1"');
    await lsp.conn.sendNotification('textDocument/didChange', { textDocument: { uri: cargoUri, version: 2 }, contentChanges: [{ text: broken }] });
    const ds = await lsp.waitForDiagnostics(cargoUri, (d) => d.length > 0);
    assert.equal(ds[0].source, 'nixify');
    assert.match(ds[0].message, /invalid TOML/);
    assert.ok(ds[0].range.start.line >= 9, `error placed at line ${ds[0].range.start.line}`);
    await lsp.conn.sendNotification('textDocument/didChange', { textDocument: { uri: cargoUri, version: 3 }, contentChanges: [{ text: cargoText }] });
    const cleared = await lsp.waitForDiagnostics(cargoUri, (d) => d.length === 0);
    assert.deepEqual(cleared, []);
  });

  it('plans "Nixify this crate" as an edit that creates files only after confirmation', async () => {
    const r: any = await lsp.conn.sendRequest('nixify/nixifyPlan', { uri: cargoUri, options: { builder: 'buildRustPackage', flake: true } });
    const creates = r.edit.documentChanges.filter((c: any) => c.kind === 'create');
    assert.ok(creates.some((c: any) => c.uri.endsWith('/flake.nix')));
    assert.ok(creates.every((c: any) => c.options.overwrite === false && c.annotationId));
    assert.equal(r.edit.changeAnnotations[creates[0].annotationId].needsConfirmation, true);
  });
});

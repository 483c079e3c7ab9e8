// Code actions and hovers never wait for an analysis: it runs on its own
// thread. The real bundled server over stdio, with its analysis held in the
// middle of a step (NIXIFY_LSP_TEST_HOLD: the infer step blocks its thread
// while a file exists, and says so on stderr) — no timing: a server that
// analysed on its request thread could not answer until the file is gone.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot, startLsp, type LspSession } from './client';

// A server that analyses on its request thread never answers while held: the test then fails here
// rather than hanging (a bound on a deadlock, not a timing).
const HANG = { timeout: 60_000 };

describe('the analysis thread', () => {
  let dir: string;
  let holdDir: string;
  let hold: string;
  let lsp: LspSession;
  let stderr = '';
  const heldLines = () => stderr.split('\n').filter((l) => l === 'nixify: analysis held').length;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nixify-lsp-thread-'));
    holdDir = mkdtempSync(join(tmpdir(), 'nixify-lsp-hold-'));
    hold = join(holdDir, 'hold');
    cpSync(join(repoRoot, 'examples', 'axum-openssl'), dir, { recursive: true });
    // Inputs missing: every analysis publishes findings on it.
    writeFileSync(
      join(dir, 'package.nix'),
      '{ lib, rustPlatform }:\n\nrustPlatform.buildRustPackage (finalAttrs: {\n  pname = "forum";\n  version = "0.3.0";\n  src = ./.;\n  cargoLock.lockFile = ./Cargo.lock;\n  nativeBuildInputs = [ ];\n  buildInputs = [ ];\n})\n',
    );
    process.env.NIXIFY_LSP_TEST_HOLD = hold;
    try {
      lsp = await startLsp(dir, { trusted: false });
    } finally {
      delete process.env.NIXIFY_LSP_TEST_HOLD;
    }
    lsp.proc.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  });

  after(async () => {
    rmSync(hold, { force: true });
    if (lsp.proc.exitCode === null && lsp.proc.signalCode === null) await lsp.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(holdDir, { recursive: true, force: true });
  });

  it('answers a code action and a hover while an analysis is in the middle of a step, and publishes once it ends', HANG, async () => {
    const uri = `file://${dir}/Cargo.toml`;
    const text = readFileSync(join(dir, 'Cargo.toml'), 'utf8');
    await lsp.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'toml', version: 1, text } });
    await lsp.waitForDiagnostics(`file://${dir}/package.nix`, (ds) => ds.length > 0);

    // An edit at the end (the dependencies keep their lines), analysed while the hold file exists.
    writeFileSync(hold, '');
    const lines = text.split('\n');
    const end = { line: lines.length - 1, character: lines.at(-1)!.length };
    let published = false;
    const publication = lsp.nextPublication().then(() => (published = true));
    await lsp.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: end, end }, text: '# an edit\n' }] });
    while (heldLines() < 1) await new Promise<void>((r) => lsp.proc.stderr.once('data', () => r()));

    // The analysis is blocked inside its infer step now, and stays so until the file goes.
    const actions: { title: string }[] = await lsp.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [] },
    });
    assert.ok(
      actions.some((a) => a.title === 'Nixify this crate'),
      JSON.stringify(actions),
    );
    const reqwest = lines.findIndex((l) => l.startsWith('reqwest ='));
    const hover: { contents: { value: string } } | null = await lsp.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: reqwest, character: 2 } });
    // Answered from the view the first analysis sent: reqwest's default TLS is OpenSSL.
    assert.match(hover?.contents.value ?? '', /openssl/);
    assert.equal(published, false, 'the held analysis published nothing yet');
    assert.equal(heldLines(), 1);

    rmSync(hold);
    await publication;
    assert.equal(published, true);
  });

  it('ends its thread with the server, even in the middle of a step', HANG, async () => {
    const uri = `file://${dir}/Cargo.toml`;
    writeFileSync(hold, '');
    const before = heldLines();
    await lsp.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 3 },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# another\n' }],
    });
    while (heldLines() <= before) await new Promise<void>((r) => lsp.proc.stderr.once('data', () => r()));
    // shutdown, exit: the process ends although the analysis thread is blocked (close() waits for the exit).
    await lsp.close();
    assert.ok(lsp.proc.exitCode !== null || lsp.proc.signalCode !== null);
  });
});

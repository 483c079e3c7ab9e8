// Issue 5's budget, measured over the real server on stdio with the largest
// corpus workspace (nushell): an edit of Cargo.lock → published diagnostics
// (≤ 30 ms), and code actions (p99 ≤ 10 ms).
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLsp } from '../test/lsp/client';

const corpus = join(__dirname, '..', '..', 'shared', 'corpus', 'crates', 'nushell');
if (!existsSync(corpus)) {
  console.log('bench lsp: ../shared/corpus/crates/nushell not found; skipped');
  process.exit(0);
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nixify-bench-lsp-'));
  cpSync(corpus, dir, { recursive: true });
  // A package.nix that misses inputs, so the checks have findings to publish and fix.
  writeFileSync(
    join(dir, 'package.nix'),
    `{ lib, rustPlatform }:\n\nrustPlatform.buildRustPackage (finalAttrs: {\n  pname = "nu";\n  version = "0.0.1";\n  src = ./.;\n  cargoLock.lockFile = ./Cargo.lock;\n  nativeBuildInputs = [ ];\n  buildInputs = [ ];\n})\n`,
  );
  const lsp = await startLsp(dir, { trusted: false });
  const lockUri = `file://${dir}/Cargo.lock`;
  const nixUri = `file://${dir}/package.nix`;
  const lock = readFileSync(join(dir, 'Cargo.lock'), 'utf8');
  await lsp.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: lockUri, languageId: 'toml', version: 1, text: lock } });
  const first = await lsp.waitForDiagnostics(nixUri, () => true, 30_000);

  const edits: number[] = [];
  // Like an editor: the server syncs incrementally, so each keystroke sends one small change.
  for (let i = 0; i < 200; i++) {
    const change = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: `# edit ${i}\n` };
    const t0 = performance.now();
    const seen = new Promise<void>((resolve) => {
      const d = lsp.conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string }) => {
        if (p.uri === nixUri) {
          d.dispose();
          resolve();
        }
      });
    });
    await lsp.conn.sendNotification('textDocument/didChange', { textDocument: { uri: lockUri, version: i + 2 }, contentChanges: [change] });
    await seen;
    edits.push(performance.now() - t0);
  }

  const actions: number[] = [];
  // Ask where a fix exists: missing inputs, else the drifted version (the file sets 0.0.1 on purpose).
  const diag = first.find((d) => d.code === 'missing-native-input') ?? first.find((d) => d.code === 'version-drift') ?? first[0];
  let count = 0;
  if (diag) {
    for (let i = 0; i < 300; i++) {
      const t0 = performance.now();
      const r: unknown[] = await lsp.conn.sendRequest('textDocument/codeAction', {
        textDocument: { uri: nixUri },
        range: diag.range,
        context: { diagnostics: [diag] },
      });
      actions.push(performance.now() - t0);
      count = r.length;
    }
  }
  await lsp.close();
  rmSync(dir, { recursive: true, force: true });

  const f = (x: number) => x.toFixed(2).padStart(7);
  console.log(`lsp on nushell (${first.length} findings on package.nix)`);
  console.log(`  Cargo.lock edit → diagnostics   p50 ${f(pct(edits, 50))} ms  p90 ${f(pct(edits, 90))} ms  p99 ${f(pct(edits, 99))} ms  (budget 30 ms; ${edits.length} edits)`);
  if (actions.length) console.log(`  code actions (${count} offered)     p50 ${f(pct(actions, 50))} ms  p99 ${f(pct(actions, 99))} ms  (budget p99 10 ms)`);
  else console.log('  code actions: no diagnostic to ask about');
})().catch((e) => {
  console.error(e);
  process.exit(1);
});

// The real bundled server (dist/cli.js lsp --stdio) fed malformed Cargo.toml
// and Nix documents and random edits: it answers every request, never exits,
// and its memory stays flat. A bounded, seeded run here; `npm run bench:fuzz`
// runs 10,000+ documents and prints the RSS curve.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot, startLsp, type LspSession } from './client';
import { fuzzDocs } from './fuzzDocs';
import { rssMiB, runFuzz } from './fuzzDriver';

const COUNT = Number(process.env.NIXIFY_FUZZ_DOCS ?? 1500);

describe('language server under fuzz (real server over stdio)', () => {
  let dir: string;
  let lsp: LspSession;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nixify-fuzz-'));
    cpSync(join(repoRoot, 'test', 'fixtures', 'lsp', 'service'), dir, { recursive: true });
    mkdirSync(join(dir, 'crates', 'a'), { recursive: true });
    writeFileSync(join(dir, 'crates', 'a', 'Cargo.toml'), '[package]\nname = "a"\nversion = "0.1.0"\n');
    lsp = await startLsp(dir, { trusted: false });
  });

  after(async () => {
    if (lsp.proc.exitCode === null) await lsp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('survives the documents that made it exit (invalid member glob, 5,000-segment dotted key)', async () => {
    const uri = `file://${dir}/Cargo.toml`;
    for (const text of ['[workspace]\nmembers = ["crates/[z-a]"]\n', `[package]\nname = "x"\nversion = "0.1.0"\n[package.metadata]\n${Array(5000).fill('a').join('.')} = 1\n`]) {
      await lsp.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'toml', version: 1, text } });
      await lsp.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } }).catch(() => undefined);
      await lsp.conn.sendRequest('nixify/infer', { uri }).catch(() => undefined);
      await lsp.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    }
    // Diagnostics run on a timer after the change: give them time to fail, then ask again.
    await new Promise((r) => setTimeout(r, 500));
    const lenses = await lsp.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } });
    assert.equal(lsp.proc.exitCode, null, 'the server is still running');
    assert.ok(Array.isArray(lenses));
  });

  it(`answers every request over ${COUNT} malformed documents with random edits, and its memory stays flat`, async () => {
    const r = await runFuzz(lsp, dir, fuzzDocs(COUNT, 19), 6);
    assert.equal(lsp.proc.exitCode, null, 'the server is still running');
    // Still answering correctly on the crate's real Cargo.toml.
    const uri = `file://${dir}/Cargo.toml`;
    const inferred: any = await lsp.conn.sendRequest('nixify/infer', { uri });
    assert.ok(inferred.buildInputs.includes('openssl'), 'inference still works after the fuzz');
    const [first, last] = [r.rss[1]![1], r.rss.at(-1)![1]];
    // eslint-disable-next-line no-console
    console.log(
      `lsp fuzz: ${r.docs} documents, ${r.edits} edits, ${r.requests} requests (${r.errors} answered with an error) in ${r.ms} ms; RSS MiB ${r.rss.map(([n, m]) => `${n}:${m.toFixed(0)}`).join(' ')}; now ${rssMiB(lsp.proc.pid!).toFixed(0)}`,
    );
    // Flat: what is left after warming up does not keep growing with the documents.
    assert.ok(last < first * 1.5 + 40, `RSS grew from ${first.toFixed(0)} to ${last.toFixed(0)} MiB`);
  });
});

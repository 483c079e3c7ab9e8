// `npm run bench:fuzz`: the real language server fed 10,000 malformed Cargo.toml
// and Nix documents with random edits (the test runs a shorter, same-seed
// version). Prints the counts, the time and the server's RSS curve.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, startLsp } from '../test/lsp/client';
import { fuzzDocs } from '../test/lsp/fuzzDocs';
import { runFuzz } from '../test/lsp/fuzzDriver';

async function main() {
  const count = Number(process.argv[2] ?? process.env.NIXIFY_FUZZ_DOCS ?? 10_000);
  const dir = mkdtempSync(join(tmpdir(), 'nixify-fuzz-bench-'));
  cpSync(join(repoRoot, 'test', 'fixtures', 'lsp', 'service'), dir, { recursive: true });
  mkdirSync(join(dir, 'crates', 'a'), { recursive: true });
  writeFileSync(join(dir, 'crates', 'a', 'Cargo.toml'), '[package]\nname = "a"\nversion = "0.1.0"\n');
  const lsp = await startLsp(dir, { trusted: false });
  try {
    const r = await runFuzz(lsp, dir, fuzzDocs(count, 19), 20);
    const alive = lsp.proc.exitCode === null;
    console.log(
      `lsp fuzz: ${r.docs} documents, ${r.edits} edits, ${r.requests} requests (${r.errors} answered with an error), ${(r.ms / 1000).toFixed(1)} s, server ${alive ? 'still running' : 'EXITED'}`,
    );
    console.log('server RSS (MiB) by documents done:');
    for (const [n, m] of r.rss) console.log(`  ${String(n).padStart(6)}  ${m.toFixed(1).padStart(6)}  ${'#'.repeat(Math.round(m / 4))}`);
    if (!alive) process.exitCode = 1;
  } finally {
    if (lsp.proc.exitCode === null) await lsp.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();

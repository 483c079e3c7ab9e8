// Parse speed on a 2,000-line Nix file: full parse, incremental re-parse after
// a one-character edit, and model extraction.
import { parseNixFile } from '../server/src/model/nix';
import { NixDocument } from '../server/src/model/nixDocument';
import { initParsers, parserSync } from '../server/src/parse/treeSitter';

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

(async () => {
  await initParsers();
  const pkgs = Array.from(
    { length: 200 },
    (_, i) =>
      `  pkg${i} = rustPlatform.buildRustPackage (finalAttrs: {\n    pname = "p${i}";\n    version = "1.0.${i}";\n    cargoLock.lockFile = ./Cargo.lock;\n    nativeBuildInputs = [ pkg-config ];\n    buildInputs = [ openssl ];\n    env.OPENSSL_NO_VENDOR = true;\n    meta.mainProgram = "p${i}";\n  });`,
  ).join('\n');
  const text = `{ lib, rustPlatform, pkg-config, openssl }:\n{\n${pkgs}\n}\n`;
  const lines = text.split('\n').length;
  const full: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now();
    parserSync('nix').parse(text)!.delete();
    full.push(performance.now() - t0);
  }
  const doc = new NixDocument(text, 'big.nix');
  const inc: number[] = [];
  let cur = text;
  for (let i = 0; i < 200; i++) {
    const at = Math.floor((i / 200) * (cur.length - 10));
    cur = cur.slice(0, at) + (i % 2 ? '' : ' ') + cur.slice(at + (i % 2 ? 1 : 0));
    const t0 = performance.now();
    doc.update(cur);
    inc.push(performance.now() - t0);
  }
  const model: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    parseNixFile(text, 'big.nix');
    model.push(performance.now() - t0);
  }
  console.log(`nix parse, ${lines} lines / ${(text.length / 1024).toFixed(0)} KB:`);
  console.log(`  full parse            p50 ${pct(full, 50).toFixed(2)} ms  p99 ${pct(full, 99).toFixed(2)} ms`);
  console.log(`  incremental re-parse  p50 ${pct(inc, 50).toFixed(2)} ms  p99 ${pct(inc, 99).toFixed(2)} ms (one-character edits)`);
  console.log(`  parse + model (200 builder calls) p50 ${pct(model, 50).toFixed(1)} ms`);
})();

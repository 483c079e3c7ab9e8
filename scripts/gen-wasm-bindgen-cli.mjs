#!/usr/bin/env node
// Writes server/src/data/wasmBindgenCli.json: the versioned wasm-bindgen-cli
// attributes a nixpkgs checkout has (pkgs/by-name/wa/wasm-bindgen-cli_X_Y_Z),
// each with its file @ the checkout's commit. The generator pins the one equal
// to the wasm-bindgen in Cargo.lock; versions not listed get buildWasmBindgenCli.
// A directory whose package.nix does not say the version its name says is
// reported and left out (the attribute would not be the version it claims).
//
//   node scripts/gen-wasm-bindgen-cli.mjs PATH/TO/nixpkgs [OUT.json]
//
// PATH is a nixpkgs git checkout kept out of this repository (e.g. under .cache/);
// OUT defaults to the data file the generator reads.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [nixpkgs, outArg] = process.argv.slice(2);
if (!nixpkgs) {
  console.error('usage: gen-wasm-bindgen-cli.mjs NIXPKGS_CHECKOUT [OUT_JSON]');
  process.exit(2);
}
const commit = execFileSync('git', ['-C', nixpkgs, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
const dir = join(nixpkgs, 'pkgs', 'by-name', 'wa');
const versions = {};
for (const name of readdirSync(dir)) {
  const m = /^wasm-bindgen-cli_(\d+)_(\d+)_(\d+)$/.exec(name);
  if (!m) continue;
  const version = `${m[1]}.${m[2]}.${m[3]}`;
  const file = `pkgs/by-name/wa/${name}/package.nix`;
  const text = readFileSync(join(nixpkgs, file), 'utf8');
  if (!text.includes(`version = "${version}"`)) {
    console.error(`${file}: does not say version = "${version}"; left out`);
    continue;
  }
  versions[version] = `${file} @ ${commit}`;
}
const order = (v) => v.split('.').map(Number);
const sorted = Object.fromEntries(
  Object.entries(versions).sort(([a], [b]) => {
    const x = order(a);
    const y = order(b);
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  }),
);
const data = join(dirname(fileURLToPath(import.meta.url)), '..', 'server', 'src', 'data', 'wasmBindgenCli.json');
const target = outArg ?? data;
const out = {
  $comment: JSON.parse(readFileSync(data, 'utf8')).$comment,
  source: { repository: 'NixOS/nixpkgs', how: `pkgs/by-name/wa/wasm-bindgen-cli_* of a checkout at ${commit}, each package.nix checked to say its version` },
  versions: sorted,
};
writeFileSync(target, JSON.stringify(out, null, 2) + '\n');
console.log(`${Object.keys(sorted).length} versions → ${target}`);

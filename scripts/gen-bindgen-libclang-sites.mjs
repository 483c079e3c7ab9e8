#!/usr/bin/env node
// Writes server/src/data/bindgenLibclangSites.json: for each bindgen release, where
// in the published crate's lib.rs bindgen panics when it cannot load libclang
// (`clang_sys::load().expect("Unable to find libclang")`), as the `line:column`
// Rust's panic message gives for that call (the column of `expect`, which is
// #[track_caller]). A log cut after `panicked at …/bindgen-0.69.5/lib.rs:622:31:`
// then still says what failed. Read from every release tag of a rust-bindgen git
// checkout: the crate's lib.rs is src/lib.rs up to 0.60 and bindgen/lib.rs (the
// crate root when published) from 0.61 on.
//
//   node scripts/gen-bindgen-libclang-sites.mjs PATH/TO/rust-bindgen [OUT.json]
//
// PATH is a rust-bindgen git checkout kept out of this repository (e.g. under .cache/).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [repo, outArg] = process.argv.slice(2);
if (!repo) {
  console.error('usage: gen-bindgen-libclang-sites.mjs RUST_BINDGEN_CHECKOUT [OUT_JSON]');
  process.exit(2);
}
const git = (...args) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
const CALL = 'clang_sys::load().expect("Unable to find libclang")';
const versionOf = (tag) => /^v?(\d+\.\d+\.\d+)$/.exec(tag)?.[1];
const byVersion = (a, b) => {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number));
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
};
const sites = {};
for (const tag of git('tag').split('\n').filter(versionOf)) {
  let text;
  for (const file of ['bindgen/lib.rs', 'src/lib.rs']) {
    try {
      text = git('show', `refs/tags/${tag}:${file}`);
      break;
    } catch {
      // Not this release's layout.
    }
  }
  if (!text) continue;
  const at = [];
  text.split('\n').forEach((line, i) => {
    const col = line.indexOf(CALL);
    if (col >= 0) at.push(`${i + 1}:${col + CALL.indexOf('expect') + 1}`);
  });
  if (at.length) sites[versionOf(tag)] = at;
}
const versions = Object.keys(sites).sort(byVersion);
const out = {
  source: { repository: 'rust-lang/rust-bindgen', commit: git('rev-parse', 'HEAD').trim(), call: CALL },
  sites: Object.fromEntries(versions.map((v) => [v, sites[v]])),
};
const target = outArg ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'server', 'src', 'data', 'bindgenLibclangSites.json');
writeFileSync(target, JSON.stringify(out, null, 1) + '\n');
console.log(`${versions.length} bindgen releases (${versions[0]}–${versions.at(-1)}) → ${target.replace(/.*\/server\//, 'server/')}`);

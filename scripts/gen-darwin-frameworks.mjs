#!/usr/bin/env node
// Writes server/src/data/darwinFrameworks.json: the names of Apple's frameworks nixpkgs' darwin SDKs package, by era.
// Source of the facts: nixpkgs' own framework lists, the top-level attributes of
//   pkgs/os-specific/darwin/apple-sdk/frameworks.nix        (the 10.12 SDK: darwin.apple_sdk.frameworks.X)
//   pkgs/os-specific/darwin/apple-sdk-11.0/frameworks.nix   (the 11.0 SDK: darwin.apple_sdk_11_0.frameworks.X)
// The 2024 rework (nixpkgs 24.11) replaced both with `apple-sdk` packages holding every framework of their SDK, so no
// list is needed there: a framework missing from such a build is one the SDK version in use lacks.
//
//   node scripts/gen-darwin-frameworks.mjs PATH/TO/apple-sdk/frameworks.nix COMMIT PATH/TO/apple-sdk-11.0/frameworks.nix COMMIT
//
// The paths are copies from a nixpkgs checkout (kept out of git); each COMMIT is the revision it came from.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [oldPath, oldCommit, newPath, newCommit] = process.argv.slice(2);
if (!oldPath || !oldCommit || !newPath || !newCommit) {
  console.error('usage: gen-darwin-frameworks.mjs APPLE_SDK_FRAMEWORKS_NIX COMMIT APPLE_SDK_11_FRAMEWORKS_NIX COMMIT');
  process.exit(2);
}
/** The attribute set's own names: `  Name = …` at the first level of indentation (the dependency lists are deeper). */
const names = (path) => {
  const out = new Set();
  for (const m of readFileSync(path, 'utf8').matchAll(/^ {2}([A-Za-z][\w]*)\s*=/gm)) out.add(m[1]);
  return out;
};
const old = names(oldPath);
const eleven = names(newPath);
const sort = (xs) => [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const frameworks = {};
for (const n of sort(new Set([...old, ...eleven]))) frameworks[n] = [...(old.has(n) ? ['10.12'] : []), ...(eleven.has(n) ? ['11.0'] : [])];
const out = {
  source: {
    repository: 'NixOS/nixpkgs',
    10.12: { path: 'pkgs/os-specific/darwin/apple-sdk/frameworks.nix', commit: oldCommit },
    '11.0': { path: 'pkgs/os-specific/darwin/apple-sdk-11.0/frameworks.nix', commit: newCommit },
  },
  frameworks,
};
const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'server', 'src', 'data', 'darwinFrameworks.json');
writeFileSync(target, JSON.stringify(out, null, 2) + '\n');
console.log(`${Object.keys(frameworks).length} frameworks (10.12: ${old.size}, 11.0: ${eleven.size}) → server/src/data/darwinFrameworks.json`);

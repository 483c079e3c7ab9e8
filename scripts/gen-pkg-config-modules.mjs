#!/usr/bin/env node
// Writes server/src/data/pkgConfigModules.json: pkg-config module name → the
// nixpkgs attribute that provides it, on Linux. Source of the facts: nixpkgs'
// own table, pkgs/top-level/pkg-config/pkg-config-data.json in NixOS/nixpkgs
// (the data behind `pkgs.pkg-config` defaultPkgConfigPackages). Nothing else
// is added here: names the table lacks stay unknown (the diagnosis then says
// so instead of guessing).
//
//   node scripts/gen-pkg-config-modules.mjs PATH/TO/pkg-config-data.json COMMIT
//
// PATH is a copy of that file from a nixpkgs checkout (kept out of git, e.g.
// under .cache/); COMMIT is the nixpkgs revision it came from.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [from, commit] = process.argv.slice(2);
if (!from || !commit) {
  console.error('usage: gen-pkg-config-modules.mjs PKG_CONFIG_DATA_JSON NIXPKGS_COMMIT');
  process.exit(2);
}
const upstream = JSON.parse(readFileSync(from, 'utf8'));
const modules = {};
for (const [name, e] of Object.entries(upstream.modules).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
  // Only what a Linux build can use: skip modules nixpkgs marks as Darwin-only.
  if (e.supportedWhenPlatformAttrsEqual?.isDarwin === true) continue;
  // null: provided by libc (m, pthread) — no input needed.
  modules[name] = e.attrPath ? e.attrPath.join('.') : null;
}
const out = {
  source: { repository: 'NixOS/nixpkgs', path: 'pkgs/top-level/pkg-config/pkg-config-data.json', commit },
  modules,
};
const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'server', 'src', 'data', 'pkgConfigModules.json');
writeFileSync(target, JSON.stringify(out, null, 2) + '\n');
console.log(`${Object.keys(modules).length} modules → ${target.replace(/.*\/server\//, 'server/')}`);

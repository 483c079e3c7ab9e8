#!/usr/bin/env node
// Writes server/src/data/nixpkgsPrograms.json: program name → the nixpkgs attribute that puts it on PATH, from
// nixpkgs' own files (read by the missing-tool rule only when a log says a program was not found).
//   - pkgs/by-name/<xx>/<attr>/package.nix: the directory is the attribute; its program is `meta.mainProgram` when
//     the file sets it literally, else the attribute's own name (by-name packages are named for what they install).
//   - pkgs/top-level/unixtools.nix: `bins`' names, each one program of a package that installs many (util-linux,
//     procps, net-tools), as the single-program attribute `unixtools.<name>` nixpkgs defines for it.
// No nixpkgs source lists every program a package installs (only Hydra's index of built outputs does): the rule's own
// table (diagnose/rules/tables.ts TOOL_ATTR) keeps those rows, each with its reason, and is read first.
//
// The rule for which files: unixtools.nix whole, and the by-name packages only all at once (--tree). A hand-picked few
// by-name files would make the data follow whichever programs someone looked up (our logs), not nixpkgs.
//   node scripts/diagnose/gen-nixpkgs-programs.mjs                 files of scripts/diagnose/nixpkgs-program-sources.json
//                                                                  (unixtools.nix), saved as .cache/nixpkgs/<commit>/<path>
//   node scripts/diagnose/gen-nixpkgs-programs.mjs --tree DIR COMMIT   a nixpkgs checkout: every by-name package
//   … --out FILE                                                  written there instead (a test compares it)
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const target = join(repo, 'server', 'src', 'data', 'nixpkgsPrograms.json');

const BY_NAME = /^pkgs\/by-name\/[^/]+\/([^/]+)\/package\.nix$/;
const MAIN_PROGRAM = /\bmainProgram\s*=\s*"([\w.+-]+)"\s*;/;
/** unixtools.nix's `bins = mapAttrs singleBinary { name = { … }; … }`: the names at the set's first level. */
function unixtoolsNames(text) {
  const start = text.search(/\bbins\s*=\s*mapAttrs\s+singleBinary\s*\{/);
  if (start < 0) return [];
  const names = [];
  let depth = 0;
  for (const line of text.slice(text.indexOf('{', start)).split('\n')) {
    const m = depth === 1 ? /^\s*([a-z][\w-]*)\s*=\s*\{/.exec(line) : null;
    if (m) names.push(m[1]);
    for (const c of line.replace(/#.*$/, '')) depth += c === '{' ? 1 : c === '}' ? -1 : 0;
    if (depth <= 0 && names.length) break;
  }
  return names;
}

/** Adds one file's facts; a program a by-name package names as its mainProgram outranks another's directory name. */
function read(path, text, programs, claimedByMain) {
  const byName = BY_NAME.exec(path);
  if (byName) {
    const attr = byName[1];
    const main = MAIN_PROGRAM.exec(text)?.[1];
    if (main) {
      programs[main] = attr;
      claimedByMain.add(main);
    }
    if (!claimedByMain.has(attr) && !Object.hasOwn(programs, attr)) programs[attr] = attr;
    return;
  }
  if (path === 'pkgs/top-level/unixtools.nix') for (const n of unixtoolsNames(text)) programs[n] = `unixtools.${n}`;
}

const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const out = outAt === -1 ? target : args.splice(outAt, 2)[1];
if (!out) throw new Error('usage: gen-nixpkgs-programs.mjs … --out FILE');
const programs = {};
const claimed = new Set();
let source;
if (args[0] === '--tree') {
  const [, dir, commit] = args;
  if (!dir || !commit) throw new Error('usage: gen-nixpkgs-programs.mjs --tree NIXPKGS_DIR COMMIT');
  const base = join(dir, 'pkgs', 'by-name');
  for (const shard of readdirSync(base))
    for (const attr of readdirSync(join(base, shard))) {
      const rel = `pkgs/by-name/${shard}/${attr}/package.nix`;
      if (existsSync(join(dir, rel))) read(rel, readFileSync(join(dir, rel), 'utf8'), programs, claimed);
    }
  const ut = 'pkgs/top-level/unixtools.nix';
  read(ut, readFileSync(join(dir, ut), 'utf8'), programs, claimed);
  source = { repository: 'NixOS/nixpkgs', commit, tree: true };
} else {
  const list = JSON.parse(readFileSync(join(here, 'nixpkgs-program-sources.json'), 'utf8'));
  const cache = join(repo, '.cache', 'nixpkgs');
  for (const f of list.files) read(f.path, readFileSync(join(cache, f.commit, f.path), 'utf8'), programs, claimed);
  source = { repository: list.repository, files: list.files };
}
const sorted = Object.fromEntries(
  Object.keys(programs)
    .sort()
    .map((k) => [k, programs[k]]),
);
writeFileSync(out, JSON.stringify({ source, programs: sorted }, null, 2) + '\n');
console.log(`${Object.keys(sorted).length} programs → ${out}`);

// Generates server/src/data/crateManifestsUpstream.json: the published-manifest facts (the same kind
// data/crateManifests.json records from Debian) of registry crates Debian does not package at the
// locked semver line, read from the crate's own repository at the tag of its version.
//
// Rule (stated, never a hand-picked list): a registry crate is read when it lies on the dependency
// chain of a native input the inference yields for some crate of ../shared/corpus/crates (built as
// nixpkgs builds it), or is a built crate with a lock edge to one on such a chain (it may ask features
// of it), and Debian has no entry for its line. Those are the
// crates whose optional edges decide whether that input is needed at all (slint → its linuxkms
// backend, rookie → rusqlite's bundled SQLite). Each entry names the corpus crates whose chains
// selected it (`sel`): bench:infer's leave-one-out forgets an entry only that crate's lock selected.
// The selection starts from Debian's facts alone and grows to a fixed point: facts read for a crate can
// move an input's chain onto crates no chain crossed before (slint's facts take the build off its
// linuxkms backend and onto its winit one), which are read in turn. It never starts from the committed
// file, so a re-run with the same inputs writes the same file.
//
// Where each crate's sources live is scripts/infer/upstream-repos.json (crate → GitHub owner/name).
// The repositories are git directories under REPOS (default .cache/upstream), as
// `<owner>+<name>` or `<owner>+<name>/repo` (the layout the search tool's fetch leaves); they are
// never committed. A crate whose repository is absent, or whose version has no tag holding a
// Cargo.toml of that name and version, is reported and left out (its lock edges are walked as before).
//
//   node --import tsx scripts/infer/gen-upstream-manifests.ts [REPOS] [CORPUS]
//
// Only facts are written: dependency keys, packages, optional/build/target/default-features flags,
// the features asked of them, and the crate's [features] table.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordedManifest, semverCompatible, useUpstreamFacts, type UpstreamFacts } from '../../server/src/infer/depManifests';
import { infer } from '../../server/src/infer/infer';
import { membersForCargoArgs } from '../../server/src/infer/resolve';
import type { LockPackage } from '../../server/src/model/types';
import { loadWorkspace } from '../../server/src/model/workspace';
import { rowFor } from '../../server/src/infer/table';
import { initParsers } from '../../server/src/parse/treeSitter';
import { facts, readAtTag } from './upstreamRead';

const repoRoot = join(__dirname, '..', '..');
const out = join(repoRoot, 'server', 'src', 'data', 'crateManifestsUpstream.json');
const reposDir = process.argv[2] ?? join(repoRoot, '.cache', 'upstream');
const corpus = process.argv[3] ?? join(repoRoot, '..', 'shared', 'corpus', 'crates');
const repoOf = JSON.parse(readFileSync(join(__dirname, 'upstream-repos.json'), 'utf8')) as Record<string, string>;
const sys = (JSON.parse(readFileSync(join(repoRoot, 'server', 'src', 'data', 'sysCrates.json'), 'utf8')) as { crates: Record<string, unknown> }).crates;
/** What inference can turn into an input (the Debian generator's rule): a `*-sys` crate, recorded build-script facts, a table row. */
const native = (n: string) => /[-_]sys$/.test(n) || n in sys || rowFor(n) !== undefined;
/** Crates from which a native crate is reached through the lock edges of some corpus crate: their edges are the ones worth facts. */
const leadsToNative = new Set<string>();

interface Expected {
  buildFeatures?: string[];
  buildNoDefaultFeatures?: boolean;
  cargoBuildFlags?: string[];
  buildAndTestSubdir?: string | null;
}

/** name → locked version → the corpus crates whose input chains pass through it (added to `chosen`), with the facts read so far. */
function select(chosen: Map<string, Map<string, Set<string>>>, read: Record<string, UpstreamFacts[]>): void {
  useUpstreamFacts(read);
  for (const name of readdirSync(corpus).sort()) {
    const expFile = join(corpus, name, 'expected.json');
    if (!existsSync(expFile)) continue;
    const exp = JSON.parse(readFileSync(expFile, 'utf8')) as Expected;
    const ws = loadWorkspace(join(corpus, name));
    const pkgs = ws.lock?.packages ?? [];
    for (let changed = true; changed;) {
      changed = false;
      for (const p of pkgs)
        if (!leadsToNative.has(p.name) && p.dependencies.some((e) => native(e.split(' ')[0]!) || leadsToNative.has(e.split(' ')[0]!))) (leadsToNative.add(p.name), (changed = true));
    }
    const r = infer(ws, { members: membersForCargoArgs(ws, exp.cargoBuildFlags ?? [], exp.buildAndTestSubdir), features: exp.buildFeatures, noDefaultFeatures: exp.buildNoDefaultFeatures });
    // The registry crates built, per name (a lock may hold several versions of one).
    const builtKeys = new Set(r.builtCrates);
    const builtOf = new Map<string, LockPackage[]>();
    for (const p of ws.lock?.packages ?? []) if (p.source?.startsWith('registry+') && builtKeys.has(`${p.name}@${p.version}`)) builtOf.set(p.name, [...(builtOf.get(p.name) ?? []), p]);
    // Which built crates have a lock edge to each name (the parents that may ask features of it).
    const parentsOf = new Map<string, string[]>();
    for (const p of ws.lock?.packages ?? [])
      if (builtKeys.has(`${p.name}@${p.version}`)) for (const e of p.dependencies) parentsOf.set(e.split(' ')[0]!, [...(parentsOf.get(e.split(' ')[0]!) ?? []), p.name]);
    const pick = (n: string) => {
      for (const p of builtOf.get(n) ?? []) {
        if (recordedManifest(p.name, p.version) && !read[p.name]?.some((e) => semverCompatible(e.v, p.version))) continue;
        const versions = chosen.get(p.name) ?? new Map<string, Set<string>>();
        chosen.set(p.name, versions.set(p.version, (versions.get(p.version) ?? new Set()).add(name)));
      }
    };
    for (const i of [...r.nativeBuildInputs, ...r.buildInputs]) {
      // The built crate of `i.crate` is the input's own -sys crate; the ones above it decide whether it is
      // reached, and so do the built parents of each: a feature one of them asks of a crate on the chain
      // can switch its optional dependency on (wgpu-core's vulkan turns on wgpu-hal's ash).
      for (const via of i.via.slice(0, -1)) {
        pick(via);
        for (const parent of parentsOf.get(via) ?? []) pick(parent);
      }
    }
  }
}

function gitDir(repo: string): string | undefined {
  const base = join(reposDir, repo.replace('/', '+'));
  for (const d of [join(base, 'repo'), base]) if (existsSync(join(d, 'HEAD'))) return d;
  return undefined;
}

/** Reads every chosen crate's manifest at its tag: the entries, and what could not be read and why. */
function readAll(chosen: Map<string, Map<string, Set<string>>>): [Record<string, UpstreamFacts[]>, string[]] {
  const entries: Record<string, UpstreamFacts[]> = {};
  const missing: string[] = [];
  for (const [name, versions] of [...chosen].sort((a, b) => a[0].localeCompare(b[0]))) {
    // One entry per semver line, from its newest locked version (as the Debian table keeps the newest of
    // a line): one per locked version made the table a third larger and changed no result.
    const lines: { v: string; sel: Set<string> }[] = [];
    for (const [v, sel] of [...versions].sort((a, b) => b[0].localeCompare(a[0], undefined, { numeric: true }))) {
      const l = lines.find((x) => semverCompatible(x.v, v));
      if (l) for (const s of sel) l.sel.add(s);
      else lines.push({ v, sel: new Set(sel) });
    }
    const repo = repoOf[name];
    const dir = repo ? gitDir(repo) : undefined;
    for (const l of lines) {
      const why = `${name} ${l.v} (for ${[...l.sel].join(', ')})`;
      if (!repo) {
        missing.push(`${why}: no repository in upstream-repos.json`);
        continue;
      }
      if (!dir) {
        missing.push(`${why}: ${repo} not under ${reposDir}`);
        continue;
      }
      const read = readAtTag(dir, name, l.v);
      if (!read) {
        missing.push(`${why}: no tag of ${repo} holds ${name} ${l.v}`);
        continue;
      }
      const f = facts(read, (pkg) => native(pkg) || leadsToNative.has(pkg));
      if (f) (entries[name] ??= []).push({ v: l.v, repo, tag: read.tag, ...f, sel: [...l.sel].sort() });
    }
  }
  for (const es of Object.values(entries)) es.sort((a, b) => a.v.localeCompare(b.v, undefined, { numeric: true }));
  return [entries, missing];
}

(async () => {
  await initParsers();
  const chosen = new Map<string, Map<string, Set<string>>>();
  let entries: Record<string, UpstreamFacts[]> = {};
  let missing: string[] = [];
  for (let round = 1; ; round++) {
    const size = () => [...chosen.values()].reduce((n, vs) => n + [...vs.values()].reduce((k, sel) => k + sel.size, 0), 0);
    const before = size();
    select(chosen, entries);
    const after = size();
    if (round > 1 && after === before) break;
    [entries, missing] = readAll(chosen);
  }
  const comment =
    'Generated by scripts/infer/gen-upstream-manifests.ts: for registry crates Debian does not package at the locked semver line and that lie on the chain of an input inferred for a crate of the corpus, the facts of their Cargo.toml read from their repository at the version tag — version (v), repository (repo), tag, the non-dev dependencies that carry a fact (n key, p package, r requirement, o optional, b build-dependency, t target, nd default-features = false, f features), the [features] table (f), and the corpus crates whose chains selected the entry (sel). Facts only.';
  const rows = Object.entries(entries).map(([k, e]) => `  ${JSON.stringify(k)}: ${JSON.stringify(e)}`);
  writeFileSync(out, `{\n "$comment": ${JSON.stringify(comment)},\n "crates": {\n${rows.join(',\n')}\n }\n}\n`);
  console.log(`${Object.keys(entries).length} crates (${Object.values(entries).flat().length} versions) → ${out}`);
  if (missing.length) console.log(`not read (${missing.length}):\n  ${missing.join('\n  ')}`);
})();

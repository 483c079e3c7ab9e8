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
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordedManifest, semverCompatible, useUpstreamFacts, type DepFacts, type UpstreamFacts } from '../../server/src/infer/depManifests';
import { infer } from '../../server/src/infer/infer';
import { membersForCargoArgs } from '../../server/src/infer/resolve';
import { inheritWorkspaceDeps } from '../../server/src/infer/registry';
import { parseCargoManifest, type RawManifest } from '../../server/src/model/cargoToml';
import type { DependencySpec, LockPackage } from '../../server/src/model/types';
import { loadWorkspace } from '../../server/src/model/workspace';
import { rowFor } from '../../server/src/infer/table';
import { initParsers } from '../../server/src/parse/treeSitter';

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

const git = (dir: string, ...args: string[]) => execFileSync('git', ['--git-dir', dir, ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });

/** The tags a crate's release is usually published under, most specific first. */
const tagCandidates = (name: string, v: string) => [`${name}-v${v}`, `${name}-${v}`, `${name}@${v}`, `${name}/v${v}`, `${name}_v${v}`, `v${v}`, v];

interface Read {
  tag: string;
  man: RawManifest;
  deps: DependencySpec[];
}

const reads = new Map<string, Read | undefined>();
/** The crate's Cargo.toml at the tag of `version`, its `workspace = true` dependencies merged from the workspace root. */
function readAtTag(dir: string, name: string, version: string): Read | undefined {
  const k = `${dir}\u0000${name}\u0000${version}`;
  if (!reads.has(k)) reads.set(k, readTagged(dir, name, version));
  return reads.get(k);
}

function readTagged(dir: string, name: string, version: string): Read | undefined {
  const tags = new Set(git(dir, 'tag', '-l').split('\n'));
  for (const tag of tagCandidates(name, version).filter((t) => tags.has(t))) {
    const read = readAt(dir, tag, name, version);
    if (read) return read;
  }
  // No tag holds it (a sub-crate's patch release, or tags the snapshot lacks): the commit, on any
  // branch, that set the crate's version to this one — the tree its release was published from,
  // up to later edits before publishing.
  const quoted = `"${version.replace(/[.+]/g, (c) => `\\${c}`)}"`;
  const commits = git(dir, 'log', '--all', '--format=%H', '-G', `^\\s*version\\s*=\\s*${quoted}`, '--', '*Cargo.toml').split('\n').filter(Boolean);
  for (const commit of commits.slice(0, 40)) {
    const read = readAt(dir, commit, name, version);
    if (read) return { ...read, tag: commit.slice(0, 12) };
  }
  return undefined;
}

/** The Cargo.toml of `name` at `ref` when its version (own or inherited) is `version`. */
function readAt(dir: string, ref: string, name: string, version: string): Read | undefined {
  const files = git(dir, 'ls-tree', '-r', '--name-only', ref)
    .split('\n')
    .filter((f) => f === 'Cargo.toml' || f.endsWith('/Cargo.toml'));
  const text = (f: string) => git(dir, 'show', `${ref}:${f}`);
  for (const f of files) {
    const t = text(f);
    if (!new RegExp(`^\\s*name\\s*=\\s*"${name.replace(/[-_]/g, '[-_]')}"`, 'm').test(t)) continue;
    let man: RawManifest;
    try {
      man = parseCargoManifest(t, f);
    } catch {
      continue;
    }
    if (man.package?.name !== name) continue;
    const root = workspaceRoot(files, f, text);
    const v = man.inheritedFields.includes('version') ? root?.workspace?.package.version : man.package.version;
    if (v !== version) continue;
    return { tag: ref, man, deps: inheritWorkspaceDeps(man.dependencies, root) };
  }
  return undefined;
}

/** The nearest manifest with a [workspace] at or above `file`'s directory. */
function workspaceRoot(files: string[], file: string, text: (f: string) => string): RawManifest | undefined {
  const parts = file.split('/').slice(0, -1);
  for (let n = parts.length; n >= 0; n--) {
    const f = [...parts.slice(0, n), 'Cargo.toml'].join('/');
    if (!files.includes(f)) continue;
    const t = text(f);
    if (!/^\s*\[workspace\]/m.test(t)) continue;
    try {
      return parseCargoManifest(t, f);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * The facts resolve.ts reads (depManifests.ts DepFacts), kept as data/crateManifests.json keeps them: the
 * non-dev dependencies that lead to native crates and say more than a plain lock edge, the features
 * that reach them, and the crate's other feature names (so a feature asked of it is known to exist).
 */
function facts(read: Read): Pick<UpstreamFacts, 'd' | 'f' | 'fa'> | undefined {
  const table = read.man.features;
  const all = read.deps.filter((x) => x.kind !== 'dev');
  const deps = all.filter((x) => native(x.package) || leadsToNative.has(x.package));
  const keys = new Set(deps.map((x) => x.name));
  const optional = new Set(deps.filter((x) => x.optional).map((x) => x.name));
  const touches = (entry: string) => {
    const dep = entry.startsWith('dep:') ? entry.slice(4) : /^([^/?]+)\??\//.exec(entry)?.[1];
    return dep !== undefined ? keys.has(dep) : optional.has(entry);
  };
  const keep = new Set<string>(['default']);
  for (let changed = true; changed;) {
    changed = false;
    for (const [f, es] of Object.entries(table)) if (!keep.has(f) && es.some((e) => touches(e) || (keep.has(e) && e !== 'default'))) (keep.add(f), (changed = true));
  }
  const features: Record<string, string[]> = {};
  for (const [f, es] of Object.entries(table)) if (keep.has(f)) features[f] = es.filter((e) => touches(e) || e in table);
  const referenced = (k: string) => Object.values(features).some((es) => es.some((e) => e === `dep:${k}` || e.startsWith(`${k}/`) || e.startsWith(`${k}?/`) || e === k));
  // A plain dependency (required, every platform, default features, nothing asked, no feature adds to it)
  // is what the lock walk assumes anyway.
  const informative = deps.filter((x) => x.optional || x.target || x.kind === 'build' || !x.defaultFeatures || x.features.length || referenced(x.name));
  if (!informative.length) return undefined;
  const twice = (pkg: string) => informative.filter((x) => x.package === pkg).length > 1;
  const d: DepFacts[] = informative.map((x) => ({
    n: x.name,
    ...(x.package !== x.name ? { p: x.package } : {}),
    ...(x.version && twice(x.package) ? { r: x.version } : {}),
    ...(x.optional ? { o: 1 as const } : {}),
    ...(x.kind === 'build' ? { b: 1 as const } : {}),
    ...(x.target ? { t: x.target } : {}),
    ...(!x.defaultFeatures ? { nd: 1 as const } : {}),
    ...(x.features.length ? { f: x.features } : {}),
  }));
  const other = [...new Set([...Object.keys(table).filter((f) => !(f in features)), ...all.filter((x) => x.optional && !informative.includes(x)).map((x) => x.name)])]
    .filter((f) => !d.some((x) => x.n === f && x.o))
    .sort();
  return { d, ...(Object.keys(features).length ? { f: features } : {}), ...(other.length ? { fa: other } : {}) };
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
      const f = facts(read);
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

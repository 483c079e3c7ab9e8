// Loads a Cargo workspace (or single crate) into the typed model: members from
// globs and path dependencies, `[workspace.package]`/`[workspace.dependencies]`
// inheritance, auto-discovered binaries, the lock, the toolchain file,
// submodules, symlinks and asset folders. Reads files only; git state is
// passed in by the caller (see git.ts), so this stays a pure function of a tree.
import { readCrateFile } from './safeRead';
import { accepts, compileGlob, GlobError, isGlob, startStates, step, viable, type Glob, type GlobStates } from './glob';
import { readdirSync, readlinkSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';
import { parseCargoLockToml } from './cargoLock';
import { isCopyDir } from './copyDirs';
import { fastCargoLock, IncrementalCargoLock } from './cargoLockFast';
import type { EditedText } from './editedText';
import { parseCargoManifest, parseToml, type RawManifest } from './cargoToml';
import { ModelError, type CargoLock, type CargoManifest, type DependencySpec, type GitInfo, type PackageInfo, type RustToolchain, type Workspace, type WorkspaceSection } from './types';
import { samePositionless } from './positionless';
import { compareText } from '../../../shared/src/textOrder';

export interface DirEntry {
  name: string;
  isDir: boolean;
  isFile: boolean;
  isSymlink: boolean;
}

/** Root-relative file access, so the language server can overlay unsaved buffers. */
export interface WorkspaceFs {
  readFile(rel: string): string | undefined;
  readDir(rel: string): DirEntry[] | undefined;
  /** A symlink's target as written (relative to the link's folder), when the access can tell. */
  readLink?(rel: string): string | undefined;
}

export function nodeFs(root: string): WorkspaceFs {
  return {
    readFile(rel) {
      return readCrateFile(root, rel);
    },
    readDir(rel) {
      try {
        return readdirSync(join(root, rel), { withFileTypes: true }).map((d) => ({
          name: d.name,
          isDir: d.isDirectory(),
          isFile: d.isFile(),
          isSymlink: d.isSymbolicLink(),
        }));
      } catch {
        return undefined;
      }
    },
    readLink(rel) {
      try {
        return readlinkSync(join(root, rel));
      } catch {
        return undefined;
      }
    },
  };
}

/** A parsed manifest by its text, and what its `workspace = true` keys were filled in with (by the root's inheritance inputs). */
interface CachedManifest {
  text: string;
  manifest: RawManifest;
  inherited?: { basis: object; deps?: DependencySpec[]; package?: PackageInfo };
}

/** Parsed manifests and locks by path, reused while their text is unchanged (the LSP re-loads on every edit). */
export interface ParseCache {
  manifests: Map<string, CachedManifest>;
  /**
   * The root's inheritance inputs (`[workspace.package]`, `[workspace.dependencies]`) at the last load, and a token
   * kept while they read the same, positions aside: members' inheritance made under it still holds.
   */
  inheritance?: { workspace: WorkspaceSection | undefined; basis: object };
  /** Cargo's own layout, re-read block by block after an edit (unchanged lock → the same object). */
  lockBlocks: IncrementalCargoLock;
  /** Anything else, by text (the TOML parser). */
  lock?: { text: string; lock: CargoLock };
}

export function newParseCache(): ParseCache {
  return { manifests: new Map(), lockBlocks: new IncrementalCargoLock() };
}

export interface LoadOptions {
  fs?: WorkspaceFs;
  git?: GitInfo;
  cache?: ParseCache;
  /** Skip scanning the tree for symlinks (the LSP re-loads often). */
  skipScan?: boolean;
  /**
   * Cargo.lock as the caller reads it, instead of its text through the cache: the language server's
   * open lock, by its change since the last read (cachedEditedLock). Read as text, an edited lock was
   * joined into a new string and, its last read having been by change, parsed again block by block.
   */
  lock?: () => CargoLock | undefined;
}

const ASSET_DIRS = ['public', 'static', 'assets', 'templates', 'migrations'];

/** Directories a `**` member glob may walk through before Nixify stops looking (a hostile tree can be huge). */
const MAX_GLOB_DIRS = 20_000;

/** Directories (root-relative) matched by Cargo's member globs; a pattern Cargo would refuse becomes a warning. */
function expandMembers(fs: WorkspaceFs, patterns: string[], warnings?: string[]): string[] {
  const out = new Set<string>();
  for (const [i, raw] of patterns.entries()) {
    const pattern = posix.normalize(raw.replace(/\\/g, '/')).replace(/\/+$/, '');
    if (!isGlob(pattern)) {
      out.add(pattern === '.' ? '' : pattern);
      continue;
    }
    let glob: Glob;
    try {
      glob = compileGlob(pattern);
    } catch (e) {
      if (!(e instanceof GlobError)) throw e;
      warnings?.push(`Cargo.toml: workspace.members[${i}] ${JSON.stringify(raw)}: ${e.message} (at character ${e.at + 1}); the pattern is ignored`);
      continue;
    }
    // Descend only where the pattern can still match: the walk is pruned by the glob's states.
    let visited = 0;
    const walk = (dir: string, states: GlobStates) => {
      for (const e of fs.readDir(dir) ?? []) {
        if (!e.isDir || isCopyDir(e.name)) continue;
        if (++visited > MAX_GLOB_DIRS) return;
        const next = step(glob, states, e.name);
        if (!viable(next)) continue;
        const rel = dir ? `${dir}/${e.name}` : e.name;
        if (accepts(glob, next)) out.add(rel);
        walk(rel, next);
      }
    };
    walk('', startStates(glob));
    if (visited > MAX_GLOB_DIRS) warnings?.push(`Cargo.toml: workspace.members[${i}] ${JSON.stringify(raw)} reaches more than ${MAX_GLOB_DIRS} directories; Nixify stopped looking there`);
  }
  return [...out];
}

function joinRel(dir: string, rel: string): string {
  const p = posix.normalize(posix.join(dir || '.', rel.replace(/\\/g, '/')));
  return p === '.' ? '' : p.replace(/\/+$/, '');
}

function readManifest(fs: WorkspaceFs, dir: string, cache?: ParseCache): RawManifest | undefined {
  const path = dir ? `${dir}/Cargo.toml` : 'Cargo.toml';
  const text = fs.readFile(path);
  if (text === undefined) return undefined;
  const hit = cache?.manifests.get(path);
  if (hit && hit.text === text) {
    const copy = structuredCloneManifest(hit.manifest);
    cachedFrom.set(copy, hit);
    return copy;
  }
  const manifest = parseCargoManifest(text, path);
  if (cache) cachedFrom.set(manifest, rememberManifest(cache, path, text, manifest));
  return manifest;
}

/** The cache entry a manifest handed out by readManifest came from. */
const cachedFrom = new WeakMap<RawManifest, CachedManifest>();

/** Keeps a parsed manifest for the next load that reads the same text (a copy: loading mutates what it hands out). */
export function rememberManifest(cache: ParseCache, path: string, text: string, manifest: RawManifest): CachedManifest {
  const entry = { text, manifest: structuredCloneManifest(manifest) };
  cache.manifests.set(path, entry);
  return entry;
}

/**
 * The token of the root's inheritance inputs: the last load's while they read the same (an edit of the root
 * manifest elsewhere, a comment, a profile), a new one when they changed. Undefined without a cache.
 */
function inheritanceBasis(cache: ParseCache | undefined, root: RawManifest): object | undefined {
  if (!cache) return undefined;
  const now = root.workspace;
  const last = cache.inheritance;
  const same =
    last !== undefined &&
    (last.workspace === now ||
      (last.workspace !== undefined && now !== undefined && samePositionless(last.workspace.package, now.package) && samePositionless(last.workspace.dependencies, now.dependencies)));
  cache.inheritance = { workspace: now, basis: same ? last.basis : {} };
  return cache.inheritance.basis;
}

/** Loading mutates manifests (inheritance), so cached ones are handed out as copies. */
function structuredCloneManifest(m: RawManifest): RawManifest {
  return {
    ...m,
    package: m.package && { ...m.package, inherited: [...m.package.inherited] },
    dependencies: m.dependencies.map((d) => ({ ...d })),
  };
}

function inheritPackage(m: RawManifest, root: RawManifest) {
  if (!m.package || !m.inheritedFields.length) return;
  const wsPkg = root.workspace?.package;
  const keyToField: Record<string, string> = {
    version: 'version',
    description: 'description',
    license: 'license',
    'license-file': 'licenseFile',
    homepage: 'homepage',
    repository: 'repository',
    documentation: 'documentation',
    'rust-version': 'rustVersion',
    edition: 'edition',
    'default-run': 'defaultRun',
    authors: 'authors',
    keywords: 'keywords',
  };
  for (const key of m.inheritedFields) {
    const field = keyToField[key]!;
    const v = (wsPkg as Record<string, unknown> | undefined)?.[field];
    if (v === undefined) {
      throw new ModelError(`${m.path}: \`package.${key}.workspace = true\` but the workspace root (${root.path}) has no \`workspace.package.${key}\``, m.path, m.ranges.packageKeys[key]);
    }
    (m.package as unknown as Record<string, unknown>)[field] = v;
    m.package.inherited.push(field);
  }
}

// One index of [workspace.dependencies] per root manifest, not one per member.
const workspaceDepsOf = new WeakMap<RawManifest, Map<string, DependencySpec>>();

/**
 * `{ ...d, ...fields }`, built key by key. Object spread gave every merged dependency a hidden class
 * of its own (V8 copies the source's map outside the transition tree, then adds the new keys to
 * that copy): 507 of them for nushell's members, so every site reading a dependency went
 * megamorphic and the language server's reload of the manifests deoptimised. Keys added in the same
 * order share classes; the keys and their order are the spread's.
 */
export function withFields(d: DependencySpec, fields: Partial<DependencySpec>): DependencySpec {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(d)) out[k] = d[k as keyof DependencySpec];
  for (const k of Object.keys(fields)) out[k] = fields[k as keyof DependencySpec];
  return out as unknown as DependencySpec;
}

function inheritDeps(m: RawManifest, root: RawManifest): DependencySpec[] {
  let wsDeps = workspaceDepsOf.get(root);
  if (!wsDeps) workspaceDepsOf.set(root, (wsDeps = new Map((root.workspace?.dependencies ?? []).map((d) => [d.name, d]))));
  return m.dependencies.map((d) => {
    let spec = d;
    if (d.workspace) {
      const w = wsDeps.get(d.name);
      if (!w) {
        throw new ModelError(`${m.path}: dependency \`${d.name}\` says \`workspace = true\` but [workspace.dependencies] has no \`${d.name}\``, m.path, d.range);
      }
      spec = withFields(d, {
        package: w.package,
        version: w.version,
        path: w.path,
        git: w.git,
        defaultFeatures: w.defaultFeatures && d.defaultFeatures,
        features: [...new Set([...w.features, ...d.features])],
        rootPath: w.path !== undefined ? joinRel(root.dir, w.path) : undefined,
      });
    } else if (d.path !== undefined) {
      spec = withFields(d, { rootPath: joinRel(m.dir, d.path) });
    }
    return spec;
  });
}

function discoverBins(fs: WorkspaceFs, m: RawManifest): CargoManifest['bins'] {
  const bins = [...m.bins];
  if (!m.package || !m.autobins) return bins;
  const base = m.dir ? `${m.dir}/` : '';
  const has = (name: string) => bins.some((b) => b.name === name);
  const explicitPaths = new Set(bins.map((b) => b.path && joinRel(m.dir, b.path)));
  if (fs.readFile(`${base}src/main.rs`) !== undefined && !explicitPaths.has(`${base}src/main.rs`) && !has(m.package.name)) {
    bins.push({ name: m.package.name, path: 'src/main.rs', requiredFeatures: [] });
  }
  for (const e of fs.readDir(`${base}src/bin`) ?? []) {
    if (e.isFile && e.name.endsWith('.rs')) {
      const name = e.name.slice(0, -3);
      if (!has(name) && !explicitPaths.has(`${base}src/bin/${e.name}`)) bins.push({ name, path: `src/bin/${e.name}`, requiredFeatures: [] });
    } else if (e.isDir && fs.readFile(`${base}src/bin/${e.name}/main.rs`) !== undefined && !has(e.name)) {
      bins.push({ name: e.name, path: `src/bin/${e.name}/main.rs`, requiredFeatures: [] });
    }
  }
  return bins;
}

function readToolchain(fs: WorkspaceFs): RustToolchain | undefined {
  for (const file of ['rust-toolchain.toml', 'rust-toolchain']) {
    const text = fs.readFile(file);
    if (text === undefined) continue;
    // The legacy file may hold just a channel name.
    if (file === 'rust-toolchain' && !text.includes('[toolchain]')) {
      return { file, channel: text.trim() || undefined, components: [], targets: [] };
    }
    const doc = parseToml(text, file);
    const t = (doc.toolchain ?? {}) as Record<string, unknown>;
    const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
    return {
      file,
      channel: typeof t.channel === 'string' ? t.channel : undefined,
      components: list(t.components),
      targets: list(t.targets),
      profile: typeof t.profile === 'string' ? t.profile : undefined,
    };
  }
  return undefined;
}

export function parseGitmodules(text: string): { path: string; url?: string }[] {
  const out: { path: string; url?: string }[] = [];
  let cur: { path?: string; url?: string } | undefined;
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (t.startsWith('[submodule')) {
      if (cur?.path) out.push({ path: cur.path, url: cur.url });
      cur = {};
    } else if (cur) {
      const m = /^(path|url)\s*=\s*(.*)$/.exec(t);
      if (m) cur[m[1] as 'path' | 'url'] = m[2]!.trim();
    }
  }
  if (cur?.path) out.push({ path: cur.path, url: cur.url });
  return out;
}

function scanTree(fs: WorkspaceFs, limit = 20000): string[] {
  const symlinks: string[] = [];
  let seen = 0;
  const walk = (dir: string) => {
    for (const e of fs.readDir(dir) ?? []) {
      if (++seen > limit) return;
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.isSymlink) symlinks.push(rel);
      else if (e.isDir && !isCopyDir(e.name)) walk(rel);
    }
  };
  walk('');
  return symlinks.sort();
}

/** Finds the directory whose Cargo.toml roots the workspace containing `dir`. */
export function findWorkspaceRoot(dir: string, cache?: ParseCache): { root: string; member?: string } {
  const start = resolve(dir);
  let here: RawManifest | undefined;
  let hereText: string;
  try {
    const text = readCrateFile(start, 'Cargo.toml');
    if (text === undefined) throw new ModelError(`${start}: no Cargo.toml here (is this a Rust crate?)`, 'Cargo.toml');
    here = parseCargoManifest(text, 'Cargo.toml');
    hereText = text;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new ModelError(`${start}: no Cargo.toml here (is this a Rust crate?)`, 'Cargo.toml');
    if ((e as NodeJS.ErrnoException).code) throw new ModelError(`Cargo.toml: cannot read: ${(e as Error).message}`, 'Cargo.toml');
    throw e;
  }
  // The root's manifest as read here is the one the load reads first (`cache`: it is not parsed again).
  const remember = (text: string, m: RawManifest) => cache && rememberManifest(cache, 'Cargo.toml', text, m);
  if (here.workspace) {
    remember(hereText, here);
    return { root: start };
  }
  let up = dirname(start);
  for (let i = 0; i < 6 && up !== dirname(up); i++, up = dirname(up)) {
    let text: string | undefined;
    try {
      text = readCrateFile(up, 'Cargo.toml');
    } catch {
      continue;
    }
    if (text === undefined) continue;
    let m: RawManifest;
    try {
      m = parseCargoManifest(text, 'Cargo.toml');
    } catch {
      continue;
    }
    if (!m.workspace) continue;
    const rel = start.slice(up.length + 1).replace(/\\/g, '/');
    const fs = nodeFs(up);
    const members = expandMembers(fs, m.workspace.members);
    const excluded = m.workspace.exclude.some((x) => rel === x || rel.startsWith(`${x}/`));
    if (members.includes(rel) && !excluded) {
      remember(text, m);
      return { root: up, member: here.package?.name };
    }
  }
  remember(hereText, here);
  return { root: start };
}

/** Cargo.lock through the cache: the same CargoLock object while no package changed. */
export function cachedLock(text: string, cache?: ParseCache): CargoLock {
  const fast = cache ? cache.lockBlocks.parse(text) : fastCargoLock(text);
  if (fast) return fast;
  return tomlLock(text, cache);
}

/** cachedLock of an open document's text, read by its change since the previous read (editedText.ts). */
export function cachedEditedLock(t: EditedText, cache: ParseCache): CargoLock {
  return cache.lockBlocks.parseEdited(t) ?? tomlLock(t.text(), cache);
}

/** A lock outside the shape Cargo writes, by the TOML parser (its errors have positions). */
function tomlLock(text: string, cache?: ParseCache): CargoLock {
  if (cache?.lock?.text === text) return cache.lock.lock;
  const lock = parseCargoLockToml(text, 'Cargo.lock');
  if (cache) cache.lock = { text, lock };
  return lock;
}

/** Loads the workspace rooted at `root` (use findWorkspaceRoot for a member directory). */
export function loadWorkspaceAt(root: string, opts: LoadOptions = {}): Workspace {
  const fs = opts.fs ?? nodeFs(root);
  const rootManifest = readManifest(fs, '', opts.cache);
  if (!rootManifest) throw new ModelError(`${root}: no Cargo.toml here (is this a Rust crate?)`, 'Cargo.toml');
  const warnings: string[] = [];
  const ws = rootManifest.workspace;
  const byDir = new Map<string, RawManifest>();
  if (rootManifest.package) byDir.set('', rootManifest);
  const excluded = (d: string) => (ws?.exclude ?? []).some((x) => d === joinRel('', x) || d.startsWith(`${joinRel('', x)}/`));
  const queue = ws ? expandMembers(fs, ws.members, warnings).filter((d) => !excluded(d)) : [];
  for (let i = 0; i < queue.length; i++) {
    const dir = queue[i]!;
    if (byDir.has(dir)) continue;
    const m = dir === '' ? rootManifest : readManifest(fs, dir, opts.cache);
    if (!m) {
      warnings.push(`workspace member \`${dir}\` has no Cargo.toml`);
      continue;
    }
    if (!m.package) continue;
    byDir.set(dir, m);
  }
  // Path dependencies inside the workspace are members too (Cargo's rule).
  const depsOf = new Map<RawManifest, DependencySpec[]>();
  // A member whose text and root's inheritance inputs are as at the last load inherits the same again: reused.
  const basis = inheritanceBasis(opts.cache, rootManifest);
  const inheritedBefore = (m: RawManifest) => {
    const entry = cachedFrom.get(m);
    return entry && basis ? (entry.inherited?.basis === basis ? entry.inherited : (entry.inherited = { basis })) : undefined;
  };
  const deps = (m: RawManifest) => {
    let d = depsOf.get(m);
    if (d) return d;
    const before = inheritedBefore(m);
    d = before?.deps ?? inheritDeps(m, rootManifest);
    if (before) before.deps = d;
    depsOf.set(m, d);
    return d;
  };
  const pending = [...byDir.values()];
  while (pending.length) {
    const m = pending.pop()!;
    for (const d of deps(m)) {
      if (!ws || d.rootPath === undefined || d.rootPath.startsWith('..') || byDir.has(d.rootPath) || excluded(d.rootPath)) continue;
      const dm = readManifest(fs, d.rootPath, opts.cache);
      if (dm?.package) {
        byDir.set(d.rootPath, dm);
        pending.push(dm);
      }
    }
  }
  // Path dependencies that are not members (excluded, or of a package without [workspace]): their
  // own packages, compiled all the same; kept apart so the inference reads their manifests.
  const outside = new Map<string, RawManifest>();
  for (const m of [...byDir.values()]) {
    for (const d of deps(m)) {
      if (d.rootPath === undefined || d.rootPath.startsWith('..') || byDir.has(d.rootPath) || outside.has(d.rootPath)) continue;
      const dm = readManifest(fs, d.rootPath, opts.cache);
      if (dm?.package) outside.set(d.rootPath, dm);
    }
  }
  const members: CargoManifest[] = [];
  const pathCrates: CargoManifest[] = [];
  for (const m of [...byDir.values(), ...outside.values()]) {
    const before = inheritedBefore(m);
    if (before?.package) m.package = before.package;
    else {
      inheritPackage(m, rootManifest);
      if (before) before.package = m.package;
    }
    const base = m.dir ? `${m.dir}/` : '';
    const buildScript = m.buildScript ?? (!m.buildDisabled && fs.readFile(`${base}build.rs`) !== undefined ? 'build.rs' : undefined);
    (byDir.get(m.dir) === m ? members : pathCrates).push({
      path: m.path,
      dir: m.dir,
      package: m.package,
      lib: m.lib,
      bins: discoverBins(fs, m),
      features: m.features,
      dependencies: deps(m),
      workspace: m.workspace,
      hasPatches: m.hasPatches,
      buildScript,
      ranges: m.ranges,
    });
  }
  members.sort((a, b) => (a.dir === '' ? -1 : b.dir === '' ? 1 : compareText(a.dir, b.dir)));
  const lockText = opts.lock ? undefined : fs.readFile('Cargo.lock');
  const gitmodules = fs.readFile('.gitmodules');
  const assetDirs: string[] = [];
  for (const m of members) {
    const base = m.dir ? `${m.dir}/` : '';
    for (const name of ASSET_DIRS) if (fs.readDir(`${base}${name}`) !== undefined) assetDirs.push(`${base}${name}`);
  }
  return {
    root,
    rootManifest: members.find((m) => m.dir === '') ?? {
      path: rootManifest.path,
      dir: '',
      bins: [],
      features: {},
      dependencies: rootManifest.dependencies,
      workspace: rootManifest.workspace,
      hasPatches: rootManifest.hasPatches,
      ranges: rootManifest.ranges,
    },
    members,
    ...(pathCrates.length ? { pathCrates } : {}),
    lock: opts.lock ? opts.lock() : lockText === undefined ? undefined : cachedLock(lockText, opts.cache),
    toolchain: readToolchain(fs),
    git: opts.git ?? { isRepo: false, submodules: gitmodules ? parseGitmodules(gitmodules) : [] },
    symlinks: opts.skipScan ? [] : scanTree(fs),
    assetDirs,
    warnings,
  };
}

/** Loads the workspace containing `dir` (a crate, a workspace root or a member directory). */
export function loadWorkspace(dir: string, opts: LoadOptions = {}): Workspace {
  if (opts.fs) return loadWorkspaceAt(dir, opts);
  const cache = opts.cache ?? newParseCache();
  const { root, member } = findWorkspaceRoot(dir, cache);
  const ws = loadWorkspaceAt(root, { ...opts, cache });
  if (member) ws.focus = member;
  return ws;
}

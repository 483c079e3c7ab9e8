// What the build reads, computed from the crate itself: per crate the Cargo
// files and targets, the files its Rust sources name (rustReads.ts) resolved
// against the tree, path and [patch] dependencies, symlink targets, sqlx's
// offline data and askama's template dirs — each with its reason. Three
// moments: `build` (cargo build needs it: it goes into src), `test` (cargo
// test needs it: into src when the builder runs tests), `runtime` (the program
// opens it: it drives the install and the wrapper, and must be in src only to
// be installed). Reads nothing but the WorkspaceFs, so the editor's buffers work.
import { isCopyDir } from './copyDirs';
import { OutsideCrateError } from './safeRead';
import { posix } from 'node:path';
import { parseToml } from './cargoToml';
import { scanRustFile, type RawRead, type RawReadKind } from './rustReads';
import type { Workspace } from './types';
import type { DirEntry, WorkspaceFs } from './workspace';
import { compareText } from '../../../shared/src/textOrder';

export type ReadWhen = 'build' | 'test' | 'runtime';

export type ReadKind = RawReadKind | 'cargo' | 'path-dependency' | 'patch' | 'symlink-target' | 'sqlx-offline' | 'template-config' | 'submodule';

export interface BuildRead {
  /** Root-relative, normalised, never empty. */
  path: string;
  isDir: boolean;
  when: ReadWhen;
  kind: ReadKind;
  /** For the generated file's comment: `include_str! in src/main.rs:12`. */
  because: string;
  /** The crate (package name) that reads it. */
  crate: string;
  /** Where in the sources, for the editor. */
  at?: { file: string; line: number };
  /** A runtime read whose path an environment variable overrides (`STATIC_DIR`): the wrapper sets it instead of changing directory. */
  env?: string;
}

export interface BuildReads {
  /** Everything found inside the tree, at most one entry per path and moment. */
  reads: BuildRead[];
  /** Reads that leave the workspace root (`path = "../other"`): no src rooted here can hold them. */
  outside: BuildRead[];
  /** Compile-time reads naming nothing in the tree: the build fails on them unless something generates them. */
  missing: BuildRead[];
  /** Things a person should know (generated includes, sqlx without offline data). */
  notes: string[];
}

/** Optional symlink access: nodeFs has it; an editor overlay may not. */
export type ReadsFs = WorkspaceFs;

interface CrateInfo {
  dir: string;
  name: string;
  kind: 'member' | 'path-dependency' | 'patch';
  /** Why a non-member is here: `path dependency of web`, `[patch.crates-io] serde`. */
  because?: string;
  manifest: Record<string, unknown>;
}

const MAX_RS_FILES = 4000;
const MAX_RS_BYTES = 2 << 20;
const CARGO_ROOT_FILES = ['Cargo.lock', '.cargo/config.toml', '.cargo/config', 'rust-toolchain.toml', 'rust-toolchain', '.config/nextest.toml'];

const norm = (p: string): string => {
  const n = posix.normalize(p.replace(/\\/g, '/')).replace(/\/+$/, '');
  return n === '.' ? '' : n.replace(/^\.\//, '');
};
const joinRel = (dir: string, rel: string) => norm(posix.join(dir || '.', rel));
const isTable = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Path dependencies of every dependency table of a manifest (including `[target.*.…]`). */
function pathDeps(m: Record<string, unknown>): { name: string; path: string; kind: string }[] {
  const out: { name: string; path: string; kind: string }[] = [];
  const tables: [string, unknown][] = [];
  for (const k of ['dependencies', 'dev-dependencies', 'build-dependencies', 'dev_dependencies', 'build_dependencies']) tables.push([k, m[k]]);
  if (isTable(m.target)) for (const t of Object.values(m.target)) if (isTable(t)) for (const k of ['dependencies', 'dev-dependencies', 'build-dependencies']) tables.push([k, t[k]]);
  for (const [kind, t] of tables) {
    if (!isTable(t)) continue;
    for (const [name, spec] of Object.entries(t)) if (isTable(spec) && typeof spec.path === 'string') out.push({ name, path: spec.path, kind });
  }
  return out;
}

/** The reads of a workspace: `fs` is rooted at ws.root. Needs `ensureParser('rust')` first. */
export function analyzeBuildReads(ws: Workspace, fs: ReadsFs): BuildReads {
  const reads = new Map<string, BuildRead>();
  const outside: BuildRead[] = [];
  const missing: BuildRead[] = [];
  const notes: string[] = [];
  const kinds = new Map<string, 'file' | 'dir' | undefined>();
  const listings = new Map<string, Map<string, DirEntry> | undefined>();
  const listing = (dir: string) => {
    if (!listings.has(dir)) {
      let l: DirEntry[] | undefined;
      try {
        l = fs.readDir(dir);
      } catch {
        l = undefined;
      }
      listings.set(dir, l && new Map(l.map((e) => [e.name, e])));
    }
    return listings.get(dir);
  };
  /** File, folder or nothing, from the parent's listing (no file is read); links are followed. */
  const kindOf = (rel: string): 'file' | 'dir' | undefined => {
    if (!rel || rel.startsWith('..')) return undefined;
    if (kinds.has(rel)) return kinds.get(rel);
    const slash = rel.lastIndexOf('/');
    const e = listing(slash < 0 ? '' : rel.slice(0, slash))?.get(rel.slice(slash + 1));
    let k: 'file' | 'dir' | undefined;
    if (e && !e.isSymlink) k = e.isDir ? 'dir' : e.isFile ? 'file' : undefined;
    else if (e) {
      try {
        k = fs.readDir(rel) !== undefined ? 'dir' : fs.readFile(rel) !== undefined ? 'file' : undefined;
      } catch (err) {
        // A link out of the crate is not read, but it is a file the build would copy as a link;
        // a dangling or unreadable one is nothing a build could copy either.
        k = err instanceof OutsideCrateError && err.isFile ? 'file' : undefined;
      }
    }
    kinds.set(rel, k);
    return k;
  };
  const rank: Record<ReadWhen, number> = { build: 0, test: 1, runtime: 2 };
  const put = (r: Omit<BuildRead, 'isDir'>, opts: { mustExist?: boolean } = {}) => {
    const path = norm(r.path);
    if (path.startsWith('..') || posix.isAbsolute(path)) {
      outside.push({ ...r, path, isDir: false });
      return;
    }
    const k = kindOf(path);
    if (!k) {
      if (opts.mustExist !== false && r.when !== 'runtime') missing.push({ ...r, path, isDir: false });
      return;
    }
    const prev = reads.get(path);
    // One entry per path: the earliest moment wins (a file the build needs is also there for the tests).
    if (!prev || rank[r.when] < rank[prev.when]) reads.set(path, { ...r, path, isDir: k === 'dir' });
  };

  // ------------------------------------------------------------ crates
  const crates: CrateInfo[] = [];
  const seen = new Set<string>();
  const manifestOf = (dir: string): Record<string, unknown> | undefined => {
    const text = fs.readFile(dir ? `${dir}/Cargo.toml` : 'Cargo.toml');
    if (text === undefined) return undefined;
    try {
      return parseToml(text, dir ? `${dir}/Cargo.toml` : 'Cargo.toml');
    } catch {
      return undefined;
    }
  };
  const nameOf = (m: Record<string, unknown>, dir: string) => (isTable(m.package) && typeof m.package.name === 'string' ? m.package.name : dir || 'root');
  for (const m of ws.members) {
    const manifest = manifestOf(m.dir);
    if (!manifest || seen.has(m.dir)) continue;
    seen.add(m.dir);
    crates.push({ dir: m.dir, name: m.package?.name ?? nameOf(manifest, m.dir), kind: 'member', manifest });
  }
  const rootToml = manifestOf('');
  const addCrate = (dir: string, kind: 'path-dependency' | 'patch', because: string, crate: string) => {
    if (dir.startsWith('..') || posix.isAbsolute(dir)) {
      outside.push({ path: dir, isDir: true, when: 'build', kind, because, crate });
      return;
    }
    if (seen.has(dir)) return;
    const manifest = manifestOf(dir);
    if (!manifest) {
      missing.push({ path: dir, isDir: true, when: 'build', kind, because: `${because}: no Cargo.toml there`, crate });
      return;
    }
    seen.add(dir);
    crates.push({ dir, name: nameOf(manifest, dir), kind, because, manifest });
  };
  // [patch.<source>] and [replace] path entries of the root manifest: cargo builds them instead of the registry crate.
  if (rootToml) {
    const patch = isTable(rootToml.patch) ? rootToml.patch : {};
    for (const [source, table] of Object.entries(patch)) {
      if (!isTable(table)) continue;
      for (const [name, spec] of Object.entries(table)) {
        if (isTable(spec) && typeof spec.path === 'string') addCrate(joinRel('', spec.path), 'patch', `[patch.${source}] ${name}`, name);
      }
    }
    if (isTable(rootToml.replace)) {
      for (const [name, spec] of Object.entries(rootToml.replace)) if (isTable(spec) && typeof spec.path === 'string') addCrate(joinRel('', spec.path), 'patch', `[replace] ${name}`, name);
    }
  }
  // Path dependencies, transitively (a member's are usually members; others are not).
  for (let i = 0; i < crates.length; i++) {
    const c = crates[i]!;
    for (const d of pathDeps(c.manifest)) {
      if (d.kind.startsWith('dev') && c.kind !== 'member') continue; // a dependency's dev-dependencies are never built
      addCrate(joinRel(c.dir, d.path), 'path-dependency', `path dependency \`${d.name}\` of ${c.name}`, d.name);
    }
  }
  const ws0 = rootToml && isTable(rootToml.workspace) ? rootToml.workspace : undefined;
  if (ws0 && isTable(ws0.dependencies)) {
    for (const [name, spec] of Object.entries(ws0.dependencies)) {
      if (isTable(spec) && typeof spec.path === 'string') {
        const dir = joinRel('', spec.path);
        // Only the ones some crate uses: cargo ignores unused [workspace.dependencies].
        if (crates.some((c) => pathDeps(c.manifest).some((d) => d.name === name)) || ws.members.some((m) => m.dependencies.some((d) => d.name === name && d.workspace))) {
          addCrate(dir, 'path-dependency', `[workspace.dependencies] ${name}`, name);
        }
      }
    }
  }

  // ------------------------------------------------------------ cargo files
  put({ path: 'Cargo.toml', when: 'build', kind: 'cargo', because: 'the workspace manifest', crate: crates[0]?.name ?? '' });
  for (const f of CARGO_ROOT_FILES) if (kindOf(f)) put({ path: f, when: 'build', kind: 'cargo', because: 'read by cargo', crate: '' });
  for (const c of crates) {
    const base = c.dir ? `${c.dir}/` : '';
    const why = c.kind === 'member' ? `${c.name}: cargo target` : c.because!;
    const kind: ReadKind = c.kind === 'member' ? 'cargo' : c.kind;
    put({ path: `${base}Cargo.toml`, when: 'build', kind, because: c.kind === 'member' ? `${c.name}'s manifest` : c.because!, crate: c.name });
    // tests/, examples/ and benches/ are targets cargo discovers (and refuses to miss when declared); kept for every builder.
    for (const d of ['src', 'tests', 'examples', 'benches']) if (kindOf(`${base}${d}`)) put({ path: `${base}${d}`, when: 'build', kind, because: why, crate: c.name });
    const pkg = isTable(c.manifest.package) ? c.manifest.package : {};
    const build = typeof pkg.build === 'string' ? pkg.build : pkg.build === false ? undefined : kindOf(`${base}build.rs`) ? 'build.rs' : undefined;
    if (build) put({ path: `${base}${build}`, when: 'build', kind, because: `${c.name}'s build script`, crate: c.name });
    const targets: unknown[] = [c.manifest.lib, ...['bin', 'test', 'bench', 'example'].flatMap((k) => (Array.isArray(c.manifest[k]) ? (c.manifest[k] as unknown[]) : []))];
    for (const t of targets) if (isTable(t) && typeof t.path === 'string') put({ path: `${base}${t.path}`, when: 'build', kind, because: `${c.name}: target path in Cargo.toml`, crate: c.name });
    if (typeof pkg.workspace === 'string') put({ path: joinRel(c.dir, `${pkg.workspace}/Cargo.toml`), when: 'build', kind, because: `${c.name}: package.workspace`, crate: c.name });
    scanCrate(c, build);
  }

  // ------------------------------------------------------------ Rust sources
  function rustFiles(c: CrateInfo): string[] {
    const out: string[] = [];
    const walk = (dir: string, depth: number) => {
      for (const e of fs.readDir(dir) ?? []) {
        if (out.length >= MAX_RS_FILES) return;
        const rel = dir ? `${dir}/${e.name}` : e.name;
        if (e.isDir && !e.isSymlink) {
          if (isCopyDir(e.name) || e.name.startsWith('.') || depth > 12) continue;
          // Another crate (member or not) scans its own files.
          if (fs.readFile(`${rel}/Cargo.toml`) !== undefined) continue;
          walk(rel, depth + 1);
        } else if (e.isFile && e.name.endsWith('.rs')) out.push(rel);
      }
    };
    walk(c.dir, 0);
    return out;
  }

  function templateDirs(c: CrateInfo): { dirs: string[]; config?: string } {
    const base = c.dir ? `${c.dir}/` : '';
    for (const cfg of ['askama.toml', 'rinja.toml', 'sailfish.toml']) {
      const text = fs.readFile(`${base}${cfg}`);
      if (text === undefined) continue;
      try {
        const t = parseToml(text, `${base}${cfg}`);
        const g = isTable(t.general) ? t.general : t;
        const dirs = (Array.isArray(g.dirs) ? g.dirs : Array.isArray(g.template_dirs) ? g.template_dirs : Array.isArray(t.template_dirs) ? t.template_dirs : []).filter(
          (d): d is string => typeof d === 'string',
        );
        return { dirs: dirs.length ? dirs : ['templates'], config: `${base}${cfg}` };
      } catch {
        return { dirs: ['templates'], config: `${base}${cfg}` };
      }
    }
    return { dirs: ['templates'] };
  }

  function scanCrate(c: CrateInfo, buildScript: string | undefined) {
    const base = c.dir ? `${c.dir}/` : '';
    const isMember = c.kind === 'member';
    const usesSqlx = isTable(c.manifest.dependencies) && Object.entries(c.manifest.dependencies).some(([k, v]) => k === 'sqlx' || (isTable(v) && v.package === 'sqlx'));
    let sqlxAt: { file: string; line: number } | undefined;
    for (const file of rustFiles(c)) {
      const text = fs.readFile(file);
      if (text === undefined || text.length > MAX_RS_BYTES) continue;
      const inCrate = file.slice(base.length);
      const isBuild = buildScript !== undefined && inCrate === norm(buildScript);
      const testFile = /^(tests|benches|examples)\//.test(inCrate);
      // A dependency's tests never run; only its build and build script matter.
      if (!isMember && testFile) continue;
      const found = scanRustFile(text, { buildScript: isBuild });
      for (const u of found.unresolved) {
        notes.push(`${file}:${u.line}: ${u.generated ? 'includes a file the build script generates (OUT_DIR): nothing to copy' : `an include whose path Nixify cannot evaluate: ${u.text}`}`);
      }
      for (const q of found.sqlxQueries) if ((q.qualified || usesSqlx) && !sqlxAt && (!q.test || isMember)) sqlxAt = { file, line: q.line };
      for (const r of found.reads) resolve(c, file, r, isBuild ? 'build' : r.test || testFile ? 'test' : undefined);
    }
    if (sqlxAt) {
      // sqlx looks in the crate's directory, then the workspace root (cargo sqlx prepare --workspace).
      const at = [`${base}.sqlx`, '.sqlx', `${base}sqlx-data.json`, 'sqlx-data.json'].find((p) => kindOf(norm(p)));
      if (at)
        put({
          path: at,
          when: 'build',
          kind: 'sqlx-offline',
          because: `sqlx query macros (${sqlxAt.file}:${sqlxAt.line}) check queries against this offline data when DATABASE_URL is unset`,
          crate: c.name,
          at: sqlxAt,
        });
      else
        notes.push(
          `${c.name}: sqlx query macros (${sqlxAt.file}:${sqlxAt.line}) need a database or offline data at build time: run \`cargo sqlx prepare --workspace\` and commit .sqlx/ (a Nix build has no database).`,
        );
    }
  }

  function resolve(c: CrateInfo, file: string, r: RawRead, forced: ReadWhen | undefined) {
    const at = { file, line: r.line };
    const where = `${file}:${r.line}`;
    const compile = forced ?? 'build';
    const fileDir = posix.dirname(file) === '.' ? '' : posix.dirname(file);
    switch (r.kind) {
      case 'include':
        put({ path: r.base === 'file' ? joinRel(fileDir, r.path) : joinRel(c.dir, r.path), when: compile, kind: r.kind, because: `${r.via} in ${where}`, crate: c.name, at });
        return;
      case 'module-path':
        put({ path: joinRel(fileDir, r.path), when: compile, kind: r.kind, because: `${r.via} in ${where}`, crate: c.name, at });
        return;
      case 'includer':
      case 'embed-folder':
      case 'sqlx-file':
      case 'migrations':
      case 'rerun-if-changed':
        put({ path: joinRel(c.dir, cutGlob(r.path)), when: compile, kind: r.kind, because: `${r.via} in ${where}`, crate: c.name, at }, { mustExist: r.kind !== 'rerun-if-changed' });
        return;
      case 'template': {
        const t = templateDirs(c);
        if (t.config) put({ path: t.config, when: compile, kind: 'template-config', because: `template configuration for ${r.via} in ${where}`, crate: c.name, at });
        // Templates include and extend each other: the whole directory holding this one.
        const dir = t.dirs.map((d) => joinRel(c.dir, d)).find((d) => kindOf(joinRel(d, r.path)) === 'file') ?? joinRel(c.dir, t.dirs[0]!);
        put({ path: dir, when: compile, kind: r.kind, because: `${r.via} "${r.path}" in ${where}`, crate: c.name, at });
        return;
      }
      case 'literal': {
        const p = pathLike(r.path);
        if (p === undefined) return;
        // A build script's strings are paths it hands to tools; elsewhere a string is a path only
        // with evidence: the argument of something that opens or serves files, the default of an
        // environment variable, or a folder path given to a function. File names alone in data
        // ("README.md" in a table of icons) are not reads; in test code they may be (a fixture).
        // `base.join("x")` is relative to some other folder (a temp dir, the user's repo), except in a
        // build script, where the base is almost always CARGO_MANIFEST_DIR.
        if (forced !== 'build' && JOIN_CALLEE.test(r.callee ?? '')) return;
        const macroArg = r.callee?.endsWith('!') ?? false;
        const evidence = !!r.envDefault || PATH_CALLEE.test(r.callee ?? '');
        if (forced !== 'build') {
          if (r.test || forced === 'test') {
            if (!evidence && !/[/.]/.test(p)) return;
          } else if (!evidence && !(p.includes('/') && r.callee && !macroArg)) {
            // A proc macro (not a formatting or data macro) reads its path argument while compiling.
            if (!(macroArg && !DATA_MACRO.test(r.callee!) && p.includes('/'))) return;
          }
        } else if (!/[/.]/.test(p) && !r.callee && !r.envDefault) return;
        // A build script runs in the crate's directory; the program and its tests in whatever directory they are started from: the crate's, else the root.
        const candidates = forced === 'build' ? [joinRel(c.dir, p)] : [...new Set([joinRel(c.dir, p), norm(p)])];
        const hit = candidates.find((q) => kindOf(q) && !isSourceCode(q));
        if (!hit) return;
        const procMacro = forced === undefined && !r.test && !!r.callee?.endsWith('!') && !DATA_MACRO.test(r.callee) && !r.envDefault && !PATH_CALLEE.test(r.callee);
        const when: ReadWhen = forced ?? (r.test ? 'test' : procMacro ? 'build' : 'runtime');
        const what = forced === 'build' ? 'the build script names' : when === 'test' ? 'test code names' : procMacro ? 'a macro reads' : 'the program names';
        const how = r.envDefault ? ` as the default of ${r.envDefault}` : r.callee ? ` in ${r.callee}(…)` : '';
        put({ path: hit, when, kind: 'literal', because: `${what} "${r.path}"${how} (${where})`, crate: c.name, at, env: r.envDefault });
      }
    }
  }

  /** Cargo's files and the crates' Rust source folders: already in src, never data the program opens. */
  function isSourceCode(p: string): boolean {
    if (p === '' || /(^|\/)Cargo\.(toml|lock)$/.test(p) || p.endsWith('.rs') || /^(target|\.git)(\/|$)/.test(p)) return true;
    return crates.some((c) => {
      const base = c.dir ? `${c.dir}/` : '';
      return p === c.dir || ['src', 'tests', 'examples', 'benches'].some((d) => p === `${base}${d}` || p.startsWith(`${base}${d}/`));
    });
  }

  // ------------------------------------------------------------ symlinks
  // A link is copied as a link: its target must be in src too, or it dangles in the build.
  if (ws.symlinks.length && fs.readLink) {
    const inRead = (p: string) => [...reads.values()].find((r) => r.path === p || (r.isDir && p.startsWith(`${r.path}/`)));
    for (const link of ws.symlinks) {
      const r = inRead(link);
      if (!r) continue;
      const target = fs.readLink(link);
      if (target === undefined) continue;
      const dir = posix.dirname(link) === '.' ? '' : posix.dirname(link);
      const resolved = posix.isAbsolute(target) ? target : joinRel(dir, target);
      // A dangling link (a test fixture on purpose) stays a dangling link: not something to copy.
      put({ path: resolved, when: r.when, kind: 'symlink-target', because: `target of the symlink ${link} (${r.because})`, crate: r.crate }, { mustExist: false });
    }
  }
  for (const s of ws.git.submodules)
    if (kindOf(norm(s.path)) && [...reads.values()].some((r) => norm(s.path).startsWith(`${r.path}/`) || r.path.startsWith(`${norm(s.path)}/`) || r.path === norm(s.path))) {
      put({ path: s.path, when: 'build', kind: 'submodule', because: `git submodule ${s.path} holds files the build reads`, crate: '' });
    }

  const sorted = [...reads.values()].sort((a, b) => compareText(a.path, b.path));
  return { reads: sorted, outside: dedupe(outside), missing: dedupe(missing), notes: [...new Set(notes)] };
}

function dedupe(rs: BuildRead[]): BuildRead[] {
  const seen = new Set<string>();
  return rs.filter((r) => !seen.has(`${r.path}\0${r.when}`) && seen.add(`${r.path}\0${r.when}`));
}

/** Calls that take a file or folder path (std, tower-http, actix-files, rocket, warp, tera, handlebars, minijinja…). */
const PATH_CALLEE =
  /^#\[(arg|clap|structopt|option)\]$|(^|::|\.)(open|create|read\w*|write\w*|metadata|exists|is_dir|is_file|canonicalize|join|push|with_file_name|dir|file|serve_dir|serve_file|nest_service|fallback_service|register_templates_directory|register_template_file|path_loader|load\w*|from_path|with_name)$|(^|::)(Path|PathBuf|File|ServeDir|ServeFile|Files|FileServer|NamedFile|Tera|Dir)::\w+$|^(fs|std::fs|tokio::fs|async_std::fs)::/;

/** Macros whose string arguments are text or data, not files they read (formatting, logging, assertions, literals of collections). */
const DATA_MACRO =
  /(^|::)(format|format_args|print|println|eprint|eprintln|write|writeln|panic|unreachable|todo|unimplemented|assert\w*|debug_assert\w*|debug|info|warn|error|trace|event|span|vec|json|phf_map|phf_set|hashmap|hashset|btreemap|matches|anyhow|bail|ensure|eyre|context|concat|stringify|env|option_env|cfg|compile_error|lazy_static|thread_local|quote|html|view|rsx|xml)!$/;

const JOIN_CALLEE = /(^|\.)(join|push|with_file_name|with_extension|strip_prefix|starts_with|ends_with)$/;

/** `templates/**\/*` → `templates`: the part of a glob before its first pattern. */
function cutGlob(p: string): string {
  const segs = p.split('/');
  const i = segs.findIndex((s) => /[*?[{]/.test(s));
  return i < 0 ? p : segs.slice(0, i).join('/') || '.';
}

/** A string that can be a relative path the program opens (no URL, no format string, no prose). */
function pathLike(s: string): string | undefined {
  if (!s || s.length > 200 || /[\u0000-\u001f{}<>|"'`\\]/.test(s) || /^[a-z][a-z0-9+.-]*:/i.test(s) || /\s/.test(s.trim()) || posix.isAbsolute(s)) return undefined;
  const p = cutGlob(s.trim().replace(/^\.\//, ''));
  if (!p || p === '.' || p === '..' || p.startsWith('../../../')) return undefined;
  return p;
}

/** The smallest list of paths covering the reads of the given moments (nested paths dropped). */
export function readPaths(r: BuildReads, when: ReadWhen[]): string[] {
  const all = [...new Set(r.reads.filter((x) => when.includes(x.when)).map((x) => x.path))].sort();
  return all.filter((p) => !all.some((q) => q !== p && p.startsWith(`${q}/`)));
}

/**
 * Every file the reads of the given moments name, for checking a src copy:
 * a file read is itself; a folder a macro, an attribute or the program names
 * is everything under it; a crate's target folders (src/, tests/…) count for
 * the Rust files cargo compiles in them (other files there are read only when
 * some read names them).
 */
export function filesRead(r: BuildReads, fs: WorkspaceFs, when: ReadWhen[], limit = 50000): string[] {
  const out = new Set<string>();
  const walk = (dir: string, rustOnly: boolean) => {
    for (const e of fs.readDir(dir) ?? []) {
      if (out.size >= limit) return;
      const rel = `${dir}/${e.name}`;
      if (e.isDir && !e.isSymlink) {
        if (!isCopyDir(e.name)) walk(rel, rustOnly);
      } else if (!rustOnly || e.name.endsWith('.rs')) out.add(rel);
    }
  };
  for (const x of r.reads) {
    if (!when.includes(x.when)) continue;
    if (!x.isDir) out.add(x.path);
    else walk(x.path, x.kind === 'cargo' || x.kind === 'path-dependency' || x.kind === 'patch');
  }
  return [...out].sort();
}

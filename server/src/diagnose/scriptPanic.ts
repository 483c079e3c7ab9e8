// A build script that panicked on std's unnamed NotFound (`panicked at build.rs:L:C`,
// `Os { code: 2, kind: NotFound }`): the log says neither the program nor the file,
// but with the workspace at hand the script itself does. Its file is found — a
// member's script as the log's path names it (relative to the Cargo workspace), the
// `build = …` of the member the log's package id names, or a registry crate's in
// the cargo cache — and the statement at L:C read (scriptSpawn.ts): a program
// becomes the add-inputs fix, a file in the tree that the builder's src leaves out
// the include-in-src fix. Nothing found: the diagnostic as the rule made it.
import { posix } from 'node:path';
import { parse } from 'smol-toml';
import { srcBindingOf } from '../fixes/intentFixes';
import { srcFilter } from '../model/srcFilter';
import { mapLogPath, wholeLine } from './locate';
import { TOOL_ATTR } from './rules/tables';
import { nixpkgsProgramAttr } from './nixpkgsPrograms';
import { scriptActionAt, type ScriptAction } from './scriptSpawn';
import { SOURCE_ROOT } from './sourceRoot';
import type { PlaceOptions, Site } from './site';
import type { Diagnostic, FixIntent } from './types';

/** A file of a published crate as the local cargo cache holds it (`<name>-<version>/<rel>`). */
export type CrateFileReader = NonNullable<PlaceOptions['crateFile']>;

const CUSTOM_BUILD = /failed to run custom build command for `([^\s`]+) v([^\s`]+)(?: \(([^)`]*)\))?`/;
const WHERE = /^(.+):(\d+):(\d+)$/;
/** Where a Nix builder unpacked the package's source (`/build/source/`, `/tmp/nix-build-…/source/`). */
const MAX_SCRIPT = 1 << 20;

interface Script {
  text: string;
  /** Workspace-relative file, when the script is the workspace's own. */
  file?: string;
  /** The package's directory in the workspace (a build script's working directory). */
  pkgDir?: string;
  /** How the message names it: the workspace file, or `name-version/rel` in the cargo cache. */
  shown: string;
}

function normalize(p: string): string | undefined {
  const n = posix.normalize(p).replace(/^\.\//, '').replace(/\/$/, '');
  return n.startsWith('..') || posix.isAbsolute(n) ? undefined : n === '.' ? '' : n;
}

/** The directory of the nearest Cargo.toml at or above `file`'s directory. */
function packageDirOf(file: string, paths: ReadonlySet<string>): string | undefined {
  for (let dir = posix.dirname(file); ; dir = posix.dirname(dir)) {
    const d = dir === '.' ? '' : dir;
    if (paths.has(d ? `${d}/Cargo.toml` : 'Cargo.toml')) return d;
    if (!d) return undefined;
  }
}

/** The workspace directory of the member the log names: its id's path, else a manifest whose [package] has that name. */
function memberDir(name: string, idPath: string | undefined, s: Site, paths: ReadonlySet<string>): string | undefined {
  if (idPath) {
    const root = SOURCE_ROOT.exec(idPath);
    const rel = root
      ? normalize(idPath.slice(root[0].length).replace(/^\//, '') || '.')
      : s.opts.root && idPath.startsWith(s.opts.root)
        ? normalize(idPath.slice(s.opts.root.length).replace(/^\//, '') || '.')
        : undefined;
    if (rel !== undefined && paths.has(rel ? `${rel}/Cargo.toml` : 'Cargo.toml')) return rel;
  }
  const dirs = s.files.paths.filter((p) => p === 'Cargo.toml' || p.endsWith('/Cargo.toml')).filter((p) => manifestPackage(s.read(p))?.name === name);
  return dirs.length === 1 ? posix.dirname(dirs[0]!).replace(/^\.$/, '') : undefined;
}

function manifestPackage(text: string | undefined): { name?: string; build?: string } | undefined {
  if (!text || !text.includes('[package]')) return undefined;
  try {
    const pkg = (parse(text) as { package?: { name?: unknown; build?: unknown } }).package;
    return pkg && { name: typeof pkg.name === 'string' ? pkg.name : undefined, build: typeof pkg.build === 'string' ? pkg.build : undefined };
  } catch {
    return undefined;
  }
}

/** The panicking file: the workspace's own, else the registry crate's in the cargo cache. */
function findScript(logPath: string, pkg: { name: string; version: string; path?: string } | undefined, s: Site, crateFile?: CrateFileReader): Script | undefined {
  const paths = new Set(s.files.paths);
  const own = (file: string | undefined): Script | undefined => {
    const text = file ? s.read(file) : undefined;
    return file && text !== undefined && text.length <= MAX_SCRIPT ? { text, file, pkgDir: packageDirOf(file, paths), shown: file } : undefined;
  };
  // A registry or git dependency's path is absolute and outside the source (vendor dir, cargo home).
  const vendored = posix.isAbsolute(logPath) && !SOURCE_ROOT.test(logPath) && !(s.opts.root && logPath.startsWith(s.opts.root));
  const inVendor = /(?:^|\/)(?:cargo-vendor-dir|vendor|registry|\.cargo)\/|-vendor(?:-staging|-cargo-deps)?\//.test(logPath);
  if (!vendored && !inVendor) {
    // Cargo prints a member's script relative to the Cargo workspace root (`app/build.rs`, `build.rs`).
    const direct = own(mapLogPath(logPath, s.files, s.opts));
    if (direct && (!pkg || !pkg.path || direct.pkgDir === undefined || memberDir(pkg.name, pkg.path, s, paths) === direct.pkgDir)) return direct;
    if (pkg) {
      const dir = memberDir(pkg.name, pkg.path, s, paths);
      if (dir !== undefined) {
        const rel = (p: string) => normalize(dir ? `${dir}/${p}` : p);
        const build = manifestPackage(s.read(dir ? `${dir}/Cargo.toml` : 'Cargo.toml'))?.build ?? 'build.rs';
        // The log's path relative to the member (built as its own workspace), or the script its manifest names.
        const rels = [logPath.replace(/^\.\//, ''), build].map(rel).filter((p): p is string => !!p && paths.has(p));
        const hit = own(rels[0]);
        if (hit) return hit;
      }
    }
    if (direct) return direct;
  }
  if (!pkg || !crateFile) return undefined;
  // `…/<name>-<version>/build.rs` (cargo home, importCargoLock), `…/<name>/build.rs` (cargo vendor): the part inside the crate.
  const parts = logPath.split('/');
  let at = -1;
  for (let i = parts.length - 2; i >= 0 && at === -1; i--) if (parts[i] === `${pkg.name}-${pkg.version}` || parts[i] === pkg.name || parts[i]!.endsWith(`-${pkg.name}-${pkg.version}`)) at = i;
  const rel = at === -1 ? (parts.at(-1) === 'build.rs' ? 'build.rs' : undefined) : normalize(parts.slice(at + 1).join('/'));
  if (!rel) return undefined;
  const text = crateFile(pkg.name, pkg.version, rel);
  return text !== undefined && text.length <= MAX_SCRIPT ? { text, shown: `${pkg.name}-${pkg.version}/${rel}` } : undefined;
}

/** nixpkgs' attribute for a program on PATH (cargo's subcommands are packaged under their own names). */
export function programAttr(program: string): string | undefined {
  // The rule's own rows first (each with its reason, some where nixpkgs names the package otherwise), then nixpkgs' data.
  return (Object.hasOwn(TOOL_ATTR, program) ? TOOL_ATTR[program] : undefined) ?? nixpkgsProgramAttr(program) ?? (/^cargo-[\w-]+$/.test(program) ? program : undefined);
}

const list = (xs: string[]) => (xs.length <= 2 ? xs.join(' and ') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`);

/** The diagnostic with the script's program or file named, and its fix; `d` itself when the script says nothing. */
export function readPanickingScript(d: Diagnostic, s: Site, crateFile?: CrateFileReader): Diagnostic {
  const where = d.details?.buildScript ? WHERE.exec(d.details.buildScript) : null;
  if (!where) return d;
  const id = d.evidence.map((e) => CUSTOM_BUILD.exec(e)).find(Boolean);
  // Older cargo wrote a path package's id as a URL (`(file:///build/source)`); a registry or git id names no directory.
  const idPath = id?.[3]?.replace(/^(?:path\+)?file:\/\//, '');
  const pkg = id ? { name: id[1]!, version: id[2]!, ...(idPath?.startsWith('/') ? { path: idPath } : {}) } : undefined;
  const script = findScript(where[1]!, pkg, s, crateFile);
  if (!script) return d;
  const act = scriptActionAt(script.text, Number(where[2]), Number(where[3]));
  if (!act) return d;
  const of = pkg ? ` of ${pkg.name} v${pkg.version}` : '';
  const at = `${script.shown}:${act.line}`;
  const related = script.file ? [{ file: script.file, range: wholeLine(script.text, act.line - 1), message: relatedMessage(act) }] : [];
  const base = { ...d, details: { ...d.details, scriptFile: script.shown, scriptLine: String(act.line) }, ...(related.length ? { related: [...(d.related ?? []), ...related] } : {}) };
  if (act.kind === 'programs') {
    return {
      ...base,
      message: `The build script${of} stopped on std's NotFound for a program it runs (${at}): one of ${list(act.programs)}, which are looked up on the build's PATH. Add those the build lacks to nativeBuildInputs${known(act.programs)}.`,
      details: { ...base.details, programs: act.programs.join(' ') },
    };
  }
  if (act.kind === 'program') return programDiagnostic(base, act, of, at);
  return fileDiagnostic(base, act, of, at, script, s);
}

function relatedMessage(act: ScriptAction): string {
  if (act.kind === 'file') return `the build script opens ${act.path} here`;
  return `the build script runs ${act.kind === 'program' ? act.program : list(act.programs)} here`;
}

function known(programs: string[]): string {
  const attrs = programs.map((p) => [p, programAttr(p)] as const).filter(([, a]) => a);
  return attrs.length ? ` (${attrs.map(([p, a]) => `${p}: ${a}`).join(', ')})` : '';
}

function programDiagnostic(d: Diagnostic, act: Extract<ScriptAction, { kind: 'program' }>, of: string, at: string): Diagnostic {
  const program = act.program;
  const env = act.env ? ` (or set ${act.env}, which the script reads first)` : '';
  if (program.includes('/')) {
    const name = posix.basename(program);
    const attr = programAttr(name);
    const inTree = !posix.isAbsolute(program);
    const message = inTree
      ? `The build script${of} runs ${program} (${at}) and std could not start it: src lacks that file, or its #! interpreter (\`/usr/bin/env\`, \`/bin/bash\`) is not in the build sandbox — keep it in src and run patchShebangs on it in postPatch.`
      : `The build script${of} runs ${program} by its absolute path (${at}), which the build sandbox does not have: run ${name} from PATH${attr ? ` and add ${attr} to nativeBuildInputs` : ''}${env}.`;
    return { ...d, message, fixes: [], details: { ...d.details, tool: name } };
  }
  const attr = programAttr(program);
  if (!attr) {
    return {
      ...d,
      message: `The build script${of} runs ${program} (${at}), which is not on the build's PATH: add the package that provides ${program} to nativeBuildInputs${env}.`,
      fixes: [],
      details: { ...d.details, tool: program },
    };
  }
  const fix: FixIntent = { kind: 'add-inputs', nativeBuildInputs: [attr] };
  return {
    ...d,
    message: `The build script${of} runs ${program} (${at}), which is not on the build's PATH: add ${attr} to nativeBuildInputs${env}.`,
    fixes: [fix],
    details: { ...d.details, tool: program, attr },
  };
}

function fileDiagnostic(d: Diagnostic, act: Extract<ScriptAction, { kind: 'file' }>, of: string, at: string, script: Script, s: Site): Diagnostic {
  if (act.generated) {
    return {
      ...d,
      message: `The build script${of} opens ${act.path ? `${act.path} under OUT_DIR` : 'a file under OUT_DIR'} (${at}), which no earlier step wrote: not a missing program; see what should generate it.`,
      fixes: [],
      details: { ...d.details, file: act.path },
    };
  }
  // A build script runs in its package's directory: the path is the package's.
  const rel = script.pkgDir !== undefined ? normalize(script.pkgDir ? `${script.pkgDir}/${act.path}` : act.path) : undefined;
  const inTree = rel !== undefined && s.files.paths.some((p) => p === rel || p.startsWith(`${rel}/`));
  const shownPath = rel ?? act.path;
  if (!inTree) {
    return {
      ...d,
      message: `The build script${of} opens ${shownPath} (${at}), not a program: ${script.file ? 'the workspace has no such file either' : "a file of the crate's own"}, so the build's source lacks it.`,
      fixes: [],
      details: { ...d.details, file: shownPath },
    };
  }
  // The builder's src: only a form Nixify can evaluate (and written at the workspace root, where its paths are the workspace's) decides.
  const b = s.path && !s.path.includes('/') ? srcBindingOf(s) : undefined;
  const filter = b ? srcFilter(b.text) : undefined;
  const dropped = !!filter && !filter.keeps(rel!);
  const fixes: FixIntent[] = dropped ? [{ kind: 'include-in-src', path: rel!, because: 'opened by the build script' }] : [];
  const why = dropped
    ? `${filter!.name} leaves it out of src: keep it there.`
    : filter
      ? `${filter.name} keeps it in src, so something else removed it (a .gitignore'd or untracked file in a flake, a patch).`
      : 'see whether the src filter keeps it.';
  return {
    ...d,
    message: `The build script${of} opens ${rel} (${at}), not a program: the file is in the workspace but not in the build's source; ${why}`,
    fixes,
    details: { ...d.details, file: rel! },
  };
}

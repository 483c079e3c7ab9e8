// What every generator needs to know about the crate, computed once: the
// package built, its binaries, the inputs with their reasons, the source
// fileset, meta, the toolchain, and what to warn about.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { compareVersions } from '../../../shared/src/version';
import { estimateRustc } from '../check/rustcEra';
import type { InferenceResult, InferredInput } from '../infer/types';
import { gitPackages } from '../model/cargoLock';
import type { CargoManifest, Workspace } from '../model/types';
import { nixLicense } from './license';
import { raw, str, type Entry, type Nix, kv, list, pathExpr } from './nixWriter';

import type { Builder } from '../builders';

export type { Builder };

export interface InitOptions {
  builder: Builder;
  flake: boolean;
  /** Workspace member (package name) to package; default: the crate's main binary package. */
  member?: string;
  vendoring: 'cargoLock' | 'cargoHash';
  features?: string[];
  noDefaultFeatures?: boolean;
  /** Date used to estimate nixpkgs-unstable's rustc (tests pin it). */
  today?: Date;
}

/**
 * What another generator (the NixOS service) adds to the package derivation:
 * merged into package.nix's finalAttrs body, or crane's/naersk's package args.
 * Same shape as service.ts's PackageAdditions.
 */
export interface PackageExtras {
  /** nixpkgs attribute names for nativeBuildInputs (also callPackage formals in package.nix). */
  nativeBuildInputs: string[];
  /** Shell run after install; `$out` is set. */
  postInstall?: string;
  /** Why, for a comment above the attributes. */
  because: string[];
}

export interface GenContext {
  ws: Workspace;
  opts: InitOptions;
  inferred: InferenceResult;
  pkg: CargoManifest;
  pname: string;
  /** Binary members of the workspace (for per-member flake packages). */
  binaryMembers: CargoManifest[];
  mainProgram?: string;
  exists(rel: string): boolean;
  warnings: string[];
  toolchain?: { kind: 'file'; file: string } | { kind: 'version'; version: string };
  wasm: boolean;
  gitDeps: ReturnType<typeof gitPackages>;
  hasLock: boolean;
  /** What running as a service adds to the package (static assets installed and the binary wrapped). */
  packageAdditions?: PackageExtras;
}

/** wasm32 cdylib members (wasm-bindgen crates built for the browser). */
export function wasmMembers(ws: Workspace): CargoManifest[] {
  return ws.members.filter((m) => m.package && m.lib?.crateTypes.includes('cdylib') && m.dependencies.some((d) => d.package === 'wasm-bindgen'));
}

/** Disk probe under the workspace root: the default when the caller passes none. */
export const diskExists = (ws: Workspace) => (rel: string) => existsSync(join(ws.root, rel));

export function mainPackage(ws: Workspace, member?: string): CargoManifest {
  if (member) {
    const m = ws.members.find((x) => x.package?.name === member);
    if (!m) throw new Error(`no workspace member named \`${member}\` (members: ${ws.members.map((x) => x.package?.name).join(', ')})`);
    return m;
  }
  if (ws.focus) return ws.members.find((x) => x.package?.name === ws.focus)!;
  const root = ws.members.find((x) => x.dir === '' && x.package);
  if (root) return root;
  const dm = ws.rootManifest.workspace?.defaultMembers ?? [];
  return ws.members.find((x) => dm.includes(x.dir) && x.bins.length) ?? ws.members.find((x) => x.bins.length) ?? ws.members[0]!;
}

export function makeContext(ws: Workspace, inferred: InferenceResult, opts: InitOptions, exists: (rel: string) => boolean = diskExists(ws)): GenContext {
  const pkg = mainPackage(ws, opts.member);
  const warnings: string[] = [];
  const pname = pkg.package!.name;
  const bins = pkg.bins.map((b) => b.name);
  const mainProgram = pkg.package?.defaultRun ?? (bins.includes(pname) ? pname : bins[0]) ?? (pkg.lib ? undefined : pname);
  let toolchain: GenContext['toolchain'];
  if (ws.toolchain) toolchain = { kind: 'file', file: ws.toolchain.file };
  else {
    const rv = ws.members.map((m) => m.package?.rustVersion).filter((v): v is string => !!v).sort(compareVersions).at(-1);
    const unstable = estimateRustc('nixos-unstable', Math.floor((opts.today ?? new Date()).getTime() / 1000));
    if (rv && unstable && compareVersions(rv, unstable.version) > 0) {
      toolchain = { kind: 'version', version: rv.split('.').length === 2 ? `${rv}.0` : rv };
      warnings.push(`rust-version ${rv} is newer than the rustc nixpkgs-unstable is likely to have (${unstable.version}): building with rust-overlay's rust ${rv}.`);
    }
  }
  const wasm = wasmMembers(ws).length > 0;
  const hasLock = exists('Cargo.lock');
  if (!hasLock) {
    warnings.push('there is no Cargo.lock: run `cargo generate-lockfile` and commit it (and `git add` it: flakes only see tracked files); the Nix build pins every dependency from it and fails without it.');
  } else if (ws.git.ignored?.has('Cargo.lock')) {
    warnings.push('Cargo.lock is git-ignored: a flake will not see it. Remove it from .gitignore and commit it.');
  }
  if (ws.git.submodules.length) {
    warnings.push(`git submodules (${ws.git.submodules.map((s) => s.path).join(', ')}): the flake sets inputs.self.submodules = true (Nix 2.27 or later); with older Nix build it as 'git+file:.?submodules=1'.`);
  }
  if (ws.symlinks.length) {
    warnings.push(
      `the source tree has symlinks (${ws.symlinks.slice(0, 3).join(', ')}${ws.symlinks.length > 3 ? ', …' : ''}): src copies them as symlinks, so one that points outside the crate, or at a file src leaves out, dangles in the build; replace it by the file or add its target to src.`,
    );
  }
  for (const w of ws.warnings) warnings.push(w);
  return {
    ws,
    opts,
    inferred,
    pkg,
    pname,
    binaryMembers: ws.members.filter((m) => m.bins.length && m.package),
    mainProgram,
    exists,
    warnings,
    toolchain,
    wasm,
    gitDeps: ws.lock ? gitPackages(ws.lock) : [],
    hasLock,
  };
}

/** The package attribute, prefixed as the file refers to packages (`pkgs.` in flakes). */
export function inputList(inputs: InferredInput[], prefix: string): { always: Nix; linux: Nix | undefined } {
  const mk = (xs: InferredInput[]) => list(xs.map((i) => raw(prefix + i.attr)), xs.map((i) => i.because));
  const always = inputs.filter((i) => !i.linuxOnly);
  const linux = inputs.filter((i) => i.linuxOnly);
  return { always: mk(always), linux: linux.length ? mk(linux) : undefined };
}

/** `[ … ] ++ lib.optionals stdenv.hostPlatform.isLinux [ … ]` when some inputs are Linux-only. */
export function inputsExpr(inputs: InferredInput[], prefix: string, libRef: string, stdenvRef: string): Nix {
  const { always, linux } = inputList(inputs, prefix);
  if (!linux) return always;
  return { t: 'concat', parts: [always, raw(`${libRef}.optionals ${stdenvRef}.hostPlatform.isLinux`), linux] };
}

/** The files a build reads: never target/ or .git, only what exists. */
export function sourcePaths(ctx: GenContext): string[] {
  const out = new Set<string>(['Cargo.toml']);
  if (ctx.exists('Cargo.lock')) out.add('Cargo.lock');
  for (const f of ['.cargo/config.toml', '.cargo/config', 'rust-toolchain.toml', 'rust-toolchain', '.config/nextest.toml']) if (ctx.exists(f)) out.add(f);
  for (const m of ctx.ws.members) {
    const base = m.dir ? `${m.dir}/` : '';
    if (m.dir) out.add(`${m.dir}/Cargo.toml`);
    // tests/ and examples/ are compiled by the check phase (cargo test); benches/
    // only by an explicit [[bench]] target, which cargo refuses to miss, and the
    // model does not say which, so an existing benches/ is kept.
    for (const d of ['src', 'tests', 'examples', 'benches']) if (ctx.exists(`${base}${d}`)) out.add(`${base}${d}`);
    if (m.buildScript && ctx.exists(`${base}${m.buildScript}`)) out.add(`${base}${m.buildScript}`);
    if (m.lib?.path && ctx.exists(`${base}${m.lib.path}`)) out.add(`${base}${m.lib.path}`);
    for (const b of m.bins) if (b.path && !b.path.startsWith('src/') && ctx.exists(`${base}${b.path}`)) out.add(`${base}${b.path}`);
  }
  for (const a of ctx.ws.assetDirs) out.add(a);
  for (const s of ctx.ws.git.submodules) if (ctx.exists(s.path)) out.add(s.path);
  // Symlinks at the top of a member (outside src/…) are kept as links; see the warning.
  for (const l of ctx.ws.symlinks) if (![...out].some((p) => l === p || l.startsWith(`${p}/`)) && !l.startsWith('target/') && ctx.exists(l)) out.add(l);
  // Nested paths inside a listed directory are redundant for lib.fileset.unions.
  const all = [...out].sort();
  return all.filter((p) => !all.some((q) => q !== p && p.startsWith(`${q}/`)));
}

/**
 * Files a build script reads that no path above names: .proto files wherever
 * they are, when prost/tonic build code needs protoc.
 */
export function extraFilesets(ctx: GenContext, libRef: string): Nix[] {
  const protoc = [...ctx.inferred.nativeBuildInputs, ...ctx.inferred.buildInputs].some((i) => i.attr === 'protobuf');
  return protoc ? [raw(`${libRef}.fileset.fileFilter (file: file.hasExt "proto") ./.`)] : [];
}

export function srcExpr(ctx: GenContext, libRef: string): Nix {
  const paths = sourcePaths(ctx);
  return {
    t: 'call',
    fn: `${libRef}.fileset.toSource`,
    args: [
      {
        t: 'attrs',
        entries: [kv('root', raw('./.')), kv('fileset', { t: 'call', fn: `${libRef}.fileset.unions`, args: [list([...paths.map((p) => raw(pathExpr(p))), ...extraFilesets(ctx, libRef)])] })],
      },
    ],
  };
}

export function metaEntries(ctx: GenContext, libRef: string): Entry[] {
  const p = ctx.pkg.package!;
  const entries: Entry[] = [];
  if (p.description) entries.push(kv('description', str(normalizeDescription(p.description))));
  const home = p.homepage ?? p.repository;
  if (home) entries.push(kv('homepage', str(home)));
  const changelog = changelogUrl(ctx);
  if (changelog) entries.push(kv('changelog', str(changelog)));
  const lic = nixLicense(p.license);
  const why = [...(lic.unknown.length ? [`${lic.unknown.join(', ')}: no lib.licenses attribute known; add it by hand`] : []), ...lic.notes];
  const ref = (l: string) => raw(l.replace(/^lib\./, `${libRef}.`));
  if (lic.expr) entries.push(kv('license', lic.expr.length === 1 ? ref(lic.expr[0]!) : list(lic.expr.map(ref)), why.length ? why.join('; ') : undefined));
  else if (p.license || p.licenseFile) entries.push({ comment: `license: ${p.license ?? `see ${p.licenseFile}`} has no lib.licenses attribute Nixify knows; set meta.license by hand` });
  entries.push(kv('maintainers', list([])));
  if (ctx.mainProgram) entries.push(kv('mainProgram', str(ctx.mainProgram)));
  return entries;
}

/** A changelog file in the package (or the root) of a GitHub/GitLab repository: its URL on the default branch. */
function changelogUrl(ctx: GenContext): string | undefined {
  const repo = (ctx.pkg.package?.repository ?? '').replace(/\.git$/, '').replace(/\/+$/, '');
  const forge = /^https:\/\/(github\.com|gitlab\.com)\/[^/]+\/[^/]+$/.exec(repo)?.[1];
  if (!forge) return undefined;
  for (const dir of [...new Set([ctx.pkg.dir, ''])]) {
    for (const f of ['CHANGELOG.md', 'CHANGES.md', 'NEWS.md', 'RELEASES.md']) {
      const rel = dir ? `${dir}/${f}` : f;
      // HEAD: the forge's default branch, whatever it is called.
      if (ctx.exists(rel)) return `${repo}${forge === 'gitlab.com' ? '/-' : ''}/blob/HEAD/${rel}`;
    }
  }
  return undefined;
}

/** nixpkgs style: no trailing period, no leading article-cased whitespace. */
export function normalizeDescription(d: string): string {
  const t = d.trim().replace(/\s+/g, ' ');
  return t.endsWith('.') && !t.endsWith('..') ? t.slice(0, -1) : t;
}

// What every generator needs to know about the crate, computed once: the
// package built, its binaries, the inputs with their reasons, the source
// fileset, meta, the toolchain, and what to warn about.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { compareVersions } from '../../../shared/src/version';
import { estimateRustc } from '../model/rustcEra';
import type { InferenceResult, InferredInput } from '../infer/types';
import { gitPackages } from '../model/cargoLock';
import { analyzeBuildReads, type BuildReads } from '../model/buildReads';
import { ModelError, type CargoManifest, type Workspace } from '../model/types';
import { nodeFs } from '../model/workspace';
import { nixLicense } from './license';
import { wasmMembers } from './wasm';
import { browserFramework, trunkApps, type TrunkApp } from './trunk';
import { buildScriptTools, frontendPipelines, type FrontendPipeline } from './frontend';
import { attrKey, code, raw, str, textStr, type Code, type Entry, type Nix, kv, list } from './nixWriter';

export { srcExpr } from './src';

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
  /** The Nix that will evaluate the flake (`nix --version`, e.g. "2.8.0"), when the door knows it: decides how submodules are asked for. */
  nixVersion?: string;
}

/** The first Nix that reads `inputs.self.submodules`; older Nix rejects a flake that sets it (checked with Nix 2.8). */
export const SELF_SUBMODULES_NIX = '2.27';

/** How the flake brings the git submodules into its source. */
export interface Submodules {
  paths: string[];
  /**
   * `self-input`: `inputs.self.submodules = true` (the user's Nix is 2.27 or later): plain `.#…` sees them.
   * `url`: any Nix since flakes (2.4): built as `.?submodules=1#…`; the flake stops with a message naming
   * an empty submodule when it was built without.
   */
  form: 'self-input' | 'url';
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
  /** Root-relative paths the postInstall copies from the source: src must hold them. */
  sources?: string[];
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
  /** JS/CSS builds next to the crate whose output the program reads (computed with `reads`). */
  readonly frontend: FrontendPipeline[];
  /** Members trunk builds into web apps (they are not host binaries). */
  trunk: TrunkApp[];
  /** What the build (and the tests, and the program) read: every builder's src is made from it. */
  reads: BuildReads;
  /** Git submodules, when the source has any. */
  submodules?: Submodules;
}

export { wasmMembers } from './wasm';

/** Disk probe under the workspace root: the default when the caller passes none. */
export const diskExists = (ws: Workspace) => (rel: string) => existsSync(join(ws.root, rel));

export function mainPackage(ws: Workspace, member?: string): CargoManifest {
  // `[workspace] members = []` (or members without [package]): nothing to build.
  if (!ws.members.some((m) => m.package)) {
    throw new ModelError(
      `${ws.rootManifest.path}: the workspace has no package (members = [${(ws.rootManifest.workspace?.members ?? []).map((m) => JSON.stringify(m)).join(', ')}] and no [package]): add a member to package`,
      ws.rootManifest.path,
    );
  }
  if (member) {
    const m = ws.members.find((x) => x.package?.name === member);
    if (!m) throw new Error(`no workspace member named \`${member}\` (members: ${ws.members.map((x) => x.package?.name).join(', ')})`);
    return m;
  }
  if (ws.focus) return ws.members.find((x) => x.package?.name === ws.focus)!;
  const root = ws.members.find((x) => x.dir === '' && x.package);
  if (root) return root;
  const dm = ws.rootManifest.workspace?.defaultMembers ?? [];
  // A browser UI (yew/leptos csr, dioxus web) is a web app, not the program to run: a host binary comes first.
  const host = (x: CargoManifest) => x.bins.length > 0 && !browserFramework(x);
  return (
    ws.members.find((x) => dm.includes(x.dir) && host(x)) ??
    ws.members.find(host) ??
    ws.members.find((x) => dm.includes(x.dir) && x.bins.length) ??
    ws.members.find((x) => x.bins.length) ??
    ws.members[0]!
  );
}

/**
 * `reads` defaults to analysing the tree under ws.root (the Rust parser must be
 * loaded: `await ensureParser('rust')`); callers with an editor overlay pass their own.
 */
export function makeContext(ws: Workspace, inferred: InferenceResult, opts: InitOptions, exists: (rel: string) => boolean = diskExists(ws), reads?: BuildReads): GenContext {
  const pkg = mainPackage(ws, opts.member);
  const warnings: string[] = [];
  const pname = pkg.package!.name;
  const bins = pkg.bins.map((b) => b.name);
  // The page is read from the disk (the editor's probe answers existence only); an unreadable page counts as empty.
  const disk = nodeFs(ws.root);
  const readDisk = (rel: string) => {
    try {
      return disk.readFile(rel);
    } catch {
      return undefined;
    }
  };
  const trunk = trunkApps(ws, exists, readDisk);
  // Asset tools the build scripts start (tailwindcss, esbuild, sass) are build inputs too.
  const scriptTools = buildScriptTools(ws, readDisk);
  warnings.push(...scriptTools.warnings);
  const extraTools = scriptTools.tools.filter((t) => !inferred.nativeBuildInputs.some((i) => i.attr === t.attr));
  if (extraTools.length) {
    inferred = {
      ...inferred,
      nativeBuildInputs: [...inferred.nativeBuildInputs, ...extraTools.map((t) => ({ attr: t.attr, bucket: 'nativeBuildInputs' as const, because: t.because, crate: '', via: [] }))],
    };
  }
  const isTrunk = (m: CargoManifest) => trunk.some((t) => t.member === m);
  // A trunk app runs in a browser: there is no program for `nix run`.
  const mainProgram = isTrunk(pkg) ? undefined : (pkg.package?.defaultRun ?? (bins.includes(pname) ? pname : bins[0]) ?? (pkg.lib ? undefined : pname));
  let toolchain: GenContext['toolchain'];
  if (ws.toolchain) toolchain = { kind: 'file', file: ws.toolchain.file };
  else {
    const rv = ws.members
      .map((m) => m.package?.rustVersion)
      .filter((v): v is string => !!v)
      .sort(compareVersions)
      .at(-1);
    const unstable = estimateRustc('nixos-unstable', Math.floor((opts.today ?? new Date()).getTime() / 1000));
    if (rv && unstable && compareVersions(rv, unstable.version) > 0) {
      toolchain = { kind: 'version', version: rv.split('.').length === 2 ? `${rv}.0` : rv };
      warnings.push(`rust-version ${rv} is newer than the rustc nixpkgs-unstable is likely to have (${unstable.version}): building with rust-overlay's rust ${rv}.`);
    }
  }
  const wasm = wasmMembers(ws).length > 0;
  const hasLock = exists('Cargo.lock');
  if (!hasLock) {
    warnings.push(
      'there is no Cargo.lock: run `cargo generate-lockfile` and commit it (and `git add` it: flakes only see tracked files); the Nix build pins every dependency from it and fails without it.',
    );
  } else if (ws.git.ignored?.has('Cargo.lock')) {
    warnings.push('Cargo.lock is git-ignored: a flake will not see it. Remove it from .gitignore and commit it.');
  }
  let submodules: Submodules | undefined;
  if (ws.git.submodules.length) {
    const paths = ws.git.submodules.map((s) => s.path);
    const selfInput = !!opts.nixVersion && compareVersions(opts.nixVersion, SELF_SUBMODULES_NIX) >= 0;
    submodules = { paths, form: selfInput ? 'self-input' : 'url' };
    // Checked with real Nix 2.8: it rejects the whole flake ("unexpected flake input attribute
    // 'submodules'"), also as '.?submodules=1'; without that line '.?submodules=1#…' sees them.
    warnings.push(
      selfInput
        ? `git submodules (${paths.join(', ')}): the flake sets inputs.self.submodules = true, which needs Nix ${SELF_SUBMODULES_NIX} or later (this is Nix ${opts.nixVersion}); older Nix rejects the flake, whatever the URL says: there, delete that line and build '.?submodules=1#default'.`
        : `git submodules (${paths.join(', ')}): build with '.?submodules=1#default' (any Nix with flakes; inputs.self.submodules = true would make plain '.#default' see them but needs Nix ${SELF_SUBMODULES_NIX} or later${opts.nixVersion ? `, and this is Nix ${opts.nixVersion}` : ''}). Built without, the flake stops and says so; nix-build (no flake) reads the checked-out submodules.`,
    );
  }
  // Computed when a generator first asks for src (CI files and checks never do), with its warnings then.
  let buildReads: BuildReads | undefined;
  let frontend: FrontendPipeline[] = [];
  const readsOnce = (): BuildReads => {
    if (buildReads) return buildReads;
    buildReads = reads ?? analyzeBuildReads(ws, nodeFs(ws.root));
    const scan = frontendPipelines(
      ws,
      exists,
      readDisk,
      (rel) => {
        try {
          return disk.readDir(rel);
        } catch {
          return undefined;
        }
      },
      buildReads,
    );
    frontend = scan.pipelines;
    warnings.push(...scan.warnings);
    for (const o of buildReads.outside) {
      warnings.push(`${o.path} is outside the workspace root (${o.because}): no src rooted at ./. can hold it; move it inside, or make src a parent folder.`);
    }
    // A folder a frontend build makes is not missing.
    const made = (p: string) => frontend.some((f) => p === f.out || p.startsWith(`${f.out}/`) || f.out.startsWith(`${p}/`));
    for (const m of buildReads.missing.filter((x) => x.when === 'build' && !made(x.path))) warnings.push(`${m.path} does not exist (${m.because}): the build will fail unless something generates it.`);
    for (const n of buildReads.notes.filter((x) => /sqlx/.test(x))) warnings.push(n);
    return buildReads;
  };
  for (const w of ws.warnings) warnings.push(w);
  return {
    ws,
    opts,
    inferred,
    pkg,
    pname,
    binaryMembers: ws.members.filter((m) => m.bins.length && m.package && !isTrunk(m)),
    trunk,
    mainProgram,
    exists,
    warnings,
    toolchain,
    wasm,
    gitDeps: ws.lock ? gitPackages(ws.lock) : [],
    hasLock,
    submodules,
    get reads() {
      return readsOnce();
    },
    get frontend() {
      readsOnce();
      return frontend;
    },
  };
}

/** The package attribute, prefixed as the file refers to packages (`pkgs.` in flakes). */
export function inputList(inputs: InferredInput[], prefix: 'pkgs.' | ''): { always: Nix; linux: Nix | undefined } {
  const mk = (xs: InferredInput[]) =>
    list(
      xs.map((i) => raw(prefix ? code`pkgs.${attrKey(i.attr)}` : attrKey(i.attr))),
      xs.map((i) => i.because),
    );
  const always = inputs.filter((i) => !i.linuxOnly);
  const linux = inputs.filter((i) => i.linuxOnly);
  return { always: mk(always), linux: linux.length ? mk(linux) : undefined };
}

/** `[ … ] ++ lib.optionals stdenv.hostPlatform.isLinux [ … ]` when some inputs are Linux-only. */
export function inputsExpr(inputs: InferredInput[], prefix: 'pkgs.' | '', libRef: LibRef, stdenvRef: 'stdenv' | 'pkgs.stdenv'): Nix {
  const { always, linux } = inputList(inputs, prefix);
  if (!linux) return always;
  return { t: 'concat', parts: [always, raw(`${libRef}.optionals ${stdenvRef}.hostPlatform.isLinux`), linux] };
}

/** How a file refers to nixpkgs' lib: `lib` in package.nix, `pkgs.lib` in a flake. */
export type LibRef = 'lib' | 'pkgs.lib';

export function metaEntries(ctx: GenContext, libRef: LibRef): Entry[] {
  return memberMetaEntries(ctx, ctx.pkg, libRef, ctx.mainProgram);
}

/** meta of one member's package: its own description, homepage, license and binary (workspace members differ). */
export function memberMetaEntries(ctx: GenContext, member: CargoManifest, libRef: LibRef, mainProgram: string | undefined): Entry[] {
  const p = member.package!;
  const entries: Entry[] = [];
  if (p.description) entries.push(kv('description', textStr(normalizeDescription(p.description))));
  const home = p.homepage ?? p.repository;
  if (home) entries.push(kv('homepage', textStr(home)));
  const changelog = changelogUrl(ctx, member);
  if (changelog) entries.push(kv('changelog', str(changelog)));
  const lic = nixLicense(p.license);
  const why = [...(lic.unknown.length ? [`${lic.unknown.join(', ')}: no lib.licenses attribute known; add it by hand`] : []), ...lic.notes];
  const ref = (l: Code) => raw(libRef === 'lib' ? l : code`pkgs.${l}`);
  if (lic.expr) entries.push(kv('license', lic.expr.length === 1 ? ref(lic.expr[0]!) : list(lic.expr.map(ref)), why.length ? why.join('; ') : undefined));
  else if (p.license || p.licenseFile) entries.push({ comment: `license: ${p.license ?? `see ${p.licenseFile}`} has no lib.licenses attribute Nixify knows; set meta.license by hand` });
  entries.push(kv('maintainers', list([])));
  if (mainProgram) entries.push(kv('mainProgram', str(mainProgram)));
  return entries;
}

/** The binary `nix run` starts for a member: its default-run, the binary named like the package, else its first. */
export function memberMainProgram(m: CargoManifest): string | undefined {
  const bins = m.bins.map((b) => b.name);
  const pname = m.package?.name;
  return m.package?.defaultRun ?? (pname && bins.includes(pname) ? pname : bins[0]);
}

/** A changelog file in the package (or the root) of a GitHub/GitLab repository: its URL on the default branch. */
function changelogUrl(ctx: GenContext, member: CargoManifest = ctx.pkg): string | undefined {
  const repo = (member.package?.repository ?? '').replace(/\.git$/, '').replace(/\/+$/, '');
  const forge = /^https:\/\/(github\.com|gitlab\.com)\/[^/]+\/[^/]+$/.exec(repo)?.[1];
  if (!forge) return undefined;
  for (const dir of [...new Set([member.dir, ''])]) {
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

// Every builder's `src`: the Cargo files and targets plus exactly the files the
// build reads (model/buildReads.ts), each with its reason as a comment, as a
// lib.fileset union — or, for crane, crane's commonCargoSources (Cargo files,
// .rs and .toml anywhere) unioned with the non-Rust files it would drop.
// Which reads a builder needs depends on what it runs (its `runsTests`
// capability): buildRustPackage runs the tests (doCheck) and crane's flake runs
// them as a check, so their src holds test fixtures; naersk (doCheck off) and
// crate2nix (buildRustCrate runs no tests) build only. Runtime reads go in only when the package installs them.
import { CAPABILITIES } from '../builders/capabilities';
import type { BuildRead, ReadWhen } from '../model/buildReads';
import type { Builder, GenContext, LibRef } from './context';
import { call, attrs, kv, list, pathExpr, raw, type Nix } from './nixWriter';

export interface SrcEntry {
  path: string;
  because?: string;
}

/** Whether the builder's generated packaging runs `cargo test` on this src (the registry says). */
export function runsTests(builder: Builder): boolean {
  return CAPABILITIES[builder].runsTests;
}

export const moments = (builder: Builder): ReadWhen[] => (runsTests(builder) ? ['build', 'test'] : ['build']);

/** The Cargo part every builder needs, probed with the context's `exists` (works for in-memory workspaces). */
function cargoPaths(ctx: GenContext): string[] {
  const out = new Set<string>(['Cargo.toml']);
  for (const f of ['Cargo.lock', '.cargo/config.toml', '.cargo/config', 'rust-toolchain.toml', 'rust-toolchain', '.config/nextest.toml']) if (ctx.exists(f)) out.add(f);
  for (const m of ctx.ws.members) {
    const base = m.dir ? `${m.dir}/` : '';
    if (m.dir) out.add(`${m.dir}/Cargo.toml`);
    // tests/, examples/ and benches/ are targets cargo discovers, and it
    // refuses to miss a declared one, so they are kept for every builder.
    for (const d of ['src', 'tests', 'examples', 'benches']) if (ctx.exists(`${base}${d}`)) out.add(`${base}${d}`);
    if (m.buildScript && ctx.exists(`${base}${m.buildScript}`)) out.add(`${base}${m.buildScript}`);
    if (m.lib?.path && ctx.exists(`${base}${m.lib.path}`)) out.add(`${base}${m.lib.path}`);
    for (const b of m.bins) if (b.path && !b.path.startsWith('src/') && ctx.exists(`${base}${b.path}`)) out.add(`${base}${b.path}`);
  }
  return [...out];
}

/** The reads this builder's src holds: its moments, plus the runtime folders the package installs. */
function neededReads(ctx: GenContext, builder: Builder): BuildRead[] {
  const when = moments(builder);
  const installs = new Set(ctx.packageAdditions?.postInstall ? (ctx.packageAdditions.sources ?? []) : []);
  return ctx.reads.reads.filter((r) => when.includes(r.when) || (r.when === 'runtime' && [...installs].some((d) => r.path === d || r.path.startsWith(`${d}/`))));
}

/** Nested paths are redundant in a union: keep the outermost, with the first reason found for it. */
function outermost(entries: SrcEntry[]): SrcEntry[] {
  const by = new Map<string, SrcEntry>();
  for (const e of entries) if (!by.has(e.path) || (!by.get(e.path)!.because && e.because)) by.set(e.path, e);
  const all = [...by.keys()].sort();
  return all.filter((p) => !all.some((q) => q !== p && p.startsWith(`${q}/`))).map((p) => by.get(p)!);
}

/** Folders a service installs that no read names (an environment-variable default): still copied from src. */
function installedSources(ctx: GenContext): SrcEntry[] {
  if (!ctx.packageAdditions?.postInstall) return [];
  return (ctx.packageAdditions.sources ?? []).filter((p) => ctx.exists(p)).map((p) => ({ path: p, because: 'installed with the program (read at run time)' }));
}

/** What trunk apps read (their page, Trunk.toml, the assets the page names), for builders that run trunk. */
function webSources(ctx: GenContext, builder: Builder): SrcEntry[] {
  return builder === 'crane' || builder === 'buildRustPackage' ? ctx.trunk.flatMap((t) => t.sources) : [];
}

/** All .proto files, when protoc is needed but no build script names them (a path Nixify cannot follow). */
function needsProtoFallback(ctx: GenContext, reads: BuildRead[]): boolean {
  const protoc = [...ctx.inferred.nativeBuildInputs, ...ctx.inferred.buildInputs].some((i) => i.attr === 'protobuf');
  return protoc && !reads.some((r) => r.path.endsWith('.proto') || (r.isDir && r.kind !== 'cargo' && r.kind !== 'path-dependency' && r.kind !== 'patch'));
}

/** What the src of this builder holds, root-relative, outermost paths only, with reasons for the non-Cargo ones. */
export function srcEntries(ctx: GenContext, builder: Builder): SrcEntry[] {
  const reads = neededReads(ctx, builder);
  return outermost([
    ...cargoPaths(ctx).map((path) => ({ path })),
    ...reads.map((r) => ({ path: r.path, because: r.kind === 'cargo' ? undefined : r.because })),
    ...installedSources(ctx),
    ...webSources(ctx, builder),
  ]);
}

/** What a builder's src is made of: the paths of the union, whether crane's commonCargoSources is its base, whether all .proto files are added. */
export interface SrcSpec {
  entries: SrcEntry[];
  crane: boolean;
  proto: boolean;
}

export function srcSpec(ctx: GenContext, builder: Builder = ctx.opts.builder): SrcSpec {
  const crane = builder === 'crane';
  return { entries: crane ? craneSrcEntries(ctx) : srcEntries(ctx, builder), crane, proto: needsProtoFallback(ctx, neededReads(ctx, builder)) };
}

const PROTO_WHY = 'protoc reads .proto files the build script compiles';
const unions = (libRef: LibRef, items: Nix[], comments: (string | undefined)[]): Nix => call(`${libRef}.fileset.unions`, list(items, comments));

const toSource = (libRef: LibRef, fileset: Nix): Nix => call(`${libRef}.fileset.toSource`, attrs([kv('root', raw('./.')), kv('fileset', fileset)]));

/** `lib.fileset.toSource { root = ./.; fileset = lib.fileset.unions [ … ]; }` for buildRustPackage, naersk and crate2nix. */
export function srcExpr(ctx: GenContext, libRef: LibRef, builder: Builder = ctx.opts.builder): Nix {
  const s = srcSpec(ctx, builder === 'crane' ? 'buildRustPackage' : builder);
  const extra = s.proto ? [raw(`${libRef}.fileset.fileFilter (file: file.hasExt "proto") ./.`)] : [];
  return toSource(libRef, unions(libRef, [...s.entries.map((e) => raw(pathExpr(e.path))), ...extra], [...s.entries.map((e) => e.because), ...extra.map(() => PROTO_WHY)]));
}

/** crane's commonCargoSources keeps Cargo files, .rs and .toml: the non-Rust files the build reads are added to it. */
export function craneSrcEntries(ctx: GenContext): SrcEntry[] {
  const reads = neededReads(ctx, 'crane').filter((r) => {
    const rustOrToml = /\.(rs|toml)$|(^|\/)Cargo\.lock$/.test(r.path);
    // Cargo's own folders and crates are covered by commonCargoSources; a Cargo file it does not match (.cargo/config, rust-toolchain) is not.
    if (r.kind === 'cargo' || r.kind === 'path-dependency' || r.kind === 'patch') return !r.isDir && !rustOrToml;
    return r.isDir || !rustOrToml;
  });
  return outermost([
    ...reads.map((r) => ({ path: r.path, because: r.kind === 'cargo' ? "read by cargo; crane's commonCargoSources leaves it out" : r.because })),
    ...installedSources(ctx),
    ...webSources(ctx, 'crane'),
  ]);
}

export function craneSrc(ctx: GenContext): Nix {
  const s = srcSpec(ctx, 'crane');
  const extra = s.proto ? [raw('pkgs.lib.fileset.fileFilter (file: file.hasExt "proto") ./.')] : [];
  if (!s.entries.length && !extra.length) return raw('craneLib.cleanCargoSource ./.');
  return toSource(
    'pkgs.lib',
    unions(
      'pkgs.lib',
      [raw('craneLib.fileset.commonCargoSources ./.'), ...s.entries.map((e) => raw(pathExpr(e.path))), ...extra],
      ['Cargo files, .rs and .toml', ...s.entries.map((e) => e.because), ...extra.map(() => PROTO_WHY)],
    ),
  );
}

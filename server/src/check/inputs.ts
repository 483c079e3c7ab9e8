// The derivation's inputs against what the build compiles. Severity follows
// the policy written on `Severity` (types.ts):
// - error: the derivation's inputs are fully known (every list followed through
//   lets, `inherit`, `//`), and an input the build cannot do without is absent:
//   the crate has no bundled fallback and its features are known;
// - warning: the same, but a feature Nixify cannot see (a registry crate's
//   own choice) might switch the crate to its bundled copy;
// - hint: the inputs come partly from somewhere Nixify cannot follow (a function
//   argument, an overlay, overrideAttrs' `old`), or the crate builds its bundled
//   copy and the system library is only nixpkgs' idiom.
// One finding per place: calls that share `commonArgs` share its lists.
import { callKind } from '../builders';
import { addInputs, setEnv } from '../fixes/nixEdits';
import { crateInputs, infer, inferableAttrs } from '../infer/infer';
import { membersForCargoArgs, resolveBuild, type BuiltCrate } from '../infer/resolve';
import { featuresRuledOutByLock } from '../infer/knowledge';
import { propagatedBy } from '../infer/pkgConfig';
import type { InferenceResult, InferredEnv, InferredInput } from '../infer/types';
import type { BuilderCall } from '../model/nixTypes';
import type { FileEdits, LockPackage, Range, Workspace } from '../model/types';
import { readCalls, type CallReading } from './nixValues';
import type { Check, CheckContext, Finding, NixFile, Severity } from './types';

const key = (r: Range) => `${r.start.line}:${r.start.character}`;

/**
 * nixpkgs packages that provide another input under another name: aliases and
 * variants (systemd's libudev is `udev`). Facts about nixpkgs, not about crates.
 * What a library propagates (pango brings glib) is nixpkgs' propagatedBuildInputs,
 * else its pkg-config modules' Requires (infer/pkgConfig.ts propagatedBy), as inference drops it.
 */
const PROVIDES: Record<string, string[]> = {
  pkgconfig: ['pkg-config'],
  pkgconf: ['pkg-config'],
  'pkg-configUpstream': ['pkg-config'],
  systemd: ['udev'],
  systemdLibs: ['udev'],
  systemdMinimal: ['udev'],
  'libudev-zero': ['udev'],
  eudev: ['udev'],
  alsaLib: ['alsa-lib'],
  libressl: ['openssl'],
  quictls: ['openssl'],
  libclang: ['rustPlatform.bindgenHook'],
  clang: ['rustPlatform.bindgenHook'],
  'llvmPackages.libclang': ['rustPlatform.bindgenHook'],
};

/** Versioned spellings of one package: openssl_3 → openssl, protobuf_25 → protobuf, xorg.libX11 → libx11. */
export function canonical(attr: string): string {
  const a = attr.replace(/^xorg\./, '');
  const m = /^(openssl|protobuf|sqlite|zstd|libgit2|dbus|wayland|llvmPackages)(?:_[\d_]+|[\d.]+)?$/.exec(a);
  return (m ? m[1]! : a).toLowerCase();
}

/** Everything a reading provides, aliases and propagation included. */
function provided(r: CallReading): Set<string> {
  const out = new Set<string>();
  const add = (a: string) => {
    out.add(canonical(a));
    for (const p of PROVIDES[a] ?? PROVIDES[a.split('.').at(-1)!] ?? []) out.add(canonical(p));
    for (const p of propagatedBy(a)) out.add(canonical(p));
  };
  for (const i of r.inputs.items) add(i.attr);
  for (const a of r.interpolated) add(a);
  // LIBCLANG_PATH set by hand does what bindgenHook does.
  if (r.env.has('LIBCLANG_PATH')) out.add(canonical('rustPlatform.bindgenHook'));
  return out;
}

const isWasm = (t: string | undefined) => !!t && /^wasm32-/.test(t);

/** What nixpkgs would link, and (computed only when something is missing) how certain each need is. */
interface Needs {
  /** What nixpkgs would link (InferOptions.vendored 'system'): the recommendation. */
  recommended: InferenceResult;
  certainty(): Certainty;
}

interface Certainty {
  /** `bucket:attr` the build cannot do without (bundled copies allowed, as Cargo builds by default). */
  required: Set<string>;
  /** `bucket:attr` only opened by the program at run time (dlopen): the build succeeds without them. */
  loadedAtRunTime: Set<string>;
  /** name@version of crates whose features are all known. */
  featuresKnown: Set<string>;
  /** name@version of crates that hang below a crate whose workspace-toggled features are off. */
  maybeNotBuilt: Set<string>;
  /** name@version → its Cargo.lock entry. */
  lockPackages: Map<string, LockPackage>;
  /** The manifests (and, from the cargo cache, build scripts) the inference read, for the worst case too. */
  manifestOf: CheckContext['manifestOf'];
}

const needsCache = new WeakMap<Workspace, Map<string, Needs>>();

/** The needs of the members a call builds (`-p x`, `--workspace`, buildAndTestSubdir), else the default selection. */
function needsOf(ctx: CheckContext, members: string[] | undefined): Needs {
  const k = members ? members.join(',') : '';
  const perWs = needsCache.get(ctx.ws) ?? new Map<string, Needs>();
  needsCache.set(ctx.ws, perWs);
  const cached = perWs.get(k);
  if (cached && (members || cached.recommended === ctx.inferred)) return cached;
  const chosen = members ?? (ctx.ws.focus ? [ctx.ws.focus] : undefined);
  let certainty: Certainty | undefined;
  const needs: Needs = {
    recommended: members ? infer(ctx.ws, { members: chosen, manifestOf: ctx.manifestOf }) : ctx.inferred,
    certainty: () => (certainty ??= certaintyOf(ctx.ws, chosen, ctx.manifestOf)),
  };
  perWs.set(k, needs);
  return needs;
}

function certaintyOf(ws: Workspace, members: string[] | undefined, manifestOf: CheckContext['manifestOf']): Certainty {
  const { crates } = resolveBuild(ws, { members, manifestOf });
  // What the build asks for when every crate may build its bundled copy: the same inference, vendored 'bundled'.
  const required = new Set<string>();
  const loadedAtRunTime = new Set<string>();
  const bundled = infer(ws, { members, manifestOf, vendored: 'bundled' });
  // A library that only the program opens (dlopen) is not needed to build.
  for (const i of [...bundled.nativeBuildInputs, ...bundled.buildInputs, ...(bundled.propagated ?? [])]) (i.loadedAtRunTime ? loadedAtRunTime : required).add(`${i.bucket}:${i.attr}`);
  const out: Certainty = {
    required,
    loadedAtRunTime,
    featuresKnown: new Set(),
    maybeNotBuilt: new Set(),
    lockPackages: new Map((ws.lock?.packages ?? []).map((p) => [`${p.name}@${p.version}`, p])),
    manifestOf,
  };
  // Certain only when every crate above it on the way down has known features:
  // a registry crate Nixify cannot read (dix asking rusqlite for `bundled`) could
  // otherwise pass the feature that switches it to its bundled copy.
  const unknownNames = new Set([...crates.values()].filter((c) => !c.featuresKnown).map((c) => c.pkg.name));
  for (const c of crates.values()) if (c.via.slice(0, -1).every((n) => !unknownNames.has(n))) out.featuresKnown.add(c.key);
  // A crate whose features the workspace toggles (`avif = ["image/avif-native"]`) and
  // that are off here may owe some of its Cargo.lock dependencies to them: what hangs
  // below it is not certainly built.
  const toggled = new Map<string, Set<string>>();
  for (const m of ws.members) {
    const pkgOf = new Map(m.dependencies.map((d) => [d.name, d.package]));
    for (const entries of Object.values(m.features)) {
      for (const e of entries) {
        const mm = /^([^/?]+)\??\/(.+)$/.exec(e);
        const pkg = mm && !e.startsWith('dep:') ? pkgOf.get(mm[1]!) : undefined;
        if (pkg) toggled.set(pkg, (toggled.get(pkg) ?? new Set()).add(mm![2]!));
      }
    }
  }
  const byName = new Map<string, BuiltCrate[]>();
  for (const c of crates.values()) byName.set(c.pkg.name, [...(byName.get(c.pkg.name) ?? []), c]);
  for (const c of crates.values()) {
    if (c.via.slice(0, -1).some((n) => [...(toggled.get(n) ?? [])].some((f) => (byName.get(n) ?? []).some((p) => !p.features.has(f))))) out.maybeNotBuilt.add(c.key);
  }
  return out;
}

/** Which members a call builds, from its cargo arguments as the reader resolves them (the inference's reading of cargo's command line). */
function membersOf(ws: Workspace, r: CallReading): string[] | undefined {
  const words = r.cargoArgs
    .split(/\s+/)
    .map((w) => w.replace(/^[["']+|[\]"';]+$/g, ''))
    .filter(Boolean);
  return membersForCargoArgs(ws, words, r.subdir);
}

/**
 * Whether the crate needs the input with every feature on that Cargo.lock does not
 * rule out: then no feature Nixify cannot see can switch it to a bundled copy
 * (openssl-sys without openssl-src in the lock cannot be `vendored`).
 */
function neededWhateverFeatures(i: InferredInput, needs: Certainty): boolean {
  const pkg = needs.lockPackages.get(i.crate);
  if (!pkg) return false;
  const off = featuresRuledOutByLock(
    pkg.name,
    pkg.dependencies.map((d) => d.split(' ')[0]!),
    pkg.version,
  );
  const worst: ReadonlySet<string> = {
    has: (f: string) => !off.has(f),
    size: Infinity,
    [Symbol.iterator]: () => [][Symbol.iterator](),
  } as unknown as ReadonlySet<string>;
  return crateInputs({ pkg, features: worst, featuresKnown: false }, 'bundled', { manifestOf: needs.manifestOf }).some((r) => [...r.native, ...r.build].includes(i.attr));
}

/** Inputs that wrap the installed program: without them it builds, and may fail at run time. */
const RUNTIME_ONLY = /^(wrapGAppsHook\d*|wrapQtAppsHook|qt\d\.wrapQtAppsHook|makeWrapper|makeBinaryWrapper)$/;

function calleeRange(call: BuilderCall): Range {
  return { start: call.range.start, end: { line: call.range.start.line, character: call.range.start.character + call.callee.length } };
}

/** The Cargo.toml dependency a member wrote that leads to the crate. */
function origin(ws: Workspace, i: { via: string[] }) {
  for (const m of ws.members) {
    const d = m.dependencies.find((x) => x.package === i.via[0] && x.range);
    if (d) return { file: m.path, range: d.range!, name: d.name };
  }
  return undefined;
}

type Missing = InferredInput & { level: Severity; why: string };

export const nativeInputs: Check = (ctx) => {
  const { ws, nixFiles } = ctx;
  if (!ws.lock) return [];
  const findings: Finding[] = [];
  const seen = new Set<string>();
  // An input a crate would use if present (zlib for libz-sys' bundled fallback) is not unused.
  const needed = new Set([...ctx.inferred.nativeBuildInputs, ...ctx.inferred.buildInputs, ...(ctx.inferred.propagated ?? [])].map((i) => i.attr).concat(ctx.inferred.alsoUsable ?? []));
  for (const file of nixFiles) {
    const calls = file.model.calls.filter((c) => callKind(c.kind).compiles);
    for (const r of readCalls(file.text, calls)) {
      const { call } = r;
      const needs = needsOf(ctx, membersOf(ws, r));
      const { recommended } = needs;
      const have = provided(r);
      const wasm = isWasm(r.target);
      const missing: Missing[] = [];
      for (const i of [...recommended.nativeBuildInputs, ...recommended.buildInputs]) {
        if (have.has(canonical(i.attr))) continue;
        // A wasm32 build links no host C library and runs no pkg-config probe that matters.
        if (wasm && (i.bucket === 'buildInputs' || i.attr === 'pkg-config')) continue;
        missing.push({ ...i, ...severityOf(i, r, needs.certainty()) });
      }
      const missingEnv = wasm ? [] : recommended.env.filter((e) => !r.env.has(e.name));
      if (missing.length || missingEnv.length) {
        const place = placeOf(r, missing);
        const dedupe = `${file.path}:${key(place.range)}`;
        if (!seen.has(dedupe)) {
          seen.add(dedupe);
          findings.push(...missingFindings(ws, file, r, place, missing, missingEnv));
        }
      }
      for (const list of [call.nativeBuildInputs, call.buildInputs]) {
        for (const item of list?.items ?? []) {
          const attr = item.text.replace(/^pkgs\./, '').trim();
          const k = `${file.path}:unused:${key(item.range)}`;
          if (!inferableAttrs().has(attr) || needed.has(attr) || seen.has(k)) continue;
          seen.add(k);
          findings.push({
            code: 'unused-native-input',
            severity: 'hint',
            file: file.path,
            range: item.range,
            message: `Nothing the build compiles needs ${attr} any more (no crate in Cargo.lock that the Linux build uses implies it).`,
            unnecessary: true,
            fixes: [{ title: `Remove ${attr}`, edits: [{ path: file.path, edits: [{ range: widen(file.text, item.range), newText: '' }] }] }],
          });
        }
      }
    }
  }
  return findings;
};

function severityOf(i: InferredInput, r: CallReading, needs: Certainty): { level: Severity; why: string } {
  if (RUNTIME_ONLY.test(i.attr)) return { level: 'hint', why: 'without it the program builds but may not find its resources at run time' };
  const k = `${i.bucket}:${i.attr}`;
  if (!needs.required.has(k) && needs.loadedAtRunTime.has(k)) return { level: 'hint', why: 'the program loads it at run time (dlopen): it builds without it, and fails when it opens it' };
  if (!needs.required.has(k)) return { level: 'hint', why: 'the crate builds its bundled copy without it; nixpkgs links the system one' };
  if (!r.inputs.complete) return { level: 'hint', why: `Nixify cannot see all of this derivation's inputs (${[...new Set(r.inputs.unknown)].slice(0, 3).join('; ')})` };
  // A library found through *_DIR env instead of pkg-config needs no pkg-config.
  if (i.attr === 'pkg-config' && [...r.env].some((e) => /_(DIR|PATH|PREFIX)$/.test(e))) return { level: 'hint', why: 'an env variable points a crate at its library, so pkg-config may not be needed' };
  if (needs.maybeNotBuilt.has(i.crate)) return { level: 'warning', why: `${i.crate.replace('@', ' ')} may come from a feature this build leaves off` };
  if (!needs.featuresKnown.has(i.crate) && !neededWhateverFeatures(i, needs)) return { level: 'warning', why: `the features of ${i.crate.replace('@', ' ')} are not all known to Nixify` };
  return { level: 'error', why: '' };
}

interface Place {
  range: Range;
  /** The literal list the missing inputs go into, when it is not the call's own. */
  list?: { range: Range; bucket: 'nativeBuildInputs' | 'buildInputs' };
}

/** Where the missing inputs go: the list that defines them (maybe in a let or commonArgs), else the call. */
function placeOf(r: CallReading, missing: Missing[]): Place {
  const wantBuild = missing.some((m) => m.bucket === 'buildInputs');
  const bucket = wantBuild && r.places.buildInputs ? 'buildInputs' : r.places.nativeBuildInputs ? 'nativeBuildInputs' : r.places.buildInputs ? 'buildInputs' : undefined;
  const p = bucket ? r.places[bucket] : undefined;
  if (!p || !bucket) return { range: r.call.pathArg ?? calleeRange(r.call) };
  return { range: p.range, list: p.listRange ? { range: p.listRange, bucket } : undefined };
}

const ORDER: Severity[] = ['error', 'warning', 'info', 'hint'];
const worst = (levels: Severity[]) => ORDER.find((s) => levels.includes(s)) ?? 'hint';

function missingFindings(ws: Workspace, file: NixFile, r: CallReading, place: Place, missing: Missing[], env: InferredEnv[]): Finding[] {
  const build = missing.filter((i) => i.bucket === 'buildInputs');
  const native = missing.filter((i) => i.bucket === 'nativeBuildInputs');
  const reasons = [...new Set([...build, ...native].map((i) => i.because).concat(env.map((e) => e.because)))];
  const severity = worst(missing.map((m) => m.level));
  const lead = ORDER.filter((level) => missing.some((m) => m.level === level))
    .map((level) => {
      const these = missing.filter((m) => m.level === level);
      const what = these.map((m) => `${m.attr} (${m.bucket})`).join(', ');
      const whys = [...new Set(these.map((m) => m.why).filter(Boolean))].join('; ');
      if (level === 'error') return `The build needs ${what}`;
      if (level === 'warning') return `The build likely needs ${what}: ${whys}`;
      return `${severity === 'hint' ? 'Check that the build gets' : 'Also'} ${what}: ${whys}`;
    })
    .concat(env.length ? [`nixpkgs also sets env ${env.map((e) => e.name).join(', ')}`] : [])
    .join('. ');
  const fixes = fixFor(file, r, place, build, native, env);
  const related = [...build, ...native].map((i) => ({ i, o: origin(ws, i) })).filter((x) => x.o);
  const out: Finding[] = [
    {
      code: 'missing-native-input',
      severity,
      file: file.path,
      range: place.range,
      message: `${lead}. Why: ${reasons.join('; ')}.`,
      related: related.map(({ i, o }) => ({ file: o!.file, range: o!.range, message: `${o!.name} pulls in ${i.crate.replace('@', ' ')}` })),
      fixes: fixes
        ? [
            {
              title: `Add ${[...build, ...native]
                .map((i) => i.attr)
                .concat(env.map((e) => `env.${e.name}`))
                .join(', ')}`,
              edits: fixes,
              preferred: severity === 'error',
            },
          ]
        : [],
    },
  ];
  // On the dependency that pulled the crate in, where the person reading Cargo.toml looks: only for real needs.
  if (severity === 'hint') return out;
  const byOrigin = new Map<string, { file: string; range: Range; name: string; attrs: string[] }>();
  for (const { i, o } of related) {
    if (i.level === 'hint') continue;
    const k = `${o!.file}:${key(o!.range)}`;
    const cur = byOrigin.get(k) ?? { ...o!, attrs: [] };
    cur.attrs.push(i.attr);
    byOrigin.set(k, cur);
  }
  for (const o of byOrigin.values()) {
    out.push({
      code: 'missing-native-input',
      severity: 'hint',
      file: o.file,
      range: o.range,
      message: `${o.name} needs ${[...new Set(o.attrs)].join(', ')} in the Nix build, and ${file.path} does not provide ${o.attrs.length > 1 ? 'them' : 'it'}.`,
      fixes: fixes ? [{ title: `Add ${[...new Set(o.attrs)].join(', ')} to ${file.path}`, edits: fixes }] : [],
    });
  }
  return out;
}

/** Edits that add the inputs where they belong: the call's own lists, or the let-bound list that defines them. */
function fixFor(file: NixFile, r: CallReading, place: Place, build: InferredInput[], native: InferredInput[], env: InferredEnv[]): FileEdits[] | undefined {
  const { call } = r;
  if (call.pathArg) return undefined;
  const own = (b: 'nativeBuildInputs' | 'buildInputs') => !r.places[b] || (call[b] && sameStart(call[b]!.range, r.places[b]!.listRange ?? r.places[b]!.range));
  if (own('nativeBuildInputs') && own('buildInputs')) {
    const edits = [...addInputs(file.text, call, { nativeBuildInputs: native.map((i) => i.attr), buildInputs: build.map((i) => i.attr) }), ...setEnv(file.text, call, env)];
    return edits.length ? [{ path: file.path, edits }] : undefined;
  }
  // The lists live elsewhere (a let, commonArgs): add to that literal list when there is one.
  if (!place.list || env.length) return undefined;
  const names = (place.list.bucket === 'buildInputs' ? build : native).map((i) => i.attr);
  const other = place.list.bucket === 'buildInputs' ? native : build;
  if (!names.length || other.length) return undefined;
  const end = place.list.range.end;
  const close = { line: end.line, character: end.character - 1 };
  const line = file.text.split('\n')[close.line] ?? '';
  const multiline = place.list.range.start.line !== end.line;
  const indent = multiline ? `${/^\s*/.exec(line)![0]}  ` : '';
  const newText = multiline ? `${names.map((n) => `${indent}${n}\n`).join('')}` : `${names.join(' ')} `;
  return [{ path: file.path, edits: [{ range: { start: multiline ? { line: close.line, character: 0 } : close, end: multiline ? { line: close.line, character: 0 } : close }, newText }] }];
}

const sameStart = (a: Range, b: Range) => a.start.line === b.start.line && a.start.character === b.start.character;

/** Removing a list item takes the whitespace before it along. */
function widen(text: string, r: Range): Range {
  const line = text.split('\n')[r.start.line] ?? '';
  const before = line.slice(0, r.start.character);
  if (/^\s*$/.test(before) && r.start.line > 0) {
    const prev = text.split('\n')[r.start.line - 1] ?? '';
    return { start: { line: r.start.line - 1, character: prev.length }, end: r.end };
  }
  const ws = /\s*$/.exec(before)![0].length;
  return { start: { line: r.start.line, character: r.start.character - ws }, end: r.end };
}

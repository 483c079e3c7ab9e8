// Native inputs of the Linux build: the crates the build compiles (resolve.ts)
// run through the data table (table.ts). Deterministic, sorted, each input
// with the first reason found for it.
import type { Workspace } from '../model/types';
import { resolveBuild, type BuiltCrate, type Resolution } from './resolve';
import { dataFacts, factAttrs, fromFacts, fromLock, type Signal } from './signals';
import { linkedBy, propagatedBy } from './pkgConfig';
import { KNOWN_ATTRS, rowFor, rulesFor } from './table';
import type { InferenceResult, InferOptions, InferredEnv, InferredInput, InputBucket } from './types';
import { compareText } from '../../../shared/src/textOrder';

function because(c: BuiltCrate, note?: string): string {
  const [name, version] = [c.pkg.name, c.pkg.version];
  const path = c.via.length > 1 ? ` via ${c.via.slice(0, -1).join(' → ')}` : ` (a dependency of ${c.member})`;
  return `${name} ${version}${path}${note ? `: ${note}` : ''}`;
}

const envNix = (v: string | boolean) => (typeof v === 'boolean' ? String(v) : `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`);

/** What one crate's build needs under a bundling policy. */
export interface CrateNeed {
  native: string[];
  build: string[];
  env: Record<string, string | boolean>;
  note?: string;
  linuxOnly?: boolean;
  runtime?: true;
}

/**
 * The one decision of what a crate needs, for inference, checks and hovers alike: its table row,
 * else its own build script facts (cargo cache, else the committed data), else its lock edges.
 */
export function crateInputs(
  c: Pick<BuiltCrate, 'pkg' | 'featuresKnown'> & { features: ReadonlySet<string>; users?: ReadonlyMap<string, string> },
  policy: NonNullable<InferOptions['vendored']>,
  opts: Pick<InferOptions, 'withoutData' | 'buildFactsOf' | 'manifestOf'> = {},
): CrateNeed[] {
  if (!opts.withoutData?.has(c.pkg.name) && rowFor(c.pkg.name)) {
    const facts = {
      version: c.pkg.version,
      features: c.features,
      featuresKnown: c.featuresKnown,
      vendored: policy,
      lockDeps: new Set(c.pkg.dependencies.map((d) => d.split(' ')[0]!)),
      users: c.users,
    };
    return rulesFor(c.pkg.name, facts).map((r) => ({ native: r.native ?? [], build: r.build ?? [], env: r.envAll, note: r.note, linuxOnly: r.linuxOnly, runtime: r.runtime }));
  }
  const fromCache = c.pkg.source?.startsWith('registry+') ? (opts.buildFactsOf ?? opts.manifestOf?.buildFactsOf)?.(c.pkg.name, c.pkg.version) : undefined;
  const facts = fromCache ?? dataFacts(c.pkg.name, opts.withoutData);
  // Facts that show no probe, no link name and nothing compiled leave the lock's reading (a library linked by name).
  const silent = facts && !facts.links && !facts.pkgConfig.length && !facts.pkgConfigByFeature && !facts.pkgConfigVariables && !facts.cc && !facts.cmake && !facts.autotools;
  const sig: Signal | undefined =
    facts && !silent ? fromFacts(facts, c.features, policy, c.pkg.dependencies) : (fromLock(c.pkg, c.features, policy) ?? (facts && fromFacts(facts, c.features, policy, c.pkg.dependencies)));
  return sig ? [sig] : [];
}

export function infer(ws: Workspace, opts: InferOptions = {}): InferenceResult {
  return inferFromResolution(ws, resolveBuild(ws, opts), opts);
}

/**
 * What crateInputs said of a built crate under a policy (and, for a table row, its users): the
 * language server maps a resolution onto an edited lock keeping the crates the edit did not touch
 * (reuse.ts), so their needs are not asked again. Crates are not changed once resolved; the key
 * holds the policy and users because inference asks under two policies.
 */
const needsMemo = new WeakMap<BuiltCrate, Map<string, CrateNeed[]>>();

/** The inputs of the crates a resolution builds (the language server maps a kept resolution onto an edited lock: reuse.ts). */
export function inferFromResolution(ws: Workspace, resolution: Pick<Resolution, 'crates' | 'memberBuildDeps'>, opts: InferOptions = {}): InferenceResult {
  const { crates, memberBuildDeps } = resolution;
  const policy = opts.vendored ?? 'system';
  const found = new Found();
  const needs = new Needs(usersOfRows(crates), opts);
  for (const c of byDepth(crates)) found.crate(c, policy, needs);
  memberProbes(found.inputs, memberBuildDeps);
  // Compiled for wasm32, nothing links a host C library and pkg-config probes are moot;
  // build scripts still run on the host, so their tools (protoc, cmake, bindgen) stay.
  if (opts.target?.startsWith('wasm32-')) {
    for (const [k, i] of found.inputs) if (i.bucket === 'buildInputs' || i.attr === 'pkg-config') found.inputs.delete(k);
    found.env.clear();
  }
  const propagated = dropPropagated(found.inputs);
  const bucket = (b: InputBucket) => [...found.inputs.values()].filter((i) => i.bucket === b).sort((x, y) => compareText(x.attr, y.attr));
  // A tool needed natively is not also a library input.
  return {
    nativeBuildInputs: bucket('nativeBuildInputs'),
    buildInputs: bucket('buildInputs'),
    env: [...found.env.values()].sort((a, b) => compareText(a.name, b.name)),
    builtCrates: [...new Set([...crates.values()].map((c) => c.key))].sort(),
    ...(propagated.length ? { propagated: propagated.sort((a, b) => compareText(a.attr, b.attr)) } : {}),
    alsoUsable: [...found.usable].filter((a) => !found.inputs.has(`nativeBuildInputs:${a}`) && !found.inputs.has(`buildInputs:${a}`)).sort(),
    ...(ws.lock ? {} : { withoutLock: true }),
  };
}

// inferFromResolution's steps are module-level functions and methods, each with its own loop: the
// language server runs it on every version edit, and V8 compiled it as one function with every
// closure inlined (≈ 25–50 ms of one thread, a tail of the edit it landed in).

/** The built crates nearest the members first, then by key: the first reason found for an input is the shortest. */
function byDepth(crates: Map<string, BuiltCrate>): BuiltCrate[] {
  return [...crates.values()].sort((a, b) => a.via.length - b.via.length || compareText(a.key, b.key));
}

/**
 * Who depends on each built crate (name → version): a dlopen wrapper opens what its users ask for.
 * Only a table row reads them (crateInputs), so only those crates' users are gathered.
 */
function usersOfRows(crates: Map<string, BuiltCrate>): Map<string, Map<string, string>> {
  const users = new Map<string, Map<string, string>>();
  for (const b of crates.values()) {
    for (const d of b.pkg.dependencies) {
      const sp = d.indexOf(' ');
      const name = sp === -1 ? d : d.slice(0, sp);
      if (rowFor(name)) users.set(name, (users.get(name) ?? new Map()).set(b.pkg.name, b.pkg.version));
    }
  }
  return users;
}

/** crateInputs per built crate and policy, through needsMemo. */
class Needs {
  private readonly memo: WeakMap<BuiltCrate, Map<string, CrateNeed[]>> | undefined;

  constructor(
    private readonly users: Map<string, Map<string, string>>,
    private readonly opts: InferOptions,
  ) {
    this.memo = opts.withoutData || opts.buildFactsOf ? undefined : needsMemo;
  }

  of(c: BuiltCrate, p: NonNullable<InferOptions['vendored']>): CrateNeed[] {
    const u = this.users.get(c.pkg.name);
    const key = u ? `${p}\u0000${[...u].join('\u0000')}` : p;
    let mine = this.memo?.get(c);
    const had = mine?.get(key);
    if (had) return had;
    const needs = crateInputs({ ...c, users: u }, p, this.opts);
    if (this.memo) {
      // A table row's users may change while the crate stays: a few answers are kept, not every one.
      if (!mine || mine.size > 4) this.memo.set(c, (mine = new Map()));
      mine.set(key, needs);
    }
    return needs;
  }
}

/** The inputs, environment and usable libraries found so far, the first reason for each kept. */
class Found {
  readonly inputs = new Map<string, InferredInput>();
  readonly env = new Map<string, InferredEnv>();
  /** What a crate would also link if nixpkgs provided it (a bundled fallback after a pkg-config probe). */
  readonly usable = new Set<string>();

  crate(c: BuiltCrate, policy: NonNullable<InferOptions['vendored']>, needs: Needs): void {
    for (const rule of needs.of(c, policy)) {
      for (const a of rule.native) this.add(a, 'nativeBuildInputs', c, rule);
      for (const a of rule.build) this.add(a, 'buildInputs', c, rule);
      for (const [name, value] of Object.entries(rule.env)) {
        if (!this.env.has(name)) this.env.set(name, { name, value, nix: envNix(value), because: because(c), crate: c.key, via: c.via });
      }
    }
    // Only what the crate picks up by itself when present: a library behind an env knob is not used without it.
    if (policy !== 'all-system') for (const rule of needs.of(c, 'all-system')) if (!Object.keys(rule.env).length) for (const a of [...rule.native, ...rule.build]) this.usable.add(a);
  }

  private add(attr: string, bucket: InputBucket, c: BuiltCrate, rule: CrateNeed): void {
    const k = `${bucket}:${attr}`;
    const had = this.inputs.get(k);
    // Needed to build beats needed only at run time.
    if (!had || (had.loadedAtRunTime && !rule.runtime))
      this.inputs.set(k, {
        attr,
        bucket,
        because: because(c, rule.note),
        crate: c.key,
        via: c.via,
        linuxOnly: rule.linuxOnly || undefined,
        ...(rule.runtime ? { loadedAtRunTime: true as const } : {}),
        ...(c.factsFrom?.length ? { checkedAgainst: c.factsFrom } : {}),
      });
  }
}

/**
 * A member's own build script that depends on pkg-config (or system-deps) calls it: the
 * workspace's code is built, so no bundled fallback is in the way as it may be for a -sys crate.
 */
function memberProbes(inputs: Map<string, InferredInput>, memberBuildDeps: Map<string, Set<string>>): void {
  for (const [member, deps] of [...memberBuildDeps].sort((a, b) => compareText(a[0], b[0]))) {
    const probe = ['pkg-config', 'system-deps'].find((d) => deps.has(d));
    const k = 'nativeBuildInputs:pkg-config';
    if (probe && !inputs.has(k)) inputs.set(k, { attr: 'pkg-config', bucket: 'nativeBuildInputs', because: `${member}'s build script uses the ${probe} crate`, crate: probe, via: [probe] });
  }
}

/**
 * A library another linked library propagates (nixpkgs' propagatedBuildInputs, else its .pc requires
 * it) needs no line of its own; one the program opens at run time neither, when a library it has
 * anyway links it (libX11 loads libxcb). Those are taken out of `inputs` and returned.
 */
function dropPropagated(inputs: Map<string, InferredInput>): (InferredInput & { by: string })[] {
  const propagated: (InferredInput & { by: string })[] = [];
  const libs = [...inputs.values()].filter((i) => i.bucket === 'buildInputs');
  for (const i of libs) {
    // At build time what nixpkgs propagates is there; at run time what the dynamic loader loads with a library: what it links.
    const brought = i.loadedAtRunTime ? linkedBy : propagatedBy;
    const by = libs.find((o) => o !== i && (i.loadedAtRunTime || !o.loadedAtRunTime) && brought(o.attr).has(i.attr) && !brought(i.attr).has(o.attr));
    if (by) propagated.push({ ...i, by: by.attr });
  }
  for (const p of propagated) inputs.delete(`buildInputs:${p.attr}`);
  return propagated;
}

/** The stable `nixify infer --json` shape. */
export function inferenceToJson(r: InferenceResult): {
  nativeBuildInputs: string[];
  buildInputs: string[];
  env: Record<string, string | boolean>;
  reasons: { input: string; because: string }[];
} {
  return {
    nativeBuildInputs: r.nativeBuildInputs.map((i) => i.attr),
    buildInputs: r.buildInputs.map((i) => i.attr),
    env: Object.fromEntries(r.env.map((e) => [e.name, e.value])),
    reasons: [...r.nativeBuildInputs, ...r.buildInputs].map((i) => ({ input: i.attr, because: i.because })).concat(r.env.map((e) => ({ input: `env.${e.name}`, because: e.because }))),
  };
}

let inferable: ReadonlySet<string> | undefined;
/** Every attribute inference can emit (table rows and committed build-script facts): an input outside it is not ours to call unused. */
export function inferableAttrs(): ReadonlySet<string> {
  return (inferable ??= new Set([...KNOWN_ATTRS, ...factAttrs()]));
}

// Which crates of Cargo.lock the Linux release build compiles, and with which
// features, starting from the selected workspace members.
//
// Members are resolved exactly from their manifests (dev-dependencies,
// `[target.'cfg(..)']` tables and optional dependencies behind features that
// are off are skipped). Below them only the lock's edges exist: they carry no
// kind, target or feature, so platform-only crates are pruned by name and the
// feature-gated edges of the crates that matter are known facts (knowledge.ts).
// Crates reached through edges we know nothing about get their default features.
//
// What stays unknowable without the registry manifests (not available offline):
// - a registry crate's optional dependencies and which of its features enable
//   them: every lock edge is assumed built unless knowledge.ts gates it or the
//   workspace itself names a feature for it that is off (feature vocabulary);
// - target-specific dependencies of registry crates: only crates known to be
//   for other platforms are pruned (by name), along with what hangs below them;
// - the features a registry crate turns on in its own dependencies, except the
//   forwarding chains knowledge.ts lists. So the result leans to over-inclusion
//   below the members, and is exact for the members themselves.
import { compareVersions } from '../../../shared/src/version';
import type { CargoLock, CargoManifest, DependencySpec, LockPackage, Workspace } from '../model/types';
import { targetApplies, targetsFor } from './cfg';
import { resolveMemberFeatures } from './features';
import { recordedManifest, type PublishedFacts } from './depManifests';
import { edgeActive, featureNamesDep, forwardedFeatures, platformOnly } from './knowledge';
import type { InferOptions } from './types';

export interface BuiltCrate {
  key: string; // name@version
  pkg: LockPackage;
  features: Set<string>;
  /** Every contribution to `features` came from a manifest or a known forwarding rule. */
  featuresKnown: boolean;
  /** The chain of crate names from the member's direct dependency down to this crate. */
  via: string[];
  /** The member that pulls it in. */
  member: string;
  /**
   * Where the manifest facts that let the edges down to this crate through were read, when a crate on
   * `via` was resolved from recorded facts (data/crateManifests.json) rather than the lock alone.
   */
  factsFrom?: string[];
  /**
   * Some edge on `via` was taken from Cargo.lock alone (no member manifest, cached or recorded
   * manifest named it): the crate is built unless that edge is optional and off.
   */
  guessed?: true;
  /**
   * Compiled for the build host only, as a build-dependency (or below one) under resolver 2:
   * a unit apart from the target's, with its own features. The same crate may be in both.
   */
  host?: true;
}

export interface Resolution {
  crates: Map<string, BuiltCrate>;
  members: CargoManifest[];
  /** Per built workspace member (selected or reached by path), the crates its own build script depends on. */
  memberBuildDeps: Map<string, Set<string>>;
  /** The workspace members and path crates compiled: the selected ones and those they reach by path. */
  builtMembers: Set<string>;
}

const keyOf = (p: { name: string; version: string }) => `${p.name}@${p.version}`;

/** Lock packages by name, and what each `dependencies` entry or manifest dependency resolves to. */
export class LockIndex {
  private readonly byName = new Map<string, LockPackage[]>();

  constructor(lock: CargoLock | undefined) {
    for (const p of lock?.packages ?? []) this.byName.set(p.name, [...(this.byName.get(p.name) ?? []), p]);
  }

  private readonly entries = new Map<string, LockPackage | undefined>();

  /** Resolves a lock `dependencies` entry: "name", "name version" or "name version (source)". */
  entry(raw: string): LockPackage | undefined {
    // The same edge strings recur across the lock (every crate that uses `libc`).
    if (this.entries.has(raw)) return this.entries.get(raw);
    const p = this.lookup(raw);
    this.entries.set(raw, p);
    return p;
  }

  private lookup(raw: string): LockPackage | undefined {
    const m = /^(\S+)(?: (\S+))?(?: \((.+)\))?$/.exec(raw.trim());
    if (!m) return undefined;
    const [, name, version, source] = m;
    const c = this.byName.get(name!);
    if (!c) return undefined;
    // Cargo writes just the name when it is unique, adds the version when
    // several versions are locked, and the source when one version comes from two places.
    if (!version) return c[0];
    const same = c.filter((p) => p.version === version);
    if (same.length) return (source ? same.find((p) => p.source === source) : undefined) ?? same[0];
    // No package has the version the entry names (a version edited by hand, its dependents' entries
    // left as they were): the entry meant the package of that name still on its semver line.
    const line = c.filter((p) => onLine(p.version, version!));
    return (
      (source
        ? semverPick(
            line.filter((p) => p.source === source),
            version,
          )
        : undefined) ??
      semverPick(line, version) ??
      c[0]
    );
  }

  /** The lock package a manifest dependency resolved to. */
  forDep(d: DependencySpec, member: LockPackage | undefined): LockPackage | undefined {
    const c = this.byName.get(d.package);
    if (!c?.length) return undefined;
    if (c.length === 1) return c[0];
    // Prefer what the member's own lock entry points at.
    const viaMember = member?.dependencies.map((e) => this.entry(e)).find((p) => p?.name === d.package);
    if (viaMember) return viaMember;
    if (d.git) return c.find((p) => p.source?.startsWith('git+')) ?? c[0];
    return semverPick(c, d.version);
  }

  named(name: string): LockPackage[] {
    return this.byName.get(name) ?? [];
  }
}

// Without Cargo.lock only the manifest's own dependencies are known: each
// stands for itself under its requirement ("0.9"), with no edges below it.
function unlockedPackage(d: DependencySpec): LockPackage | undefined {
  if (d.path !== undefined || d.rootPath !== undefined) return undefined;
  const version = (d.version ?? '*').replace(/^[\^=~ ]+/, '');
  return { name: d.package, version, source: d.git ? `git+${d.git.url}` : 'registry+https://github.com/rust-lang/crates.io-index', dependencies: [] };
}

/** Whether `version` is on the semver line of `requirement` ("0.10" → 0.10.x, "^1.2" → 1.x). */
function onLine(version: string, requirement: string | undefined): boolean {
  const [maj, min] = (requirement ?? '').replace(/^[\^~=>< ]+/, '').split('.');
  const [pm, pn] = version.split('.');
  return maj === '0' ? pm === '0' && pn === min : pm === maj;
}

/** Of several locked versions of one crate, the one a requirement like "0.10" or "^1.2" selects. */
function semverPick(c: LockPackage[], requirement: string | undefined): LockPackage | undefined {
  if (c.length <= 1) return c[0];
  const ok = c.filter((p) => onLine(p.version, requirement));
  return (ok.length ? ok : c).sort((a, b) => compareVersions(b.version, a.version))[0];
}

/**
 * The members `cargo build` at the root compiles, as Cargo picks them: the ones
 * asked for, else the focused member directory, else `default-members`, else the
 * root package, else every member of a virtual workspace (libraries too: their
 * build scripts run).
 */
export function selectMembers(ws: Workspace, opts: InferOptions): CargoManifest[] {
  const byName = (n: string) => ws.members.find((m) => m.package?.name === n);
  if (opts.members?.length) return opts.members.map(byName).filter((m): m is CargoManifest => !!m);
  if (ws.focus && byName(ws.focus)) return [byName(ws.focus)!];
  const dm = (ws.rootManifest.workspace?.defaultMembers ?? []).map((d) => d.replace(/^\.\//, '').replace(/\/$/, ''));
  const defaults = ws.members.filter((m) => dm.includes(m.dir) || (dm.includes('.') && m.dir === ''));
  if (defaults.length) return defaults;
  const root = ws.members.find((m) => m.dir === '');
  if (root) return [root];
  return ws.members;
}

/**
 * The members a `cargo build` with these arguments compiles, run at the workspace root or in
 * `subdir` (buildRustPackage's `buildAndTestSubdir`): `-p`/`--package` (repeatable, `=` form too),
 * `--workspace`/`--all` with `--exclude`, and the `--bin X` target filter, which keeps only the
 * selected members that have a binary X (the others compile nothing).
 * Undefined when the arguments leave Cargo's default choice (selectMembers) untouched.
 */
export function membersForCargoArgs(ws: Workspace, args: readonly string[], subdir?: string | null): string[] | undefined {
  const packages: string[] = [];
  const excluded: string[] = [];
  const bins: string[] = [];
  let all = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = (long: string, short?: string): string | undefined => {
      if (a === long || (short && a === short)) return args[++i];
      if (a.startsWith(`${long}=`)) return a.slice(long.length + 1);
      if (short && a.startsWith(short) && a.length > short.length) return a.slice(short.length).replace(/^=/, '');
      return undefined;
    };
    let v: string | undefined;
    if ((v = value('--package', '-p')) !== undefined) packages.push(v);
    else if ((v = value('--exclude')) !== undefined) excluded.push(v);
    else if ((v = value('--bin')) !== undefined) bins.push(v);
    else if (a === '--workspace' || a === '--all') all = true;
  }
  const named = (n: string) => ws.members.find((m) => m.package?.name === n);
  let chosen: CargoManifest[] | undefined;
  if (packages.length) chosen = packages.map(named).filter((m): m is CargoManifest => !!m);
  else if (all) chosen = ws.members.filter((m) => m.package && !excluded.includes(m.package.name));
  else if (subdir) {
    // Cargo run inside a member's directory builds that member (default-members do not apply there).
    const dir = subdir.replace(/^\.\//, '').replace(/\/+$/, '');
    const inDir = ws.members.find((m) => m.dir === dir);
    if (inDir) chosen = [inDir];
  }
  if (bins.length) chosen = (chosen ?? selectMembers(ws, {})).filter((m) => m.bins.some((b) => bins.includes(b.name)));
  return chosen?.length ? chosen.map((m) => m.package?.name).filter((n): n is string => !!n) : undefined;
}

/**
 * The `--features` a selected member gets: plain names and `dep/feat` apply to every selected
 * member, `member/feat` only to that member (as its own feature `feat`).
 */
function requestedFor(m: CargoManifest, features: readonly string[], selected: CargoManifest[]): Set<string> {
  const out = new Set<string>();
  const selectedNames = new Set(selected.map((s) => s.package?.name).filter(Boolean));
  for (const raw of features.flatMap((f) => f.split(/[\s,]+/)).filter(Boolean)) {
    const slash = raw.indexOf('/');
    const owner = slash > 0 ? raw.slice(0, slash) : undefined;
    if (owner && selectedNames.has(owner) && !m.dependencies.some((d) => d.name === owner)) {
      if (owner === m.package?.name) out.add(raw.slice(slash + 1));
    } else out.add(raw);
  }
  return out;
}

/**
 * Cargo's feature resolver version for the workspace: `resolver` of `[workspace]`, else the root
 * package's edition (2021 and later default to 2). A virtual workspace without `resolver` is on 1.
 */
export function resolverVersion(ws: Workspace): 1 | 2 {
  const r = ws.rootManifest.workspace?.resolver;
  if (r !== undefined) return r === '1' ? 1 : 2;
  const edition = ws.rootManifest.package?.edition;
  return edition !== undefined && Number(edition) >= 2021 ? 2 : 1;
}

/**
 * The crate's manifest from the local cargo cache (a registry crate's published one, a git source's at
 * its locked commit): what resolveBuild reads first, and what reuse.ts compares before mapping.
 */
export function cachedManifest(p: LockPackage, opts: Pick<InferOptions, 'manifestOf'>): CargoManifest | undefined {
  if (!opts.manifestOf || !p.source) return undefined;
  if (p.source.startsWith('registry+')) return opts.manifestOf(p.name, p.version);
  return p.source.startsWith('git+') ? opts.manifestOf(p.name, p.version, p.source) : undefined;
}

export function resolveBuild(ws: Workspace, opts: InferOptions = {}): Resolution {
  const lock = new LockIndex(ws.lock);
  const targets = targetsFor(opts.target);
  const crates = new Map<string, BuiltCrate>();
  // Path crates outside the members are resolved from their manifests just the same.
  const memberDirs = new Map([...ws.members, ...(ws.pathCrates ?? [])].map((m) => [m.dir, m]));
  const memberNames = new Map(ws.members.filter((m) => m.package).map((m) => [m.package!.name, m]));
  const queue: string[] = [];
  // Resolver 2 builds what build scripts and their dependencies need apart from the target's
  // crates (features do not leak between the two); resolver 1 unifies everything, including the
  // features that dev-dependencies and other platforms' dependencies ask for.
  const v2 = resolverVersion(ws) === 2;
  const unitOf = (key: string, host: boolean) => (v2 && host ? `${key} (host)` : key);
  /** Resolver 1: features asked for by dependencies that are not built (dev, other platforms), applied if the crate is. */
  const unifiedOnly = new Map<string, Set<string>>();

  const contribute = (pkg: LockPackage, features: Set<string>, known: boolean, via: string[], member: string, host: boolean, factsFrom?: string[], guessed?: boolean) => {
    const key = keyOf(pkg);
    const unit = unitOf(key, host);
    const c = crates.get(unit);
    if (!c) {
      const all = new Set([...features, ...(unifiedOnly.get(key) ?? [])]);
      crates.set(unit, {
        key,
        pkg,
        features: all,
        featuresKnown: known,
        via,
        member,
        ...(v2 && host ? { host: true as const } : {}),
        ...(factsFrom?.length ? { factsFrom } : {}),
        ...(guessed ? { guessed: true as const } : {}),
      });
      queue.push(unit);
      return;
    }
    const before = c.features.size;
    for (const f of features) c.features.add(f);
    const wasKnown = c.featuresKnown;
    c.featuresKnown &&= known;
    if (c.features.size !== before || wasKnown !== c.featuresKnown) queue.push(unit);
  };
  const unifyOnly = (pkg: LockPackage, features: Set<string>) => {
    const key = keyOf(pkg);
    const had = unifiedOnly.get(key) ?? new Set<string>();
    unifiedOnly.set(key, had);
    for (const f of features) had.add(f);
    const c = crates.get(key);
    if (!c) return;
    const before = c.features.size;
    for (const f of features) c.features.add(f);
    if (c.features.size !== before) queue.push(key);
  };

  // Cargo resolves a member once per build context with the union of what is asked of it
  // (a weak `x?/f` from one dependent meets `x` switched on by another), so a member is
  // walked again whenever that union grows.
  const asked = new Map<string, { features: Set<string>; defaults: boolean }>();
  const memberBuildDeps = new Map<string, Set<string>>();
  const builtMembers = new Set<string>();
  const walkMember = (m: CargoManifest, requested: Set<string>, defaults: boolean, path: string[], host: boolean) => {
    const name = m.package?.name ?? m.dir;
    const unit = `${m.dir}\u0000${v2 && host ? 'host' : 'target'}`;
    const had = asked.get(unit);
    if (had && (had.defaults || !defaults) && [...requested].every((f) => had.features.has(f))) return;
    const now = { features: new Set([...(had?.features ?? []), ...requested]), defaults: defaults || !!had?.defaults };
    asked.set(unit, now);
    builtMembers.add(name);
    const feats = resolveMemberFeatures(m, now.features, now.defaults);
    const self = m.package ? lock.named(m.package.name).find((p) => !p.source && p.version === m.package!.version) : undefined;
    for (const d of m.dependencies) {
      const want = new Set(d.features);
      if (d.defaultFeatures) want.add('default');
      for (const f of feats.depFeatures.get(d.name) ?? []) want.add(f);
      for (const f of feats.weakDepFeatures.get(d.name) ?? []) want.add(f);
      const inner = d.rootPath !== undefined ? memberDirs.get(d.rootPath) : !d.git && !d.version ? memberNames.get(d.package) : undefined;
      // Build-dependencies run on the build host; the rest is compiled for the target.
      const built =
        !(d.kind === 'dev' && !(opts.includeDev && path.length === 0)) &&
        !(d.target && !targetApplies(d.target, d.kind === 'build' || host ? undefined : targets)) &&
        !(d.optional && !feats.optionalDeps.has(d.name));
      if (!built) {
        // Resolver 1 still unifies the features a present-but-unbuilt dependency asks for.
        const pkg = !v2 && !inner && !(d.optional && !feats.optionalDeps.has(d.name)) ? lock.forDep(d, self) : undefined;
        if (pkg) unifyOnly(pkg, want);
        continue;
      }
      const depHost = host || d.kind === 'build';
      if (d.kind === 'build') memberBuildDeps.set(name, (memberBuildDeps.get(name) ?? new Set()).add(d.package));
      if (inner) {
        want.delete('default');
        walkMember(inner, want, d.defaultFeatures, [...path, d.package], depHost);
        continue;
      }
      const pkg = lock.forDep(d, self) ?? (ws.lock ? undefined : unlockedPackage(d));
      if (pkg) contribute(pkg, want, true, [...path, d.package], name, depHost);
    }
  };

  // Features the workspace names for each registry crate (`awc/openssl`,
  // `features = ["gstreamer-backend"]`): its optional dependencies hide behind them.
  const vocabulary = new Map<string, Set<string>>();
  for (const m of ws.members) {
    const keyToPkg = new Map(m.dependencies.map((d) => [d.name, d.package]));
    const learn = (pkg: string | undefined, f: string) => pkg && vocabulary.set(pkg, (vocabulary.get(pkg) ?? new Set()).add(f));
    for (const d of m.dependencies) for (const f of d.features) learn(d.package, f);
    for (const entries of Object.values(m.features)) {
      for (const e of entries) {
        const mm = /^([^/?]+)\??\/(.+)$/.exec(e);
        if (mm && !e.startsWith('dep:')) learn(keyToPkg.get(mm[1]!), mm[2]!);
      }
    }
  }
  // Applied even when other parents' features are unknown: those contribute
  // only `default`, and an optional dependency's feature is rarely a default one.
  const naming = new Map<string, string[]>();
  const gatedByVocabulary = (c: BuiltCrate, child: string) => {
    const vocab = vocabulary.get(c.pkg.name);
    if (!vocab) return false;
    const k = `${c.pkg.name}\u0000${child}`;
    let named = naming.get(k);
    if (!named) naming.set(k, (named = [...vocab].filter((f) => featureNamesDep(f, child))));
    return named.length > 0 && !named.some((f) => c.features.has(f));
  };

  const members = selectMembers(ws, opts);
  for (const m of members) walkMember(m, requestedFor(m, opts.features ?? [], members), !opts.noDefaultFeatures, [], false);

  // A registry crate whose published manifest is at hand is resolved like a
  // member: its own features, optional dependencies and cfg tables decide.
  // Recorded facts (depManifests.ts) name only some dependencies: the lock
  // edges they do not name are left to the lock walk (returned).
  const walkPublished = (c: BuiltCrate, man: Pick<CargoManifest, 'dependencies' | 'features'> & Partial<Pick<PublishedFacts, 'from' | 'partial'>>): LockPackage[] => {
    const feats = resolveMemberFeatures(
      man,
      [...c.features].filter((f) => f !== 'default'),
      c.features.has('default'),
    );
    const children = c.pkg.dependencies.map((e) => lock.entry(e)).filter((p): p is LockPackage => !!p);
    const factsFrom = man.from ? [...(c.factsFrom ?? []), man.from] : c.factsFrom;
    for (const d of man.dependencies) {
      if (d.kind === 'dev') continue;
      if (d.target && !targetApplies(d.target, d.kind === 'build' ? undefined : targets)) continue;
      if (d.optional && !feats.optionalDeps.has(d.name)) continue;
      const want = new Set(d.features);
      if (d.defaultFeatures) want.add('default');
      for (const f of feats.depFeatures.get(d.name) ?? []) want.add(f);
      for (const f of feats.weakDepFeatures.get(d.name) ?? []) want.add(f);
      const child = semverPick(
        children.filter((p) => p.name === d.package),
        d.version,
      );
      if (!child) continue;
      if (man.partial && !opts.withoutData?.has(c.pkg.name)) {
        // Recorded facts come from a repackaged manifest: the gates and forwards knowledge.ts
        // writes for this edge (from the crate as published) still hold.
        if (!edgeActive(c.pkg.name, child.name, c.features, c.pkg.version)) continue;
        for (const f of forwardedFeatures(c.pkg.name, c.features, child.name) ?? []) want.add(f);
      }
      // What the crate asks of this dependency is all known when none of its features adds to it,
      // whatever features the crate itself has (winit asks smithay-client-toolkit for `calloop` only).
      const known = c.featuresKnown || !Object.values(man.features).some((es) => es.some((e) => e.startsWith(`${d.name}/`) || e.startsWith(`${d.name}?/`)));
      contribute(child, want, known, [...c.via, child.name], c.member, !!c.host || d.kind === 'build', factsFrom, c.guessed);
    }
    if (!man.partial) return [];
    const named = new Set(man.dependencies.filter((d) => d.kind !== 'dev').map((d) => d.package));
    return children.filter((p) => !named.has(p.name));
  };

  // An index, not shift(): shift is O(n), and a hostile manifest has 500k dependencies.
  for (let qi = 0; qi < queue.length; qi++) {
    const key = queue[qi]!;
    const c = crates.get(key)!;
    const registry = c.pkg.source?.startsWith('registry+') ?? false;
    const cached = cachedManifest(c.pkg, opts);
    const recorded = registry && !cached ? recordedManifest(c.pkg.name, c.pkg.version, opts.withoutData, opts.withoutUpstreamOf) : undefined;
    // A feature asked of the crate that its recorded manifest lacks: Debian dropped it, or the line
    // changed since; the entry is not the manifest Cargo resolved with, so the lock walk decides.
    const published = cached ?? (recorded && [...c.features].every((f) => f === 'default' || recorded.featureNames.has(f)) ? recorded : undefined);
    const unnamed = published ? new Set(walkPublished(c, published)) : undefined;
    if (unnamed && !unnamed.size) continue;
    // Leave-one-out: the facts written for this crate are forgotten, its lock edges all count.
    const forgotten = opts.withoutData?.has(c.pkg.name) ?? false;
    for (const raw of c.pkg.dependencies) {
      const child = lock.entry(raw);
      if (!child || platformOnly(child.name) || (unnamed && !unnamed.has(child))) continue;
      if (!forgotten && !edgeActive(c.pkg.name, child.name, c.featuresKnown ? c.features : new Set([...c.features, 'default']), c.pkg.version)) continue;
      if (gatedByVocabulary(c, child.name)) continue;
      const fwd = forgotten ? undefined : forwardedFeatures(c.pkg.name, c.features, child.name);
      // A workspace member reached from a registry crate (rare: patched crates) is walked like a lock crate.
      contribute(child, fwd ?? new Set(['default']), fwd !== undefined, [...c.via, child.name], c.member, !!c.host, c.factsFrom, true);
    }
  }
  return { crates, members, memberBuildDeps, builtMembers };
}

// When an edit of Cargo.lock leaves an inference as it was, or changes it
// only by renaming what it built. resolveBuild (resolve.ts) reads the lock
// only by crate name: the packages of a member's (or path crate's) name, of
// its dependencies' names, and of each name in the `dependencies` entries of
// their own lock packages and of every crate it builds. (A new way for
// resolve.ts to read the lock must be added here: test/unit/lsp/incremental.test.ts
// compares with from-scratch analyses.) If no package list of those names
// changed (same packages, same order; IncrementalCargoLock keeps the objects
// of untouched blocks), the resolution, and with it the inference, is the one
// computed before (a checksum is never read: a changed one alone changes
// nothing). When packages changed only in version, source or checksum (and
// their `dependencies` entries name the same crates), the previous
// resolution is mapped onto the new packages if every decision resolve.ts
// makes from a version or source comes out the same (mapResolution); only the
// table lookups of infer.ts run again. A language server then re-resolves
// only for edits that change which crates are built.
import type { CargoLock, LockPackage, Workspace } from '../model/types';
import { inferFromResolution } from './infer';
import { recordedManifest } from './depManifests';
import { edgesGatedAlike } from './knowledge';
import { cachedManifest, LockIndex, resolveBuild, type BuiltCrate, type Resolution } from './resolve';
import type { InferenceResult, InferOptions } from './types';

const entryName = (raw: string) => {
  const t = raw.trim();
  const sp = t.indexOf(' ');
  return sp === -1 ? t : t.slice(0, sp);
};

/** The lock names an inference of `ws` could have looked up (a superset of what resolveBuild reads). */
export function lockNamesRead(ws: Workspace, inferred: InferenceResult): Set<string> {
  const names = new Set<string>();
  // Path crates outside the members are resolved from their manifests like members.
  for (const m of [...ws.members, ...(ws.pathCrates ?? [])]) {
    if (m.package) names.add(m.package.name);
    for (const d of m.dependencies) names.add(d.package).add(d.name);
  }
  const built = new Map<string, Set<string>>();
  for (const key of inferred.builtCrates) {
    const at = key.lastIndexOf('@');
    const name = key.slice(0, at);
    built.set(name, (built.get(name) ?? new Set()).add(key.slice(at + 1)));
  }
  for (const p of ws.lock?.packages ?? []) {
    // A member's own entry is read too (which of several versions it uses).
    if (built.get(p.name)?.has(p.version) || (!p.source && names.has(p.name))) for (const e of p.dependencies) names.add(entryName(e));
  }
  return names;
}

/**
 * Per inference, the names it read. An inference is only kept while the
 * packages of those names are unchanged, so the set stays right for it.
 */
const namesRead = new WeakMap<InferenceResult, Set<string>>();

/** What the inference reads of a lock package: everything but the checksum. */
function sameForInference(a: LockPackage, b: LockPackage): boolean {
  return (
    a === b || (a.name === b.name && a.version === b.version && a.source === b.source && a.dependencies.length === b.dependencies.length && a.dependencies.every((d, i) => d === b.dependencies[i]))
  );
}

/** Names whose packages differ for the inference between two locks (in lock order). */
export function changedLockNames(a: CargoLock, b: CargoLock): Set<string> {
  const out = new Set<string>();
  const pa = a.packages;
  const pb = b.packages;
  if (pa.length === pb.length) {
    // Same length: a name's list is unchanged unless one of its positions changed.
    for (let i = 0; i < pa.length; i++) if (!sameForInference(pa[i]!, pb[i]!)) out.add(pa[i]!.name).add(pb[i]!.name);
    return out;
  }
  const byName = (ps: LockPackage[]) => {
    const m = new Map<string, LockPackage[]>();
    for (const p of ps) {
      const l = m.get(p.name);
      if (l) l.push(p);
      else m.set(p.name, [p]);
    }
    return m;
  };
  const ma = byName(pa);
  const mb = byName(pb);
  for (const [name, la] of ma) {
    const lb = mb.get(name);
    if (!lb || lb.length !== la.length || la.some((p, i) => !sameForInference(p, lb[i]!))) out.add(name);
  }
  for (const name of mb.keys()) if (!ma.has(name)) out.add(name);
  return out;
}

/** Whether `inferred`, computed on `ws`, also holds for `ws` with its lock replaced by `lock`. */
export function inferenceSurvivesLock(ws: Workspace, inferred: InferenceResult, lock: CargoLock): boolean {
  if (!ws.lock) return false;
  if (ws.lock === lock) return true;
  if (ws.lock.version !== lock.version) return false;
  const changed = changedLockNames(ws.lock, lock);
  if (!changed.size) return true;
  let read = namesRead.get(inferred);
  if (!read) namesRead.set(inferred, (read = lockNamesRead(ws, inferred)));
  for (const n of changed) if (read.has(n)) return false;
  return true;
}

/** The resolution behind each inference made here, kept to be mapped onto the next lock. */
const resolutions = new WeakMap<InferenceResult, Resolution>();

/** How the inferences made here came about (tests assert that the incremental path runs). */
export const reuseStats = { kept: 0, mapped: 0, resolved: 0 };

const keyOf = (p: LockPackage) => `${p.name}@${p.version}`;

function inferRecorded(ws: Workspace, resolution: Resolution, opts: InferOptions): InferenceResult {
  const r = inferFromResolution(ws, resolution, opts);
  resolutions.set(r, resolution);
  return r;
}

/** infer(ws, opts), remembering the resolution for inferAfterLockEdit. */
export function inferTracked(ws: Workspace, opts: InferOptions): InferenceResult {
  reuseStats.resolved++;
  return inferRecorded(ws, resolveBuild(ws, opts), opts);
}

/**
 * `[package]` (and `[workspace.package]`) fields that resolution and inference never read: an edit
 * of one keeps the inference (the language server's manifest edit, workspaceIndex.ts). Known by
 * reading, not by guess: test/unit/lsp/incremental.test.ts runs the inference of the corpus and
 * fixture workspaces over manifests that record every field read, and fails when one of these is
 * read or the result holds a `[package]` object (through which a later reader could see a stale one).
 * Generated files read them (meta.description, homepage, …): those are made from a fresh load.
 */
export const PACKAGE_FIELDS_INFERENCE_SKIPS: ReadonlySet<string> = new Set(['description', 'documentation', 'homepage', 'repository', 'keywords', 'authors']);

/**
 * infer(ws, opts) for `ws`, which is `before.ws` with another lock (the same
 * manifests and options): the previous inference when the edit did not reach
 * it, the previous resolution mapped onto the new packages when only their
 * versions, sources or checksums changed in ways the resolution does not
 * depend on, else a full resolution. Equal to infer(ws, opts) in every case.
 */
export function inferAfterLockEdit(before: { ws: Workspace; inferred: InferenceResult }, ws: Workspace, opts: InferOptions): InferenceResult {
  if (ws.lock === before.ws.lock || (ws.lock && inferenceSurvivesLock(before.ws, before.inferred, ws.lock))) {
    reuseStats.kept++;
    return before.inferred;
  }
  const previous = resolutions.get(before.inferred);
  const mapped = previous && ws.lock && mapResolution(before.ws, previous, ws.lock, opts);
  if (mapped) {
    reuseStats.mapped++;
    const r = inferRecorded(ws, mapped, opts);
    // The same names are read: pairs have the same names and entries naming the same crates.
    const read = namesRead.get(before.inferred);
    if (read) namesRead.set(r, read);
    return r;
  }
  return inferTracked(ws, opts);
}

/**
 * `resolution` (resolveBuild of `ws`) carried over to `lock`, or undefined
 * when resolveBuild on `lock` might differ by more than the renaming.
 *
 * Packages pair by position: the locks have as many packages, paired ones
 * the same name and `dependencies` entries naming the same crates in the
 * same order. Then resolveBuild on `lock` takes the same steps, each package
 * replaced by its pair, provided every step that reads a version or a source
 * decides alike:
 * - a `dependencies` entry of a built crate resolves to the pair of what it
 *   resolved to (LockIndex.entry: "name version (source)" picks by both);
 * - a member's own lock package and each of its dependencies' packages
 *   (LockIndex.forDep: by version requirement, git source) are pairs;
 * - a changed built crate's published manifest (by name and version, for
 *   registry sources) is the same, and knowledge.ts gates its edges alike at
 *   both versions (edgeActive reads the version of the crate the edge leaves);
 * - a published manifest's dependency picked among several locked versions
 *   of one name (semverPick) is not among the changed;
 * - no two crates share a unit key (name@version) on one side only.
 * Names no changed package has are read from the very same package objects.
 */
export function mapResolution(ws: Workspace, resolution: Resolution, lock: CargoLock, opts: InferOptions): Resolution | undefined {
  const a = ws.lock;
  if (!a || a.version !== lock.version || a.packages.length !== lock.packages.length) return undefined;
  const names = new Set<string>();
  const pair = pairChanged(a.packages, lock.packages, names);
  if (!pair) return undefined;
  if (!pair.size) return resolution;
  const m = new LockMapping(pair, names, subIndex(a, names), subIndex(lock, names), opts);
  if (!m.versionsUnique() || !m.cratesAlike(resolution.crates) || !m.membersAlike(ws)) return undefined;
  return { ...resolution, crates: m.mapCrates(resolution.crates) };
}

// mapResolution's steps are small functions of their own, each with one loop: V8 optimises each
// when it gets hot, cheaply, where the one large function with every closure and callee inlined was
// compiled two or three times a run (30–40 ms each; on a loaded 2-core machine a background
// compile that long lands in the middle of an edit).

/**
 * The packages of `b` paired by position with the changed ones of `a` (same name, `dependencies` entries
 * naming the same crates), the names whose lookups may differ added to `names`; undefined when they do not pair.
 */
function pairChanged(a: LockPackage[], b: LockPackage[], names: Set<string>): Map<LockPackage, LockPackage> | undefined {
  const pair = new Map<LockPackage, LockPackage>();
  for (let i = 0; i < a.length; i++) {
    const p = a[i]!;
    const q = b[i]!;
    if (p === q) continue;
    if (p.name !== q.name || !entriesNameAlike(p.dependencies, q.dependencies, names)) return undefined;
    pair.set(p, q);
    names.add(p.name);
  }
  return pair;
}

/** Whether two `dependencies` lists name the same crates in the same order; the names of changed entries go to `names`. */
function entriesNameAlike(d: string[], e: string[], names: Set<string>): boolean {
  if (d.length !== e.length) return false;
  for (let j = 0; j < d.length; j++) {
    const x = d[j]!;
    const y = e[j]!;
    if (x === y) continue;
    const n = entryName(x);
    if (n !== entryName(y)) return false;
    names.add(n);
  }
  return true;
}

/** Lookups by `names` (and members' own packages, which have no source) see only these packages. */
function subIndex(l: CargoLock, names: Set<string>): LockIndex {
  const packages: LockPackage[] = [];
  for (const p of l.packages) if (!p.source || names.has(p.name)) packages.push(p);
  return new LockIndex({ version: l.version, packages });
}

/** One mapping of a resolution onto an edited lock: the pairs, and each check resolveBuild's decisions need. */
class LockMapping {
  /** `names` as a list: an entry is tested against each without slicing it (this runs over every edge of the build). */
  private readonly few: string[];

  constructor(
    private readonly pair: Map<LockPackage, LockPackage>,
    private readonly names: Set<string>,
    private readonly ia: LockIndex,
    private readonly ib: LockIndex,
    private readonly opts: InferOptions,
  ) {
    this.few = [...names];
  }

  private to(p: LockPackage | undefined): LockPackage | undefined {
    return p ? (this.pair.get(p) ?? p) : undefined;
  }

  /** Whether an entry names one of the changed names. */
  private naming(d: string): boolean {
    if (d.charCodeAt(0) <= 32) return this.names.has(entryName(d));
    for (const n of this.few) if (d.startsWith(n) && (d.length === n.length || d.charCodeAt(n.length) === 32)) return true;
    return false;
  }

  /** The published manifest resolve.ts reads for a package (a version edit that moves a crate to another line of the recorded facts resolves anew). */
  private published(p: LockPackage) {
    return cachedManifest(p, this.opts) ?? (p.source?.startsWith('registry+') ? recordedManifest(p.name, p.version, this.opts.withoutData, this.opts.withoutUpstreamOf) : undefined);
  }

  /** Each paired package is the only one of its name and version on its side. */
  versionsUnique(): boolean {
    for (const [p, q] of this.pair) if (countVersion(this.ia.named(p.name), p.version) !== 1 || countVersion(this.ib.named(q.name), q.version) !== 1) return false;
    return true;
  }

  /** Every built crate's entries resolve to the pairs, its published manifest and knowledge gates are alike. */
  cratesAlike(crates: Map<string, BuiltCrate>): boolean {
    for (const c of crates.values()) if (!this.crateAlike(c.pkg)) return false;
    return true;
  }

  private crateAlike(p: LockPackage): boolean {
    const q = this.to(p)!;
    const reaches = this.entriesReach(p.dependencies, q.dependencies);
    if (reaches === undefined) return false;
    if (p !== q) {
      if (this.published(p) !== this.published(q)) return false;
      if (p.version !== q.version && !edgesGatedAlike(p.name, p.version, q.version)) return false;
    }
    return !(reaches && this.published(q) && !semverPicksAlike(p, this.ia));
  }

  /** Whether an entry of the pair names a changed crate (undefined when one resolves to other than the pair of what it resolved to). */
  private entriesReach(d: string[], e: string[]): boolean | undefined {
    let reaches = false;
    for (let j = 0; j < d.length; j++) {
      const x = d[j]!;
      const y = e[j]!;
      if (x === y && !this.naming(x)) continue;
      reaches = true;
      if (this.to(this.ia.entry(x)) !== this.ib.entry(y)) return undefined;
    }
    return reaches;
  }

  /** Members' (and path crates') own packages and their dependencies of changed names resolve to the pairs. */
  membersAlike(ws: Workspace): boolean {
    for (const m of ws.members) if (!this.memberAlike(m)) return false;
    for (const m of ws.pathCrates ?? []) if (!this.memberAlike(m)) return false;
    return true;
  }

  private memberAlike(m: Workspace['members'][number]): boolean {
    const sa = ownPackage(this.ia, m);
    const sb = ownPackage(this.ib, m);
    if (this.to(sa) !== sb) return false;
    for (const d of m.dependencies) if (this.names.has(d.package) && this.to(this.ia.forDep(d, sa)) !== this.ib.forDep(d, sb)) return false;
    return true;
  }

  /** The crates with each paired package replaced, under its new unit key. */
  mapCrates(crates: Map<string, BuiltCrate>): Map<string, BuiltCrate> {
    const out = new Map<string, BuiltCrate>();
    for (const [unit, c] of crates) {
      const q = this.pair.get(c.pkg);
      if (!q) out.set(unit, c);
      else out.set(c.host ? `${keyOf(q)} (host)` : keyOf(q), { ...c, key: keyOf(q), pkg: q });
    }
    return out;
  }
}

function countVersion(ps: LockPackage[], version: string): number {
  let n = 0;
  for (const p of ps) if (p.version === version) n++;
  return n;
}

/** A member's own lock package (no source, its name and version). */
function ownPackage(ix: LockIndex, m: Workspace['members'][number]): LockPackage | undefined {
  const own = m.package;
  if (!own) return undefined;
  for (const x of ix.named(own.name)) if (!x.source && x.version === own.version) return x;
  return undefined;
}

/** No name among a crate's `dependencies` entries that is a changed one has several locked versions (semverPick would choose by version). */
function semverPicksAlike(p: LockPackage, ia: LockIndex): boolean {
  const seen = new Map<string, number>();
  for (const d of p.dependencies) {
    const n = entryName(d);
    if (!ia.named(n).length) continue;
    seen.set(n, (seen.get(n) ?? 0) + 1);
  }
  return [...seen.values()].every((k) => k < 2);
}

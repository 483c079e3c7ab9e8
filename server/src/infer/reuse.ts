// When an edit of Cargo.lock leaves an inference as it was. resolveBuild
// (resolve.ts) reads the lock only by crate name: the packages of a member's
// (or path crate's) name, of its dependencies' names, and of each name in the
// `dependencies` entries of their own lock packages and of every crate it
// builds. (A new way for resolve.ts to read the lock must be added here:
// test/unit/lsp/incremental.test.ts compares with from-scratch analyses.) If
// no package list of those names changed (same packages, same order;
// IncrementalCargoLock keeps the objects of untouched blocks), the
// resolution, and with it the inference, is the one computed before (a
// checksum is never read: a changed one alone changes nothing). A
// language server then re-resolves only for edits that reach the build.
import type { CargoLock, LockPackage, Workspace } from '../model/types';
import type { InferenceResult } from './types';

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

// Equality of model data with source positions left out: what decides whether
// an edit changed anything a later step reads (the language server's manifest
// edits, workspace.ts's reuse of members' inheritance).

const isPosition = (k: string) => k === 'range' || k === 'ranges' || k.endsWith('Range');

/**
 * Deep equality of plain model data, source positions left out (objects the loads share are equal at
 * once). Without allocating: a manifest edit compares every member's manifest this way.
 * `unreadOfPackage`: keys of an object under a `package` key (a manifest's `[package]`, a workspace's
 * `[workspace.package]`) left out too, for a reader known not to read them.
 */
export function samePositionless(a: unknown, b: unknown, unreadOfPackage?: ReadonlySet<string>, inPackage = false): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!samePositionless(a[i], b[i], unreadOfPackage)) return false;
    return true;
  }
  if (a instanceof Set || a instanceof Map || b instanceof Set || b instanceof Map) {
    return (a instanceof Set || a instanceof Map) && a.constructor === b.constructor && samePositionless([...(a as Set<unknown>)], [...(b as Set<unknown>)], unreadOfPackage);
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const skip = (k: string) => isPosition(k) || (inPackage && unreadOfPackage !== undefined && unreadOfPackage.has(k));
  let keys = 0;
  for (const k in ra) {
    if (skip(k) || ra[k] === undefined) continue;
    keys++;
    if (!samePositionless(ra[k], rb[k], unreadOfPackage, k === 'package')) return false;
  }
  for (const k in rb) if (!skip(k) && rb[k] !== undefined) keys--;
  return keys === 0;
}

// A workspace member's `[features]` closure, the way Cargo enables features:
// `dep:x`, `x/feat`, `x?/feat`, implicit features of optional dependencies.
import type { CargoManifest } from '../model/types';

export interface MemberFeatures {
  enabled: Set<string>;
  /** Optional dependencies (by table key) switched on. */
  optionalDeps: Set<string>;
  /** Features to turn on in a dependency (by table key), incl. weak `x?/f` ones. */
  depFeatures: Map<string, Set<string>>;
  weakDepFeatures: Map<string, Set<string>>;
}

export function resolveMemberFeatures(m: Pick<CargoManifest, 'features' | 'dependencies'>, requested: Iterable<string>, defaults: boolean): MemberFeatures {
  const table: Record<string, string[]> = { ...m.features };
  const optional = new Set(m.dependencies.filter((d) => d.optional).map((d) => d.name));
  // A `dep:x` anywhere hides the implicit feature named after x.
  const explicitDep = new Set(
    Object.values(table)
      .flat()
      .filter((e) => e.startsWith('dep:'))
      .map((e) => e.slice(4)),
  );
  const out: MemberFeatures = { enabled: new Set(), optionalDeps: new Set(), depFeatures: new Map(), weakDepFeatures: new Map() };
  const add = (map: Map<string, Set<string>>, k: string, v: string) => map.set(k, (map.get(k) ?? new Set()).add(v));
  const queue: string[] = [];
  // `--features dep/feat` on the command line works like a `[features]` entry.
  const direct = [...requested].filter((f) => f.includes('/'));
  for (const f of requested) if (!f.includes('/')) queue.push(f);
  if (defaults && 'default' in table) queue.push('default');
  const pseudo = '\u0000requested';
  if (direct.length) {
    table[pseudo] = direct;
    queue.push(pseudo);
  }
  while (queue.length) {
    const f = queue.pop()!;
    if (out.enabled.has(f)) continue;
    out.enabled.add(f);
    const entries = table[f];
    if (!entries) {
      if (optional.has(f) && !explicitDep.has(f)) out.optionalDeps.add(f);
      continue;
    }
    for (const e of entries) {
      if (e.startsWith('dep:')) out.optionalDeps.add(e.slice(4));
      else if (e.includes('?/')) {
        const [dep, feat] = e.split('?/') as [string, string];
        add(out.weakDepFeatures, dep, feat);
      } else if (e.includes('/')) {
        const [dep, feat] = e.split('/') as [string, string];
        if (optional.has(dep)) out.optionalDeps.add(dep);
        add(out.depFeatures, dep, feat);
      } else queue.push(e);
    }
  }
  out.enabled.delete(pseudo);
  return out;
}

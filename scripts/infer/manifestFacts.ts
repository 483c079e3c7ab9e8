// What the crate-manifest tables keep of one published Cargo.toml (depManifests.ts reads them), shared
// by the generator from Debian's crate packages (gen-dep-manifests.ts) and the one from the crates' own
// repositories (gen-upstream-manifests.ts), so both tables mean the same thing by each field.
import type { DepFacts } from '../../server/src/infer/depManifests';
import type { DependencySpec } from '../../server/src/model/types';

export interface KeptFacts {
  d: DepFacts[];
  f?: Record<string, string[]>;
  fa?: string[];
}

/**
 * `nonDev`: the crate's dependencies other than dev ones; `kept`: those leading to native crates.
 * Undefined when no kept dependency says more than a plain lock edge.
 */
export function manifestFacts(table: Record<string, string[]>, nonDev: readonly DependencySpec[], kept: readonly DependencySpec[]): KeptFacts | undefined {
  const keys = new Set(kept.map((x) => x.name));
  const optional = new Set(kept.filter((x) => x.optional).map((x) => x.name));
  // Features whose closure names a kept dependency, and `default`.
  const touches = (entry: string) => {
    const dep = entry.startsWith('dep:') ? entry.slice(4) : /^([^/?]+)\??\//.exec(entry)?.[1];
    return dep !== undefined ? keys.has(dep) : optional.has(entry);
  };
  const keep = new Set<string>(['default']);
  for (let changed = true; changed;) {
    changed = false;
    for (const [f, es] of Object.entries(table)) if (!keep.has(f) && es.some((e) => touches(e) || (keep.has(e) && e !== 'default'))) (keep.add(f), (changed = true));
  }
  const features: Record<string, string[]> = {};
  for (const [f, es] of Object.entries(table)) if (keep.has(f)) features[f] = es.filter((e) => touches(e) || e in table);
  // A plain dependency (required, every platform, default features, nothing asked, no feature of
  // the crate adds to it) says nothing the lock walk does not assume: left out, the walk takes it.
  const referenced = (k: string) => Object.values(features).some((es) => es.some((e) => e === `dep:${k}` || e.startsWith(`${k}/`) || e.startsWith(`${k}?/`) || e === k));
  const informative = kept.filter((x) => x.optional || x.target || x.kind === 'build' || !x.defaultFeatures || x.features.length || referenced(x.name));
  if (!informative.length) return undefined;
  const twice = (pkg: string) => informative.filter((x) => x.package === pkg).length > 1;
  const d: DepFacts[] = informative.map((x) => ({
    n: x.name,
    ...(x.package !== x.name ? { p: x.package } : {}),
    // The requirement only tells two locked versions of one crate apart (raw-window-handle 0.5 and 0.6).
    ...(x.version && twice(x.package) ? { r: x.version } : {}),
    ...(x.optional ? { o: 1 as const } : {}),
    ...(x.kind === 'build' ? { b: 1 as const } : {}),
    ...(x.target ? { t: x.target } : {}),
    ...(!x.defaultFeatures ? { nd: 1 as const } : {}),
    ...(x.features.length ? { f: x.features } : {}),
  }));
  // Every other feature name the crate answers to (its own features left out above, and the implicit
  // ones of optional dependencies left out): a feature asked of it outside all of them shows the
  // entry is not the manifest the lock was resolved with (resolve.ts then walks the lock).
  const dropped = new Set([...Object.keys(table).filter((f) => !(f in features)), ...nonDev.filter((x) => x.optional && !informative.includes(x)).map((x) => x.name)]);
  const other = [...dropped].filter((f) => !(f in features) && !d.some((x) => x.n === f && x.o)).sort();
  return { d, ...(Object.keys(features).length ? { f: features } : {}), ...(other.length ? { fa: other } : {}) };
}

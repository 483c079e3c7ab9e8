// The published-manifest facts of registry crates that lead to native crates (data/crateManifests.json,
// generated from Debian's crate packages by scripts/infer/gen-dep-manifests.ts): which of a crate's
// lock edges are optional and behind which features, for which targets, and which features it asks of
// its dependencies. resolve.ts reads them when no cargo cache has the crate's real Cargo.toml.
//
// An entry is one version of the crate, the newest Debian has of its semver-compatible line. It is
// applied to a locked version only when the two are semver-compatible (same leftmost non-zero
// component: 0.30.5 and 0.30.9, 1.2 and 1.9); another line may have moved a dependency behind a
// feature or out of it, so a lock of a line the table lacks gets no facts and its edges are walked as
// before. Within a line, a newer version may still add an optional dependency: a lock edge the entry
// does not name is walked as before too.
import type { DependencySpec } from '../model/types';
import data from '../data/crateManifests.json';

/** One dependency: key, package when renamed, requirement, optional, build, target, no default features, features. */
export interface DepFacts {
  n: string;
  p?: string;
  r?: string;
  o?: 1;
  b?: 1;
  t?: string;
  nd?: 1;
  f?: string[];
}

export interface ManifestFacts {
  v: string;
  /** Index into the table's `sources` (the Debian release read). */
  s: number;
  /** The Debian package and version read ("librust-winit-dev 0.30.9-2"). */
  deb: string;
  /** Debian's patches to Cargo.toml were reversed to get the published manifest back. */
  rp?: 1;
  d: DepFacts[];
  f?: Record<string, string[]>;
  /** The crate's other feature names (features and optional dependencies that lead to nothing native). */
  fa?: string[];
}

/** What resolve.ts walks: the dependencies and features of a crate, with where they were read. */
export interface PublishedFacts {
  dependencies: DependencySpec[];
  features: Record<string, string[]>;
  /** The entry's crate, version and source, for reasons ("winit 0.30.9 (Debian trixie)"). */
  from: string;
  /**
   * The entry lists only the dependencies that lead to native crates (and Debian may have dropped
   * some): a lock edge it does not name is not known to be off.
   */
  partial: true;
  /** Every feature name the published crate has: one asked of it outside these means the entry is not its manifest. */
  featureNames: ReadonlySet<string>;
}

const DATA = data as unknown as { sources: string[]; crates: Record<string, ManifestFacts[]> };
const TABLE = DATA.crates;

const core = (v: string) =>
  v
    .replace(/[+-].*$/, '')
    .split('.')
    .map((x) => parseInt(x, 10) || 0);

/** Cargo's caret compatibility between two versions: equal up to and including the leftmost non-zero part. */
export function semverCompatible(a: string, b: string): boolean {
  const [x, y] = [core(a), core(b)];
  for (let i = 0; i < 3; i++) {
    if ((x[i] ?? 0) !== (y[i] ?? 0)) return false;
    if ((x[i] ?? 0) !== 0) return true;
  }
  return true;
}

const cache = new Map<string, PublishedFacts>();

/** The recorded manifest facts of `name` for the locked `version`, unless `without` holds the crate (leave-one-out). */
export function recordedManifest(name: string, version: string, without?: ReadonlySet<string>): PublishedFacts | undefined {
  const e = without?.has(name) ? undefined : TABLE[name]?.find((x) => semverCompatible(x.v, version));
  if (!e) return undefined;
  const key = `${name}@${e.v}`;
  let p = cache.get(key);
  if (!p) {
    const dependencies: DependencySpec[] = e.d.map((d) => ({
      name: d.n,
      package: d.p ?? d.n,
      kind: d.b ? 'build' : 'normal',
      ...(d.t ? { target: d.t } : {}),
      optional: !!d.o,
      defaultFeatures: !d.nd,
      features: d.f ?? [],
      ...(d.r ? { version: d.r } : {}),
    }));
    const featureNames = new Set([...Object.keys(e.f ?? {}), ...(e.fa ?? []), ...e.d.filter((d) => d.o).map((d) => d.n)]);
    cache.set(key, (p = { dependencies, features: e.f ?? {}, featureNames, from: `${name} ${e.v} (${DATA.sources[e.s] ?? 'Debian'})`, partial: true }));
  }
  return p;
}

/** How many crates, and crate versions, the table has facts for (bench output). */
export const recordedManifestCount = { crates: Object.keys(TABLE).length, versions: Object.values(TABLE).flat().length };

/** The versions the table has facts for, whatever the locked one (reasons: "recorded 0.23.0"). */
export function recordedVersions(name: string): string[] {
  return (TABLE[name] ?? []).map((e) => e.v);
}

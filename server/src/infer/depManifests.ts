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
//
// Crates Debian does not package (or not at the locked line) may have facts read from their own
// repository at the version's tag (data/crateManifestsUpstream.json, scripts/infer/gen-upstream-manifests.ts):
// consulted only where Debian has no entry for the line.
import { compareVersions } from '../../../shared/src/version';
import type { DependencySpec } from '../model/types';
import data from '../data/crateManifests.json';
import upstreamData from '../data/crateManifestsUpstream.json';

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

/** An entry read from the crate's own repository at the version's tag. */
export interface UpstreamFacts {
  v: string;
  /** owner/name of the repository, and the tag read (or the commit that set the version, when no tag holds it). */
  repo: string;
  tag: string;
  d: DepFacts[];
  f?: Record<string, string[]>;
  fa?: string[];
  /** The corpus crates whose build led to the entry (leave-one-out forgets an entry only one of them needed). */
  sel: string[];
}

/**
 * A crate's entries; in the bundle, where its line of JSON starts in the table's entries file, parsed
 * on first look-up (scripts/dataModule.mjs says why).
 */
type Table<T> = Record<string, T[] | number>;
interface Bundled<T> {
  crates: Table<T>;
  /** The bundle's: the line of JSON at `at`. */
  entry?: (at: number) => string;
}

const DATA = data as unknown as Bundled<ManifestFacts> & { sources: string[] };
const TABLE = DATA.crates;
const UPSTREAM_DATA = upstreamData as unknown as Bundled<UpstreamFacts>;
let UPSTREAM: Table<UpstreamFacts> = UPSTREAM_DATA.crates;
const LINES = new Map<Table<unknown>, Bundled<unknown>>([
  [TABLE, DATA],
  [UPSTREAM, UPSTREAM_DATA],
]);

/** The entries of one crate (parsed on first look-up in the bundle); undefined when the table has none. */
function entriesOf<T>(table: Table<T>, name: string): T[] | undefined {
  if (!Object.hasOwn(table, name)) return undefined;
  const v = table[name]!;
  if (typeof v !== 'number') return v;
  const parsed = JSON.parse(LINES.get(table)!.entry!(v)) as T[];
  table[name] = parsed;
  return parsed;
}

const allEntries = <T>(table: Table<T>): T[] => Object.keys(table).flatMap((name) => entriesOf(table, name)!);
/**
 * Replaces the upstream entries (the generator selects crates with those it has read so far, starting
 * from none, so its rule never feeds on the committed output).
 */
export function useUpstreamFacts(table: Record<string, UpstreamFacts[]>): void {
  UPSTREAM = table;
  cache.clear();
}

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

/**
 * Of a crate's upstream entries (one per version read), the one for `version`: that version itself,
 * else the newest compatible one older than it (what it grew from), else the oldest compatible newer one.
 */
function nearest(entries: UpstreamFacts[] | undefined, version: string): UpstreamFacts | undefined {
  const ok = (entries ?? []).filter((x) => semverCompatible(x.v, version));
  if (ok.length <= 1) return ok[0];
  const older = ok.filter((x) => compareVersions(x.v, version) <= 0).sort((a, b) => compareVersions(b.v, a.v));
  return older[0] ?? ok.sort((a, b) => compareVersions(a.v, b.v))[0];
}

/**
 * The recorded manifest facts of `name` for the locked `version`, unless `without` holds the crate, or
 * (`forgetSelectedBy`) the upstream entry was read for that corpus crate's build alone (leave-one-out).
 */
export function recordedManifest(name: string, version: string, without?: ReadonlySet<string>, forgetSelectedBy?: string): PublishedFacts | undefined {
  if (without?.has(name)) return undefined;
  const upstream = forgetSelectedBy ? entriesOf(UPSTREAM, name)?.filter((x) => !(x.sel.length === 1 && x.sel[0] === forgetSelectedBy)) : entriesOf(UPSTREAM, name);
  const e: (ManifestFacts | UpstreamFacts) | undefined = entriesOf(TABLE, name)?.find((x) => semverCompatible(x.v, version)) ?? nearest(upstream, version);
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
    const from = 'repo' in e ? `${name} ${e.v} (${e.repo} ${/^[0-9a-f]{12}$/.test(e.tag) ? 'at' : 'tag'} ${e.tag})` : `${name} ${e.v} (${DATA.sources[e.s] ?? 'Debian'})`;
    cache.set(key, (p = { dependencies, features: e.f ?? {}, featureNames, from, partial: true }));
  }
  return p;
}

/** How many crates, and crate versions, the tables have facts for (bench output). */
export const recordedManifestCount = {
  crates: Object.keys(TABLE).length,
  get versions() {
    return allEntries(TABLE).length;
  },
  get upstreamCrates() {
    return Object.keys(UPSTREAM).length;
  },
  get upstreamVersions() {
    return allEntries(UPSTREAM).length;
  },
};

/** The versions the tables have facts for, whatever the locked one (reasons: "recorded 0.23.0"). */
export function recordedVersions(name: string): string[] {
  return [...(entriesOf(TABLE, name) ?? []), ...(entriesOf(UPSTREAM, name) ?? [])].map((e) => e.v);
}

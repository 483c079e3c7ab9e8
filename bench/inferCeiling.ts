// The consistency ceiling of `npm run bench:infer`: how well any rule could score that decides the
// same way for every package given the same crate signals. The signal of a decision is a crate's
// name and the features it is built with; the oracle learns, for each (signal, attribute), what the
// majority of corpus packages with that crate built that way list — it memorises per crate, never
// per package. Where packagers disagree on the same signal (libz-sys with the same features: zlib
// listed by some, left to the bundled copy by others), no rule reading the crate can match them all:
// that disagreement is what separates the corpus from 95/95 without memorising packages.
import type { BuiltCrate } from '../server/src/infer/resolve';
import { crateInputs } from '../server/src/infer/infer';

export interface CeilingCase {
  name: string;
  /** What nixpkgs lists (normalised, packaging extras out). */
  want: Set<string>;
  /** Listed without lock evidence: neither hit nor miss. */
  unevidenced: Set<string>;
  /** The crates built as nixify resolves the package (registry and git crates), less those the bench classes as resolution extras. */
  built: BuiltCrate[];
  /** Members whose own build script depends on a probe crate (pkg-config, system-deps). */
  memberProbes: string[];
  /** Attribute → the crates the corpus says use it (lock_evidence). */
  evidence: Map<string, string[]>;
  /** Names of the lock's packages. */
  locked: Set<string>;
}

export interface CeilingScore {
  tp: number;
  fp: number;
  fn: number;
}

/** A crate's signal: its name and the features it is built with (`?` when nixify does not build it). */
const signalOf = (name: string, features?: ReadonlySet<string>, version?: string) => `${name}${version ? ` ${version}` : ''} [${features ? [...features].sort().join(',') : '?'}]`;

export function consistencyCeiling(
  cases: CeilingCase[],
  /** Whether the crate's version is part of its signal (a finer oracle, nearer to memorising). */
  withVersion: boolean,
  norm: (a: string) => string,
  tally: (s: CeilingScore, want: Set<string>, got: Set<string>, unevidenced: Set<string>) => unknown,
  /** Whether the package has the attribute: listed, or brought by a listed input (its .pc requires it). */
  present: (want: Set<string>, attr: string) => boolean,
): { score: CeilingScore; multi: number; single: number; split: { signal: string; attr: string; listed: number; of: number; packages: string[] }[] } {
  // Which attributes a crate can stand for: what the inference derives from it under any bundling
  // policy, and what any corpus package's lock evidence ties to it (a crate-level fact).
  const canYield = new Map<string, Set<string>>();
  const addYield = (crate: string, attr: string) => canYield.set(crate, (canYield.get(crate) ?? new Set()).add(attr));
  for (const c of cases) for (const [attr, crates] of c.evidence) for (const crate of crates) addYield(crate, attr);
  for (const c of cases)
    for (const b of c.built)
      for (const policy of ['system', 'bundled', 'all-system'] as const) for (const need of crateInputs(b, policy)) for (const a of [...need.native, ...need.build]) addYield(b.pkg.name, norm(a));

  // Per package, each attribute's candidate signals (the built crates that can yield it).
  const items = cases.map((c) => {
    const signals = new Map<string, string>(); // crate name → signal
    for (const b of c.built) {
      const s = signalOf(b.pkg.name, b.features, withVersion ? b.pkg.version : undefined);
      // One crate built twice (host and target, two versions): the signals joined, one decision unit.
      signals.set(b.pkg.name, signals.has(b.pkg.name) && signals.get(b.pkg.name) !== s ? `${signals.get(b.pkg.name)}+${s}` : s);
    }
    // A crate the corpus ties to a listed input but nixify does not build: as if resolution built it.
    for (const crates of c.evidence.values()) for (const crate of crates) if (!signals.has(crate) && (c.locked.has(crate) || c.memberProbes.includes(crate))) signals.set(crate, signalOf(crate));
    for (const m of c.memberProbes) if (!signals.has(m)) signals.set(m, signalOf(m));
    const byAttr = new Map<string, Set<string>>();
    for (const [crate, s] of signals) for (const a of canYield.get(crate) ?? []) byAttr.set(a, (byAttr.get(a) ?? new Set()).add(s));
    for (const m of c.memberProbes) byAttr.set('pkg-config', (byAttr.get('pkg-config') ?? new Set()).add(signals.get(m)!));
    return byAttr;
  });

  // Votes of the decisive items: an attribute only one signal of the package can yield.
  const votes = new Map<string, { yes: string[]; no: string[] }>();
  cases.forEach((c, i) => {
    for (const [attr, sigs] of items[i]!) {
      if (sigs.size !== 1 || c.unevidenced.has(attr)) continue;
      const k = `${[...sigs][0]}\u0000${attr}`;
      const v = votes.get(k) ?? { yes: [], no: [] };
      (present(c.want, attr) ? v.yes : v.no).push(c.name);
      votes.set(k, v);
    }
  });

  const score: CeilingScore = { tp: 0, fp: 0, fn: 0 };
  let multi = 0,
    single = 0;
  cases.forEach((c, i) => {
    const got = new Set<string>();
    for (const [attr, sigs] of items[i]!) {
      if (sigs.size > 1) {
        // Several crates of the package can stand for it: counted as decided right (an upper bound).
        multi++;
        if (present(c.want, attr)) got.add(attr);
        continue;
      }
      single++;
      const v = votes.get(`${[...sigs][0]}\u0000${attr}`);
      // The majority; a tie goes to listing it.
      if (v && v.yes.length >= v.no.length) got.add(attr);
    }
    tally(score, c.want, got, c.unevidenced);
  });
  const split = [...votes]
    .filter(([, v]) => v.yes.length && v.no.length)
    .map(([k, v]) => {
      const [signal, attr] = k.split('\u0000') as [string, string];
      const minority = v.yes.length >= v.no.length ? v.no : v.yes;
      return { signal, attr, listed: v.yes.length, of: v.yes.length + v.no.length, packages: minority };
    })
    .sort((a, b) => b.packages.length - a.packages.length || a.signal.localeCompare(b.signal));
  return { score, multi, single, split };
}

/**
 * The most misses + extras a score can have and still reach `target` precision and recall when `wanted`
 * inputs are to be found: misses up to (1 − target)·wanted, then extras up to hits·(1 − target)/target.
 * The ceiling's oracle makes the fewest errors any crate-consistent rule can (each signal's majority), so
 * when its count is above this, no such rule reaches the target.
 */
export function errorsAllowed(wanted: number, target = 0.95): number {
  const misses = Math.floor((1 - target) * wanted + 1e-9);
  return misses + Math.floor(((wanted - misses) * (1 - target)) / target + 1e-9);
}

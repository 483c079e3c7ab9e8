/**
 * A deterministic generator (mulberry32): tests and benches that draw random edits, pieces or
 * offsets draw the same ones every run, so a failure can be replayed from its seed.
 */
export function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

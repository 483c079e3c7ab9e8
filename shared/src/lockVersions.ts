// Which cargo reads which Cargo.lock format version: one table for the check that warns before a build
// (check/lockVersion.ts) and the diagnosis of a build that failed on it (diagnose/rules). From cargo's
// ResolveVersion at its tags: version 2 is read from 1.38, 3 from 1.47 (written by default from 1.53),
// 4 from 1.78 (written by default from 1.83). An older cargo stops at once on a newer version.

/** The first stable Rust whose cargo reads each lock version (by minor of `1.N`). */
export const LOCK_READ_FROM_MINOR: Readonly<Record<number, number>> = { 2: 38, 3: 47, 4: 78 };

/** The newest lock version stable cargo writes. */
export const NEWEST_LOCK_VERSION = 4;

/** `1.N` of the first stable Rust that reads lock version `version`; undefined for versions every cargo reads or none does yet. */
export function rustReadingLock(version: number): string | undefined {
  const minor = LOCK_READ_FROM_MINOR[version];
  return minor === undefined ? undefined : `1.${minor}`;
}

/** The newest lock version a stable cargo `1.N` reads. */
export function newestLockRead(cargoMinor: number): number {
  let newest = 1;
  for (const [version, minor] of Object.entries(LOCK_READ_FROM_MINOR)) if (cargoMinor >= minor) newest = Math.max(newest, Number(version));
  return newest;
}

/** The first stable Rust whose cargo reads every lock version a stable cargo writes. */
export const READS_EVERY_LOCK = rustReadingLock(NEWEST_LOCK_VERSION)!;

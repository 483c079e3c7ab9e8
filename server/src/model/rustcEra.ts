// Which rustc a pinned nixpkgs provides, without evaluating nixpkgs.
// Release branches: a small table. Unstable pins: Rust ships every six weeks
// from 1.1 on 2015-06-25 (the model reproduces every release date), and
// nixpkgs-unstable usually carries a new rustc within about three weeks.

const RELEASE_RUSTC: Record<string, string> = {
  '22.11': '1.64.0',
  '23.05': '1.69.0',
  '23.11': '1.73.0',
  '24.05': '1.77.2',
  '24.11': '1.82.0',
  '25.05': '1.86.0',
  '25.11': '1.91.1',
};

const DAY = 86_400_000;
const RUST_1_0_CADENCE_BASE = Date.UTC(2015, 4, 14);
/** How long nixpkgs-unstable typically takes to ship a new rustc. */
const UNSTABLE_LAG_DAYS = 21;

export function rustReleaseDate(minor: number): Date {
  return new Date(RUST_1_0_CADENCE_BASE + 42 * minor * DAY);
}

/** Newest Rust minor version released by `date`. */
export function latestRustMinorAt(date: Date): number {
  return Math.floor((date.getTime() - RUST_1_0_CADENCE_BASE) / (42 * DAY));
}

export interface RustcEstimate {
  version: string;
  /** How we know: a release table entry, or the date model for unstable pins. */
  basis: 'release-table' | 'date-model';
  channel?: string;
}

/** `nixos-24.11`, `nixpkgs-25.05-darwin`, `release-24.05` → `24.11`… */
export function releaseOf(ref: string | undefined): string | undefined {
  return ref ? /(?:^|[-/])(\d\d\.\d\d)(?:$|[-/])/.exec(ref)?.[1] : undefined;
}

export function estimateRustc(ref: string | undefined, lastModified: number | undefined): RustcEstimate | undefined {
  const release = releaseOf(ref);
  if (release) {
    const v = RELEASE_RUSTC[release];
    if (v) return { version: v, basis: 'release-table', channel: release };
    // A release newer than the table: it branched off unstable around its name's month.
    const [yy, mm] = release.split('.').map(Number) as [number, number];
    const branched = new Date(Date.UTC(2000 + yy, mm - 1, 20));
    return { version: `1.${latestRustMinorAt(new Date(branched.getTime() - UNSTABLE_LAG_DAYS * DAY))}.0`, basis: 'date-model', channel: release };
  }
  if (lastModified === undefined) return undefined;
  const at = new Date(lastModified * 1000 - UNSTABLE_LAG_DAYS * DAY);
  return { version: `1.${latestRustMinorAt(at)}.0`, basis: 'date-model', channel: ref ?? 'unstable' };
}

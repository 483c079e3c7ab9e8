// Dotted version numbers compared as numbers, the one way every part of
// Nixify compares them (crate versions, rust-version, rustc, Nix): "0.9" sorts
// below "0.10", "1.80" below "1.80.1", a pre-release below its release, and
// build metadata ("+zstd.1.5.6") is ignored, as semver says.

interface Parsed {
  core: number[];
  pre: string[];
}

function parse(v: string): Parsed {
  const noBuild = v.trim().replace(/^v/, '').split('+')[0]!;
  const dash = noBuild.indexOf('-');
  const core = (dash === -1 ? noBuild : noBuild.slice(0, dash)).split('.').map((x) => parseInt(x, 10) || 0);
  const pre = dash === -1 ? [] : noBuild.slice(dash + 1).split('.');
  return { core, pre };
}

function comparePre(a: string[], b: string[]): number {
  if (!a.length || !b.length) return (b.length ? 1 : 0) - (a.length ? 1 : 0);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
    const nx = /^\d+$/.test(x) ? Number(x) : undefined;
    const ny = /^\d+$/.test(y) ? Number(y) : undefined;
    if (nx !== undefined && ny !== undefined) {
      if (nx !== ny) return nx - ny;
    } else if (nx !== undefined || ny !== undefined) return nx !== undefined ? -1 : 1;
    else if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** Negative, zero or positive as `a` is older than, equal to or newer than `b`. */
export function compareVersions(a: string, b: string): number {
  const pa = parse(a);
  const pb = parse(b);
  for (let i = 0; i < Math.max(pa.core.length, pb.core.length); i++) {
    const d = (pa.core[i] ?? 0) - (pb.core[i] ?? 0);
    if (d) return d;
  }
  return comparePre(pa.pre, pb.pre);
}

export const versionLt = (a: string, b: string) => compareVersions(a, b) < 0;

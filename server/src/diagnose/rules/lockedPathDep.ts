// Cargo.lock pinning a path dependency (a workspace member, a crate beside the package) at a version its own manifest
// no longer has: the crate's version was bumped and the lock not updated after it.
//
// Cargo's resolver turns every package Cargo.lock lists into an exact requirement (`=2.14.0`) and, when nothing
// matches it, says so; for a path source with such a locked requirement it adds its own advice, `consider running
// \`cargo update\` to update a path dependency's locked version` (core/resolver: the same test since 2017, `is_path()`
// and an exact or locked requirement). Its sentence across eras (cargo's resolver sources):
// - before 2018, one line: `no matching version \`= 2.14.0\` found for package \`libnewsboat\` (required by
//   \`libnewsboat-ffi\`)`, then `location searched: file:///…` (a path source shown as its URL) and `versions found: 2.14.1`
//   (what `cargo vendor`'s `failed to load pkg lockfile` wrapped in nixpkgs' 2019 fetchcargo, round184 za01);
// - 2018 on: the same without the parenthesis, `required by package \`…\`` on a line of its own;
// - later: `failed to select a version for the requirement \`x = "=1.2.3"\`` (` (locked to 1.2.3)` since 2023), its
//   candidates, then `location searched: /…` (a path source shown as its path).
// Today's cargo updates a path dependency's locked version by itself (real cargo 1.95: a member bumped, `cargo vendor`
// rewrites the lock), so the sentence comes from older cargo, or from a build that forbids the lock to change.
// A registry's or vendored directory's location is not this (cargoLock.ts reads those), nor a git source's (`…#rev`).

const OLD = /^\s*(?:error: )?no matching version `=\s?([^`\s]+)` found for package `([^`]+)`(?: \(required by `([^`]+)`\))?/;
const NEW = /^\s*(?:error: )?failed to select a version for the requirement `([^`\s]+) = "=([^"]+)"`/;
/** A path source as cargo shows it: its file URL (before 2018) or its path, with no git reference or revision. */
const PATH_SEARCHED = /^\s*location searched: (?:file:\/\/)?\/[^\s#?`]*\s*$/;
const VERSIONS_FOUND = /^\s*(?:versions found|candidate versions found which didn't match): (\S.*?)\s*$/;
/** Cargo's own advice for a path dependency whose locked version its source no longer has. */
const ADVICE = /consider running `cargo update` to update a path dependency's locked version/;

/** The lines this watcher starts from: the rule's markers. */
export const LOCKED_PATH_MARKERS = ['no matching version', "path dependency's locked version"];

export interface LockedPathVerdict {
  pkg?: string;
  locked?: string;
  found?: string;
  evidence: string[];
  drv?: string;
  /** Said by cargo's own advice (else read from the exact requirement and the path searched). */
  advised: boolean;
}

export class LockedPathWatch {
  private pending: { pkg: string; locked: string; evidence: string[]; drv?: string; left: number; path: boolean; found?: string } | undefined;
  private ready: LockedPathVerdict | undefined;

  busy(): boolean {
    return !!this.pending;
  }

  /** Reads a line; true when it was one of cargo's lines about the locked path dependency. */
  line(t: string, drv: string | undefined): boolean {
    if (ADVICE.test(t)) {
      const p = this.pending;
      this.pending = undefined;
      this.ready ??= { pkg: p?.pkg, locked: p?.locked, found: p?.found, evidence: [...(p?.evidence ?? []), t.trim()], drv: p?.drv ?? drv, advised: true };
      return true;
    }
    // The older sentence names the version first, the newer the package first.
    const old = t.includes('no matching version') ? OLD.exec(t) : null;
    const m = old ?? (t.includes('failed to select a version') ? NEW.exec(t) : null);
    if (m) {
      this.settle();
      const [pkg, locked] = old ? [m[2]!, m[1]!] : [m[1]!, m[2]!];
      this.pending = { pkg, locked, evidence: [t.trim()], drv, left: 4, path: false };
      return false;
    }
    const p = this.pending;
    if (!p || !t.trim()) return false;
    const v = VERSIONS_FOUND.exec(t);
    if (v) {
      p.found = v[1]!;
      p.evidence.push(t.trim());
      if (p.path) this.settle();
      return !!p.path;
    }
    if (/^\s*location searched: /.test(t)) {
      if (!PATH_SEARCHED.test(t)) {
        this.pending = undefined;
        return false;
      }
      p.path = true;
      p.evidence.push(t.trim());
      // The versions come after the location before 2023: wait one line for them.
      if (p.found) this.settle();
      return true;
    }
    // After the location only the versions were awaited: anything else ends cargo's lines.
    if (p.path || --p.left <= 0) this.settle();
    return false;
  }

  /** The pending reading, once cargo's lines about it ended (or the log did). */
  private settle(): void {
    const p = this.pending;
    this.pending = undefined;
    if (p?.path) this.ready ??= { pkg: p.pkg, locked: p.locked, found: p.found, evidence: p.evidence, drv: p.drv, advised: false };
  }

  /** What was read, once: taken at the log's end, or as soon as it is ready. */
  take(atEnd = false): LockedPathVerdict | undefined {
    if (atEnd) this.settle();
    const r = this.ready;
    if (r) this.ready = undefined;
    return r;
  }
}

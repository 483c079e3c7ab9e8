// Cargo's `failed to parse lock file at: <path>`, read the same way by the two rules it can
// concern: rustc-too-old (a Cargo.lock written by a newer cargo than the build's) and cargo-lock
// (a Cargo.lock no cargo can read). Each rule keeps its own watcher over the same lines.
//
// What cargo says under that line, from its sources (ops/lockfile.rs wraps every cause; resolver/encode.rs):
// - a lock version it does not know: `lock file version `N` was found, but this version of Cargo does not
//   understand this lock file, perhaps Cargo needs to be updated?` (cargo 1.47+), or, for the version still
//   behind a flag, `lock file version 4 requires `-Znext-lockfile-bump`` (1.74–1.77, where nightly features
//   are allowed) and `lock file version `5` requires …` (1.78+);
// - cargo before 1.38 on a version 2 lock (dependencies listed without their source):
//   `invalid serialized PackageId for key `package.dependencies``;
// - a file that is not a lock cargo wrote: a TOML error (a merge conflict's markers: `could not parse input
//   as TOML` and `TOML parse error at line …`), `package `x` is specified twice in the lockfile`, an invalid checksum.
// Cargo before 1.4x hid an error it deemed internal behind `To learn more, run the command again with --verbose.`; each
// lock-version sentence above was shown in every era (`invalid serialized PackageId …` under cargo 1.37, the version
// sentences under 1.47+, real cargo 1.95 on a `version = 5` lock), so a chain cargo itself ends at the parse line with that
// sentence hides no lock version: the file is malformed (round139 xh03, nixpkgs' 2018 fetchcargo).
// A lock cargo wrote itself is always well-formed TOML with each package once, so a lock the developer's
// cargo wrote and the build's cargo cannot parse is, but for a hand edit or a committed merge conflict, one
// newer than the build's cargo. When the log cuts the cause off, the build's cargo version decides where
// the log shows it (crane prints `cargo --version`; a store path names nixpkgs' `cargo-X.Y.Z`): every
// stable cargo from 1.78 on reads every lock version a stable cargo writes (version 4, the default since 1.83).
import { LOCK_READ_FROM_MINOR, NEWEST_LOCK_VERSION } from '../../../../shared/src/lockVersions';

const PARSE = /failed to parse lock file at: (\S+)/;
// A CI page may put the derivation's name before each line (`[foo-deps] Caused by:`); a blank line of Nix's
// `name> ` framing reaches the rules as `name>` when a paste trimmed its trailing space.
const CAUSED_BY = /(?:^|[\s\]>])Caused by:\s*$/;
const BLANK = /^\s*(?:\[[^\]\s]+\]|[\w.+-]+>)?\s*$/;
const VERBOSE_HIDDEN = /^\s*(?:[\w.+-]+>\s*)?To learn more, run the command again with --verbose\.?\s*$/;
const TOO_NEW = /lock file version `?(\d+)`? (?:was found|requires)|invalid serialized PackageId/;
/** `cargo 1.69.0` / `cargo 1.69.0 (6e9a83356 2023-04-12)` (cargo --version), or nixpkgs' cargo in the store. */
const CARGO_VERSION = /(?:^|[\s\]>])cargo (1\.(\d+))\.\d+(?:-(?:beta|nightly)[.\d]*)?(?: \(|\s*$)|\/nix\/store\/[0-9a-z]{32}-cargo-(1\.(\d+))\.\d+\b/;
const READS_EVERY_MINOR = LOCK_READ_FROM_MINOR[NEWEST_LOCK_VERSION]!;

/** The words of the lines a watcher reads without waiting: its markers. */
export const LOCK_PARSE_MARKERS = ['failed to parse lock file', 'cargo 1.', '-cargo-1.'];

export interface LockParseVerdict {
  /** `too-new`: the lock is newer than the build's cargo; `malformed`: no cargo reads it. */
  kind: 'too-new' | 'malformed';
  path: string;
  /** cargo's `failed to parse lock file` line, and its cause when the log shows it. */
  evidence: string[];
  /** The cause is not in the log: decided by the build's cargo version, or by how such locks come about. */
  cut: boolean;
  /** cargo hid its reason behind `--verbose` (an internal error, never a lock version). */
  hidden?: boolean;
  /** The build's cargo (`1.69`), when the log shows it. */
  cargo?: string;
  /** The lock version cargo named. */
  lockVersion?: string;
  drv?: string;
}

export class LockParseWatch {
  private cargo?: { version: string; minor: number };
  private failed?: { path: string; line: string; drv?: string; caused: boolean; left: number; cause?: string; hidden?: string };

  /** Reads one line; true when it was cargo's parse failure or its cause. */
  line(t: string, drv: string | undefined): boolean {
    const f = this.failed;
    if (f && f.cause === undefined && f.left > 0) {
      const blank = BLANK.test(t);
      if (!f.caused && CAUSED_BY.test(t)) return (f.caused = true);
      if (!f.caused && VERBOSE_HIDDEN.test(t)) {
        f.hidden = t.trim();
        f.left = 0;
        return true;
      }
      // Right after `Caused by:` comes the cause; anything else first means the log cut it off.
      if (!blank && f.caused) {
        f.cause = t.trim();
        return true;
      }
      f.left = blank ? f.left - 1 : 0;
    }
    const v = t.includes('cargo') ? CARGO_VERSION.exec(t) : null;
    if (v) this.cargo = { version: v[1] ?? v[3]!, minor: Number(v[2] ?? v[4]) };
    const p = t.includes('failed to parse lock file') ? PARSE.exec(t) : null;
    if (p && !this.failed) this.failed = { path: p[1]!, line: t.trim(), drv, caused: false, left: 4 };
    return !!p;
  }

  /** Waiting for the cause, whose line carries no marker. */
  busy(): boolean {
    return !!this.failed && this.failed.cause === undefined && this.failed.left > 0;
  }

  /** What the parse failure was, once its cause was read or the log ended; undefined when there was none. */
  verdict(): LockParseVerdict | undefined {
    const f = this.failed;
    if (!f) return undefined;
    const base = { path: f.path, drv: f.drv, ...(this.cargo ? { cargo: this.cargo.version } : {}) };
    if (f.cause !== undefined) {
      const m = TOO_NEW.exec(f.cause);
      return { ...base, kind: m ? 'too-new' : 'malformed', evidence: [f.line, f.cause], cut: false, ...(m?.[1] ? { lockVersion: m[1] } : {}) };
    }
    if (f.hidden) return { ...base, kind: 'malformed', evidence: [f.line, f.hidden], cut: false, hidden: true };
    const kind = this.cargo && this.cargo.minor >= READS_EVERY_MINOR ? 'malformed' : 'too-new';
    return { ...base, kind, evidence: [f.line], cut: true };
  }
}

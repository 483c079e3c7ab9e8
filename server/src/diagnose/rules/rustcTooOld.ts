// The toolchain Nix provides is older than a crate (or Cargo.lock / edition) needs.
import { findText, wholeLine } from '../locate';
import { diag, type DiagnosisRule, type Matcher } from '../rule';

const REQUIRES = /package `([^`]+)` cannot be built because it requires rustc (\d+\.\d+(?:\.\d+)?) or newer, while the currently active rustc version is (\S+)/;
// Cargo ≥ 1.8x: `error: rustc 1.95.0 is not supported by the following package:` / `  foo@0.1.0 requires rustc 1.999`.
const NOT_SUPPORTED = /rustc (\S+) is not supported by the following packages?:/;
const REQUIRES_NEW = /^\s*(\S+@\S+) requires rustc (\d+\.\d+(?:\.\d+)?)/;
// A log window or paste that cut cargo's sentence: the start is unambiguous.
const REQUIRES_CUT = /^\s*error: package `([^`]+)` cannot be bu(?:ilt(?: because(?: it(?: requires(?: rustc)?)?)?)?)?\s*$/;
const LOCK_VERSION = /lock file version `?(\d+)`? was found, but this version of Cargo does not understand this lock file/;
const EDITION = /feature `edition(\d{4})` is required|this version of Cargo is older than the `(\d{4})` edition/;

// The first stable Rust that reads each lock file version / edition.
const LOCK_RUST: Record<string, string> = { '3': '1.53', '4': '1.78' };
const EDITION_RUST: Record<string, string> = { '2021': '1.56', '2024': '1.85' };

function create(): Matcher {
  let done = false;
  let active: string | undefined;
  return {
    line(l, ctx) {
      const t = l.text;
      if (done || !/rustc|lock file version|edition|cannot be bu/.test(t)) return;
      const ev = active ? [...ctx.recent(1), t.trim()] : [t.trim()];
      let m: RegExpExecArray | null;
      let need: string | undefined;
      let message = '';
      const details: Record<string, string> = {};
      if ((m = NOT_SUPPORTED.exec(t))) {
        active = m[1];
        return ctx.claim();
      }
      if (active && (m = REQUIRES_NEW.exec(t))) {
        need = m[2]!;
        message = `${m[1]} needs rustc ${need} or newer, but the build uses ${active}: use a newer toolchain (rust-overlay / newer nixpkgs).`;
        Object.assign(details, { package: m[1]!, active });
      } else if ((m = REQUIRES.exec(t))) {
        need = m[2]!;
        message = `${m[1]} needs rustc ${need} or newer, but the build uses ${m[3]}: use a newer toolchain (rust-overlay / newer nixpkgs).`;
        Object.assign(details, { package: m[1]!, active: m[3]! });
      } else if ((m = REQUIRES_CUT.exec(t))) {
        message = `${m[1]} needs a newer rustc than the build uses (the log cuts the versions off): use a newer toolchain (rust-overlay / newer nixpkgs).`;
        details.package = m[1]!;
      } else if ((m = LOCK_VERSION.exec(t))) {
        need = LOCK_RUST[m[1]!];
        message = `Cargo.lock version ${m[1]} needs a newer Cargo${need ? ` (Rust ${need} or newer)` : ''} than the build uses.`;
      } else if ((m = EDITION.exec(t))) {
        const ed = m[1] ?? m[2]!;
        need = EDITION_RUST[ed];
        message = `Edition ${ed} needs Rust ${need ?? 'newer'} or newer than the build's toolchain.`;
      } else return;
      ctx.claim();
      done = true;
      ctx.emit(
        diag('rustc-too-old', message, ev, [{ kind: 'rust-toolchain', ...(need ? { rustVersion: need } : {}) }], {
          drv: l.drv ?? ctx.lastFailedDrv,
          details: { ...details, ...(need ? { required: need } : {}) },
        }),
      );
    },
  };
}

export const rustcTooOldRule: DiagnosisRule = {
  category: 'rustc-too-old',
  markers: ['rustc', 'lock file version', 'edition', 'cannot be bu'],
  create,
  place(_d, s) {
    const toml = s.read('Cargo.toml');
    const r = toml ? findText(toml, 'rust-version') : undefined;
    const related = toml && r ? [{ file: 'Cargo.toml', range: wholeLine(toml, r.start.line), message: 'rust-version' }] : [];
    const at = s.onCall();
    return at ? { ...at, related } : { related };
  },
};

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
// Cargo ≤ 1.77 on a version 4 lock: `lock file version 4 requires \`-Znext-lockfile-bump\``.
const LOCK_BUMP = /lock file version `?(\d+)`? requires `-Znext-lockfile-bump`/;
// Code using a feature this rustc has not stabilised (\`error[E0658]: use of unstable library feature\`):
// its authors build it with a newer toolchain than the pinned one. A published crate certainly does.
// `error[E0554]: #![feature] may not be used on the stable release channel`: the code is built with a nightly.
const UNSTABLE = /^error\[(E0658|E0554)\]: (.+)$/;
const SPAN = /^\s*--> (.+?):\d+:\d+$/;
/** A source path of a dependency fetched from a registry or vendored by Nix, not the package's own code. */
export const DEPENDENCY_PATH =
  /\/cargo-vendor-dir\/|\/\.cargo\/registry\/src\/|\/\.cargo\/git\/checkouts\/|\/registry\/src\/(?:index\.crates\.io|github\.com)-|-vendor(?:\.tar\.gz|-staging)?\/|vendor-cargo-deps\/|\/nix\/store\/[0-9a-z]{32}-crate-/;
// Cargo before an edition existed: `supported edition values are \`2015\` or \`2018\`, but \`2021\` is unknown`.
const EDITION = /feature `edition(\d{4})` is required|this version of Cargo is older than the `(\d{4})` edition|supported edition values are [`\d, or]+, but `(\d{4})` is unknown/;

// Cargo and rustc refusing what only a nightly accepts: a manifest's `cargo-features` (`the cargo feature
// \`edition\` requires a nightly version of Cargo, but this is the \`stable\` channel`; often one a later
// stable release has), cargo's `-Z` flags and rustc's `-Z` options (`.cargo/config.toml`, RUSTFLAGS).
const NIGHTLY_ONLY =
  /the cargo feature `([\w-]+)` requires a nightly version of Cargo|the `-Z` flag is only accepted on the nightly channel of Cargo|the option `Z` is only accepted on the nightly compiler/;

// The first stable Rust that reads each lock file version / edition.
const LOCK_RUST: Record<string, string> = { '3': '1.53', '4': '1.78' };
const EDITION_RUST: Record<string, string> = { '2018': '1.31', '2021': '1.56', '2024': '1.85' };

function create(): Matcher {
  let done = false;
  let active: string | undefined;
  let unstable: { line: string; feature: string; nightly: boolean; left: number } | undefined;
  return {
    busy: () => !!unstable,
    line(l, ctx) {
      const t = l.text;
      if (unstable && done) unstable = undefined;
      if (unstable) {
        const s = SPAN.exec(t);
        if (s) {
          const u = unstable;
          unstable = undefined;
          done = true;
          // The package's own code stays rust-compile-error's too (it may be meant for nightly); a dependency's is only this.
          const dep = DEPENDENCY_PATH.test(s[1]!);
          if (dep) ctx.claim();
          const crate = dep ? /([\w-]+)-\d+\.\d+\.\d+[^/]*\/src\//.exec(s[1]!)?.[1] : undefined;
          const who = dep ? (crate ?? 'A dependency') : 'The package';
          const lib = /unstable library feature [`'"]?([\w.]+)/.exec(u.feature)?.[1];
          const what = lib ? `the library feature \`${lib}\`` : `code rustc calls unstable (${u.feature})`;
          const message = u.nightly
            ? `${who} enables unstable features (#![feature]), which only a nightly rustc accepts: build with a nightly toolchain (rust-overlay's rust-bin.nightly, or the one its rust-toolchain file names).`
            : `${who} uses ${what}, which the build's rustc has not stabilised: it is built with a newer toolchain than this one (rust-overlay / newer nixpkgs, or the nightly its rust-toolchain file names).`;
          return ctx.emit(
            diag('rustc-too-old', message, [u.line, t.trim()], [{ kind: 'rust-toolchain' }], {
              drv: l.drv ?? ctx.lastFailedDrv,
              details: { feature: u.feature, ...(crate ? { package: crate } : {}) },
            }),
          );
        }
        if (--unstable.left <= 0) unstable = undefined;
      }
      const u = !done && (t.startsWith('error[E0658]') || t.startsWith('error[E0554]')) ? UNSTABLE.exec(t) : null;
      if (u) {
        unstable = { line: t.trim(), feature: u[2]!, nightly: u[1] === 'E0554', left: 3 };
        return;
      }
      if (done || !/rustc|lock file version|edition|cannot be bu|nightly/.test(t)) return;
      const ev = active ? [...ctx.recent(1), t.trim()] : [t.trim()];
      let m: RegExpExecArray | null;
      let need: string | undefined;
      let message = '';
      const details: Record<string, string> = {};
      if (t.includes('nightly') && (m = NIGHTLY_ONLY.exec(t))) {
        ctx.claim();
        done = true;
        const what = m[1] ? `the cargo feature \`${m[1]}\`` : 'a `-Z` option';
        return ctx.emit(
          diag(
            'rustc-too-old',
            `The build asks for ${what}, which this toolchain accepts only on nightly: build with the nightly its rust-toolchain file names (rust-overlay), or a newer stable release that has it.`,
            [t.trim()],
            [{ kind: 'rust-toolchain' }],
            { drv: l.drv ?? ctx.lastFailedDrv, details: { nightly: m[1] ?? '-Z' } },
          ),
        );
      }
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
      } else if ((m = LOCK_VERSION.exec(t)) || (m = LOCK_BUMP.exec(t))) {
        need = LOCK_RUST[m[1]!];
        message = `Cargo.lock version ${m[1]} needs a newer Cargo${need ? ` (Rust ${need} or newer)` : ''} than the build uses.`;
      } else if ((m = EDITION.exec(t))) {
        const ed = m[1] ?? m[2] ?? m[3]!;
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
  // Not bare `rustc`, which `Compiling rustc_version` and `Running \`rustc …` carry: the words REQUIRES* and NOT_SUPPORTED need.
  markers: [
    'requires rustc',
    'is not supported by the following',
    'lock file version',
    'edition',
    'cannot be bu',
    'error[E0658]',
    'error[E0554]',
    'requires a nightly version',
    'only accepted on the nightly',
  ],
  create,
  place(_d, s) {
    const toml = s.read('Cargo.toml');
    const r = toml ? findText(toml, 'rust-version') : undefined;
    const related = toml && r ? [{ file: 'Cargo.toml', range: wholeLine(toml, r.start.line), message: 'rust-version' }] : [];
    const at = s.onCall();
    return at ? { ...at, related } : { related };
  },
};

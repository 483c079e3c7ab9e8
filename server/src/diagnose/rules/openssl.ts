// openssl-sys could not find OpenSSL: pkg-config missing, or openssl missing
// from buildInputs. Both fixes are offered together; existing entries are skipped by the editor.
import { intentFix, oneFile } from '../../fixes/intentFixes';
import { addInputs, inputStyle, setEnv } from '../../fixes/nixEdits';
import { Bounded, diag, type DiagnosisRule, type Matcher, RECENT_MAX, type RuleContext } from '../rule';
import { compiledCrate, crateOfDrv } from './compiledCrate';
import { inputsPlacement, type Site } from '../site';

const PROC_MACRO_SSL = /lib(?:ssl|crypto)\.so(?:\.[\d.]+)?: cannot open shared object file/;
// The linker, when a crate links OpenSSL without pkg-config (`-lssl -lcrypto`).
const LINK_SSL = /(?:cannot find|unable to find library) -l(?:ssl|crypto)\b/;
// A program from the store that cannot load its own OpenSSL is a broken package, not a missing input.
const STORE_PROGRAM = /\/nix\/store\/[^\s:]+: error while loading shared libraries/;
const TRIGGER = [
  /Could not find directory of OpenSSL installation/,
  /could not find system library 'openssl' required by the 'openssl-sys' crate/,
  /requires the `pkg-config` utility to find OpenSSL/,
  /Could not find openssl via pkg-config/,
  /Package (?:openssl|libssl|libcrypto) was not found in the pkg-config search path/,
  /Package '(?:openssl|libssl|libcrypto)',? (?:required by '[^']*', )?not found/,
  // The pkg-config crate ≥ 0.3.28's last lines, all a window over the search path's entries may keep.
  /The file `(?:openssl|libssl|libcrypto)\.pc` needs to be installed|package such as (?:openssl|libssl|libcrypto), |directory containing `(?:openssl|libssl|libcrypto)\.pc`/,
  // The tail of openssl-sys's panic, all a `last 10 log lines` window may show.
  /^\s*openssl-sys = \d+\.\d+/,
  /please open a bug at https:\/\/github\.com\/\w+\/rust-openssl/,
  // A proc-macro (sqlx-macros with TLS, …) linked against OpenSSL, loaded by rustc at build time.
  PROC_MACRO_SSL,
  LINK_SSL,
  // openssl-sys' build script fails for no other reason in practice; pastes often stop before its stderr.
  // openssl-sys-extras (0.7, beside openssl-sys 0.7) does one thing in its build script: compile a C shim against
  // the headers openssl-sys found (DEP_OPENSSL_INCLUDE, set only when pkg-config found OpenSSL). openssl-sys 0.7 does
  // not fail without OpenSSL — it falls back to `-l ssl -l crypto` — so that compile is where a missing OpenSSL shows.
  /failed to run custom build command for `openssl-sys(?:-extras)? v/,
];
// A directory openssl-sys was given that lacks what it looks for there. On Linux openssl-sys reads one only from
// the environment (OPENSSL_DIR's lib/ or lib64/ and include/, OPENSSL_LIB_DIR, OPENSSL_INCLUDE_DIR, each also
// prefixed with the target): without them it asks pkg-config and, failing that, stops with `Could not find
// directory of OpenSSL installation`, never with these. Since 0.9.2x (build/main.rs; a list of dirs from 0.9.7x):
// `OpenSSL library directory does not exist: …`, `OpenSSL include directory does not exist: …` (checked in that
// order), then, once the headers were read, `OpenSSL libdir at \`…\` does not contain the required files to either
// statically or dynamically link OpenSSL` (no libssl/libcrypto .so or .a there: nixpkgs' openssl.dev holds the headers
// and lib/pkgconfig, the libraries are in its out output). With a directory given, pkg-config is never asked, so
// adding inputs alone does not help: the directories must be the right outputs, or OPENSSL_DIR must go.
const GIVEN_DIR = /OpenSSL (library|include) directory does not exist|OpenSSL libdir at `[^`]*` does not contain the required files/;
// Other tools' words for the same absence: CMake's FindOpenSSL (a -sys crate building C with cmake),
// and a C compiler that cannot open OpenSSL's headers (cc-rs, bindgen); tried only on lines with their words.
const OTHER_TRIGGER = /Could NOT find OpenSSL\b|fatal error: '?openssl\/[\w.]+\.h'?(?:: No such file or directory| file not found)/;
// One regular expression for TRIGGER (flagless, so their alternation matches where one of them does): a line is
// read once instead of once per pattern (bench:diagnose's dense log gives this rule an openssl-sys build script's every line).
if (TRIGGER.some((r) => r.flags)) throw new Error('TRIGGER patterns take no flags');
const ANY_TRIGGER = new RegExp(TRIGGER.map((r) => `(?:${r.source})`).join('|'));
const triggered = (t: string) => ANY_TRIGGER.test(t) || ((t.includes('Could NOT') || t.includes('fatal error')) && OTHER_TRIGGER.test(t)) || (t.includes('OpenSSL ') && GIVEN_DIR.test(t));
// openssl-sys' build script stdout (its env probing, its cfg list): cargo prints a build
// script's output only when it failed (`-vv` would prefix it with `[openssl-sys …]`), so a
// log cut before the panic still names the cause. Evidence only when nothing better is there.
const PROBE_UNSET = /^\s*(?:[A-Z0-9]+_)*OPENSSL_(?:LIB_|INCLUDE_)?DIR unset$/;
const PROBE_CFG = /^\s*cargo:rustc-check-cfg=cfg\(ossl\d+\w*\)$/;
// The same probing when the variable is set (`OPENSSL_DIR = /nix/store/…-openssl-3.0.13-dev`): openssl-sys then takes its
// directories from there and never asks pkg-config, so a failure it cut off is that directory's, not a missing input.
const GIVEN_ENV = /^\s*(?:[A-Z0-9]+_)*OPENSSL_(?:LIB_|INCLUDE_)?DIR = \S/;
const NO_PKG_CONFIG = /The pkg-config command could not be found|`pkg-config` could not be found|unfortunately `pkg-config`|Failed to run `"?pkg-config"?[^`]*`: No such file or directory/;
const OTHER_TOOL = /Could NOT find OpenSSL|fatal error: '?openssl\//;
const VERSION = /openssl-sys(?: = |\s+v)(\d+\.\d+\.\d+)/;
const SCRIPT_FAILED = /failed to run custom build command for `openssl-sys/;
// openssl-sys found an OpenSSL its version table does not know (an old openssl-sys and nixpkgs' OpenSSL 3):
// `This crate is only compatible with OpenSSL (version 1.0.1 through 1.1.1, or 3), … but a different version
// of OpenSSL was found. The build is now aborting due to this version mismatch.` A newer openssl-sys knows it.
// rustc for a `cargo:rustc-link-lib=static=ssl` (or `crypto`) it cannot find: openssl-sys asks for the static libraries
// only when told to — OPENSSL_STATIC set (openssl-sys' determine_mode: any value but "0"), which its pkg-config probe
// also reads as `<NAME>_STATIC` (the pkg-config crate: set at all, even "0") — and nixpkgs' openssl has no libssl.a.
// The fix is to stop asking (remove OPENSSL_STATIC, or PKG_CONFIG_ALL_STATIC), or to link pkgsStatic's openssl.
// Other crates ask unconditionally (boring-sys always links `static=ssl`, a package's own build script may): the
// variable is named only when the failing crate is openssl-sys.
const STATIC_SSL = /could not find native static library [`'"]?(ssl|crypto)\b/;
// cargo's closing line names the crate rustc failed on; it follows rustc's errors within a few lines.
const COULD_NOT_COMPILE = /could not compile `([\w-]+)`/;
const STATIC_WINDOW = 8;
const MISMATCH = /This crate is only compatible with OpenSSL\b|a different version of OpenSSL was found/;

/** rustc's missing static libssl/libcrypto, waiting for cargo to name the crate that asked for it. */
interface StaticAsk {
  library: string;
  line: string;
  drv?: string;
  crate?: string;
  left: number;
}

interface State {
  hit?: boolean;
  /** The evidence is a probe line only: replaced by the first real one. */
  probeOnly?: boolean;
  evidence: string[];
  noPkgConfig: boolean;
  version?: string;
  drv?: string;
  procMacro?: boolean;
  /** OpenSSL was found, at a version this openssl-sys does not support. */
  mismatch?: boolean;
  /** A directory from the environment lacked the libraries (`lib`, `libdir`) or the headers (`include`). */
  givenDir?: 'lib' | 'libdir' | 'include';
  /** openssl-sys' probing line of a directory variable that was set. */
  givenEnv?: string;
  /** openssl-src builds OpenSSL from source (the vendored feature): openssl-sys looks for no installed OpenSSL. */
  vendored?: boolean;
  /** openssl-sys read OPENSSL_NO_VENDOR and took its vendored branch (NO_VENDOR_READ): openssl-src builds OpenSSL. */
  vendorBranch?: boolean;
}
/**
 * openssl-sys' build script reads OPENSSL_NO_VENDOR only when built with its `vendored` feature, printing the read
 * (`cargo:rerun-if-env-changed=…`, then `<TARGET>_OPENSSL_NO_VENDOR unset` and, that unset, `OPENSSL_NO_VENDOR unset`
 * or `= value`): unset or `0`, it hands the build to openssl-src (find_vendored), which compiles OpenSSL from source and
 * asks neither pkg-config nor the environment for one; any other value takes the installed OpenSSL (find_normal).
 * Read in openssl-sys' build/main.rs (find_openssl, env_inner). The last read decides (round24 o07: cut inside
 * openssl-src's compiler probing, before its cause).
 */
const NO_VENDOR_READ = /^\s*(?:[A-Z0-9]+_)*OPENSSL_NO_VENDOR (?:(unset)|= (.*))$/;
/** Set, openssl-sys takes nixpkgs' OpenSSL through pkg-config instead of building its own. */
const NO_VENDOR = { kind: 'set-env', name: 'OPENSSL_NO_VENDOR', nix: '"1"' } as const;
// openssl-src's `running "perl" "./Configure" …` (it prints each command before running it): openssl-sys' vendored
// build, which compiles its own OpenSSL and asks neither pkg-config nor the environment for one — its failure is that
// build's (perl, make, a C compiler: missing-tool reads them), never an OpenSSL missing from the inputs (round19 j03).
const VENDORED = /^\s*running "(?:[^"\s]*\/)?perl" "\.\/Configure"/;

/** nixpkgs' OpenSSL outputs: the libraries in out (lib.getLib), the headers in dev. */
const LIB_DIR = { kind: 'set-env', name: 'OPENSSL_LIB_DIR', nix: '"${lib.getLib openssl}/lib"' } as const;
const INCLUDE_DIR = { kind: 'set-env', name: 'OPENSSL_INCLUDE_DIR', nix: '"${lib.getDev openssl}/include"' } as const;

function staticRequested(a: StaticAsk) {
  const lib = `lib${a.library}.a`;
  const details = { cause: 'static-requested', library: a.library, ...(a.crate ? { crate: a.crate } : {}) };
  if (a.crate === 'openssl-sys')
    return diag(
      'openssl',
      `rustc cannot find a static lib${a.library} (${lib}): openssl-sys asked for static OpenSSL because OPENSSL_STATIC (or PKG_CONFIG_ALL_STATIC) is set, and nixpkgs' openssl has only shared libraries. Remove the variable from the derivation or shell (the pkg-config probe reads it as static whatever its value), or link pkgsStatic.openssl for a static binary.`,
      [a.line],
      [],
      { drv: a.drv, details, confidence: 'certain' },
    );
  // No crate in view: openssl-sys, told by the variable, is the commonest asker (likely); another crate named: possible.
  const who = a.crate ? `\`${a.crate}\`` : 'a crate (the log does not say which; most often openssl-sys, told so by OPENSSL_STATIC or PKG_CONFIG_ALL_STATIC)';
  return diag(
    'openssl',
    `rustc cannot find a static lib${a.library} (${lib}): ${who} asked to link OpenSSL statically, and the inputs have no static OpenSSL (nixpkgs' openssl has only shared libraries). Link pkgsStatic.openssl, or have the crate link OpenSSL dynamically (for openssl-sys: remove OPENSSL_STATIC or PKG_CONFIG_ALL_STATIC).`,
    [a.line],
    [],
    { drv: a.drv, details, confidence: a.crate ? 'possible' : 'likely' },
  );
}

function create(): Matcher {
  const byDrv = new Bounded<State>(16);
  // The derivation of the line before and its state: a build's lines come in runs, so its key is compared with the
  // last one instead of hashed again (a line's derivation is a new string each line). Every set goes through put.
  let lastKey: string | undefined;
  let lastState: State | undefined;
  const stateOf = (key: string): State | undefined => {
    if (key !== lastKey) {
      lastKey = key;
      lastState = byDrv.get(key);
    }
    return lastState;
  };
  const put = (key: string, st: State): State => {
    byDrv.set(key, st);
    lastKey = key;
    lastState = st;
    return st;
  };
  let ask: StaticAsk | undefined;
  const emitStatic = (ctx: RuleContext) => {
    const a = ask!;
    ask = undefined;
    ctx.emit(staticRequested(a));
  };
  return {
    busy: () => !!ask,
    line(l, ctx) {
      const t = l.text;
      if (ask) {
        const c = t.includes('could not compile') ? COULD_NOT_COMPILE.exec(t) : null;
        if (c) ask.crate = c[1];
        if (c || --ask.left <= 0) emitStatic(ctx);
      }
      if (t.includes('native static library')) {
        const m = STATIC_SSL.exec(t);
        if (!m) return;
        ctx.claim();
        if (ctx.emitted > 0 || ask) return;
        const crate = crateOfDrv(l.drv) ?? compiledCrate(ctx.recent(RECENT_MAX))?.name;
        ask = { library: m[1]!, line: t.trim(), drv: l.drv ?? ctx.lastFailedDrv, left: STATIC_WINDOW, ...(crate ? { crate } : {}) };
        return;
      }
      if (
        t.length < 20 ||
        !/openssl|OpenSSL|OPENSSL_|\.\/Configure|cfg\(ossl|pkg-config(?: command|` could)|unfortunately `pkg-config`|Failed to run `"?pkg-config|pkg_config|lib(?:ssl|crypto)\.so|-l(?:ssl|crypto)/.test(
          t,
        )
      )
        return;
      const key = l.drv ?? ctx.lastFailedDrv ?? '';
      let st = stateOf(key);
      if (t.includes('./Configure') && VENDORED.test(t)) {
        if (!st) st = put(key, { evidence: [], noPkgConfig: false, drv: l.drv });
        st.vendored = true;
        return;
      }
      if (t.includes('NO_VENDOR ')) {
        const v = NO_VENDOR_READ.exec(t);
        if (v) {
          if (!st) st = put(key, { evidence: [], noPkgConfig: false, drv: l.drv });
          st.vendorBranch = !!v[1] || v[2]!.trim() === '0';
          if (st.vendorBranch && st.evidence.length < 12) st.evidence.push(t.trim());
          return ctx.claim();
        }
      }
      if (t.includes('_DIR = ') && GIVEN_ENV.test(t)) {
        if (!st) st = put(key, { evidence: [t.trim()], noPkgConfig: false, drv: l.drv, hit: true, probeOnly: true });
        st.givenEnv ??= t.trim();
        return ctx.claim();
      }
      // (Each expression below behind a word every line it matches holds: most lines this rule reads match none.)
      if ((t.includes('DIR unset') && PROBE_UNSET.test(t)) || (t.includes('cfg(ossl') && PROBE_CFG.test(t))) {
        if (!st) put(key, { evidence: [t.trim()], noPkgConfig: false, drv: l.drv, hit: true, probeOnly: true });
        return ctx.claim();
      }
      if (t.includes('OpenSSL') && MISMATCH.test(t)) {
        if (!st) st = put(key, { evidence: [], noPkgConfig: false, drv: l.drv });
        [st.hit, st.mismatch, st.probeOnly] = [true, true, false];
        if (st.evidence.length < 12) st.evidence.push(t.trim());
        return ctx.claim();
      }
      const hit = triggered(t) && !STORE_PROGRAM.test(t);
      const given = hit && t.includes('OpenSSL ') ? GIVEN_DIR.exec(t) : null;
      const noPkgConfig = t.includes('pkg-config') && NO_PKG_CONFIG.test(t);
      if (!st && !hit) {
        // pkg-config's own failure often comes first; remember it in case OpenSSL follows.
        if (noPkgConfig && /openssl/.test(t)) put(key, { evidence: [t], noPkgConfig: true, drv: l.drv });
        return;
      }
      if (!st) st = put(key, { evidence: [], noPkgConfig: false, drv: l.drv });
      if (st.probeOnly && (hit || noPkgConfig)) [st.evidence, st.probeOnly] = [[], false];
      const version = t.includes('openssl-sys') ? VERSION.exec(t) : null;
      if (hit || noPkgConfig || version) {
        if (st.evidence.length < 12) st.evidence.push(t.trim());
        st.hit ||= hit;
      }
      if (noPkgConfig) st.noPkgConfig = true;
      if (given) st.givenDir ??= given[1] === 'include' ? 'include' : given[1] ? 'lib' : 'libdir';
      st.version ??= version?.[1];
      if (t.includes('cannot open shared object file') && PROC_MACRO_SSL.test(t)) st.procMacro = true;
      ctx.claim();
    },
    finish(ctx) {
      if (ask) emitStatic(ctx);
      for (const [, st] of byDrv.entries()) {
        if (st.hit && st.vendorBranch && !st.vendored && !st.mismatch && ctx.emitted === 0) {
          // The vendored build failed and the log stops before its cause (a cause in view is that tool's: missing-tool).
          ctx.emit(
            diag(
              'openssl',
              `openssl-sys${st.version ? ` ${st.version}` : ''} builds its own OpenSSL (its \`vendored\` feature, OPENSSL_NO_VENDOR unset) and that build failed; the log stops before its cause. Set OPENSSL_NO_VENDOR = "1" so openssl-sys takes nixpkgs' OpenSSL through pkg-config (pkg-config in nativeBuildInputs, openssl in buildInputs), or give openssl-src what it builds with (perl, make).`,
              st.evidence,
              [NO_VENDOR, { kind: 'add-inputs', nativeBuildInputs: ['pkg-config'], buildInputs: ['openssl'] }],
              // The vendored build's failure is in view, its cause is not.
              { drv: st.drv, details: { cause: 'vendored-build', ...(st.version ? { crateVersion: st.version } : {}) }, confidence: 'possible' },
            ),
          );
          continue;
        }
        if (!st.hit || st.vendored) continue;
        if (st.mismatch) {
          ctx.emit(
            diag(
              'openssl',
              `openssl-sys${st.version ? ` ${st.version}` : ''} does not support the OpenSSL version it found (nixpkgs' OpenSSL is newer than it knows): update it with \`cargo update -p openssl-sys\` and commit Cargo.lock (the vendor hash changes with it).`,
              st.evidence,
              [
                { kind: 'run', argv: ['cargo', 'update', '-p', 'openssl-sys'] },
                { kind: 'git-add', path: 'Cargo.lock' },
              ],
              { drv: st.drv, details: { cause: 'version-mismatch', ...(st.version ? { crateVersion: st.version } : {}) }, confidence: 'certain' },
            ),
          );
          continue;
        }
        if (st.givenDir || st.givenEnv) {
          // Only the libraries were wrong (the headers were read): OPENSSL_LIB_DIR is enough, OPENSSL_DIR still gives include/.
          // Otherwise both, which openssl-sys then takes instead of OPENSSL_DIR whatever it points at.
          const what = !st.givenDir
            ? `it takes its directories from there (${st.givenEnv}) and does not ask pkg-config, and the log stops before its reason`
            : st.givenDir === 'libdir'
              ? 'the library directory it was given holds no libssl/libcrypto (nixpkgs keeps them in the out output, lib.getLib openssl; openssl.dev has the headers and lib/pkgconfig only)'
              : st.givenDir === 'lib'
                ? 'the library directory it was given does not exist'
                : 'the include directory it was given does not exist (nixpkgs keeps the headers in openssl.dev, lib.getDev openssl)';
          ctx.emit(
            diag(
              'openssl',
              `openssl-sys${st.version ? ` ${st.version}` : ''} cannot use the OpenSSL the environment points it at (OPENSSL_DIR, OPENSSL_LIB_DIR or OPENSSL_INCLUDE_DIR): ${what}. Set ${st.givenDir === 'libdir' ? "OPENSSL_LIB_DIR to the libraries' directory" : "OPENSSL_LIB_DIR and OPENSSL_INCLUDE_DIR to the libraries' and the headers' directories"}, or drop OPENSSL_DIR and let pkg-config find openssl (pkg-config in nativeBuildInputs, openssl in buildInputs).`,
              st.givenEnv && !st.evidence.includes(st.givenEnv) ? [st.givenEnv, ...st.evidence] : st.evidence,
              [LIB_DIR, ...(st.givenDir === 'libdir' ? [] : [INCLUDE_DIR]), { kind: 'add-inputs', nativeBuildInputs: ['pkg-config'], buildInputs: ['openssl'] }],
              // openssl-sys' own sentence about the directory, else only its probing with the reason cut.
              { drv: st.drv, details: { cause: 'given-dir', dir: st.givenDir ?? 'env', ...(st.version ? { crateVersion: st.version } : {}) }, confidence: st.givenDir ? 'certain' : 'possible' },
            ),
          );
          continue;
        }
        const why = st.noPkgConfig ? 'pkg-config is not in nativeBuildInputs' : 'openssl is not in buildInputs';
        // openssl-sys' own panic (`Could not find directory of OpenSSL installation … If OpenSSL is installed and this
        // crate had trouble finding it, you can set the \`OPENSSL_DIR\` environment variable`): it read no directory from
        // the environment and pkg-config found none. With the inputs already listed, the directories are what is left
        // (offered only then: the fixes below check the builder's lists).
        const asksDir = !st.noPkgConfig && st.evidence.some((e) => e.includes('Could not find directory of OpenSSL installation'));
        const viaOther = !st.version && st.evidence.some((e) => OTHER_TOOL.test(e));
        const what =
          st.procMacro && !st.version
            ? 'A proc-macro linked against OpenSSL cannot load libssl when rustc runs it'
            : viaOther
              ? 'The build (CMake or a C compiler) cannot find OpenSSL'
              : !st.version && st.evidence.some((e) => e.includes('`openssl-sys-extras v'))
                ? "openssl-sys-extras' C shim cannot be compiled against OpenSSL's headers, which openssl-sys 0.7 finds only through pkg-config"
                : `openssl-sys${st.version ? ` ${st.version}` : ''} cannot find OpenSSL`;
        ctx.emit(
          diag(
            'openssl',
            `${what}: ${st.procMacro && !st.version ? 'openssl is not in buildInputs' : why}. Add pkg-config to nativeBuildInputs and openssl to buildInputs.${asksDir ? " Where both are there already, pkg-config's lookup failed: set OPENSSL_LIB_DIR and OPENSSL_INCLUDE_DIR, which openssl-sys reads before it asks pkg-config." : ''}`,
            st.evidence,
            [{ kind: 'add-inputs', nativeBuildInputs: ['pkg-config'], buildInputs: ['openssl'] }, ...(asksDir ? [LIB_DIR, INCLUDE_DIR] : [])],
            {
              drv: st.drv,
              details: { pkgConfigMissing: String(st.noPkgConfig), ...(st.version ? { crateVersion: st.version } : {}) },
              // Only openssl-sys' probing or its build script's failure in view, not its reason: the usual reason guessed.
              confidence: st.probeOnly || st.evidence.every((e) => SCRIPT_FAILED.test(e)) ? 'possible' : 'certain',
            },
          ),
        );
      }
      byDrv.clear();
      lastKey = lastState = undefined;
    },
  };
}

export const opensslRule: DiagnosisRule = {
  category: 'openssl',
  // pkg-config only in NO_PKG_CONFIG's words (not `Compiling pkg-config v0.3.25`, `installing `pkg-config``).
  markers: [
    // STATIC_SSL (rustc's words; a library name follows).
    'native static library',
    'openssl',
    'OpenSSL',
    // The probing lines its expressions read (PROBE_UNSET, GIVEN_ENV, NO_VENDOR_READ: the name, then ` unset` or
    // ` = `), not `OPENSSL_` alone: openssl-sys' build script (env_inner in build/main.rs) prints
    // `cargo:rerun-if-env-changed=NAME`, the name at the line's end, before each of those, for every variable it reads
    // (OPENSSL_STATIC, OPENSSL_LIBS … too) and for its target-prefixed form: lines that change nothing here.
    'OPENSSL_DIR ',
    'OPENSSL_LIB_DIR ',
    'OPENSSL_INCLUDE_DIR ',
    'OPENSSL_NO_VENDOR ',
    'cfg(ossl',
    // openssl-src's vendored build (VENDORED).
    './Configure',
    'pkg-config command',
    'pkg-config` could',
    'unfortunately `pkg-config`',
    'Failed to run `',
    'pkg_config',
    'libssl.so',
    'libcrypto.so',
    '-lssl',
    '-lcrypto',
  ],
  create,
  place: inputsPlacement,
  fixes: (d, s, f) => {
    // Not found with the inputs already listed: the directories instead, preferred (adding the inputs changes nothing).
    const listed = d.details?.cause !== 'given-dir' && !!s.call && addInputs(s.text, s.call, { nativeBuildInputs: ['pkg-config'], buildInputs: ['openssl'] }).length === 0;
    // Leaving openssl-src's build: the variable and the inputs find_normal then asks pkg-config for; the variable first.
    if (d.details?.cause === 'vendored-build') {
      const fix = intentFix(f, s);
      return fix && { ...fix, preferred: f.kind === 'set-env' };
    }
    if (f.kind === 'set-env' && d.details?.cause !== 'given-dir' && !listed) return undefined;
    if (f.kind === 'set-env') {
      // Both directories are one fix (one \`env\` edit: two fixes made on the same text would each add the block).
      const both = d.fixes.some((x) => x.kind === 'set-env' && x.name === 'OPENSSL_INCLUDE_DIR');
      if (both && f.name === 'OPENSSL_INCLUDE_DIR') return undefined;
      const vars = (both ? ['OPENSSL_LIB_DIR', 'OPENSSL_INCLUDE_DIR'] : [f.name]).map((name) => ({ name, nix: outputDirIn(s, name === 'OPENSSL_LIB_DIR' ? 'lib' : 'include') }));
      if (vars.some((v) => !v.nix)) return undefined;
      if (!both || s.call!.pathArg) {
        const fix = intentFix({ ...f, nix: vars[0]!.nix! }, s);
        return fix && { ...fix, preferred: true };
      }
      const edits = setEnv(s.text, s.call!, vars as { name: string; nix: string }[]);
      return edits.length ? { title: `Set ${vars.map((v) => `${v.name} = ${v.nix}`).join(' and ')} in the build environment`, edits: oneFile(s.path, edits), preferred: true } : undefined;
    }
    const fix = intentFix(f, s);
    // With a directory given, pkg-config is not asked: the directories are the fix.
    return fix && { ...fix, preferred: f.kind === 'add-inputs' && d.details?.cause !== 'given-dir' };
  },
};

/**
 * OpenSSL's libraries' or headers' directory as the builder's file can name it: `pkgs.`-prefixed in a flake,
 * bare names in a callPackage file (`openssl.out`/`openssl.dev` when its formals lack `lib`); nothing when
 * the file does not have openssl in scope, rather than an edit that does not evaluate.
 */
function outputDirIn(s: Site, dir: 'lib' | 'include'): string | undefined {
  const get = dir === 'lib' ? 'getLib' : 'getDev';
  if (!s.call) return undefined;
  const style = inputStyle(s.text, s.call);
  if (style.prefix) return `"\${pkgs.lib.${get} pkgs.openssl}/${dir}"`;
  const formals = style.formals?.names;
  if (!formals) return `"\${lib.${get} openssl}/${dir}"`;
  if (!formals.includes('openssl')) return undefined;
  return formals.includes('lib') ? `"\${lib.${get} openssl}/${dir}"` : `"\${openssl.${dir === 'lib' ? 'out' : 'dev'}}/${dir}"`;
}

// A -sys crate's pkg-config lookup (or the linker, or the dynamic loader) did
// not find a native library. The fix is the library in buildInputs (and
// pkg-config when that was missing too); the attribute comes from nixpkgs'
// own pkg-config table (data/pkgConfigModules.json), then from our tables.
import { intentFix } from '../../fixes/intentFixes';
import { dataFacts } from '../../infer/signals';
import { Bounded, diag, pushEvidence, RECENT_MAX, type DiagnosisRule, type Matcher } from '../rule';
import { inputsPlacement } from '../site';
import { cmakePackageAttr, headerAttr, isToolchainHeader } from './nativeNames';
import { frameworkAttr, isSdkFramework } from './darwinFrameworks';
import { FHS_PROGRAM_NOT_FOUND } from './missingTool/spawnErrors';
import { linkLibAttr, pkgConfigAttr } from './tables';

export { pkgConfigAttr };

// pkg-config crate ≥ 0.3.26 (`The system library \`gtk4\` required by crate \`gdk4-sys\` was not found.`);
// older ones after the failed call: `could not find system library 'gtk+-3.0' required by the 'gtk-sys' crate`.
// A paste through Markdown loses the backticks (`The system library x11 required by crate x11 was not found`): a
// pkg-config module name has no space, so the name ends at the first one either way.
const SYSTEM_LIB = /The system library `?([^`\s]+)`? requir(?:ed by crate `?([^`\s]+)`?)?|could not find system library '([^']+)'(?: required by the '([^']+)' crate)?/;
const NOT_IN_PATH = /Package '?([\w.+-]+?)'?,? (?:was not found in the pkg-config search path|(?:required by '[^']*', )?not found)/;
const DID_NOT_EXIT = /pkg-config"?\s+"?--libs"?\s+"?--cflags"?\s+"?([\w.+-]+)"?`? did not exit successfully/;
/**
 * pkg-config (freedesktop's, nixpkgs' `pkg-config`) found the module's `.pc` file but cannot read it: parse.c's
 * `Package file '<path>' appears to be empty` and its required fields' `Package '<name>' has no Name: field` (Version,
 * Description). The library's package is in the build and its file is on the search path: the file is broken (the
 * library's own derivation), which no input added fixes.
 */
export const BROKEN_PC = /Package file '[^']*\/([\w.+-]+)\.pc' appears to be empty|Package '([\w.+-]+)' has no (?:Name|Version|Description): field/;
// The pkg-config crate ≤ 0.3.20 when pkg-config is not on PATH: its Display `Failed to run \`"pkg-config" "--libs"
// "--cflags" "alsa"\`: No such file or directory (os error 2)`, its derived Debug (0.3.15–0.3.20, what unwrap() prints)
// `Command { command: "\"pkg-config\" \"--libs\" \"--cflags\" \"alsa\"", cause: Os { code: 2, kind: NotFound, … } }`.
// The pkg-config crate ≥ 0.3.28 ends its error with the module again, after the search path's entries (a Nix build's
// PKG_CONFIG_PATH_FOR_TARGET lists one per input, so a `last N log lines` window keeps only these): `The file
// \`gtk4.pc\` needs to be installed and …`, `HINT: you may need to install a package such as gtk4, gtk4-dev or gtk4-devel.`,
// without a search path `HINT: if you have installed the library, try setting PKG_CONFIG_PATH to the directory containing \`gtk4.pc\`.`
// The backticks are optional here too (a Markdown paste drops them).
const PC_HINT = /The file `?([\w.+-]+)\.pc`? needs to be installed|HINT: you may need to install a package such as ([\w.+-]+), |PKG_CONFIG_PATH to the directory containing `?([\w.+-]+)\.pc/;
// The same report's second line, the probe's command as pkg-config-rs ≥ 0.3.28 displays it (`> ` then the variables it
// set, the program, `--libs --cflags <module>`, a version range quoted when it has spaces), right under its
// `pkg-config exited with status code 1`: the module, when the report's later lines are cut off. (Nix's own `> ` before a
// build's line, in a paste without its framing, is read past too.) The program is PKG_CONFIG's, which nixpkgs'
// pkg-config wrapper sets to its target-prefixed name in a cross build (`aarch64-unknown-linux-gnu-pkg-config`).
const PROBE_COMMAND = /^[\s>]*(?:[A-Z_]+=\S* )*(?:\S*[/-])?pkg-config(?: --[\w-]+)* ([\w.+-]+)(?:\s|$)/;
const PROBE_EXITED = /^[\s>]*pkg-config (?:exited with status code \d+|was terminated by signal)\s*$/;
const SPAWN_FAILED =
  /(?:Failed to run `|command: ")(?:[A-Z_]+=\\?"[^"\\]*\\?" )*\\?"?pkg-config\\?"? \\?"?--libs\\?"? \\?"?--cflags\\?"? \\?"?([\w.+-]+?)\\?"?(?:`: No such file or directory|", cause: Os \{ code: 2, kind: NotFound)/;
const COULD_NOT_RUN = /Could not run `(?:[A-Z_]+=\S+ )*"?pkg-config"? "?--libs"? "?--cflags"? "?([\w.+-]+?)"?(?=[\s`'"])/;
const NO_PKG_CONFIG =
  /The pkg-config command could not be found|`pkg-config` could not be found|ensure the pkg-config command is one of the|Could NOT find PkgConfig\b|Found pkg-config: NO\b|Pkg-config binary for machine \S+ not found|(?:^|[\s/:])pkg-config: (?:command not found|not found|No such file or directory)$/;
// pkg-config's own stderr, as autotools' configure and CMake's pkg_check_modules pass it on.
// (pkg-config crate ≤ 0.3.1x panics with it Debug-escaped: `No package \'alsa\' found`.)
const NO_PACKAGE = /No package \\?'([\w.+-]+?)\\?' found/;
// Meson: `Run-time dependency gtk4 found: NO (tried pkgconfig)`, `ERROR: Dependency "gtk4" not found, tried pkgconfig`
// (not `found: NO found 1.2 but need: '>= 1.4'`, an old version rather than a missing one).
const MESON_DEP = /\b[Dd]ependency "?([\w.+-]+?)"? (?:found: NO \(tried|not found, tried\b)/;
// CMake's find_package failing (`  Could NOT find ZLIB (missing: ZLIB_LIBRARY …)`); `-- Could NOT find` is an optional one's status line.
const CMAKE_FIND = /^\s*(?!-- )(?:CMake Error[^:]*: )?Could NOT find (\w+)\b(?!.*unsuitable version)/;
// mold names the library without its -l.
const MOLD = /\bmold: fatal: library not found: ([\w.+-]+)/;
// A C compiler (cc-rs, cmake, bindgen's clang) that cannot open a library's header.
const HEADER = /fatal error: '?([\w./+-]+\.h(?:h|pp|xx)?)'?(?:: No such file or directory| file not found)/;
// gcc and clang echo the include line: `#include "x.h"` is the project's own header, no library's.
const LOCAL_INCLUDE = /#\s*include\s+"([^"]+)"/;
// pkg-config's own advice names the -sys crate when the library line was cut off.
const SYS_CRATE = /documentation of the ([\w-]+) crate/;
// GNU ld / lld (`cannot find -lfoo`, `unable to find library -lfoo`), Apple ld (`library not found for -lfoo`).
// Xcode 15's ld-prime names it quoted instead: `ld: library 'iconv' not found`.
export const LINK = /(?:unable to find library|cannot find|library not found for) -l([\w.+-]+)|\bld: library '([\w.+-]+)' not found/;
// GNU ld found a file for the library but of another architecture or format (`skipping incompatible
// …/libudev.so when searching for -ludev`, before and after its `cannot find -ludev`): the library is there, the
// link runs with a linker for another platform than the library's (a cross build's build-platform ld, a 32-bit
// multilib) — a toolchain problem, not a missing input.
// The C library's own parts (glibc's libc, libm, libpthread, libdl, librt, libutil; musl's one libc.a stands for them
// all) come with every compiler nixpkgs wraps: missing from a link (GNU ld's `cannot find -lc`, as real GNU ld 2.40
// prints it against an empty sysroot), the link left the wrapper's paths (an unwrapped ld, another sysroot) or asked
// for static archives (`-static`, `+crt-static`, which glibc.static serves). No package is a missing input there.
const LIBC_OWN = /^(?:c|m|pthread|dl|rt|util)$/;
const INCOMPATIBLE = /\bskipping incompatible \S+ when searching for -l([\w.+-]+)/;
// A linker for a Windows target names itself by its triple (`x86_64-w64-mingw32-ld`, `…-windows-gnu-ld`). What it links
// there are import libraries: the winapi/windows-targets crates ship theirs (`-lwinapi_gdi32`, `-lwindows.0.52.0`) and
// their build scripts add the search path, mingw-w64's runtime in the cross toolchain has the system ones; a library
// nixpkgs has no attribute for is none of the package's inputs (a builder that left the crate out, a broken toolchain).
const WINDOWS_LINKER = /(?:^|[\s/])[\w.-]*(?:mingw32|windows)[\w.-]*-ld(?:\.bfd)?: /;
// Apple's linker without a framework (ld64: `ld: framework not found Security`; ld-prime: `framework 'Security' not found`;
// LLVM's ld64.lld and zld: `framework not found for -framework Security`; cctools' ld before ld64: `can't locate
// framework for: -framework Security`): nixpkgs' old Darwin SDK pattern, where each framework is an input; the default
// SDK (24.11+) has them all. Not lld's `auto-linked framework not found` (a warning for an object's LC_LINKER_OPTION).
export const FRAMEWORK = /(?<!auto-linked )\bframework (?:not found (?:for -framework )?([\w.+-]+)|'([\w.+-]+)' not found)|\bcan't locate framework for: -framework ([\w.+-]+)/;
// The linker's words quoted with the framework's name left out (an issue's title: `… due to "framework not found"`).
export const FRAMEWORK_UNNAMED = /\bframework not found(?:\s*["'”`)]|\s*$)/;
// A reporter's sentence naming one of Apple's frameworks as what a link cannot reach (`Problem linking to
// CoreFoundation on darwin`): read only for a name nixpkgs' SDKs package (isSdkFramework), never a quoted word
// (rustc's own `linking with \`cc\``).
export const TOLD_LINKING = /\blink(?:s|ed|ing)? (?:to|with|against) (?:the )?([A-Z][A-Za-z]+)\b(?! ?[`'"(])/;
// rustc itself for a `cargo:rustc-link-lib=static=foo` it cannot find: `could not find native static library \`foo\``.
const STATIC_LIB = /could not find native static library `([\w.+-]+)`/;
// Cargo's closing line for the crate rustc was compiling (`could not compile \`v8\` (lib) due to 1 previous error`; before
// cargo 1.3x `Could not compile \`v8\`.`). rustc looks a static library up while it bundles it into the rlib of the crate
// whose build script asked for it (rustc_metadata's find_native_static_library), so that crate is the one named here.
const COMPILE_FAILED = /[Cc]ould not compile `([\w-]+)`/;
// The Cargo book's convention for a crate that links a system library (its `*-sys` packages): `-sys`, some `_sys`.
const SYS_NAMED = /[-_]sys$/;
// The dynamic loader at build time (a build script or proc-macro linked against a library Nix did not provide).
const SHARED = /\blib([\w+-]+?)\.so(?:\.[\d.]+)?: cannot open shared object file/;
const OPENSSL = new Set(['openssl', 'libssl', 'libcrypto', 'ssl', 'crypto']);
// A build script's own sentence for its failed pkg-config lookup, in place of (or before) the pkg-config crate's
// error: evdev-sys' `Couldn't find libevdev from pkgconfig ({:?}), compiling it from source...` (then its bundled
// build, which needs more than the library), `Failed to find libfoo using pkg-config` in an expect(). The name is
// the module the script asked for, or a library's (pkgConfigAttr reads `libfoo` as module `foo`). Read after cargo's `failed to run
// custom build command` only.
const OWN_WORDS =
  /\b(?:[Cc]ould(?:n'?t| not)|[Cc]an(?:'?t|not)|[Uu]nable to|[Ff]ailed to) (?:find|locate|detect|probe) (?:the )?(?:system )?(?:library |package |module )?[`'"]?([\w.+-]+?)[`'"]? (?:library |package )?(?:from|with|via|using|through|by) pkg[-_]?config\b/;
// A reporter's sentence (an issue's title, its prose) with pkg-config as the subject failing to find a named library
// (`pkg-config can't find libsoup via nix`, round75 uv02): the tool's failure told in other words, the library named.
// Read as likely: the reporter's words, not the tool's.
const TOLD =
  /\bpkg[-_ ]?config (?:can'?t|cannot|could ?n[o']?t|does ?n[o']?t|fails? to|is unable to|unable to) (?:find|locate|detect|see) (?:the )?(?:library |package |module )?[`'"]?([A-Za-z][\w.+-]*[\w+])/i;
// The same for one of Apple's frameworks (`CoreFoundation framework can't be linked`, round68 uo07's title over a cut
// linker command): FRAMEWORK's failure told in other words.
// The name as Apple's are (CamelCase: CoreFoundation, AppKit, IOKit; or one of its one-word frameworks), not a
// sentence's first word (`Our framework is not linked`).
const TOLD_FRAMEWORK =
  /\b([A-Z][a-z]*[A-Z][A-Za-z]*|Security|Foundation|Cocoa|Metal|Carbon|Accelerate|Kerberos) framework (?:can'?t|cannot|could ?n[o']?t|is ?n[o']?t|isn't) (?:be )?(?:linked|found)\b/;
// A build script failed; pastes and `last N log lines` windows often stop before its panic. (A paste may drop
// cargo's version after the name: `failed to run custom build command for \`evdev-sys\``.)
const SYS_BUILD = /failed to run custom build command for `([\w-]+)(?: v|`)/;
/**
 * A build script's report of a library it found in the store (the pkg-config crate's `cargo:rustc-link-search=native=…`,
 * a -sys crate's `cargo:include=…`): the package's name, before its version.
 */
/**
 * A build script linking a library from its own OUT_DIR (`cargo:rustc-link-search=native=…/build/<crate>-<hash>/out/…`):
 * it built its bundled copy, so a header its probe could not include earlier (libz-sys' smoke.c, round43 b01) was the
 * probe's fallback, not what stopped the build.
 */
const OWN_OUT_DIR = /^\s*cargo:rustc-link-search=(?:native=)?\S*\/build\/[\w-]+-[0-9a-f]{16}\/out(?:\/|\s*$)/;
const IN_STORE = /^\s*cargo:(?:include=|rustc-link-search=(?:native=)?)\/nix\/store\/[0-9a-z]{32}-([A-Za-z][\w+.]*?(?:-[A-Za-z][\w+.]*?)*)-\d/;
/** cargo compiling the pkg-config crate (a build-dependency) in the lines just before a build script fails. */
const PKG_CONFIG_BUILT = /^\s*Compiling pkg-config v/;
// The pkg-config crate (and system-deps) announce each module they probe in the build script's
// stdout, which cargo prints only when the script failed: `cargo:rerun-if-env-changed=XKBCOMMON_NO_PKG_CONFIG`.
const PROBE = /^\s*cargo:rerun-if-env-changed=(?:SYSTEM_DEPS_)?([A-Z0-9_.]+?)_NO_PKG_CONFIG\s*$/;
// A toolchain binary that cannot load its own libraries (rustup's rust-lld on NixOS, an overlay's prebuilt clippy-driver),
// or Nix's own programs (a generator's prefetch running `nix-hash`, `nix-store`), is not a missing build input: the
// program's installation is broken, not the package's inputs.
const TOOLCHAIN_LOADER =
  /(?:^|[\s"'/`])(?:rust-lld|rustc|cargo|rustdoc|rustup|ld\.lld|lld|clippy-driver|cargo-clippy|rustfmt|miri|rust-analyzer|nix|nix-(?:hash|store|build|instantiate|env|shell|prefetch-url|daemon|collect-garbage|copy-closure|channel))"?: error while loading shared libraries|\/\.rustup\/|\/\.cargo\/bin\//;
// A library named with rustc's metadata hash (`-C extra-filename`: `librustc_driver-7ea116e55de24565.so`, `libstd-….so`)
// is a Rust toolchain's or crate's own dylib, which no nixpkgs package provides as an input.
const RUST_DYLIB = /-[0-9a-f]{16}$/;

/** The attribute of a module the pkg-config crate probed, from its env name (`DBUS_1` → dbus-1, `GLIB_2.0` → glib-2.0). */
function probedModuleAttr(env: string): string | undefined {
  const lower = env.toLowerCase();
  for (const m of new Set([lower.replace(/_/g, '-'), lower, lower.replace(/_/g, '.')])) {
    const a = pkgConfigAttr(m);
    if (a) return a;
  }
  return undefined;
}

/**
 * What a -sys crate's build script looks up with pkg-config, as attributes, when
 * the crate's recorded facts (data/sysCrates.json) say that is all it does: no
 * C build, bindgen or env knob of its own that could have failed instead. With
 * `probes` (cargo compiled the pkg-config crate just before running the script: the
 * lookup is what the script does first) a bundled C build or env knob, the script's
 * fallback, does not stand in the way; a CMake build or bindgen still does.
 */
function sysCrateLibs(crate: string, probes = false): string[] {
  const f = dataFacts(crate);
  if (!f || f.cmake || f.bindgen || (!probes && (f.cc || f.env?.length))) return [];
  return [...new Set(f.pkgConfig.map((m) => pkgConfigAttr(m)).filter((a): a is string => !!a))];
}

/** A framework named in a reporter's sentence: its attribute only when nixpkgs' SDKs package a framework of that name. */
const toldFramework = (fw: string): Pick<Lib, 'attr' | 'what' | 'told' | 'framework'> => ({
  attr: frameworkAttr(fw),
  what: `the framework ${fw} cannot be linked (told in the log's own sentence)`,
  told: true,
  framework: true,
});

interface Lib {
  name: string;
  viaLinker: boolean;
  /** The attribute, when the tool named the library some other way (a header, a CMake package). */
  attr?: string;
  /** What the tool could not find, for the message (`header alsa/asoundlib.h`). */
  what?: string;
  crate?: string;
  evidence: string[];
  drv?: string;
  /** Named only in a reporter's sentence (TOLD). */
  told?: boolean;
  /** One of Apple's frameworks, named in a sentence: no library table applies to its name. */
  framework?: boolean;
}

/**
 * PKG_CONFIG_PATH's value, three store directories or more joined: the pkg-config crate prints it only in its report of
 * a failed probe (`> PKG_CONFIG_PATH=… "pkg-config" "--libs" …`, `pkg-config exited with status code 1`), so a view
 * that shows the list with the module cut off still shows a probe failing (round53 s03, round133 xb03).
 */
const PC_PATH_LIST = /(?:\/nix\/store\/[^:\s]+\/(?:lib|share)\/pkgconfig:){3}/;
/**
 * The same report from the pkg-config crate ≥ 0.3.28 (its ProbeFailure's Display, read in pkg-config-rs 0.3.28–0.3.34):
 * `PKG_CONFIG_PATH_FOR_TARGET contains the following:` (nixpkgs' wrapper's variable, else `PKG_CONFIG_PATH`), then the
 * value split at its colons, `    - <dir>` a line. A `last N log lines` window of a Nix build keeps only the entries,
 * one per input with a `.pc`: three store pkgconfig directories in a row say the same as the colon-joined form.
 */
const PC_PATH_HEADER = /^\s*PKG_CONFIG_PATH(?:_FOR_TARGET)? contains the following:\s*$/;
const PC_PATH_ENTRY = /^\s*- \/nix\/store\/[0-9a-z]{32}-[^\s/]+\/(?:lib|share)\/pkgconfig\/?\s*$/;
/**
 * A module's `.pc` file at a store path (`find /nix -name dbus-1.pc`, a listing of a `-dev` output): the library is
 * built, and pkg-config missed it only because its directory is not on the search path — which in nixpkgs is what
 * pkg-config's setup hook makes of the inputs of the derivation or shell pkg-config runs in.
 */
const STORE_PC = /\/nix\/store\/[^\s/]+\/(?:lib|share)\/pkgconfig\/([\w.+-]+)\.pc\b/;
/** A shell listing its environment (`declare -x NAME="…"`, `export NAME=…`: `set`, `export -p`, a hook's dump): no probe. */
const SHELL_ENV_LISTING = /^\s*(?:declare -x|export) \w+=/;

function create(): Matcher {
  const libs = new Bounded<Lib>(32);
  // The pkg-config crate's report seen only by its PKG_CONFIG_PATH list (PC_PATH_LIST).
  let pathList: { line: string; drv?: string } | undefined;
  // The entries of the newer report's list seen in a row (PC_PATH_ENTRY), the first of them kept for the evidence.
  let entries: { n: number; first: string } | undefined;
  let noPkgConfig = false;
  let lastLib: Lib | undefined;
  // The last library header a compiler missed, until its echoed include line says whether it is a library's.
  let lastHeader: { header: string; key: string } | undefined;
  // pkg-config missing with no library named (a window that cut the library off).
  let bare: { evidence: string[]; crate?: string; drv?: string; openssl: boolean } | undefined;
  let sysFailed: { crate: string; evidence: string[]; drv?: string; probes?: boolean } | undefined;
  // Apple's linker's words for a missing framework, quoted without the framework's name (FRAMEWORK_UNNAMED).
  let unnamedFramework: { evidence: string[]; drv?: string } | undefined;
  // The last module the pkg-config crate probed in a failing build script's output.
  let probed: { env: string; line: string; drv?: string } | undefined;
  // Libraries GNU ld found only in another architecture's build (INCOMPATIBLE).
  const incompatible = new Set<string>();
  // Modules whose `.pc` file pkg-config found and could not read (BROKEN_PC): not missing.
  const unreadable = new Set<string>();
  // Packages a build script's lookup found in the store (IN_STORE): their headers are there, a missing one is not a missing input.
  // Keyed by the derivation that printed it: another derivation's build found its own copy, not this one's.
  const inStore = new Set<string>();
  // Derivations whose build script linked a library it built itself (OWN_OUT_DIR).
  const bundled = new Set<string>();
  // Modules whose `.pc` file the log shows in the store (STORE_PC).
  const storePc = new Set<string>();
  const storeKey = (drv: string | undefined, pkg: string) => `${drv ?? ''}\0${pkg.toLowerCase()}`;
  // Static libraries rustc could not find (STATIC_LIB), and the crates cargo then says it could not compile, by derivation.
  const staticLibs = new Set<string>();
  const failedCrates = new Map<string, string[]>();
  // A static library no nixpkgs package is known to provide, asked for by a crate that is no `-sys` crate: an archive
  // that crate's own build script makes or fetches into OUT_DIR (the v8 crate's rusty_v8), which no
  // input supplies. A `-sys` crate's, or a name the link table knows (ssl, z), stays a library to add.
  const ownArchive = (lib: Lib): boolean => {
    const crates = failedCrates.get(lib.drv ?? '') ?? [];
    return staticLibs.has(lib.name) && !linkLibAttr(lib.name) && crates.length > 0 && crates.every((c) => !SYS_NAMED.test(c));
  };
  return {
    // OpenSSL's words matter only to a pkg-config absence with no library named (`bare.openssl`); cargo's closing line
    // only after rustc missed a static library.
    listening: () => !!bare || staticLibs.size > 0,
    // Between the first entries of the newer report's list and its third, every line: any other line ends the run.
    busy: () => !!entries && entries.n < 3,
    line(l, ctx) {
      const t = l.text;
      if (!pathList && t.includes('pkgconfig:/nix/store/') && PC_PATH_LIST.test(t) && !SHELL_ENV_LISTING.test(t)) pathList = { line: t.trim().slice(0, 200), drv: l.drv ?? ctx.lastFailedDrv };
      if (!pathList && t.includes('ollowing:') && PC_PATH_HEADER.test(t)) pathList = { line: t.trim(), drv: l.drv ?? ctx.lastFailedDrv };
      const pc = t.includes('.pc') ? STORE_PC.exec(t) : null;
      if (pc) storePc.add(pc[1]!);
      if (t.includes('kgconfig') && PC_PATH_ENTRY.test(t)) {
        entries = entries ? { ...entries, n: entries.n + 1 } : { n: 1, first: t.trim() };
        if (entries.n === 3) pathList ??= { line: entries.first, drv: l.drv ?? ctx.lastFailedDrv };
        return;
      }
      entries = undefined;
      const sys = t.includes('custom build command') ? SYS_BUILD.exec(t) : null;
      if (sys && !sysFailed && !/openssl/.test(sys[1]!))
        sysFailed = { crate: sys[1]!, evidence: [t.trim()], drv: l.drv ?? ctx.lastFailedDrv, probes: ctx.recent(RECENT_MAX).some((r) => PKG_CONFIG_BUILT.test(r)) };
      const probe = t.includes('_NO_PKG_CONFIG') ? PROBE.exec(t) : null;
      if (probe && !/^OPENSSL/.test(probe[1]!)) probed = { env: probe[1]!, line: t.trim(), drv: l.drv ?? ctx.lastFailedDrv };
      // Every wording of pkg-config's absence names it (`pkg-config`, `PkgConfig`, `Pkg-config`): a cheap test first.
      // pkg-config called by a system path the sandbox lacks (`sh: 1: /usr/bin/pkg-config: not found`): the path is the
      // cause, which missing-tool says (FHS_PROGRAM_NOT_FOUND); adding pkg-config alone would not change it.
      if (((t.includes('kg-config') || t.includes('kgConfig')) && NO_PKG_CONFIG.test(t) && !FHS_PROGRAM_NOT_FOUND.test(t)) || (bare && SYS_CRATE.test(t))) {
        noPkgConfig = true;
        if (lastLib) {
          pushEvidence(lastLib.evidence, t.trim(), 8);
          return;
        }
        // openssl-sys names OpenSSL just before saying pkg-config is missing.
        bare ??= { evidence: [], drv: l.drv ?? ctx.lastFailedDrv, openssl: ctx.recent(4).some((x) => /openssl/i.test(x)) };
        pushEvidence(bare.evidence, t.trim(), 8);
        bare.crate ??= SYS_CRATE.exec(t)?.[1];
      }
      if (bare && /openssl/i.test(t)) bare.openssl = true;
      const found = t.includes('cargo:') ? IN_STORE.exec(t) : null;
      if (found) inStore.add(storeKey(l.drv, found[1]!));
      if (t.includes('cargo:rustc-link-search') && OWN_OUT_DIR.test(t)) bundled.add(l.drv ?? '');
      const local = lastHeader && t.includes('#') ? LOCAL_INCLUDE.exec(t) : null;
      if (local && local[1] === lastHeader!.header) {
        libs.delete(lastHeader!.key);
        lastHeader = undefined;
        return;
      }
      const broken = t.includes('Package ') ? BROKEN_PC.exec(t) : null;
      if (broken) {
        unreadable.add(broken[1] ?? broken[2]!);
        return ctx.claim();
      }
      const skipped = t.includes('skipping incompatible') ? INCOMPATIBLE.exec(t) : null;
      if (skipped) {
        incompatible.add(skipped[1]!);
        return;
      }
      const failed = staticLibs.size && t.includes('ould not compile') ? COMPILE_FAILED.exec(t) : null;
      if (failed) {
        const key = l.drv ?? '';
        failedCrates.set(key, [...(failedCrates.get(key) ?? []), failed[1]!]);
        return;
      }
      if (
        !/pkg-config|pkgconfig|pkg_config|system library|Package |package '|-l|\.so|found: NO|found, tried|library not found|Could NOT|fatal error|native static|framework|\.pc|package such as|library '|link(?:s|ed|ing)? (?:to|with|against) /.test(
          t,
        )
      )
        return;
      let m: RegExpExecArray | null;
      let name: string | undefined;
      let crate: string | undefined;
      let viaLinker = false;
      let other: Pick<Lib, 'attr' | 'what' | 'told' | 'framework'> | undefined;
      // Other tools' wordings are tested only on lines with their words (every `Compiling pkg-config` line gets here).
      if ((t.includes('fatal error') && (m = HEADER.exec(t))) || (t.includes('Could NOT') && (m = CMAKE_FIND.exec(t)))) {
        const header = m[0].includes('fatal error');
        const attr = header ? headerAttr(m[1]!) : cmakePackageAttr(m[1]!);
        // OpenSSL is the openssl rule's; libc's own headers and unknown names are no library input.
        if (!attr || attr === 'openssl' || (header && isToolchainHeader(m[1]!))) return;
        // The script's lookup found the library in the store, a header missing from it: the crate's bindings expect
        // another version of the library (round74 uu08, nettle-sys against a nettle without des-compat.h), no input.
        if (header && inStore.has(storeKey(l.drv, attr))) return;
        if (header && bundled.has(l.drv ?? '')) return;
        [name, other] = [attr, { attr, what: header ? `the compiler cannot open the header ${m[1]}` : `CMake cannot find ${m[1]}` }];
        if (header && !libs.get(attr)) lastHeader = { header: m[1]!, key: attr };
      } else if ((m = SYSTEM_LIB.exec(t))) [name, crate] = [m[1] ?? m[3], m[2] ?? m[4]];
      else if ((t.includes('o package') && (m = NO_PACKAGE.exec(t))) || (t.includes('ependency') && (m = MESON_DEP.exec(t)))) name = m[1];
      else if (t.includes('mold:') && (m = MOLD.exec(t))) [name, viaLinker] = [m[1], true];
      else if (t.includes('--cflags') && (m = SPAWN_FAILED.exec(t))) [name, noPkgConfig] = [m[1], true];
      // A line of the hint's words takes no other wording, whether or not PC_HINT reads a name in it.
      else if ((t.includes('.pc') || t.includes('HINT: ')) && ((m = PC_HINT.exec(t)) || t.includes('.pc`') || t.includes('HINT: '))) {
        if (m) name = m[1] ?? m[2] ?? m[3];
      } else if (t.includes('pkg-config --') && (m = PROBE_COMMAND.exec(t)) && ctx.recent(2).some((x) => PROBE_EXITED.test(x))) name = m[1];
      else if ((m = NOT_IN_PATH.exec(t)) || (m = DID_NOT_EXIT.exec(t)) || (m = COULD_NOT_RUN.exec(t))) name = m[1];
      // A reporter's sentence names what pkg-config missed in the slot where prose also puts ordinary words (`can't
      // find any package`, `fail to find it`): a name the module and link tables know is a library, any other word is
      // not read. Not in a warning: a script falling back to a bundled copy says the same in a build that went on.
      else if (!/^\s*warning:/.test(t) && (t.includes('config ') || t.includes('Config ')) && (m = TOLD.exec(t)) && (pkgConfigAttr(m[1]!) || linkLibAttr(m[1]!)))
        [name, other] = [m[1], { told: true }];
      // Only in a failed build script's output (cargo prints it after its error).
      else if (sysFailed && !/^\s*warning:/.test(t) && (m = OWN_WORDS.exec(t))) {
        [name, crate] = [m[1], sysFailed?.crate];
      } else if ((m = LINK.exec(t)) || (t.includes('native static') && (m = STATIC_LIB.exec(t)))) {
        const lib = m[1] ?? m[2]!;
        if ((WINDOWS_LINKER.test(t) && !linkLibAttr(lib)) || LIBC_OWN.test(lib)) return;
        [name, viaLinker] = [m[1] ?? m[2], true];
        if (m[0].startsWith('could not find native static')) staticLibs.add(lib);
      } else if ((m = SHARED.exec(t)) && !RUST_DYLIB.test(m[1]!)) [name, viaLinker, other] = [m[1], true, { what: `a program cannot load lib${m[1]}.so (the dynamic loader finds no such library)` }];
      else if (t.includes(' framework ') && (m = TOLD_FRAMEWORK.exec(t))) {
        const fw = m[1]!;
        // The attribute only for a name nixpkgs' SDKs package: the sentence's word may be any CamelCase name.
        [name, viaLinker, other] = [fw, true, toldFramework(fw)];
      } else if (t.includes('framework') && (m = FRAMEWORK.exec(t)) && (isSdkFramework(m[1] ?? m[2] ?? m[3]!) || /^[A-Z]/.test(m[1] ?? m[2] ?? m[3]!))) {
        // A name no SDK packages is read as a framework only as Apple's are spelled (capitalised), not prose's `not found in`.
        const fw = m[1] ?? m[2] ?? m[3]!;
        const attr = frameworkAttr(fw);
        [name, viaLinker, other] = [
          fw,
          true,
          attr
            ? { attr, what: `Apple's linker cannot find the framework ${fw} (nixpkgs before 24.11 lists each framework as an input)` }
            : { what: `Apple's linker cannot find the framework ${fw}, which neither of nixpkgs' SDKs before 24.11 (10.12, 11.0) packages`, framework: true },
        ];
      } else if (t.includes('framework') && FRAMEWORK_UNNAMED.test(t)) {
        unnamedFramework ??= { evidence: [t.trim()], drv: l.drv ?? ctx.lastFailedDrv };
        ctx.claim();
        return;
      } else if (t.includes('link') && (m = TOLD_LINKING.exec(t)) && isSdkFramework(m[1]!) && /[A-Z].*[A-Z]/.test(m[1]!)) {
        const fw = m[1]!;
        [name, viaLinker, other] = [fw, true, toldFramework(fw)];
      }
      // A program from the store that cannot load its own libraries is a broken package, not a missing input.
      // bindgen failing to load libclang (`… could not be opened: libLLVM.so: cannot open shared object file`) is missing-tool's.
      if (!name || OPENSSL.has(name) || (SHARED.test(t) && (/\/nix\/store\/[^\s:]+: error while loading/.test(t) || TOOLCHAIN_LOADER.test(t) || t.includes('libclang')))) return;
      ctx.claim();
      const cur = libs.get(name) ?? { name, viaLinker, evidence: [], drv: l.drv, ...other };
      cur.crate ??= crate;
      cur.viaLinker &&= viaLinker;
      // The tool's own line for a library a sentence named too: its words, certain.
      cur.told &&= other?.told;
      // Apple's linker naming the framework gives it the attribute its own line reads.
      if (!other?.framework && cur.framework) [cur.framework, cur.attr] = [false, other?.attr];
      pushEvidence(cur.evidence, t.trim(), 8);
      libs.set(name, cur);
      lastLib = cur;
    },
    finish(ctx) {
      if (pathList && ctx.emitted === 0 && !libs.size && !bare && !sysFailed && !probed) {
        ctx.emit(
          diag(
            'pkgconfig-lib',
            "A pkg-config probe failed: the log shows PKG_CONFIG_PATH as the pkg-config crate reports a module it could not find, the module's name cut off. Add the library it looks for to buildInputs (the full log names it: `The system library … was not found`).",
            [pathList.line],
            [],
            // The module, and so the input, is out of view; the list is the crate's report's own.
            { drv: pathList.drv ?? ctx.lastFailedDrv, confidence: 'possible' },
          ),
        );
      }
      // openssl-sys' own failure is the openssl rule's.
      if (bare && !libs.size && !bare.openssl && !(bare.crate && /openssl/.test(bare.crate))) {
        const who = bare.crate ? ` (for ${bare.crate})` : '';
        // The pkg-config crate's words for its program missing: the script got as far as its lookup, which never ran. What
        // it looks up is then what the crate's recorded facts name (as a lookup the pkg-config crate was seen starting).
        const next = bare.crate ? sysCrateLibs(bare.crate, true) : [];
        ctx.emit(
          diag(
            'pkgconfig-lib',
            next.length
              ? `pkg-config is not available in the build${who}: add pkg-config to nativeBuildInputs, and ${next.join(', ')} (what ${bare.crate} looks up with it) to buildInputs.`
              : `pkg-config is not available in the build${who}: add pkg-config to nativeBuildInputs (and the library ${bare.crate ?? 'it looks for'} to buildInputs).`,
            bare.evidence,
            [{ kind: 'add-inputs', nativeBuildInputs: ['pkg-config'], ...(next.length ? { buildInputs: next } : {}) }],
            {
              drv: bare.drv,
              details: { library: bare.crate ?? 'unknown' },
              // The pkg-config crate's own words for its program missing.
              confidence: 'certain',
            },
          ),
        );
      }
      // The build script's output was cut before its panic: the module the pkg-config crate was
      // probing last, else what the failing -sys crate's recorded facts say it looks up.
      const quiet = !bare && !libs.size && !ctx.emitted;
      const probedAttr = quiet && probed ? probedModuleAttr(probed.env) : undefined;
      if (probedAttr) {
        const { env, line, drv } = probed!;
        const module = env.toLowerCase().replace(/_/g, '-');
        ctx.emit(
          diag(
            'pkgconfig-lib',
            `A build script failed while pkg-config looked for ${module} (the log stops before its reason): add ${probedAttr} to buildInputs and pkg-config to nativeBuildInputs.`,
            [...(sysFailed ? sysFailed.evidence : []), line],
            [{ kind: 'add-inputs', nativeBuildInputs: ['pkg-config'], buildInputs: [probedAttr] }],
            // The module probed last, from a view cut before the reason: a guess.
            { drv: sysFailed?.drv ?? drv, details: { library: module, attr: probedAttr, cause: 'cut' }, confidence: 'possible' },
          ),
        );
      }
      const cut = quiet && !probedAttr && sysFailed ? sysCrateLibs(sysFailed.crate, sysFailed.probes) : [];
      if (cut.length) {
        const { crate, evidence, drv } = sysFailed!;
        ctx.emit(
          diag(
            'pkgconfig-lib',
            `The build script of ${crate} failed and the log stops before its reason; ${crate} looks up ${cut.join(', ')} with pkg-config: add ${cut.join(', ')} to buildInputs and pkg-config to nativeBuildInputs.`,
            evidence,
            [{ kind: 'add-inputs', nativeBuildInputs: ['pkg-config'], buildInputs: cut }],
            // Only the build script's failure is in view: what it looks up comes from its recorded facts.
            { drv, details: { crate, library: cut.join(' '), cause: 'cut' }, confidence: 'possible' },
          ),
        );
      }
      if (unnamedFramework && !libs.size && !ctx.emitted) {
        ctx.emit(
          diag(
            'pkgconfig-lib',
            "Apple's linker cannot find a framework (the log quotes its words without the framework's name): add the framework the link names to buildInputs (darwin.apple_sdk.frameworks.X before nixpkgs 24.11; from 24.11 the default apple-sdk holds them all).",
            unnamedFramework.evidence,
            [],
            // The linker's words, quoted without what they named: which framework is not in view.
            { drv: unnamedFramework.drv, details: { library: 'unknown framework', cause: 'cut' }, confidence: 'possible' },
          ),
        );
      }
      unnamedFramework = undefined;
      sysFailed = undefined;
      probed = undefined;
      bare = undefined;
      for (const [, lib] of libs.entries()) {
        if ((lib.viaLinker && incompatible.has(lib.name)) || (!lib.viaLinker && unreadable.has(lib.name))) continue;
        if (ownArchive(lib)) continue;
        const attr = lib.framework ? lib.attr : (lib.attr ?? (lib.viaLinker ? linkLibAttr(lib.name) : pkgConfigAttr(lib.name)));
        const who = lib.crate ? ` (needed by ${lib.crate})` : '';
        const native = !lib.viaLinker && !lib.what && noPkgConfig ? ['pkg-config'] : undefined;
        // pkg-config ran and missed a module whose `.pc` the log shows in the store (STORE_PC): its hook and the library
        // must be inputs of the same derivation or shell.
        const hookless = !lib.viaLinker && !lib.what && !native && storePc.has(lib.name);
        // The pkg-config crate's own words tell the program missing (`The pkg-config command could not be found`, a
        // spawn's NotFound) from a module missing (`Package x was not found in the pkg-config search path`): with the
        // program gone the module was never looked up, so the library is what the lookup will want next.
        const what = lib.what
          ? lib.what[0]!.toUpperCase() + lib.what.slice(1)
          : lib.viaLinker
            ? `The linker cannot find library -l${lib.name}`
            : native
              ? `The pkg-config program is not on the build's PATH, so ${lib.name}${who} was never looked up`
              : `pkg-config cannot find ${lib.name}${who}`;
        const fixes = attr || native ? [{ kind: 'add-inputs' as const, ...(native || hookless ? { nativeBuildInputs: ['pkg-config'] } : {}), ...(attr ? { buildInputs: [attr] } : {}) }] : [];
        const advice = attr
          ? hookless
            ? ` though the log shows its ${lib.name}.pc in the store: pkg-config searches only what its setup hook puts on PKG_CONFIG_PATH from the inputs of the derivation or shell it runs in. Add pkg-config to nativeBuildInputs and ${attr} to buildInputs, both there.`
            : native
              ? `: add pkg-config to nativeBuildInputs, and ${attr} to buildInputs for the lookup it then makes.`
              : attr.startsWith('darwin.apple_sdk')
                ? `: add ${attr} to buildInputs (nixpkgs before 24.11; from 24.11 the default apple-sdk holds every framework of its version, and one it lacks needs a newer apple-sdk_N).`
                : `: add ${attr} to buildInputs.`
          : native
            ? ': add pkg-config to nativeBuildInputs.'
            : lib.framework
              ? // Not in the 10.12 or 11.0 lists: newer than macOS 11 (from 24.11 an apple-sdk_N is the whole SDK of its version), or not Apple's.
                `: a framework newer than macOS 11 needs nixpkgs 24.11 or later with an apple-sdk_N of a macOS version that has it; one the build makes or fetches itself must be in place before the link.`
              : '; add the nixpkgs package that provides it to buildInputs.';
        // The tool's own sentence naming the library: certain, unless no nixpkgs attribute is known to provide it.
        const confidence = (attr || native) && !lib.told ? 'certain' : 'likely';
        ctx.emit(
          diag('pkgconfig-lib', what + advice, lib.evidence, fixes, {
            drv: lib.drv,
            details: { library: lib.name, ...(attr ? { attr } : {}), ...(lib.crate ? { crate: lib.crate } : {}) },
            confidence,
          }),
        );
      }
      libs.clear();
      incompatible.clear();
      unreadable.clear();
      inStore.clear();
      staticLibs.clear();
      failedCrates.clear();
      storePc.clear();
      lastHeader = undefined;
    },
  };
}

export const pkgconfigLibRule: DiagnosisRule = {
  category: 'pkgconfig-lib',
  // Not bare `pkg-config`, which every build of the pkg-config crate prints (`Compiling pkg-config v0.3.25`):
  // the words of NO_PKG_CONFIG and the `--libs --cflags` call DID_NOT_EXIT / COULD_NOT_RUN quote.
  markers: [
    // PC_PATH_LIST's joint between two store directories; PC_PATH_HEADER and PC_PATH_ENTRY, the newer report's list (as
    // their tails: `- /nix/store/`'s and `contains`' first bytes are common log text, which the marker scan would verify).
    'pkgconfig:/nix/store/',
    'ollowing:',
    'kgconfig',
    'pkg-config command',
    'pkg-config` could',
    // `Found pkg-config: NO` (Meson), a shell's `pkg-config: command not found`.
    'pkg-config: ',
    '--cflags',
    'system library',
    'Package ',
    'find library',
    'cannot find -l',
    'skipping incompatible',
    'not found for -l',
    'native static library',
    'cannot open shared object',
    'documentation of the',
    'custom build command',
    '_NO_PKG_CONFIG',
    // IN_STORE: a failed script's report of a library it found in the store.
    'cargo:include=/nix/store/',
    'link-search=native=/nix/store/',
    'cargo:rustc-link-search=/nix/store/',
    // OWN_OUT_DIR: a build script linking the library it built.
    'cargo:rustc-link-search=native=',
    "No package '",
    ' found: NO',
    'not found, tried',
    'Could NOT find',
    'library not found: ',
    'framework not found',
    "framework '",
    "can't locate framework",
    "ld: library '",
    // TOLD_LINKING: a sentence's link verb before a framework's name.
    'link to ',
    'links to ',
    'linked to ',
    'linking to ',
    'link with ',
    'links with ',
    'linked with ',
    'linking with ',
    'link against ',
    'links against ',
    'linked against ',
    'linking against ',
    'fatal error: ',
    'Pkg-config binary',
    '#include "',
    // PC_HINT.
    '.pc` needs to be installed',
    '.pc needs to be installed',
    'install a package such as',
    'directory containing ',
    // TOLD: pkg-config failing to find, in a reporter's words (any spelling of the tool's name before these).
    // TOLD_FRAMEWORK.
    "framework can't",
    'framework cant',
    'framework cannot',
    'framework could',
    'framework is not',
    "framework isn't",
    "config can't",
    'config cant',
    'config cannot',
    'config could',
    'config does',
    "config doesn't",
    'config fail',
    'config unable',
    'config is unable',
    // OWN_WORDS: the preposition before pkg-config in any spelling (not `Compiling pkg-config`).
    'from pkg',
    'with pkg',
    'via pkg',
    'using pkg',
    'through pkg',
    'by pkg',
  ],
  // A pkg-config failure that concerns OpenSSL is the openssl rule's: such lines mark it (`bare.openssl`), read
  // only once pkg-config was found missing (a line before is in the look-back `bare` starts with).
  // OpenSSL's names for `bare`; cargo's closing line (COMPILE_FAILED) after rustc missed a static library.
  listenMarkers: ['openssl', 'OpenSSL', 'OPENSSL', 'ould not compile'],
  create,
  place: inputsPlacement,
  fixes: (_d, s, f) => {
    const fix = intentFix(f, s);
    return fix && { ...fix, preferred: f.kind === 'add-inputs' };
  },
};

// rustc errors with their `--> file:line:col` span. Errors wait for cargo's
// `could not compile` summary, which says whether a test target failed
// (then they are test-failure, not the package's own code).
import { isRustbuildStep, RUSTBUILD_STEP_MARKERS } from './rustbuild';
import { diag, RECENT_MAX, type DiagnosisRule, type Matcher, type RuleContext } from '../rule';
import { srcBindingOf } from '../../fixes/intentFixes';
import type { Diagnostic, FixIntent } from '../types';
import { type CompiledCrate, compiledCrate, isSysrootCrate } from './compiledCrate';
import { IN_NIX_BUILD_DIR } from '../sourceRoot';
import { macroMissingPath, missingBuildScriptInput, missingIncludePath, unfoundTargetPath, unloadedMemberDir, unreadManifestDir } from './includeSource';
import { LINK_FAILURE, LINK_FAILURE_MARKERS } from './linkFailure';
import { DEPENDENCY_PATH, toolchainsUnstable } from './rustcTooOld';
import { stdItemMissing } from './stdItemMissing';

/** rustc's `couldn't read` of a file under cargo's target directory (`target/<triple>/<profile>/build/<pkg>-<hash>/out/…`). */
const BUILD_OUTPUT_READ = /^couldn't read [`"]?[^`"]*\/target\/(?:[^/\s`"]+\/)*build\/[\w.+-]+-[0-9a-f]{16}\/out\//;
const ERROR = /^error(?:\[(E\d{4})\])?: (.+)$/;
const SPAN = /^\s*--> (.+?):(\d+):(\d+)$/;
const CUT_SPAN = /^\s*--> (\S+)\s*$/;
const CARET = /^\s*(?:\d+\s*)?\|(\s*)([\^]+)/;
const SUMMARY = /^error: [Cc]ould not compile `([^`]+)`(?: \(([^)]*)\))?(?: due to (\d+) previous errors?)?/;
const NOT_RUSTC =
  /^(?:could not compile|failed to run custom build command|linking with|aborting due to|the lock file|cannot create the lock file|failed to get|no matching package|package `|test failed|failed to select|failed to load|failed to parse|lock file version|Could not|could not find|Recipe|build failed|failed to download|Cannot build|builder for|build of|\d+ dependenc|hash mismatch|getting status|experimental Nix feature|flake '|undefined variable|attribute '|syntax error)/;
const MAX_PENDING = 100;
/**
 * LLVM's assembler rejecting assembly text, which rustc points at only as `--> <inline asm>:L:C` under `note:
 * instantiated into assembly here`. An `asm!` in the crate's own code gets its Rust span above that note; with none
 * (real rustc 1.95: a `global_asm!`, or assembly instantiated from another crate's inline function into this crate's
 * codegen) the log does not say whose assembly it is — a dependency's that a newer toolchain's LLVM refuses (round120
 * wo04) as likely as the package's: not claimed as the package's code.
 */
const INLINE_ASM = '<inline asm>';
/** What the rule's rarer tests need first (a member cargo cannot load, zig's build file, a target's or a manifest's path). */
const RARE_WORDS = /workspace member `|build\.zig|can't find |Cargo\.toml`/;
/**
 * cargo's closing line alone for a target any dependency has (`(lib)`, `(build script)`), with nothing in view saying
 * the crate is the package's (no `Compiling x v… (/build/…)`, the failed derivation not named after it): as likely a
 * dependency that does not compile as the package's code (round25 p10's `time`, round112 wg04's `rocksdb`); so is the
 * line of a cargo that names no target (round116 wk02). A bin, example, test or bench target is a workspace's own:
 * cargo builds no such target of a dependency.
 */
function dependencyTarget(s: { crate: string; target?: string; own?: boolean }, drv: string | undefined): boolean {
  // Cargo before 1.6x names no target (`could not compile \`x\` due to 2 previous errors`): any crate's, a dependency's too.
  if (s.own || (s.target && !/^(?:lib|build script)$/.test(s.target))) return false;
  // A store path (`/nix/store/<hash>-name-1.0.drv`) or the name a `name>` prefix gives.
  const name = drv?.replace(/^\/nix\/store\/[0-9a-z]{32}-/, '').replace(/\.drv$/, '');
  const norm = (x: string) => x.toLowerCase().replace(/_/g, '-');
  if (!name) return true;
  // The crate's name as the derivation's whole first words (`foo-bar-1.0` for foo_bar, not `foo-barometer-1.0`).
  const [n, c] = [norm(name), norm(s.crate)];
  return !(n === c || n.startsWith(`${c}-`));
}
/**
 * rustc refusing the `--json` option cargo passes every compilation (rustc_session's ``unknown `--json` option
 * `future-incompat` ``): the rustc cargo runs is from an older release than the cargo. Not the code's error. Inside a
 * derivation both come from the expression's toolchain (a mix of two toolchains, no input to add); outside one, in a
 * Nix shell, cargo found on PATH whatever rustc the host has: the shell provides cargo without its rustc.
 */
const RUSTC_REFUSES_CARGO = /^unknown `--json` option `[^`]+`/;
/**
 * rustc_metadata's locator refusing a dependency's compiled artifact: E0460 (a possibly newer
 * version of a crate), E0461 (another target triple), E0462 (a staticlib), E0464 (several
 * candidates; older rustc also E0465, ``multiple rlib candidates for `x` found``, a code rustc 1.95 no longer
 * knows: a per-crate builder passing two `--extern x=` rlibs for one name), E0514 (compiled by an incompatible rustc), E0519/E0523 (two crates alike),
 * E0786 (invalid metadata). The span points at the `extern crate`/`use` that loads it, but
 * what is wrong is the artifacts the build gave rustc (mixed toolchains, stale or inherited
 * target directories), not the code. (E0463, a crate not found, stays: an `extern crate` of
 * an undeclared dependency is the code's; std/core not found is rust-target-missing's.)
 */
const LOCATOR_CODES = new Set(['E0460', 'E0461', 'E0462', 'E0464', 'E0465', 'E0514', 'E0519', 'E0523', 'E0786']);
/**
 * rustc failing on its own files or on itself rather than on the code: rustc_session's `output
 * file … is not writeable -- check its permissions` (older: `Output file`/`Object file`) and
 * `failed to write …`, rustc_metadata's `couldn't create a temp dir: …`, rustc_codegen_ssa's
 * `could not write output to …`, rustc_interface's directory errors, any other I/O error rustc
 * reports with std's `(os error N)` (a read-only store path, a full disk; not `couldn't read`, a file
 * the code includes, which includeSource.ts and the span decide); and rustc_driver's
 * ICE (`internal compiler error: …`, `the compiler unexpectedly panicked. this is a bug.`).
 * A file an include macro cannot read is decided before this (includeSource.ts).
 */
const NOT_THE_CODE =
  /^(?:internal compiler error\b|the `#\[proc_macro(?:_derive|_attribute)?\]` attribute is only usable with crates of the `proc-macro` crate type$|cannot mix `proc-macro` crate type with others$|the compiler unexpectedly panicked|(?:output|object) file .+ is not writeable\b|couldn't create a temp dir\b|failed to write\b|could not write output to\b|failed to create the file\b|failed to find or create the directory\b|error writing dependencies to\b)|^(?!couldn't read\b).*\(os error \d+\)\W*$/i;
/*
 * NOT_THE_CODE also holds rustc's crate-type refusals (rustc_passes' AttributeOnlyUsableWithCrateType, ``the
 * `#[proc_macro_derive]` attribute is only usable with crates of the `proc-macro` crate type``; rustc_session's
 * ``cannot mix `proc-macro` crate type with others``): the code is a proc macro's and the crate type is not in the code
 * but in what rustc was asked to produce — cargo passes `--crate-type proc-macro` exactly when the manifest says
 * `proc-macro = true`, the same under Nix as where the package is developed, so in a Nix build it is the builder
 * (buildRustCrate's crateType), the target (rustc dropping a crate type the target or `+crt-static` cannot produce:
 * `dropping unsupported crate type`) or a cross setup that changed it. No edit of the code fixes it.
 */
/**
 * crane's buildDepsOnly derivation (`pnameSuffix = "-deps"`: `<pname>-deps-<version>.drv`) builds mkDummySrc's
 * source: every target and build script of the workspace's own packages replaced by one dummy file, only the
 * manifests and the lock kept. rustc's errors there are in dependencies (or in that dummy), never in the package's
 * code. naersk's dependency build carries the same name (round2 r15/r16's `websurfx-deps-1.12.1.drv`).
 * The name alone does not say it: a package may be called `foo-deps` (nixpkgs' `cargo-deps`). An error in a crate
 * of the workspace's own sources (ownSpan, ownCompiled) cannot come from such a build, whose crates have no code to
 * fail: it is the package's, whatever the derivation is called. Only an error the log does not place in the
 * workspace is silenced under that name.
 */
const DEPS_ONLY_DRV = /-deps(?:-\d[\w.+-]*)?\.drv$/;
/**
 * A line of crane's dummy source (mkDummySrc's dummy.rs, every version: `pub fn main() {}`, its `panic_handler`'s
 * `fn panic(_info: &::core::panic::PanicInfo<'_>) -> !`, `extern crate core;`) in rustc's excerpt: the error is in the
 * dummy that replaced the workspace's file (round67 un01: a proc-macro crate given a `main`), not in the package's code.
 * An empty `pub fn main() {}` is no program's own code.
 */
const DUMMY_LINE = /^\s*(?:\d+\s*)?\|\s*(?:pub fn main\(\) \{\}|fn panic\(_info: &::core::panic::PanicInfo<'_>\) -> ! \{|extern crate core;)\s*$/;
/** A Nix store path (a vendored crate, crane's dummy build script), never the workspace's own sources. */
const STORE_PATH = /^\/nix\/store\//;

/**
 * A span in the workspace's own sources: rustc names a workspace member's file relative to the workspace root and a
 * path dependency's by its absolute path under the unpacked source; a registry, vendored or git crate's lies in
 * cargo's or the vendor's directory (DEPENDENCY_PATH), std's in the toolchain (SYSROOT_PATH), both outside.
 */
function ownSpan(path: string | undefined): boolean {
  return !!path && !STORE_PATH.test(path) && !DEPENDENCY_PATH.test(path) && !SYSROOT_PATH.test(path);
}

/**
 * cargo compiled the crate compiledCrate found from a path of the build's own tree (`Compiling x v0.1.0 (/build/source/x)`): a crate of
 * the workspace (a registry or vendored crate shows no path, a git crate its URL).
 */
function ownCompiled(compiled: CompiledCrate | undefined): boolean {
  // Cargo before 1.4x wrote a path source as a URL (`Compiling foo v0.1.0 (file:///build/source)`).
  const source = compiled?.source?.replace(/^file:\/\//, '');
  return !!source && source.startsWith('/') && ownSpan(source + '/');
}

// Nix's own lines around a failed build's log (its `error: builder for …` before or after, Nix 2.26's `Cannot build`).
const NIX_FAILED = /^\s*(?:error: (?:builder for |build of |\d+ dependenc|Cannot build )|Reason: builder failed|Output paths:|For full logs, run )/;
// What may follow cargo's headline for a member in a log cut before its cause: its `referenced by` line, Nix's lines.
const CUT_MEMBER_TAIL = /^\s*referenced by workspace at `/;

/** The crates cargo said it compiles from the workspace (ownCompiled) among `recent`: read at an error, whose summary may come past them. */
function ownCratesIn(recent: readonly string[]): string[] | undefined {
  let names: string[] | undefined;
  for (const t of recent) {
    const c = t.includes('Compiling ') || t.includes('Checking ') ? compiledCrate([t]) : undefined;
    if (c && ownCompiled(c)) (names ??= []).push(c.name);
  }
  return names;
}
/**
 * Legacy `nix-build` streams a builder's output unprefixed and rustc's `error…` lines read as Nix's own (no derivation),
 * `nix build -L` prefixes them with the name without its version: the derivation is said by the builder's failure,
 * the line after cargo's summary. Errors without one wait that many lines for it (DEPS_ONLY_DRV decides then).
 */
const HOLD_LINES = 4;
/**
 * A builder's failure with cargo's exit status for a compilation that failed (cargo exits 101 on any error; the
 * builder's shell, under `set -e`, exits with it): the failure of a build that ran cargo, read when the errors held
 * for their derivation may be another job's (HOLD_LINES).
 */
const CARGO_FAILED = /\bfailed with exit code 101\b/;
/**
 * rustc_expand catching a procedural macro's panic (`proc macro panicked`, `proc-macro derive panicked`,
 * `custom attribute panicked`, its `help: message:` the panic's payload): the macro's own code failed while
 * rustc ran it — often on the build's environment (a file or program it opens at compile time) — not an
 * error rustc found in the package's code, which no edit of that code fixes.
 */
const MACRO_PANICKED = /^(?:proc macro|proc-macro derive|custom attribute) panicked$/;
/**
 * cargo's `Caused by:` under `could not compile` when rustc did not exit but was killed
 * (cargo-util's ProcessError: ``process didn't exit successfully: `…rustc …` (signal: 9, SIGKILL: kill)``):
 * the OOM killer, a crash of rustc itself — not an error in the code (there is none printed).
 */
const RUSTC_KILLED = /process didn't exit successfully: `[^`]*\brustc\b[^`]*` \(signal: \d+/;
/**
 * The same line with its command left out (a paste that elided the long rustc invocation: ``process didn't exit
 * successfully (signal: 9, SIGKILL)``), read only right under cargo's `could not compile` and its `Caused by:`: the
 * process cargo ran to compile a crate is rustc (or its wrapper), whatever the paste kept of its command.
 */
const KILLED_ELIDED = /process didn't exit successfully:? \(signal: \d+/;
/**
 * cargo's header for a build script that failed, of a crate with a path source (the package's own: a registry,
 * vendored or git crate shows no absolute path in the parentheses). Its stderr follows under `Caused by:`.
 */
const OWN_BUILD_SCRIPT = /^error: failed to run custom build command for `[^`]+ \(\//;
/**
 * A panic printed at the start of a line, outside the test harness: the process cargo ran for the crate — rustc
 * itself or a RUSTC_WRAPPER such as nixpkgs' cargo-auditable — panicked, and cargo's stderr passes it through
 * unindented (a build script's panic comes indented under cargo's `Caused by:`/`--- stderr`, a proc macro's is
 * rustc's `error: proc-macro derive panicked` with a span). A `could not compile` after it with no rustc error
 * in view is the tool's failure, not the code's.
 */
const TOOL_PANIC = /^thread '[^']*' (?:\(\d+\) )?panicked at\b/;
/**
 * `zig build` finding no build file: it looks in its working directory, then in each parent up to the filesystem's root
 * (zig's cmdBuild; the wording of stage1's `No 'build.zig' file found, in the current directory or any parent
 * directories.`, later `error: no build.zig file found, in the current directory or any parent directories`). Run by a
 * build script inside a Nix build, whose tree is the unpacked src, that is a build.zig of the project the src does not
 * have — a source filter keeping Rust and Cargo files drops it.
 */
const ZIG_NO_BUILD_FILE = /\b[Nn]o '?build\.zig'? file found, in the current directory or any parent directories\b/;
/**
 * The Rust toolchain's own build (rustbuild: nixpkgs' rustc derivation, x.py): bootstrap.py's last words when its
 * bootstrap binary failed (`failed to run: …/build/bootstrap/debug/bootstrap build`, `Build completed unsuccessfully
 * in 0:26:08`). The crates that failed there are rustc's tools and dependencies, built from the toolchain's sources
 * by its stage0 cargo: no package's code, whatever summary cargo printed.
 */
const RUSTBUILD = /^(?:failed to run: \S*\/bootstrap\/debug\/bootstrap\b|Build completed unsuccessfully in \d+:\d\d:\d\d\s*$)/;
/** The standard library's sources in a toolchain (rust-src) or as rustc names them in spans. */
const SYSROOT_PATH = /\/lib\/rustlib\/src\/rust\/library\/|^\/rustc\/[0-9a-f]{40}\/library\//;
/**
 * Code a build script generated (cargo's OUT_DIR, `target/…/build/<crate>-<hash>/out/`): rustc's error there is real,
 * but what wrote it (a bindgen newer than the rustc, a generator's input) is the cause, not the code: a possible cause.
 */
const GENERATED_PATH = /\/target\/(?:[^/]+\/)*build\/[^/]+-[0-9a-f]{16}\/out\//;
// buildRustCrate (crate2nix) prints the rustc command it runs; its `-L` names the
// unpacked source. A crates.io `.crate` archive unpacks to `<name>-<version>`, so a
// source directory named for the crate being compiled and a version is a
// published crate, not the user's own source (that unpacks to `source` or its
// directory's name).
const RUN = /^Running rustc --crate-name (\S+) .*?\/build\/([A-Za-z0-9_-]+)-\d+\.\d+\.\d+[0-9A-Za-z.+-]*\/target\//;

/**
 * Another per-crate builder's rustc command (nocargo's `Building lib: RUSTC 'src/lib.rs' … '--crate-name=cpufeatures'`,
 * round67 un07; not cargo's verbose `Running \`rustc …\``) after stdenv's `source root is <name>-<version>`: the same
 * reading as RUN, the unpacked directory named for the crate compiled and a version.
 */
const CRATE_NAME_ARG = /--crate-name[= ]'?([\w-]+)/;
const SOURCE_ROOT = /^source root is ([A-Za-z0-9_-]+)-\d+\.\d+\.\d+[0-9A-Za-z.+-]*$/;

/**
 * Whether the rustc run just before (within RECENT_MAX lines) compiles a published crate; undefined when none is shown.
 * `root`: the crate a `source root is <name>-<version>` line named last (read by the rule: far above, past the window).
 */
function publishedRun(recent: string[], root?: string): boolean | undefined {
  for (let i = recent.length - 1; i >= 0; i--) {
    const t = recent[i]!.trim();
    const r = RUN.exec(t);
    if (r) return r[2]!.replace(/-/g, '_') === r[1];
    const named = root && t.includes('--crate-name') && !t.includes('Running `') ? CRATE_NAME_ARG.exec(t)?.[1] : undefined;
    if (named) return root === named.replace(/-/g, '_') || undefined;
  }
  return undefined;
}

/**
 * A crate the error says rustc could not resolve: E0463 (`can't find crate for \`x\``), E0433 (`could not find \`x\` in
 * the list of imported crates`), E0658's `rustc_private` fallback to the sysroot's copy (the crate named by the
 * `extern crate x` rustc quotes under it).
 */
function unresolvedCrate(p: Pending): string | undefined {
  if (p.code === 'E0463') return /^can't find crate for `([\w-]+)`/.exec(p.message)?.[1];
  if (p.code === 'E0433') return /could not find `([\w-]+)` in the list of imported crates/.exec(p.message)?.[1];
  if (p.code === 'E0658' && /rustc_private[`'"]?: this crate is being loaded from the sysroot/.test(p.message)) {
    for (const e of p.evidence) {
      const m = /\bextern crate ([\w]+)\b/.exec(e);
      if (m) return m[1];
    }
  }
  return undefined;
}

/**
 * buildRustCrate's rustc command (its `Running rustc …` line) enabling the feature named for a crate (`--cfg
 * feature="x"`, cargo's implicit feature of an optional dependency) without passing that crate (`--extern x=…`):
 * cargo turns an optional dependency and its feature on together, so rustc not finding it is the generated build's
 * feature and dependency resolution (crate2nix, carnix), not the crate's code.
 */
function featureWithoutExtern(run: string | undefined, crate: string): boolean {
  if (!run) return false;
  const names = new Set([crate, crate.replace(/_/g, '-'), crate.replace(/-/g, '_')]);
  const features = [...run.matchAll(/--cfg feature="([\w-]+)"/g)].map((m) => m[1]!);
  if (!features.some((f) => names.has(f))) return false;
  const snake = crate.replace(/-/g, '_');
  return !new RegExp(`--extern ${snake}=`).test(run);
}

/**
 * rustc's name-resolution errors (E0412, E0422, E0425, E0432, E0433) that its note puts in a derive macro's expansion
 * (`this error originates in the derive macro \`X\``): the unresolved paths are the macro's output, written by its
 * published crate for the companion crate it expects (found by name, or through the manifest cargo describes). Under a
 * per-crate builder (crate2nix's buildRustCrate, cargo2nix) that crate reaches rustc under another name or not at all
 * (round12 c06, round59 uf07); with cargo, the companion crate is missing from the package's dependencies. Which one
 * the log does not say: a possible cause.
 */
const RESOLUTION_CODES = new Set(['E0412', 'E0422', 'E0425', 'E0432', 'E0433']);
const IN_DERIVE = /this error originates in the derive macro\b/;
function derivedUnresolved(p: Pending, derivedAt: ReadonlySet<string>): boolean {
  if (!p.code || !RESOLUTION_CODES.has(p.code)) return false;
  // One whose excerpt the log cut before its note, at the span of one the note put in the macro: the same expansion.
  return p.evidence.some((e) => IN_DERIVE.test(e)) || (!!p.location && derivedAt.has(spanKey(p.location)));
}
const spanKey = (l: NonNullable<Diagnostic['location']>) => `${l.path}:${l.line}:${l.column}`;

/** The latest rustc command buildRustCrate showed within the recent lines. */
function lastRun(recent: string[]): string | undefined {
  for (let i = recent.length - 1; i >= 0; i--) if (recent[i]!.trimStart().startsWith('Running rustc --crate-name ')) return recent[i];
  return undefined;
}

/**
 * rustc's `env!` of a variable the compilation did not have (`environment variable \`X\` not defined at compile time`)
 * right after a build script's warning naming that variable (cargo relays `cargo:warning=` as `warning: pkg@1.0: …`,
 * older cargo without the id; not rustc's own warning, which has its span): the build script could not set it (vergen, built, shadow-rs reading `.git`, which a Nix
 * source does not carry) and said so. The code is as its authors build it; what it reads at build time is missing,
 * which the labelling guide's build-metadata case leaves to `other`.
 */
const ENV_UNDEFINED = /^environment variable `(\w+)` not defined at compile time/;
function scriptLeftUnset(message: string, recent: readonly string[]): boolean {
  const v = ENV_UNDEFINED.exec(message)?.[1];
  if (!v) return false;
  // cargo ≥ 1.75 relays `warning: pkg@1.0: …`; older cargo the bare message, which rustc's own warnings share: those
  // come with a span (` --> src/main.rs:1:5`) on the next line, a relayed line never.
  const relayed = new RegExp(`^\\s*warning: [\\w-]+@\\S+: .*\\b${v}\\b`);
  const bare = new RegExp(`^\\s*warning: .*\\b${v}\\b`);
  return recent.some((x, i) => relayed.test(x) || (bare.test(x) && !SPAN_NEXT.test(recent[i + 1] ?? '')));
}
const SPAN_NEXT = /^\s*--> \S/;

/**
 * rustc's note under a lint the crate's own attribute turned into an error (rustc_middle's lint level source, real rustc
 * 1.95: ``= note: `#[deny(unused_variables)]` implied by `#[deny(warnings)]` ``): code whose authors build it warning-free
 * on their toolchain, meeting a lint this toolchain has and theirs did not (round165 yh03: `non_fmt_panic`, which the
 * build met after nixpkgs moved rustc 1.50 to 1.51). The code is as its authors build it; a newer toolchain than the code supports is the labelling guide's `other`,
 * and no fix kind turns a lint off. (`-D warnings` from the command line is the build's own choice, not read here.)
 */
const DENIED_BY_WARNINGS = /`#\[deny\([\w:-]+\)\]` implied by `#\[deny\(warnings\)\]`/;

interface Pending {
  code?: string;
  message: string;
  evidence: string[];
  location?: Diagnostic['location'];
  drv?: string;
  /** Compiled from a published crate's source (see RUN). */
  published?: boolean;
  /** buildRustCrate's rustc command for it, when shown (featureWithoutExtern). */
  run?: string;
  /** The workspace's crates cargo was compiling just before it (ownCratesIn). */
  ownCrates?: string[];
  /** A build script said it could not set the variable this `env!` reads (scriptLeftUnset). */
  scriptUnset?: boolean;
  /** A lint the crate's own `#![deny(warnings)]` made an error (DENIED_BY_WARNINGS). */
  deniedByWarnings?: boolean;
}

function create(): Matcher {
  let pending: Pending[] = [];
  let current: Pending | undefined;
  let summary: { crate: string; target?: string; count?: string; line: string; drv?: string; published?: boolean; own?: boolean } | undefined;
  let emitted = 0;
  let notTheCode = 0;
  // A tool's panic since the last `could not compile` (TOOL_PANIC).
  let toolPanic = false;
  // RUSTC_REFUSES_CARGO said once.
  let refusedSaid = false;
  // The summary of a test target whose errors the window hid, said once cargo's `Caused by:` under it (a rustc killed
  // by a signal: no error of the code's) had its chance to be read.
  let heldTest: { diag: ReturnType<typeof diag>; left: number } | undefined;
  const sayTest = (ctx: RuleContext) => {
    if (heldTest) ctx.emit(heldTest.diag);
    heldTest = undefined;
  };
  // Inside the failure report of the package's own build script (OWN_BUILD_SCRIPT), until cargo's next summary.
  let ownBuildScript = false;
  // A linker failed somewhere in the log (linkFailure.ts): a `could not compile` with no error of the code's in view
  // is that link's (cargo runs jobs in parallel and one broken linker fails every link, so its summary may come
  // before or after the link's own output), not errors scrolled out of view.
  let linkFailed = false;
  // The log is the Rust toolchain's own build (RUSTBUILD): a summary alone is a toolchain crate's.
  let rustbuild = false;
  const included = new Set<string>();
  // A crate manifest cargo could not read under the unpacked source, waiting for the OS error under it (includeSource.ts).
  let manifest: { dir: string; evidence: string[]; left: number; drv?: string } | undefined;
  // Cargo's headline for a member it could not load, with no `error:` before it (a TOML syntax error comes first) and
  // nothing after it but its `referenced by` line: a log cut before the cause. Read at the end as the member's manifest
  // missing from src, the one cause a Nix build adds to a workspace that builds outside it; any further line drops it.
  let cutMember: { dir: string; evidence: string[]; drv?: string } | undefined;

  // `crateOwn`: the summary that ends these errors names a crate of the workspace (ownCompiled).
  const flush = (ctx: RuleContext, category: 'rust-compile-error' | 'test-failure', crateOwn = false) => {
    current = undefined;
    const derivedAt = new Set(pending.filter((p) => p.location && p.evidence.some((e) => IN_DERIVE.test(e))).map((p) => spanKey(p.location!)));
    for (const p of pending) {
      // Inside the Rust toolchain's own build (its step lines came first): a toolchain crate's error, no package's.
      if (rustbuild) {
        notTheCode++;
        continue;
      }
      const include = p.code ? undefined : (missingIncludePath(p.message) ?? (MACRO_PANICKED.test(p.message) ? macroMissingPath(p.evidence) : undefined));
      // A file of the build's own output (cargo's target directory: a build script's OUT_DIR) that is not there was
      // never written by the step that makes it (a build script run in another environment): no src file to keep and
      // no error of the code (the labelling guide's generated-file cases; round159 yb01).
      if (!p.code && BUILD_OUTPUT_READ.test(p.message)) {
        notTheCode++;
        continue;
      }
      // E0463 for the standard library itself (std, core, alloc …, its name quoted any way a paste left it): the
      // toolchain's sysroot lacks it for the target rustc builds for — the toolchain's matter (rust-target-missing
      // reads the target's), never the code's (round20 k06: rustup's toolchain in a pure nix-shell).
      const sysroot = p.code === 'E0463' ? /^can't find crate for [`'‘"]([\w-]+)[`'’"]/.exec(p.message) : null;
      if (sysroot && isSysrootCrate(sysroot[1]!)) {
        notTheCode++;
        continue;
      }
      // Not the code: the artifacts or toolchain rustc was given, rustc's own I/O, an ICE, std's own sources.
      if ((p.code && LOCATOR_CODES.has(p.code)) || (!include && !p.code && (NOT_THE_CODE.test(p.message) || MACRO_PANICKED.test(p.message))) || (p.location && SYSROOT_PATH.test(p.location.path))) {
        notTheCode++;
        continue;
      }
      if (p.deniedByWarnings) {
        notTheCode++;
        continue;
      }
      // A crate the build's command enabled the feature of but did not pass (featureWithoutExtern).
      const unresolved = p.run ? unresolvedCrate(p) : undefined;
      if (unresolved && featureWithoutExtern(p.run, unresolved)) {
        notTheCode++;
        continue;
      }
      // The dependencies-only build of crane (DEPS_ONLY_DRV): no code of the package's is compiled there, so an
      // error the log places in the workspace is the package's own whatever the derivation's name — unless rustc's
      // excerpt shows the dummy itself (DUMMY_LINE; a window may not name the derivation before the error).
      const own = crateOwn || ownSpan(p.location?.path);
      if (!include && ((!own && DEPS_ONLY_DRV.test(p.drv ?? ctx.lastFailedDrv ?? '')) || p.evidence.some((e) => DUMMY_LINE.test(e)))) {
        notTheCode++;
        continue;
      }
      // A message with neither span nor code is rustc's only when it names a file the code reads.
      if (!p.location && !p.code && !include) continue;
      // An unstable feature in a published dependency is rustc-too-old's (the crate is built with another toolchain).
      if ((p.code === 'E0658' || p.code === 'E0554') && p.location && DEPENDENCY_PATH.test(p.location.path)) continue;
      // Any error in a published crate (a registry, vendored or git dependency's source, or
      // buildRustCrate compiling a crates.io archive): that source compiled when it was
      // published, so what changed is around it — a rustc older or newer than the one it
      // was written for, dependency versions or features it was not built with, a build
      // script's output written over a source file. None is an error in the package's code,
      // and no edit of that code fixes it (a too-old rustc's own words are rustc-too-old's).
      if (!include && (p.published || (p.location && DEPENDENCY_PATH.test(p.location.path)))) {
        notTheCode++;
        continue;
      }
      if (include) {
        // One diagnosis per missing file (rustc repeats the error at every use).
        if (included.has(include)) continue;
        included.add(include);
      }
      if (p.scriptUnset || p.location?.path === INLINE_ASM) {
        notTheCode++;
        continue;
      }
      // A standard-library item the toolchain lacks (rustc-too-old's; under a per-crate builder, the builder's cfgs).
      if (p.code && stdItemMissing(p.evidence[0]!, p.evidence.slice(1))) {
        notTheCode++;
        continue;
      }
      // Also one reported by a stable rustc, and #![feature] on one (the code is built with another toolchain).
      if (toolchainsUnstable(p.code, p.location?.path, p.evidence)) continue;
      emitted++;
      const fixes: FixIntent[] = include
        ? [{ kind: 'include-in-src', path: include, because: 'read at compile time (include_str!, include_bytes!, migrate!)' }]
        : category === 'test-failure'
          ? [{ kind: 'set-attr', name: 'doCheck', nix: 'false' }]
          : [];
      const message = include
        ? `${p.message}: the code includes ${include} at compile time, but the build's src does not have it (a source filter keeping only Rust and Cargo files drops it): keep it in src.`
        : p.code
          ? `error[${p.code}]: ${p.message}`
          : p.message;
      const d = diag(category, message, p.evidence, fixes, {
        // rustc's own error with its span or code: certain, unless the span is in code a build script generated.
        confidence: (!include && p.location && GENERATED_PATH.test(p.location.path)) || derivedUnresolved(p, derivedAt) ? 'possible' : 'certain',
        location: p.location,
        drv: p.drv,
        details: p.code ? { code: p.code } : include ? { includePath: include } : undefined,
      });
      if (include || p.drv) {
        ctx.emit(d);
        continue;
      }
      // Which derivation printed it is not known yet (see HOLD_LINES).
      if (!held.length) {
        heldSince = ctx.lastFailedDrv;
        heldLeft = HOLD_LINES;
      }
      held.push({ d, own });
    }
    pending = [];
  };
  // Diagnostics of errors whose derivation the framing did not say, until the builder's failure names it.
  let held: { d: Diagnostic; own: boolean }[] = [];
  let heldSince: string | undefined;
  let heldLeft = 0;
  // `failure`: the line at which another derivation failed. It is the errors' own build when it comes right after
  // cargo's summary, or when the builder exited with cargo's own status for a failed compilation (CARGO_FAILED);
  // else another job of Nix's failed first and the errors are released with no derivation rather than under its.
  const release = (ctx: RuleContext, failure?: string) => {
    const list = held;
    held = [];
    const failed = ctx.lastFailedDrv !== heldSince ? ctx.lastFailedDrv : undefined;
    const drv = failed && (heldLeft === HOLD_LINES || (failure !== undefined && CARGO_FAILED.test(failure))) ? failed : undefined;
    const deps = !!drv && DEPS_ONLY_DRV.test(drv);
    for (const { d, own } of list) {
      if (deps && !own) {
        emitted--;
        notTheCode++;
        continue;
      }
      ctx.emit(drv && !d.drv ? { ...d, drv } : d);
    }
  };

  // The crate stdenv's last `source root is <name>-<version>` unpacked (SOURCE_ROOT), `-` read as `_`.
  let sourceRoot: string | undefined;
  return {
    busy: () => !!current || !!manifest || !!cutMember || held.length > 0 || !!heldTest,
    held: () => held.length,
    release(ctx) {
      // No summary came for these (a cut log): they are the code's as they stand. Held ones: no failure will name their derivation now.
      if (pending.length) flush(ctx, 'rust-compile-error');
      if (held.length) release(ctx);
    },
    line(l, ctx) {
      // A held test summary waits for the `Caused by:` line and the one under it.
      if (heldTest && l.text.trim() && !l.text.includes('(signal: ') && !/^\s*Caused by:\s*$/.test(l.text) && --heldTest.left <= 0) sayTest(ctx);
      const t = l.text;
      if (held.length && (ctx.lastFailedDrv !== heldSince || --heldLeft <= 0)) release(ctx, t);
      if (t.startsWith('source root is ')) sourceRoot = SOURCE_ROOT.exec(t)?.[1]?.replace(/-/g, '_');
      // Read before anything else: a link failure's lines may come while an error waits for its span.
      if (!linkFailed && LINK_FAILURE.test(t)) linkFailed = true;
      if (!rustbuild && (((t.startsWith('failed to run: ') || t.startsWith('Build completed unsuccessfully')) && RUSTBUILD.test(t)) || isRustbuildStep(t))) rustbuild = true;
      if (current) {
        const s = SPAN.exec(t);
        if (s && !current.location) {
          current.location = { path: s[1]!, line: Number(s[2]), column: Number(s[3]), unit: 'char' };
          current.evidence.push(t);
          return;
        }
        // A span a paste cut at the right edge before its `:line:col`, in a dependency's source: a published crate's error.
        const cut = !s && !current.location && t.includes('--> ') ? CUT_SPAN.exec(t) : null;
        if (cut && DEPENDENCY_PATH.test(cut[1]!)) {
          current.published = true;
          current.evidence.push(t);
          return;
        }
        // A message wrapped before its OS error (`couldn't read `p`:` then `No such file or directory (os error 2)`
        // on the next, indented line, as Nix's error block or a paste breaks it): one message again.
        if (!current.code && current.message.endsWith(':') && /^\s+\S/.test(t) && /\(os error \d+\)\s*$/.test(t) && current.evidence.length === 1) {
          current.message = `${current.message} ${t.trim()}`;
          current.evidence.push(t);
          return;
        }
        if (t.includes('implied by') && DENIED_BY_WARNINGS.test(t)) current.deniedByWarnings = true;
        const c = current.location && current.location.endColumn === undefined ? CARET.exec(t) : null;
        if (c) current.location!.endColumn = current.location!.column! + c[2]!.length;
        if (t.trim() && !t.startsWith('error') && !t.startsWith('warning') && !/^For more information/.test(t) && current.evidence.length < 16) {
          current.evidence.push(t);
          return;
        }
        current = undefined;
      }
      if (cutMember && t.trim() && !CUT_MEMBER_TAIL.test(t) && !NIX_FAILED.test(t) && !/^\s*\/nix\/store\/\S+$/.test(t)) cutMember = undefined;
      // The words of the rarer lines below, in one pass (most lines this rule reads hold none of them).
      const rare = RARE_WORDS.test(t);
      if (rare && t.includes('workspace member `')) {
        const dir = unloadedMemberDir(t);
        cutMember =
          dir && !ctx.recent(8).some((x) => /^\s*error(?:\[|:)/.test(x) && !x.includes('workspace member `') && !NIX_FAILED.test(x))
            ? { dir, evidence: [t.trim()], drv: l.drv ?? ctx.lastFailedDrv }
            : undefined;
      }
      if (manifest && t.trim()) {
        const m = manifest;
        if (/No such file or directory \(os error 2\)/.test(t)) {
          manifest = undefined;
          emitted++;
          ctx.claim();
          return ctx.emit(
            diag(
              'rust-compile-error',
              `Cargo cannot read ${m.dir}/Cargo.toml, the manifest of a crate of the workspace (a member or a path dependency): the build's src does not have ${m.dir} (its source filter drops it): keep that directory in src.`,
              [...m.evidence, t.trim()],
              [{ kind: 'include-in-src', path: m.dir, because: 'a crate of the workspace cargo loads' }],
              { drv: m.drv, details: { includePath: m.dir }, confidence: 'certain' },
            ),
          );
        }
        // `Caused by:` lines (and a parallel job's interleaved output) may come between; another error ends the wait.
        if (--m.left <= 0 || /^\s*error/.test(t)) manifest = undefined;
      }
      if (rare && t.includes('build.zig') && ZIG_NO_BUILD_FILE.test(t) && (l.source === 'build' || !!l.drv || ctx.building) && !included.has('build.zig')) {
        // Which build.zig zig wanted depends on the directory the build script ran it in, which the log does not say.
        included.add('build.zig');
        emitted++;
        ctx.claim();
        return ctx.emit(
          diag(
            'rust-compile-error',
            "zig build, run by a build script, finds no build.zig in its working directory or any directory above it: the build's src does not have the project's build.zig (a source filter keeping only Rust and Cargo files drops it): keep the build.zig files (and what they build) in src.",
            [t.trim()],
            [],
            // zig's own sentence, but which build.zig it wanted is the reading's.
            { drv: l.drv ?? ctx.lastFailedDrv, details: { missingFile: 'build.zig' }, confidence: 'likely' },
          ),
        );
      }
      const unfound = rare && t.includes("can't find ") && (t.includes('Please specify ') || t.includes('or specify lib.path')) ? unfoundTargetPath(t, ctx.recent(6)) : undefined;
      if (unfound) {
        ctx.claim();
        if (included.has(unfound)) return;
        included.add(unfound);
        emitted++;
        return ctx.emit(
          diag(
            'rust-compile-error',
            `Cargo cannot find the source of a target the manifest declares (${t
              .trim()
              .replace(/^.*?(can't find)/, '$1')
              .replace(/\. Please specify.*$/, '')}): the build's src does not have ${unfound} (its source filter drops it): keep it in src.`,
            [
              ...ctx
                .recent(6)
                .filter((x) => /failed to (?:parse|load) manifest/.test(x))
                .map((x) => x.trim()),
              t.trim(),
            ],
            [{ kind: 'include-in-src', path: unfound, because: 'a target cargo finds by its path' }],
            { drv: l.drv ?? ctx.lastFailedDrv, details: { includePath: unfound }, confidence: 'certain' },
          ),
        );
      }
      const unread = rare && t.includes('Cargo.toml`') ? unreadManifestDir(t, l.source === 'build') : undefined;
      if (unread && !included.has(unread)) {
        included.add(unread);
        manifest = {
          dir: unread,
          evidence: [
            ...ctx
              .recent(4)
              .filter((x) => /failed to load manifest/.test(x))
              .map((x) => x.trim()),
            t.trim(),
          ],
          left: 4,
          drv: l.drv ?? ctx.lastFailedDrv,
        };
        return ctx.claim();
      }
      if (ownBuildScript && t.includes('No such file or directory')) {
        // A source file the package's build script hands a program (a .proto to protoc, a .c to cc) that the src
        // filter dropped: the same fix as a file an include macro reads.
        const path = missingBuildScriptInput(t);
        if (path && !included.has(path)) {
          included.add(path);
          emitted++;
          ctx.claim();
          ctx.emit(
            diag(
              'rust-compile-error',
              `The build script cannot open ${path}: the build's src does not have it (a source filter keeping only Rust and Cargo files drops it): keep it in src.`,
              [...ctx.recent(3), t],
              [{ kind: 'include-in-src', path, because: 'read by the build script' }],
              { drv: l.drv ?? ctx.lastFailedDrv, details: { includePath: path }, confidence: 'certain' },
            ),
          );
        }
        return;
      }
      if (t.startsWith("thread '") && !ctx.inTests && TOOL_PANIC.test(t)) {
        toolPanic = true;
        return;
      }
      if (t.includes('(signal: ') && (RUSTC_KILLED.test(t) || (summary && summary.line !== t && KILLED_ELIDED.test(t) && /could not compile|Caused by:/.test(ctx.recent(3).join('\n'))))) {
        notTheCode++;
        heldTest = undefined;
        return;
      }

      if (!t.startsWith('error')) return;
      if (t.startsWith('error: failed to run custom build command')) ownBuildScript = OWN_BUILD_SCRIPT.test(t);
      const sm = SUMMARY.exec(t);
      if (sm) {
        ownBuildScript = false;
        ctx.claim();
        const test = /\btest\b/.test(sm[2] ?? '');
        // The standard library's own crates failing: a build that compiles std (compiledCrate.ts), not the package.
        // Not when an error shown is in the package's own files: cargo builds a workspace package named `core` like any other.
        const own = pending.some((p) => p.location && !SYSROOT_PATH.test(p.location.path) && !DEPENDENCY_PATH.test(p.location.path));
        // The crate cargo compiled last under that name, read once for the three questions below.
        const compiled = compiledCrate(ctx.recent(RECENT_MAX), sm[1]);
        if (!own && isSysrootCrate(sm[1]!, compiled)) {
          notTheCode += pending.length + 1;
          pending = [];
          current = undefined;
          return;
        }
        const crateOwn = ownCompiled(compiled) || pending.some((p) => p.ownCrates?.includes(sm[1]!));
        summary = { crate: sm[1]!, target: sm[2], count: sm[3], line: t, drv: l.drv, published: compiled?.published, own: crateOwn };
        const before = emitted;
        const located = pending.some((p) => p.location || p.code);
        // rustc or its wrapper panicked, and no error of the code's is in view: not the package's code.
        const panicked = toolPanic && !located;
        if (panicked) notTheCode++;
        toolPanic = false;
        if (pending.length) flush(ctx, test ? 'test-failure' : 'rust-compile-error', crateOwn);
        sayTest(ctx);
        // The window hid the errors themselves: still say the test target does not build — unless rustc or its
        // wrapper panicked or was killed (no error of the code's: a resource limit, a crash of the tool).
        if (test && emitted === before && !linkFailed && !panicked) {
          emitted++;
          heldTest = {
            left: 2,
            diag: diag(
              'test-failure',
              `The tests of ${sm[1]} (${sm[2]}) do not compile${sm[3] ? ` (${sm[3]} errors)` : ''}: fix them, or disable the check phase; see the full log.`,
              [...ctx.recent(3), t],
              [{ kind: 'set-attr', name: 'doCheck', nix: 'false' }],
              // cargo's closing line only: the errors, and whether they are the tests' code, are not in view.
              { drv: l.drv ?? ctx.lastFailedDrv, confidence: 'possible' },
            ),
          };
        }
        return;
      }
      const m = ERROR.exec(t);
      // A line another rule explained (a missing target's E0463, a library the loader cannot open) is not the code's error.
      if (!m || NOT_RUSTC.test(m[2]!) || ctx.claimed) return;
      if (!m[1] && RUSTC_REFUSES_CARGO.test(m[2]!)) {
        ctx.claim();
        notTheCode++;
        // A derivation's build directory in cargo's `Compiling x (…)` path says the same as Nix's framing (an unframed `nix log`).
        const drv = l.drv ?? ctx.lastFailedDrv ?? ctx.recent(RECENT_MAX).find((x) => IN_NIX_BUILD_DIR.test(x));
        if (!drv && !refusedSaid) {
          refusedSaid = true;
          ctx.emit(
            diag(
              'missing-tool',
              `rustc does not know the \`--json\` option cargo passes (${m[2]}): the rustc cargo runs is older than the cargo, so it is not the Nix shell's — the shell provides cargo without rustc and the host's own rustc stood in. Add rustc to the shell's packages (nativeBuildInputs).`,
              [...ctx.recent(2).filter((x) => /Compiling |cargo/.test(x)), t.trim()],
              [{ kind: 'add-inputs', nativeBuildInputs: ['rustc'] }],
              // Inferred: rustc refusing cargo's option says it is older, not that the shell lacks rustc.
              { details: { tool: 'rustc', cause: 'older-rustc-on-path' }, confidence: 'likely' },
            ),
          );
        }
        return;
      }
      const recent = ctx.recent(RECENT_MAX);
      const published = publishedRun(recent, sourceRoot) ?? pending.at(-1)?.published;
      const run = m[1] === 'E0463' || m[1] === 'E0433' || m[1] === 'E0658' ? lastRun(recent) : undefined;
      current = { code: m[1], message: m[2]!, evidence: [t], drv: l.drv, published, run, ownCrates: ownCratesIn(recent), scriptUnset: scriptLeftUnset(m[2]!, recent) };
      if (pending.length < MAX_PENDING) pending.push(current);
    },
    finish(ctx) {
      sayTest(ctx);
      if (cutMember && !included.has(cutMember.dir) && !ctx.emitted) {
        const m = cutMember;
        ctx.emit(
          diag(
            'rust-compile-error',
            `Cargo cannot load the workspace member ${m.dir} and the log stops before its reason: in a Nix build the likely one is that the build's src does not have ${m.dir} (a source filter or an untracked directory drops it): keep that directory in src.`,
            m.evidence,
            [{ kind: 'include-in-src', path: m.dir, because: 'a workspace member cargo loads' }],
            // The reason is cut: the likeliest one in a Nix build is guessed.
            { drv: m.drv, details: { includePath: m.dir }, confidence: 'possible' },
          ),
        );
      }
      // Only the summary survived (e.g. a `last 25 log lines` window full of warnings). Not when
      // the errors shown were not the code's, nor in crane's dependencies-only build (DEPS_ONLY_DRV) unless cargo compiled the crate from the workspace, nor after a linker failed (the code compiled), nor for a crate cargo compiled from a registry or
      // vendor directory (its `Compiling x v1.0` names no path: a published crate, not the package), nor in the toolchain's own build.
      if (
        summary &&
        !emitted &&
        !notTheCode &&
        !summary.published &&
        !ctx.emitted &&
        !linkFailed &&
        !rustbuild &&
        (summary.own || !DEPS_ONLY_DRV.test(summary.drv ?? ctx.lastFailedDrv ?? '')) &&
        !dependencyTarget(summary, summary.drv ?? ctx.lastFailedDrv)
      ) {
        ctx.emit(
          diag(
            'rust-compile-error',
            `${summary.crate}${summary.target ? ` (${summary.target})` : ''} does not compile${summary.count ? ` (${summary.count} errors)` : ''}; the errors are above the shown log lines, see the full log.`,
            [summary.line],
            [],
            // cargo's closing line only: no error of rustc's in view says the code is at fault.
            { drv: summary.drv ?? ctx.lastFailedDrv, confidence: 'possible' },
          ),
        );
      }
    },
  };
}

export const rustCompileErrorRule: DiagnosisRule = {
  category: 'rust-compile-error',
  // Idle, it starts only on `error: …` or `error[E…]: …` (busy, it gets every line); and reads cargo's word for a killed rustc, a tool's panic,
  // a file a build script's program cannot open and a linker's failure.
  markers: [
    ...new Set([
      ...RUSTBUILD_STEP_MARKERS,
      'error:',
      'error[',
      '(signal: ',
      'panicked at',
      'No such file or directory',
      'Cargo.toml`',
      'Please specify ',
      'or specify lib.path',
      'failed to run: ',
      'Build completed unsuccessfully',
      // ZIG_NO_BUILD_FILE, both spellings.
      'build.zig',
      // SOURCE_ROOT: stdenv's unpacked source, read for a per-crate builder's run.
      'source root is ',
      ...LINK_FAILURE_MARKERS,
    ]),
  ],
  create,
  place(d, s) {
    // A file missing from src: the fix goes on the builder's src, not on the Rust line that includes it.
    if (!d.details?.includePath && !d.details?.missingFile) return undefined;
    const src = srcBindingOf(s);
    return src ? s.onCall(src.range) : undefined;
  },
};

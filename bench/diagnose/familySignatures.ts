// The candidate family signatures families.ts measures, each by mechanism: how Nix prints an evaluation error (its
// position, its trace frames, its code excerpt, its own message vocabulary), how a shell or a program's spawn says a
// program is missing. None names a log, a crate or a project.
import { CARET, CHAIN_HEADLESS, EXCERPT_LINE, excerptAbove, GIT_STORE_REMOTE, GLOB_PATH, IGNORED, LOCAL_INPUT_FRAME, OUTPUT_GETTER } from '../../server/src/diagnose/rules/evalError';
import { TRY_UPDATING } from '../../server/src/diagnose/rules/hashMismatch';
import { NO_CORE_QUOTED, NO_RUST_SRC, XARGO_NO_RUST_SRC } from '../../server/src/diagnose/rules/rustTargetMissing';
import {
  CRANE_EVAL_MESSAGE as CRANE_VOCAB,
  NIX_EVAL_MESSAGE as NIX_VOCAB,
  NIXPKGS_EVAL_MESSAGE as NIXPKGS_VOCAB,
  OFBORG_UNCLEAN,
  REMOVED_THROW,
  STORE_PATH_CONTEXT,
  TOOLCHAIN_OVERLAY_MESSAGE,
} from '../../server/src/diagnose/rules/evalVocabulary';
import { NO_HASH_CUT } from '../../server/src/diagnose/rules/gitDeps';
import { PATTERNS } from '../../server/src/diagnose/rules/missingTool/patterns';
import { CARGO_BINUTILS_TOOL, STUB_LOADER_CACHE } from '../../server/src/diagnose/rules/missingTool/scriptSentences';
import { ENOENT_ALONE, FHS_PROGRAM_NOT_FOUND, IN_PATH } from '../../server/src/diagnose/rules/missingTool/spawnErrors';
import { SHELL_FRAMED, SPAWN_VERB } from '../../server/src/diagnose/rules/missingTool/toolSentences';
import { DIED_IN, EXIT_CODE, HARNESS_LINE, HUNG } from '../../server/src/diagnose/rules/testFailure';
import { CARGO_REGISTRY_FAILED, DOWNLOAD_KNOB } from '../../server/src/diagnose/rules/networkSandbox';
import { programAttr } from '../../server/src/diagnose/scriptPanic';
import { IN_NIX_BUILD_DIR } from '../../server/src/diagnose/sourceRoot';
import { GENERATOR_FAILED, isPerCrateDrv } from '../../server/src/diagnose/rules/perCrateBuilder';
import { BROKEN_PC, FRAMEWORK, FRAMEWORK_UNNAMED, LINK, TOLD_LINKING } from '../../server/src/diagnose/rules/pkgconfigLib';
import { isSdkFramework } from '../../server/src/diagnose/rules/darwinFrameworks';
import { stdItemHeadline, stdItemMissing } from '../../server/src/diagnose/rules/stdItemMissing';
import { DEPENDENCY_PATH, editionOlderToolchain, MANIFEST_SPAN, REPLACED_CUT_TAIL, REPLACED_SOURCE, requiresBare, RUSTC_EDITION } from '../../server/src/diagnose/rules/rustcTooOld';

export interface Family {
  name: string;
  category:
    'eval-error' | 'missing-tool' | 'hash-mismatch' | 'rust-target-missing' | 'rustc-too-old' | 'git-deps' | 'test-failure' | 'cargo-lock' | 'rust-compile-error' | 'pkgconfig-lib' | 'network-sandbox';
  fires(lines: readonly string[]): boolean;
}

const any = (lines: readonly string[], re: RegExp) => lines.some((l) => re.test(l));

/** A build ran and failed (a builder's failure, its log lines, cargo compiling): what an evaluation error never shows. */
const BUILD_FAILED = /\bbuilder for '[^']+' failed|\bCannot build '[^']+'|^\s*(?:[\w.+-]+> |> )|\bRunning phase: |^\s*Compiling \S+ v\d|last \d+ log lines|Last \d+ log lines/;
/** Nix's `error:` (any era, any indentation), not a builder's failure or a build tool's own `error:` after a prefix. */
const NIX_ERROR = /^\s*error: (?!builder for|Cannot build|build of|\d+ dependenc|could not compile|failed to run custom build|linking with)/;
/** A position Nix prints: `at PATH:L:C`, 1.x/2.3 `, at PATH:L:C`, `called from PATH:L:C`, 2.4+ `… at PATH:L:C:`. */
const POSITION = /(?:\bat|called from) ((?:\/|~|\.{1,2}\/|[\w-]+\.nix)[^:\s,]*):(\d+):(\d+)/g;
const STORE = /^\/nix\/store\//;

function userPositions(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (const l of lines) for (const m of l.matchAll(POSITION)) if (!STORE.test(m[1]!) && /\.nix$|\/$|flake\.nix|default\.nix/.test(m[1]!)) out.push(m[1]!);
  return out;
}

/** 2.4+ frames, 1.x–2.3 `while evaluating … at PATH:L:C` chains. */
const FRAME = /^\s*… (?:while (?:evaluating|calling)\b|from call site\s*$)|^\s*(?:error: )?while evaluating .+ at \/\S+:\d+:\d+/;

// The two vocabularies as built (server/src/diagnose/rules/evalVocabulary.ts): Nix's own evaluation messages, taken
// from Nix's sources (src/libexpr, libmain, libfetchers, src/nix), and nixpkgs lib's and stdenv's evaluation-only throws.
/** A warning quotes the same words (an alias still working, `evaluation warning: 'x' has been renamed …`). */
const WARNING = /^\s*(?:trace: |evaluation )?warning: /;
const vocab = (re: RegExp) => (ls: readonly string[]) => ls.some((l) => re.test(l) && !WARNING.test(l));

/** A shell saying a program is not on PATH: bash `x: command not found`, dash/sh `x: not found`, `exec: x: not found`, env's. */
const SHELL_NOT_FOUND = /(?:^|[:\s])([\w.+-]+): (?:command not found|not found)\s*$|\bexec: [\w.+-]+: not found|\benv: '?[\w.+-]+'?: No such file or directory/;
/**
 * A program a process spawns is not there, the program named: Rust's std (`failed to execute [...]: No such file or
 * directory (os error 2)`, cargo's `could not execute process` with the errno (not `(never executed)`: a build script
 * that could not run, not a tool), `command failed: 'x': No such file`),
 * build tools' `Command 'x' not found`, `couldn't find required command`, Node's `spawn x ENOENT`, Python's
 * FileNotFoundError for a bare name, `which: no x in`.
 */
const SPAWN_NAMED =
  /(?:failed to (?:execute|spawn|run)\b|command failed:|could not execute process\b).*(?:No such file or directory|os error 2)|\b[Cc]ommand ['"`][\w.+-]+['"`] not found|couldn't find required command|\bspawn(?:Sync)? [\w.+-]+ ENOENT|FileNotFoundError: \[Errno 2\] No such file or directory: '[\w.+-]+'$|\bwhich: no [\w.+-]+ in \(|\bno [\w .]*interpreter found|\bis not installed\b|not found (?:in|on) (?:\$?PATH|your PATH)/;
/** The same errno with no program named: a bare `No such file or directory (os error 2)` or `kind: NotFound` as an error. */
const ENOENT_BARE = /^\s*(?:error: )?No such file or directory \(os error 2\)\s*$|Os \{ code: 2, kind: NotFound/;
/** A tool downloading a program it runs, from the sandbox (wasm-pack, maturin, trunk): its failed download. */
const TOOL_DOWNLOAD = /\b(?:failed to download|error downloading|Downloading|could not download) (?:from )?https?:\/\/\S+(?:releases|download)/i;

/** The evaluation cache's typed getters (eval-cache.cc) and Nix 1.11's uncaught std::regex_error, after Nix's `error: ` (a journal's prefix before it). */
const outputGetter = (l: string): boolean => {
  const m = /(?:^\s*|\]: )error: (.*)$/.exec(l);
  return !!m && OUTPUT_GETTER.test(m[1]!.trim());
};
/** 2.20+'s trace block seen from its end: Nix's excerpt (caret, context lines, blanks) right above `error: `. */
function errorBelowExcerpt(ls: readonly string[]): boolean {
  return ls.some((l, i) => /^\s*error: \S/.test(l) && excerptAbove(ls.slice(Math.max(0, i - 4), i)));
}

/** Nix's mismatch kept without its derivation's path. */
const FOD_BARE = /hash mismatch in fixed-output derivation:?\s*$/;

/** Cargo's replaced-source failure with nothing after it but `Caused by:` and blank lines (a paste's or window's cut). */
function replacedSourceCut(ls: readonly string[]): boolean {
  const i = ls.findIndex((l) => REPLACED_SOURCE.test(l));
  // cargo 1.8x+ printed the cause above, as a TOML error with a span into the manifest.
  if (i < 0 || ls.slice(0, i).some((l) => MANIFEST_SPAN.test(l))) return false;
  return ls.slice(i + 1).every((l) => REPLACED_CUT_TAIL.test(l));
}
/** A cargo before 1.1x capitalised its spawn failure: `Could not execute process \`rustc -vV\` (never executed)` (the lower-case form was read before). */
const NEVER_EXECUTED_OLD = /Could not execute process `[^`]+` \(never executed\)/;

/** A line without Nix's builder prefix (`name> `, or the tail's bare `> `). */
const untagged = (l: string) => l.replace(/^\s*(?:[\w.+-]+)?> ?/, '');
/** A Nix build's own lines: its failure of a derivation, or a `-L` line's `name> ` prefix. */
const NIX_BUILD = /\bbuilder for '[^']+' failed|\bCannot build '[^']+'|^\s*[\w.+-]+> /;
/** Nix's failure line says the builder exited 101 (cargo's and libtest's failure code). */
const exit101 = (ls: readonly string[]) => ls.some((l) => EXIT_CODE.exec(l)?.[1] === '101');
/** The log's last non-blank line (Nix's tail prefix `> ` taken off) is libtest's own: its run's start or a test's line. */
const endsInTests = (ls: readonly string[]) => {
  const last = ls.filter((l) => l.trim()).map((l) => untagged(l).trim());
  return HARNESS_LINE.test(last[last.length - 1] ?? '');
};
/** The missing-tool patterns of one wording (by its hint) with the program they name, if a nixpkgs attribute provides it. */
const namedProgram = (hint: string, known: boolean) => {
  const ps = PATTERNS.filter((p) => p.hint === hint || (Array.isArray(p.hint) && p.hint.includes(hint)));
  return (ls: readonly string[]) =>
    ls.some((l) =>
      ps.some((p) => {
        const m = p.re.exec(l);
        return !!m && (!known || !!programAttr(typeof p.tool === 'string' ? p.tool : p.tool(m)));
      }),
    );
};

export const FAMILIES: readonly Family[] = [
  { name: 'E-generic', category: 'eval-error', fires: (ls) => any(ls, NIX_ERROR) && !any(ls, BUILD_FAILED) },
  { name: 'E-user-position', category: 'eval-error', fires: (ls) => (any(ls, NIX_ERROR) || any(ls, FRAME)) && userPositions(ls).length > 0 && !any(ls, BUILD_FAILED) },
  { name: 'E-trace-frames', category: 'eval-error', fires: (ls) => any(ls, FRAME) && !any(ls, BUILD_FAILED) },
  { name: 'E-excerpt', category: 'eval-error', fires: (ls) => ls.some((l, i) => EXCERPT_LINE.test(l) && CARET.test(ls[i + 1] ?? '')) && !any(ls, BUILD_FAILED) },
  { name: 'E-vocab-nix', category: 'eval-error', fires: vocab(NIX_VOCAB) },
  { name: 'E-vocab-nixpkgs', category: 'eval-error', fires: vocab(NIXPKGS_VOCAB) },
  { name: 'E-vocab-both', category: 'eval-error', fires: (ls) => vocab(NIX_VOCAB)(ls) || vocab(NIXPKGS_VOCAB)(ls) },
  { name: 'E-vocab-crane', category: 'eval-error', fires: vocab(CRANE_VOCAB) },
  { name: 'E-output-getter', category: 'eval-error', fires: (ls) => ls.some(outputGetter) },
  { name: 'E-excerpt-above', category: 'eval-error', fires: errorBelowExcerpt },
  { name: 'H-try-updating', category: 'hash-mismatch', fires: (ls) => any(ls, TRY_UPDATING) },
  { name: 'H-fod-bare', category: 'hash-mismatch', fires: (ls) => any(ls, FOD_BARE) },
  { name: 'R-build-std-no-src', category: 'rust-target-missing', fires: (ls) => any(ls, NO_RUST_SRC) },
  { name: 'R-core-quoted', category: 'rust-target-missing', fires: (ls) => any(ls, NO_CORE_QUOTED) },
  { name: 'M-shell-not-found', category: 'missing-tool', fires: (ls) => any(ls, SHELL_NOT_FOUND) },
  { name: 'M-spawn-named', category: 'missing-tool', fires: (ls) => any(ls, SPAWN_NAMED) },
  { name: 'M-enoent-bare', category: 'missing-tool', fires: (ls) => any(ls, ENOENT_BARE) },
  { name: 'M-tool-download', category: 'missing-tool', fires: (ls) => any(ls, TOOL_DOWNLOAD) },
  { name: 'T-rustc-edition', category: 'rustc-too-old', fires: (ls) => any(ls, RUSTC_EDITION) },
  { name: 'T-requires-bare', category: 'rustc-too-old', fires: (ls) => ls.some((l) => requiresBare(l) !== undefined) },
  { name: 'T-edition-flag-old', category: 'rustc-too-old', fires: (ls) => ls.some((l) => !!editionOlderToolchain(l)) },
  { name: 'T-replaced-source-cut', category: 'rustc-too-old', fires: replacedSourceCut },
  { name: 'G-no-hash-cut', category: 'git-deps', fires: (ls) => any(ls, NO_HASH_CUT) },
  { name: 'M-never-executed-old', category: 'missing-tool', fires: (ls) => any(ls, NEVER_EXECUTED_OLD) },
  { name: 'E-removed-throw', category: 'eval-error', fires: (ls) => any(ls, REMOVED_THROW) },
  { name: 'E-store-path-context', category: 'eval-error', fires: (ls) => any(ls, STORE_PATH_CONTEXT) },
  { name: 'E-ofborg-unclean', category: 'eval-error', fires: (ls) => any(ls, OFBORG_UNCLEAN) },
  { name: 'E-vocab-toolchain-overlay', category: 'eval-error', fires: vocab(TOOLCHAIN_OVERLAY_MESSAGE) },
  // Nix's trace frames behind a log viewer's indented gutter (`  │ `), with no build in view.
  { name: 'E-boxed-trace-frames', category: 'eval-error', fires: (ls) => ls.some((l) => /^ {1,8}[┃│] /.test(l) && FRAME.test(l.replace(/^ {1,8}[┃│] ?/, ''))) && !any(ls, BUILD_FAILED) },
  // DIAG28A: libtest's run the last thing in view of a builder that exited 101; a test that died with its binary.
  { name: 'F-tests-cut-101', category: 'test-failure', fires: (ls) => exit101(ls) && endsInTests(ls) },
  { name: 'F-died-in-test', category: 'test-failure', fires: (ls) => any(ls, DIED_IN) },
  // std's spawn error after the program's name (Display `(os error 2)`, Debug `kind: NotFound`): any name, and only a known program.
  { name: 'M-os-error-2-any', category: 'missing-tool', fires: namedProgram('(os error 2)', false) },
  { name: 'M-os-error-2-known', category: 'missing-tool', fires: namedProgram('(os error 2)', true) },
  { name: 'M-notfound-debug-known', category: 'missing-tool', fires: namedProgram('kind: NotFound', true) },
  { name: 'M-xcrun-utility', category: 'missing-tool', fires: namedProgram('unable to find utility', false) },
  { name: 'M-fhs-path', category: 'missing-tool', fires: (ls) => any(ls, FHS_PROGRAM_NOT_FOUND) },
  // As the rule says it: only in a Nix build (Nix's failure of a derivation, or a `-L` line's `name> `; not a Markdown quote's `> `).
  { name: 'M-fhs-path-in-nix', category: 'missing-tool', fires: (ls) => any(ls, FHS_PROGRAM_NOT_FOUND) && any(ls, NIX_BUILD) },
  // Suppressors (issue 15, a builder's or generator's own failure): `cat` counts the logs of that category they would
  // silence (losses), `other` the over-claims they would take back.
  {
    name: 'S-per-crate-unresolved',
    category: 'cargo-lock',
    fires: (ls) => any(ls, /no matching package|failed to select a version/) && ls.some((l) => [...l.matchAll(/\/nix\/store\/\S+?\.drv/g)].some((m) => isPerCrateDrv(m[0]))),
  },
  { name: 'S-build-std-registry', category: 'cargo-lock', fires: (ls) => any(ls, /required by package `\w+ v0\.0\.0 \(\S*\/lib\/rustlib\/src\/rust\/library\//) },
  { name: 'S-E0465', category: 'rust-compile-error', fires: (ls) => any(ls, /error\[E0465\]/) },
  { name: 'S-E0463-libtest', category: 'rust-compile-error', fires: (ls) => any(ls, /can't find crate for `test`/) },
  { name: 'S-pc-unreadable', category: 'pkgconfig-lib', fires: (ls) => any(ls, BROKEN_PC) },
  { name: 'S-generator-cli', category: 'rustc-too-old', fires: (ls) => any(ls, GENERATOR_FAILED) && !any(ls, BUILD_FAILED) && !any(ls, IN_NIX_BUILD_DIR) },
  // DIAG30B, what the rules now read (their category's hits are gains): xargo's and a wrapped build-std's rust-src refusal,
  // the out-of-date hash quoted alone, cargo's unresolved crate cut under crane's vendored sources. And what they now
  // leave alone (their category's hits are losses, `other`'s the over-claims gone): glibc's word-size stub, Nix's own
  // program's loader failure, the lock refusal for a ref with a raw `+` (cargo's lib/build-script summary
  // alone is measured by the accuracy bench: its crate's origin is the rule's reading, not a line's).
  { name: 'T-xargo-no-rust-src', category: 'rust-target-missing', fires: (ls) => any(ls, XARGO_NO_RUST_SRC) },
  {
    name: 'T-build-std-wrapped',
    category: 'rust-target-missing',
    fires: (ls) => ls.some((l, i) => /^\s*does not exist, unable to build with the standard library/.test(l) && /\/lib\/rustlib\/src\/rust\/(?:library\/)?Cargo\.lock"\s*$/.test(ls[i - 1] ?? '')),
  },
  { name: 'H-out-of-date-quoted', category: 'hash-mismatch', fires: (ls) => any(ls, /^\s*["'`“]?(cargoHash|cargoSha256)(?: or cargoSha256)? is out of date["'`”.]?\s*$/) },
  {
    name: 'C-crane-cut-unresolved',
    category: 'cargo-lock',
    fires: (ls) => any(ls, /will append \S+\/config\.toml with contents of/) && ls.slice(-6).some((l) => /error: no matching package found\s*$/.test(l)) && !any(ls, /location searched: /),
  },
  { name: 'M-glibc-stubs-not', category: 'missing-tool', fires: (ls) => any(ls, /fatal error: 'gnu\/stubs-[\w]+\.h' file not found/) },
  { name: 'P-nix-loader-not', category: 'pkgconfig-lib', fires: (ls) => any(ls, /(?:^|[\s/])nix(?:-[\w-]+)?: error while loading shared libraries/) },
  { name: 'C-plus-ref-not', category: 'cargo-lock', fires: (ls) => ls.some((l) => /the source \S*[?&](?:tag|branch|rev)=[^#&\s]*\+\S* requires a lock file/.test(l)) },
  // Measured for the same issue: the first lowers to possible (rustCompileError.ts derivedUnresolved, 2 over-claims,
  // 0 losses); the second (E0463 for a crate not the sysroot's: 2 over-claims, 0 losses) is left as it is, since cargo
  // prints the same for an `extern crate` of an undeclared dependency, the package's own fix.
  {
    name: 'X-derive-unresolved',
    category: 'rust-compile-error',
    fires: (ls) => any(ls, /^\s*(?:\S+> )?error\[E04(?:33|12|25|22|32)\]/) && any(ls, /this error originates in the derive macro/),
  },
  { name: 'X-E0463-not-std', category: 'rust-compile-error', fires: (ls) => any(ls, /error\[E0463\]: can't find crate for `(?!std`|core`|alloc`|test`|compiler_builtins`)/) },
  { name: 'S-cut-span-dependency', category: 'rust-compile-error', fires: (ls) => ls.some((l) => /^\s*(?:> )?\s*--> (\S+)\s*$/.test(l) && !/:\d+:\d+\s*$/.test(l) && DEPENDENCY_PATH.test(l)) },
  // DIAG29B: Nix 1.11–2.12's lambda named by showNamePos; a glob joined into a path; flake check -k's ignored reports;
  // a local flake input whose path is gone; git fetching a store path.
  { name: 'E-named-lambda-call', category: 'eval-error', fires: (ls) => any(ls, /['‘][^'’\s]+['’] at \S+ called (?:without required|with unexpected) argument/) },
  { name: 'E-glob-path', category: 'eval-error', fires: (ls) => ls.some((l) => GLOB_PATH.test(l.replace(/^.*?(?=getting status of|opening (?:file|directory) |path ')/, ''))) },
  { name: 'E-ignored-report', category: 'eval-error', fires: (ls) => any(ls, IGNORED) },
  { name: 'E-local-input-gone', category: 'eval-error', fires: (ls) => any(ls, LOCAL_INPUT_FRAME) && any(ls, /(?:getting status of '[^']+': No such file or directory|path '[^']+' does not exist)$/) },
  { name: 'E-git-store-remote', category: 'eval-error', fires: (ls) => ls.some((l) => GIT_STORE_REMOTE.test(l.trim())) },
  // DIAG29B: cargo-binutils' sentences for an LLVM program its sysroot lacks; NixOS' stub loader refusing a program a
  // tool downloaded into its cache.
  { name: 'M-cargo-binutils-tool', category: 'missing-tool', fires: (ls) => any(ls, CARGO_BINUTILS_TOOL) },
  { name: 'M-stub-ld-cache', category: 'missing-tool', fires: (ls) => any(ls, STUB_LOADER_CACHE) },
  { name: 'M-stub-ld-any', category: 'missing-tool', fires: (ls) => any(ls, /Could not start dynamically linked executable: /) },
  // DIAG30A: darwin links by every linker's words (ld-prime's quoted library, lld's and cctools' framework lines), a
  // sentence linking to a framework nixpkgs' SDKs package, the linker's words quoted without a name.
  { name: 'P-ld-prime-library', category: 'pkgconfig-lib', fires: (ls) => ls.some((l) => !!LINK.exec(l)?.[2]) },
  { name: 'P-framework-linker', category: 'pkgconfig-lib', fires: (ls) => any(ls, FRAMEWORK) },
  { name: 'P-framework-unnamed', category: 'pkgconfig-lib', fires: (ls) => any(ls, FRAMEWORK_UNNAMED) },
  {
    name: 'P-told-linking-sdk',
    category: 'pkgconfig-lib',
    fires: (ls) =>
      ls.some((l) => {
        const m = TOLD_LINKING.exec(l);
        return !!m && isSdkFramework(m[1]!) && /[A-Z].*[A-Z]/.test(m[1]!);
      }),
  },
  { name: 'P-undefined-apple-sym', category: 'pkgconfig-lib', fires: (ls) => any(ls, /^\s*"_(?:CF|Sec|SC|kCF|kSec|CG|CT|IO)[A-Z]\w*", referenced from:/) },
  // DIAG30A: a test the harness warned about running long; cargo's own sentence for a failed registry request.
  { name: 'F-hung-test', category: 'test-failure', fires: (ls) => any(ls, HUNG) },
  { name: 'N-registry-failed', category: 'network-sandbox', fires: (ls) => any(ls, CARGO_REGISTRY_FAILED) },
  // DIAG30A: Nix ≤ 2.3's trace frames with their `error: ` head cut off, followed by more.
  { name: 'E-headless-chain', category: 'eval-error', fires: (ls) => ls.some((l, i) => CHAIN_HEADLESS.test(l) && /^\s*while |^\s+\//.test(ls[i + 1] ?? '')) },
  { name: 'N-download-knob', category: 'network-sandbox', fires: (ls) => any(ls, DOWNLOAD_KNOB) },
  // DIAG31A: a program named missing by the words that say so whether or not a nixpkgs attribute is known for it — a
  // shell's sentence with its frame (script and line, or its own name), a build script's verb of running before std's
  // error, its `x is in your PATH` advice with std's error alone shortly after, env's and make's own words.
  { name: 'M-shell-framed-any', category: 'missing-tool', fires: (ls) => any(ls, SHELL_FRAMED) },
  { name: 'M-shell-bare-unknown', category: 'missing-tool', fires: (ls) => ls.some((l) => !SHELL_FRAMED.test(l) && /(?:^|\s|\/)([\w.+-]+): (?:command not found|not found)$/.test(l)) },
  { name: 'M-spawn-verb-any', category: 'missing-tool', fires: (ls) => any(ls, SPAWN_VERB) },
  {
    name: 'M-in-path-enoent',
    category: 'missing-tool',
    fires: (ls) => ls.some((l, i) => ENOENT_ALONE.test(untagged(l)) && ls.slice(Math.max(0, i - 4), i).some((x) => IN_PATH.test(x))),
  },
  {
    name: 'M-env-make-any',
    category: 'missing-tool',
    fires: (ls) => any(ls, /\benv: [‘'"][\w.+-]+[’'"]: No such file or directory|^make(?:\[\d+\])?: [\w+-]*[A-Za-z][\w+-]*: (?:No such file or directory|Command not found)$/),
  },
  { name: 'M-llvm-tools-install', category: 'missing-tool', fires: (ls) => any(ls, /\bfailed to find llvm-tools(?:-preview)?, please install\b/) },
  // DIAG31B: a std item rustc cannot find (its headline with the lines under it); the ones rust-compile-error leaves
  // (category rust-compile-error: its hits are losses, `other`'s the over-claims gone): an env! after a build script's
  // word about the variable, LLVM's assembler errors with no Rust span; a test's program on mixed glibcs; stdenv's
  // install check followed by a tool's error.
  {
    name: 'T-std-item-missing',
    category: 'rustc-too-old',
    fires: (ls) => ls.some((l, i) => stdItemHeadline(untagged(l)) && !!stdItemMissing(untagged(l), ls.slice(i + 1, i + 17))),
  },
  {
    name: 'S-env-unset-by-script',
    category: 'rust-compile-error',
    fires: (ls) =>
      ls.some((l, i) => {
        const v = /environment variable `(\w+)` not defined at compile time/.exec(l)?.[1];
        return !!v && ls.slice(Math.max(0, i - 8), i).some((x) => new RegExp(`warning: (?:[\\w-]+@\\S+: )?.*\\b${v}\\b`).test(x));
      }),
  },
  {
    name: 'S-asm-unplaced',
    category: 'rust-compile-error',
    fires: (ls) => ls.some((l, i) => /^\s*(?:\S+> )?error: /.test(l) && /^\s*(?:\S+> )?\s*\|\s*$/.test(ls[i + 1] ?? '') && /instantiated into assembly here/.test(ls[i + 2] ?? '')),
  },
  {
    name: 'S-glibc-mix-test',
    category: 'test-failure',
    fires: (ls) => any(ls, /panicked at|\.\.\. FAILED/) && any(ls, /\bsymbol lookup error: .*\blibc\.so\.\d+: undefined symbol: \S+, version GLIBC_PRIVATE|\bversion [`']GLIBC_[\d.]+' not found\b/),
  },
  {
    name: 'F-install-check-error',
    category: 'test-failure',
    fires: (ls) =>
      ls.some(
        (l, i) =>
          /(?:^|> )(?:running install tests|Running phase: installCheckPhase)\s*$/.test(l) &&
          ls.slice(i + 1).some((x) => /(?:^|> )\s*(?:Error: |error(?:\[E\d+\])?: (?!builder for)|thread '[^']*' panicked at)/.test(x)),
      ),
  },
  // DIAG32A: cargo's closing words for a failed test target; a Python import failing; bindgen's clang missing a header
  // of a library; dioxus-cli's missing tool; wasm-pack's bare ENOENT; pkg-config-rs' PATH list; darwin symbols by
  // Apple's prefixes (Objective-C classes, LaunchServices).
  { name: 'F-cargo-test-failed', category: 'test-failure', fires: (ls) => any(ls, /^\s*(?:\S+> )?error: test failed, to rerun pass\b/) },
  { name: 'F-py-module-missing', category: 'test-failure', fires: (ls) => any(ls, /ModuleNotFoundError: No module named /) },
  { name: 'F-error-name-failed', category: 'test-failure', fires: (ls) => any(ls, /^\s*(?:> )?ERROR: \w+ failed!/) },
  { name: 'M-bindgen-header', category: 'missing-tool', fires: (ls) => any(ls, /fatal error: '[^']+' file not found/) && any(ls, /Unable to generate bindings/) },
  { name: 'M-dx-missing-tool', category: 'missing-tool', fires: (ls) => any(ls, /\bMissing [a-z][\w-]*@\d[\w.-]*\s*$/) },
  {
    name: 'M-wasm-pack-enoent',
    category: 'missing-tool',
    fires: (ls) => ls.some((l, i) => ENOENT_ALONE.test(untagged(l)) && ls.slice(i + 1, i + 3).some((x) => /Command `wasm-pack\b[^`]*` failed/.test(x))),
  },
  { name: 'P-pkg-config-path-list', category: 'pkgconfig-lib', fires: (ls) => any(ls, /(?:\/nix\/store\/[^:\s]+\/(?:lib|share)\/pkgconfig:){3}/) },
  { name: 'P-undefined-objc-ls', category: 'pkgconfig-lib', fires: (ls) => any(ls, /^\s*"_(?:OBJC_CLASS_\$_(?:NS|UI|CA|AV|MTL)|LS)[A-Z]\w*", referenced from:/) },
];

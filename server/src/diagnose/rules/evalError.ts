// Nix evaluation errors (syntax, undefined variable, missing attribute, type
// errors) with the position Nix prints, when no more specific rule explained the error.
// Runs last: it only looks at lines other rules did not claim.
import type { Fix } from '../../check/types';
import { rootInputOf } from '../../fixes/flakeInput';
import { intentFix } from '../../fixes/intentFixes';
import { diag, type DiagnosisRule, type Matcher, type RuleContext } from '../rule';
import { inputsPlacement } from '../site';
import { includesAny } from '../text';
import type { FixIntent, LogLocation } from '../types';
import { CRANE_EVAL_MESSAGE, EVAL_MESSAGE_WORDS, evaluatorMessage, NIX_EVAL_MESSAGE, NIXPKGS_EVAL_MESSAGE, TOOLCHAIN_OVERLAY_MESSAGE } from './evalVocabulary';

const ERROR = /^\s*error: (.+)$/;
/** Nix's `error:` opening a line (ERROR, TRACE_OPEN and the one-line forms all start so). */
const ERROR_START = /^\s*error:/;
const ONE_LINE = /^\s*error: (.+?),? at ((?:\/|«)[^:\s]+):(\d+):(\d+):?$/;
const AT = /^\s*at ((?:\/|«|\$|~|\.)[^:\s]*):(\d+):(\d+):?$/;
/** `(use '--show-trace' to show detailed location information)` (Nix 1.x: `‘--show-trace’`); 2.20+: `(stack trace truncated; use '--show-trace' …)`. */
const SHOW_TRACE = /^\s*\((?:stack trace truncated; )?use ['‘]--show-trace['’] to show\b/;
// (A file evaluated as a function whose arguments nobody passes, `nix-build package.nix` of a callPackage file: 1.x–2.3
// `cannot auto-call a function that has an argument without a default value`, 2.4+ `cannot evaluate a function that
// has an argument without a value ('pkgs')` then four lines of explanation before its position.)
// (`while parsing a TOML string` / 2.2x+ `while parsing TOML` is fromTOML's own message, no frame: a Cargo.lock or
// Cargo.toml that importCargoLock, crane or naersk read at evaluation and cannot parse.)
// (Nix's scheduler refusing a derivation for another system or missing features, Nix 2.8's `a 'aarch64-linux' with
// features {} is required to build '…', but I am a 'x86_64-linux' with features {…}`) is the machine's, not the
// expression's, even when the build was asked for during evaluation: a remote builder or binfmt emulation is its fix.)
const STRUCTURAL =
  /^(?:builder for|Cannot build|build of|\d+ dependenc|cannot build derivation|some outputs of|while (?!parsing (?:a )?TOML)|… |\(use|a '[^']+' with features \{[^}]*\} is required to build\b)/;
// An evaluation that needs a store path it may not build or copy (import from derivation, or a source read while
// evaluating, under `nix flake check --no-build`, --dry-run, read-only evaluation or allow-import-from-derivation =
// false): Nix ≥ 2.4 `path '%s' is not valid`, `cannot execute|find '%1%', since path '%2%' is not valid`, `cannot build
// '%1%' during evaluation because the option 'allow-import-from-derivation' is disabled`; 2.3 `cannot import|read … since
// path … is not valid`, `attempted to realize '%1%' during evaluation but 'allow-import-from-derivation' is false`.
// (nixpkgs' check-meta throws too: `Package ‘foo-1.0’ in /nix/store/…/default.nix:30 is marked as broken, refusing
// to evaluate.`, `… has an unfree license`, `… is not available on the requested hostPlatform:`; 2025+: `Refusing to evaluate package …`.)
// Nix 2.4's addPath (builtins.path, filterSource) refusing a source in the store that has references (import from
// derivation of a generated tree): `store path '%s' is not allowed to have references` (dropped in 2.5).
// A hash in the expression Nix cannot parse (libutil's parseHashType and Hash parsing; derivationStrict, fetchers and
// flake inputs parse outputHash/sha256/narHash while evaluating, 2.3's derivations.cc before building): `unknown hash
// algorithm|type '%s'` (2.20+ adds `, expect 'md5', …`), `hash '%s' does not include a type`, `… should have type`,
// `… is not SRI`, `… has wrong length for hash type|algorithm`, `invalid SRI|base-16|base-32|base-64 hash '%s'`,
// `empty hash requires explicit hash type|algorithm`. Nix ≤ 2.19 prints these bare, without the --show-trace hint
// (a UsageError or BadHash, not an EvalError); 2.20+ inside its trace block.
const BAD_HASH =
  /unknown hash (?:algorithm|type) '[^']*'|hash '[^']*' (?:does not include a type|should have type|is not SRI|has wrong length for hash)|invalid (?:SRI|base-16|base-32|base-64) hash '|empty hash requires explicit hash (?:type|algorithm)/;
/** A message ending inside a quoted path or name (no space after the opening quote): a paste broke the line there. */
const OPEN_QUOTED = /^(?:[^']*'[^']*')*[^']*'[^'\s]*$/;
// nixpkgs lib's module system throws, at evaluation only, with the option's path in `…' (a submodule's component quoted,
// `"[definition 1-entry 2]"`, spaces and all; lib/modules.nix, options.nix:
// `The option `x' was accessed but has no value defined. Try setting the option.`, before 2023 `… is used but not
// defined.`; `… does not exist.`, `… is defined multiple times …`, `A definition for option `x' is not of type …`):
// Nix 2.8 prints a throw's message with only the --show-trace hint after it, which a one-line quote drops (round26 q07).
// Nix's own stack guard: 2.8's SIGSEGV handler `stack overflow (possible infinite recursion)`, 2.2x's call-depth
// limit `stack overflow; max-call-depth exceeded` (real Nix 2.8 and 2.26), printed with no hint in 2.8.
// A file the expression reads that is not there (`builtins.readFile`, `fromTOML (readFile …)` of a rust-toolchain
// file, real Nix 2.8 and 2.26): READ_MISSING below.
// `abort` (the primop; nixpkgs lib's callPackageWith aborts on a missing argument): `evaluation aborted with the following
// error message: '%1%'`, with no --show-trace hint in Nix 2.8 (real 2.8). Nix's git fetcher (fetchGit, fetchTree, a
// flake input; libfetchers, 2.4+) for a rev its ref does not reach: `Cannot find Git revision '%s' in ref '%s' of
// repository '%s'! … add allRefs = true; to fetchGit.` — fetchers run only while Nix evaluates or locks, never in a builder.
const EVAL_MESSAGE =
  /^(?:(?:The option|A definition for option) `(?:[^'`\s"]|"[^"\n]*")+' |stack overflow(?: \(possible infinite recursion\)|; max-call-depth exceeded)|lib\.fileset\.[A-Za-z]+: |while parsing (?:a )?TOML|cannot (?:evaluate|auto-call) a function that has an argument without a (?:default )?value|store path '[^']+' is not allowed to have references|undefined variable|attribute '[^']+' missing|syntax error|value is (?:a|an|null)|cannot coerce|infinite recursion|assertion .* failed|function '[^']*' called (?:without|with unexpected)|'[^'\s]+' at \S+ called (?:without required|with unexpected) argument|cannot add|attribute '[^']+' in selection path|expected a|anonymous function at|called with unexpected|cannot convert|undefined attribute|dynamic attribute|file '[^']+' was not found in the Nix search path|string '[^']+' doesn't represent|cannot import|the string '[^']+' is not allowed to refer|access to (?:absolute )?path|Package ['‘][^'’]+['’] in \S+ (?:is marked as|has an unfree|is not supported on|is not available on)|Refusing to evaluate package|path '\/nix\/store\/[^']+' is not valid|cannot (?:read|execute|find|check the existence of) '[^']*', since (?:store )?path '[^']+' is not valid|cannot build '[^']+' during evaluation because|attempted to realize '[^']+' during evaluation|evaluation aborted with the following error message: |Cannot find Git revision '[^']+' in ref '[^']*' of repository )/;
/** The argument a function was called with that it does not take (Nix's `called with unexpected argument 'x'`). */
const UNEXPECTED_ARGUMENT = /called with unexpected argument '([^']+)'/;

/**
 * The evaluation cache's typed getters (libexpr/eval-cache.cc, 2.4+), how `nix run`, `nix build` and `nix flake check`
 * read a flake output's attribute: `'apps.x86_64-linux.default.program' is not a string but a list` (real Nix 2.8 and
 * 2.26), `… is not a Boolean`, `an integer`, `a list of strings`, `a list`, `an attribute set` — the output's shape.
 * Nix 1.11's builtins.match and split let libstdc++'s std::regex_error through, printed as its what(): `regex_error`
 * (2.x catches it as `invalid regular expression '…'`). Words a program could print too: Nix's line only, never a builder's.
 */
export const OUTPUT_GETTER = /^'[^'\s]+' is not (?:a string|a Boolean|an integer|a list(?: of strings)?|an attribute set)(?: but |$)|^regex_error$/;

/**
 * Nix 2.20+ prints an evaluation error as a block: a bare `error:` line, indented `… while …`
 * frames (with `(stack trace truncated; use '--show-trace' …)` when some were left out), and
 * the message last, indented (`       error: <message>`); real Nix 2.26 output, even for a bare
 * `throw`. Older Nix prints the message first, then the hint (read below with SHOW_TRACE).
 */
// (`nix flake check --keep-going` opens the same block as `error (ignored): error:`, IGNORED below; real Nix 2.26.)
const TRACE_OPEN = /^\s*error(?: \(ignored\): error)?:\s*$/;
/** `nix flake check --keep-going`'s last line, after the errors it reported as ignored (IGNORED; 2.4–2.26). */
const CHECK_SUMMARY = /^\s*error: some errors were encountered during the evaluation$/;
/**
 * Nix 1.11–2.3 under --show-trace print the frames first, in the error's own line (libmain's `error: ` + the
 * prefixes addErrorPrefix and addErrorContext gave it, each ending `:\n`), and the message last on a line of its
 * own with its position after a comma (1.x `cannot coerce a function to a string, at /p/x.nix:85:11`, 2.x the
 * same or ` at /p/x.nix:4:5`): `error: while evaluating the attribute ‘srcs’ of the derivation ‘rust-1.16.0’ at …:`,
 * more `while …:` lines, then the message.
 */
const CHAIN_OPEN = /^\s*error: while (?!parsing (?:a )?TOML).+:\s*$/;
// A frame whose caller's position Nix wrote on the next line (`while evaluating 'toTOML' at …:119:12, called from` then
// ` /nix/store/…/default.nix:11:44:`) is two lines of one frame.
const CHAIN_FRAME = /^\s*while .+(?::|, called from)\s*$|^\s+(?:\/|«)[^:\s]+:\d+:\d+:\s*$/;
/**
 * A view that starts inside such a chain, its `error: ` head cut off (round106 wa09, a crate2nix/naersk generator's
 * frames): a frame with Nix's position at its end (`while evaluating the attribute 'text' of the derivation 'x' at
 * /nix/store/…/trivial-builders.nix:7:7:`), a form only Nix 1.11–2.3's trace prints. Said only when more frames follow.
 */
export const CHAIN_HEADLESS = /^\s*while evaluating .+ at (?:\/|«)[^:\s]+:\d+:\d+(?::|, called from)\s*$/;
const CHAIN_AT = /^(.+?),? at ((?:\/|«)[^:\s]+):(\d+):(\d+)$/;
/**
 * rust-overlay's manifest selector (lib/rust-bin.nix) throwing for a toolchain its locked
 * manifests do not have yet: `No stable 1.80.* is available`, `Stable 1.80.0 is not
 * available`, `Nightly 2025-05-31 is not available`, `Beta 2025-05-31 is not available`
 * (`Version 1.49.0 …` when selected by version, 2021's lowercase `nightly …`).
 * The toolchain asked for (rust-toolchain file, `rust-bin.fromRustupToolchainFile`) is newer
 * than the overlay input: updating that input is the fix, not an edit of the packaging.
 */
const OVERLAY_TOO_OLD = /^(?:No stable (\d+\.\d+)\.\* is available|(Stable|Nightly|Beta|Version|nightly|beta) (\S+) is not available)$/;
/**
 * Nix's own I/O failing while it evaluates (a fetcher's download, a file it reads or writes, its
 * store or daemon): 2.20+ prints these inside the same trace block, but no edit of the expression
 * fixes a network or file-system failure (fetch failures are decided elsewhere, most are other).
 */
const NIX_IO =
  /^(?:unable to (?:download|fetch|open|read|write)|cannot (?:download|connect|open connection)|getting status of|opening (?:file|directory)|reading (?:file|directory)|writing to file|creating directory|path '[^']*' does not exist|Could not resolve|HTTP error|error: (?:unable to|cannot) )/i;
/**
 * A transfer the server never answered (libstore's filetransfer.cc: with no HTTP status, `unable to %s '%s': %s (%d)`,
 * curl's own strerror and code, `Couldn't connect to server (7)`, `Couldn't resolve host name (6)`, `Timeout was reached
 * (28)`; real Nix 2.8 on a refused connection; from Nix 2.25 `unable to %s '%s': %s (%d) %s`, curl's error buffer after
 * the code, read in filetransfer.cc): the network's failure, whatever the evaluation was fetching. A status the server
 * sent (`HTTP error 404`) answers for the URL the expression names, and stays the evaluation's (round18 i15).
 */
const TRANSFER_UNANSWERED = /^unable to (?:download|upload) '[^']*': (?!HTTP error )[^(]+ \(\d+\)(?: .*)?$/;
/**
 * A store path the evaluation holds as a value, absent from the store: Nix ≤ 2.19's `getting status of '%1%'`
 * (lstat, as `import`, `builtins.path` and a string's context copy it), `opening file|directory '%1%'`, with
 * `: No such file or directory`; 2.20+'s `path '%s' does not exist` (real Nix 2.8 and 2.26). Only the store path
 * itself (`/nix/store/<hash>-<name>`, nothing under it): a file missing inside a present source is another matter.
 * No edit of the expression brings it back: it was collected while something still names it (a fetcher's or the
 * evaluation cache, a lock or generated file recording store paths) — Nix's own I/O, but the evaluation's failure.
 */
/**
 * A file the expression names that does not exist, read while evaluating (readFile and what reads through it:
 * importTOML, fromTOML of a toolchain file): Nix's `opening file '%1%': No such file or directory`, a path outside the
 * store (Nix's own files live under /nix). The labelling guide's row: a file Nix cannot read is the evaluation's error
 * (round25 p04, nixpacks' generated expression naming a toolchain file it did not copy). Other I/O stays NIX_IO's.
 */
const READ_MISSING = /^opening file '(?!\/nix\/)[^']+': No such file or directory$/;
const STORE_PATH_GONE =
  /^(?:(?:getting status of|opening (?:file|directory)) '(\/nix\/store\/[0-9a-z]{32}-[^'/]+)': No such file or directory|path '(\/nix\/store\/[0-9a-z]{32}-[^'/]+)' does not exist)/;
// Nix's own I/O on a path with a glob's `*` as one of its components (`…-source/crates/*`, `…/crates/*` + `/Cargo.toml`):
// Nix never expands a glob in a path, so an expression (a builder reading a Cargo workspace, naersk's `readTOML (root +
// "/${member}/Cargo.toml")` before it expanded members) joined a workspace's `members = ["crates/*"]` in literally.
// ≤ 2.19 `getting status of|opening file '…': No such file or directory`, 2.20+ `path '…' does not exist`; a paste may
// lose the path's leading slash. Only an evaluation reads a path so (a shell's glob that matches nothing says `cannot
// stat`, its own words).
export const GLOB_PATH = /^(?:getting status of|opening (?:file|directory)|path) '\s*([^'\s]*\/\*(?:\/[^'\s]*)?)'(?:: No such file or directory| does not exist|$)/;
/**
 * `nix flake check --keep-going` (src/nix/flake.cc's reportError, 2.4–2.26) reports each evaluation error through
 * libutil's ignoreException, `error (ignored): error: <message>`, and fails at the end with `some errors were encountered
 * during the evaluation`: there the ignored errors are the failure. Read only for a message an evaluation alone prints.
 */
export const IGNORED = /^\s*error \(ignored\): (error: .+)$/;
/**
 * ofborg (nixpkgs' CI) reporting an attribute it could not instantiate and so leaves out (`log_instantiation_errors`:
 * `Cannot nix-instantiate \`gifski.passthru.tests' because:`, newer `…\`` quotes), the error lines after it until a blank
 * line: for a package's `passthru.tests`, which ofborg asks for beside the package and which a package need not have, a
 * probe of an optional attribute — the package's own build follows (round132 xa04).
 */
const OFBORG_TESTS_PROBE = /^\s*Cannot nix-instantiate `[^`']+\.passthru\.tests[`'] because:\s*$/;
/**
 * ofborg's build report for one system (its comment's status line, `No attempt on x86_64-darwin` when it built nothing;
 * `Success|Failure on …` otherwise) and its list of the requested attributes it left out because they do not evaluate
 * there (`The following builds were skipped because they don't evaluate on x86_64-darwin: mdbook`). With no attempt,
 * every attribute asked for was left out: the evaluation on that platform is the failure (round172 yo04). After an
 * attempt the list is a side note beside the builds that ran (round72 us06: a timeout, the skipped ones other packages).
 */
// ofborg's result_to_comment (2018–2019): `{status} on {system}` then ` [(full log)](url)` when there was output;
// pasted as rendered (`(full log)`) or as the comment's markdown.
const OFBORG_NO_ATTEMPT = /^\s*No attempt on (\S+?)(?: \[?\(full log\)\]?(?:\(\S*\))?)?\s*$/;
const OFBORG_STATUS_ABOVE = 3;
const OFBORG_SKIPPED = /^\s*The following builds were skipped because they don't evaluate on (\S+): (\S.*)$/;
/**
 * git's own last word (`fatal: fonts/x.ttf: smudge filter lfs failed`, `fatal: unable to access '…'`) right above Nix's
 * `error:` block: Nix's git fetcher (fetchGit, a git input, a cargo git dependency's fetch at evaluation) ran git on the
 * host and the block that follows is that fetch's failure, its message cut — the remote's or git's (git-lfs', round135
 * xd06), as a remote refusing a fetch is, not an evaluation the user's expression got wrong.
 */
const GIT_FATAL = /^fatal: \S/;
/**
 * A local flake input (`path:`, `git+file:`, a bare absolute path) whose directory is gone: libfetchers' frame `… while
 * fetching the input '<url>'` (2.19+ before the message, 2.8's --show-trace after it) around `path '//home/…' does not
 * exist` (2.20+, the accessor's doubled slash) or `getting status of '/home/…': No such file or directory` (≤ 2.19); real
 * Nix 2.8 and 2.26 (a locked `path:` input whose directory was moved). The lock or the flake names a directory of the
 * machine that locked it: the evaluation's error (the guide's flake input fetch case), not the network's.
 */
export const LOCAL_INPUT_FRAME = /^\s*… while fetching the input '(?:path:|git\+file:\/\/|file:\/\/)?(\/[^'?]*)/;
const PATH_MISSING = /^(?:getting status of '([^']+)': No such file or directory|path '([^']+)' does not exist)$/;
const samePath = (a: string, b: string) => a.replace(/\/+/g, '/').replace(/\/$/, '') === b.replace(/\/+/g, '/').replace(/\/$/, '');
/** The local input a path-missing message names, among lines that may hold its fetch frame. */
function localInputGone(message: string, frame: string | undefined, lines: readonly string[] = []): string | undefined {
  const m = PATH_MISSING.exec(message);
  if (!m) return undefined;
  const path = m[1] ?? m[2]!;
  const f = frame === undefined ? null : LOCAL_INPUT_FRAME.exec(frame);
  if (f && samePath(f[1]!, path)) return f[1];
  for (const l of lines) {
    const g = LOCAL_INPUT_FRAME.exec(l);
    if (g && samePath(g[1]!, path)) return g[1];
  }
  return undefined;
}
/**
 * git's own words for a remote that is no repository, naming a store path: Nix's git fetcher (builtins.fetchGit, a git
 * input; 2.3–2.26 run `git fetch` on the host, real Nix 2.8 and 2.26) asked to fetch a source already copied into the
 * store, which has no `.git` (a tarball's unpacked source, a path's copy). A builder's git runs in its build directory.
 */
export const GIT_STORE_REMOTE = /^fatal: '(\/nix\/store\/[0-9a-z]{32}-[^'/]+)' does not appear to be a git repository$/;

/**
 * `nix run` (InstallableValue::toApp) reading a flake output whose `type` is not the one this Nix expects there: `attribute
 * '%s' should have type '%s'` — `app` under `apps` (and, in the Nix versions that still read it, `defaultApp`),
 * `derivation` elsewhere. Nix 2.7 moved `defaultApp.<system>` to `apps.<system>.default`; the Nix versions between
 * take a `defaultApp` as a package, so an older flake's `{ type = "app"; … }` there fails (round20 k03, k05). Raised
 * on the evaluated output before anything builds: the evaluation's error, the flake's outputs to rename.
 */
const OUTPUT_TYPE = /^attribute '([^']+)' should have type '(app|derivation)'$/;
/**
 * nixpkgs' aliases.nix (and lib's alias helpers) once an old attribute name is retired: `throw "'pkgconfig' has been
 * renamed to/replaced by 'pkg-config'"` (the same words go to `lib.warn` while the alias still works, printed as a
 * warning, not an `error:` line). Only an evaluation prints this throw, so the message alone is the evaluation's
 * error (a paste may keep it without Nix's `--show-trace` hint, round22 m08); the expression names the old attribute,
 * and the message names what to write instead.
 */
const RENAMED = /^'([^'\s]+)' has been renamed to\/replaced by '([^'\s]+)'/;
/** An attribute path an input list can hold (not `stdenv.hostPlatform.system`, `lib.…`: the alias of a value, no input). */
const INPUT_ATTR = /^(?!(?:stdenv|lib)\.)[A-Za-z_][\w'-]*(?:\.[A-Za-z_][\w'-]*)*$/;

/**
 * nixpkgs lib's file sets throw, at evaluation only, with the function's name first: `lib.fileset.gitTracked: Expected
 * the argument (…) to point to a local working tree of a Git repository, but it's not.`, `lib.fileset.toSource: …`
 * (lib/fileset/internal.nix and default.nix; real Nix 2.26). A paste can keep that message without Nix's `error: `
 * (round21 l07): at a line's start, the library's own prefix says the evaluation failed.
 */
const FILESET_BARE = /^(lib\.fileset\.[A-Za-z]+: .+)$/;

/**
 * Nix's evaluation trace frames (2.4+: `… while calling the 'head' builtin`, `… while evaluating the attribute 'value'`,
 * `… from call site`), which Nix prints only for an error raised while evaluating. A paste or a `last N lines` view
 * can end inside the trace, before the message (round19 j13, j14): the frames alone still say the evaluation failed —
 * unless a frame shows the evaluation building or fetching (import from derivation's `… while realising the context of
 * path`, a builtin that realises or fetches a store path, a flake input's fetch), whose failure the cut message may
 * have been (real Nix 2.26: an import-from-derivation build failing ends its trace with `while realising`).
 */
const EVAL_FRAME = /^\s*… (?:while (?:calling|evaluating)\b|from call site\s*$)/;
const FRAME = /^\s*… \S/;
const BUILDING_FRAME =
  /^\s*… while (?:realising|fetching|updating|downloading|building|copying|adding|substituting|querying)\b|'(?:import|scopedImport|readFile|readFileType|readDir|pathExists|path|filterSource|storePath|fetchTarball|fetchurl|fetchGit|fetchTree|fetchMercurial|fetchClosure|getFlake)' builtin/;
/** A line inside a trace block: indented, a frame, blank, or the truncation hint (a paste may have lost the indentation). */
const IN_TRACE = /^(?:\s|…|\(stack trace truncated|$)/;
const UPDATE_OVERLAY: FixIntent = { kind: 'run', argv: ['nix', 'flake', 'lock', '--update-input', 'rust-overlay'] };

/**
 * rust-overlay's `rust-bin.<channel>."<version>"` (or `."<date>"`) for a release its locked
 * manifests do not list: Nix's `attribute '1.80.0' missing` (2.20+: `'"1.80.0"'`), with the
 * code excerpt naming `rust-bin.stable`/`beta`/`nightly`. The same cause as OVERLAY_TOO_OLD.
 */
const VERSION_ATTR = /^attribute '"?(\d+\.\d+(?:\.\d+)?|\d{4}-\d{2}-\d{2})"?' missing/;
// buildRustPackage's own assertion that it has something to vendor with (pkgs/build-support/rust/default.nix, 2019–2021:
// `assert cargoVendorDir == null -> !(cargoSha256 == "" && cargoHash == "")`, before it `… -> cargoSha256 != "unset"`),
// Nix printing it as `assertion '((cargoVendorDir == null) -> (! ((cargoSha256 == "") && (cargoHash == ""))))' failed`
// (round58 ue01; today's nixpkgs throws `cargoHash, cargoVendorDir, cargoDeps, or cargoLock must be set` instead).
const VENDOR_ASSERTION = /^assertion .*\bcargoVendorDir == null\b.*\bcargo(?:Sha256|Hash)\b/;
const RUST_BIN = /\brust-bin\.(stable|beta|nightly)\b/;

function evalDiag(message: string, evidence: string[], given: Parameters<typeof diag>[4] = {}, rustBin?: string) {
  // Nix's own error message, read whole.
  const extra = { confidence: 'certain' as const, ...given };
  const gone = STORE_PATH_GONE.exec(message);
  if (gone) {
    const path = gone[1] ?? gone[2]!;
    return diag(
      'eval-error',
      `${message}: the evaluation needs ${path}, which is not in the store (collected while a cache or a file still names it: the fetcher or evaluation cache, a lock or generated file recording store paths). Fetch or build it again (\`--refresh\`, \`--option eval-cache false\`, or regenerate what records it).`,
      evidence,
      [],
      { ...extra, details: { storePath: path } },
    );
  }
  const glob = GLOB_PATH.exec(message);
  if (glob) {
    return diag(
      'eval-error',
      `${message}: Nix read \`${glob[1]}\` literally — Nix never expands a glob in a path, so the expression (or the builder it calls, reading a Cargo workspace) joined a \`members = ["…/*"]\` pattern into a path. Use a builder version that expands workspace globs, or list the members explicitly.`,
      evidence,
      [],
      { ...extra, details: { globPath: glob[1]! } },
    );
  }
  const unexpected = UNEXPECTED_ARGUMENT.exec(message);
  if (unexpected) {
    return diag(
      'eval-error',
      `${message}: the function, as the evaluated nixpkgs (or library) defines it, takes no \`${unexpected[1]}\` — its arguments differ between releases, so the expression was written for another one. Update the input that provides the function, or drop or rename the argument.`,
      evidence,
      [],
      { ...extra, details: { unexpectedArgument: unexpected[1]! } },
    );
  }
  const t = OUTPUT_TYPE.exec(message);
  if (t) {
    const [, attr, want] = t;
    const which = want === 'app' ? 'an app (`{ type = "app"; program = …; }`)' : 'a package (a derivation)';
    return diag(
      'eval-error',
      `${message}: this Nix's \`nix run\` takes ${which} at \`${attr}\`; the flake's output there has the other shape — an output schema from another Nix version (Nix 2.7+ reads an app from \`apps.<system>.default\`, not \`defaultApp.<system>\`). Rename the flake's output to what this Nix reads (or run a Nix that reads it).`,
      evidence,
      [],
      { ...extra, details: { attribute: attr!, expectedType: want! } },
    );
  }
  const r = RENAMED.exec(message);
  if (r) {
    const [, from, to] = r;
    const input = INPUT_ATTR.test(from!) && INPUT_ATTR.test(to!);
    return diag(
      'eval-error',
      `${message}: nixpkgs retired the name \`${from}\` (its alias now throws); write \`${to}\` where the expression names \`${from}\`${input ? ' (an input list, or the arguments of a callPackage file)' : ''}.`,
      evidence,
      input ? [{ kind: 'replace-input', from: from!, to: [to!] }] : [],
      { ...extra, details: { renamedFrom: from!, renamedTo: to! } },
    );
  }
  if (VENDOR_ASSERTION.test(message)) {
    return diag(
      'eval-error',
      `${message}: buildRustPackage was given no vendor hash (cargoHash) and no vendor directory: vendor from Cargo.lock (\`cargoLock.lockFile = ./Cargo.lock;\`, in a nixpkgs that has it), or set cargoHash to a fake hash, build, and copy the reported hash back.`,
      evidence,
      [{ kind: 'reset-hash', attr: 'cargoHash' }, { kind: 'use-cargo-lock' }],
      { ...extra, details: { cause: 'no-vendor-hash' } },
    );
  }
  const o = OVERLAY_TOO_OLD.exec(message);
  const v = rustBin ? VERSION_ATTR.exec(message) : null;
  if (!o && !v) return diag('eval-error', message, evidence, [], extra);
  const asked = o ? (o[1] ? `stable ${o[1]}` : `${o[2] === 'Version' ? 'stable' : o[2]!.toLowerCase()} ${o[3]}`) : `${rustBin} ${v![1]}`;
  return diag(
    'eval-error',
    `${message}: the locked rust-overlay predates the Rust toolchain asked for (${asked}); update the rust-overlay input (\`nix flake lock --update-input rust-overlay\`, or a newer rust-overlay where it is imported otherwise), or ask for a toolchain it has.`,
    evidence,
    [UPDATE_OVERLAY],
    { ...extra, details: { toolchain: asked } },
  );
}

/**
 * nixpkgs' own throws and aborts that only an evaluation reaches, read anywhere in a line Nix printed (a paste may quote
 * them in prose or keep only the quoted part of Nix's `evaluation aborted with the following error message: '…'`, round37
 * j04; round34 z11 in an issue title): lib's callPackageWith for an argument nobody passes (`Function called without
 * required argument "rust-bin" at …`, since 2024 prefixed `lib.customisation.callPackageWith: `; real Nix 2.8 with the
 * real lib), Nix's own wordings of the same (1.x–2.3 `anonymous function at … called without required argument ‘x’`,
 * 2.4+ `function 'f' called without required argument 'x'`; every Nix since prints the tail after the lambda's name
 * alone, so a quote that opens there — a code span or a line of its own, round185 zb01 — is the same sentence with its
 * head cut), and mkDerivation's check of its input lists
 * (make-derivation.nix: `Dependency is not of a valid type: element 2 of nativeBuildInputs for <name>`, a list nested
 * deeper adds `element N of` per level).
 * The head-cut sentence's look-behind comes after its first word: first, it was tried at every position of a line (V8
 * looks for a literal first only where an alternative starts with one) — this expression 1.9 → 0.3 µs on a cargo
 * error line, EVALUATIONS_OWN (below, asked for every builder's error message) 1.8 → 1.05 µs.
 */
const EVAL_THROW =
  /(?:lib\.customisation\.callPackageWith: )?\bFunction called without required argument "[^"]+"|(?:\bfunction '[^']*'|(?:\banonymous function|'[^'\s]+') at \S+) called without required argument [`'‘"]|called(?<=(?:^\s*|`)called) without required argument ['‘][\w'-]+['’]|\bDependency is not of a valid type: (?:element \d+ of )+\S+ for /;
const EVAL_THROW_WORDS = ['called without required argument', 'Dependency is not of a valid type'] as const;

/**
 * A message only an evaluation prints, whatever follows it (no position or --show-trace hint needed): any of these.
 * One expression of them all (none has flags), so a message that is none of them — most messages a build prints —
 * is read in one pass, not fourteen.
 */
const EVALUATIONS_OWN = new RegExp(
  [
    EVAL_MESSAGE,
    EVAL_THROW,
    BAD_HASH,
    RENAMED,
    OUTPUT_TYPE,
    OVERLAY_TOO_OLD,
    STORE_PATH_GONE,
    READ_MISSING,
    GLOB_PATH,
    NIX_EVAL_MESSAGE,
    NIXPKGS_EVAL_MESSAGE,
    CRANE_EVAL_MESSAGE,
    TOOLCHAIN_OVERLAY_MESSAGE,
    OUTPUT_GETTER,
  ]
    .map((re) => `(?:${re.source})`)
    .join('|'),
);
const evaluationsOwn = (m: string): boolean => EVALUATIONS_OWN.test(m);

/**
 * An issue's running text quoting Nix's error line inline, as a Markdown code span (`` gives: `error: opening file …` when
 * evaluating ``, round25 p04): the span is the line Nix printed. Read only for a message an evaluation alone prints.
 */
const INLINE_ERROR = /`error: ([^`]+)`/;
/**
 * EVAL_MESSAGE's words other tools print too (bash's `syntax error near unexpected token`, a parser's `expected a
 * literal`, `cannot convert value`): after Nix's own `error:` they are the evaluation's, quoted alone in prose they name no tool.
 */
const SHARED_WORDS = /^(?:syntax error|expected a|cannot convert|cannot add)\b/;
/**
 * Nix 2.8's stack guard quoted in running text (`… output a "stack overflow (possible infinite recursion)" error`,
 * round25 p01): libmain's SIGSEGV handler prints these words, and only an evaluation recurses that deep.
 */
const STACK_OVERFLOW_QUOTED = /\bstack overflow \(possible infinite recursion\)/;

/**
 * Nix's suggestion for a missing attribute, on its own indented line after the code excerpt's caret (`   |    ^`, then
 * `       Did you mean rustc?` / `Did you mean one of a or b?`; real Nix 2.8 and 2.26 for `attribute 'rust' missing`). A
 * view that starts inside the excerpt (round24 o08, a deployment log's prefix before each line) keeps the evaluation's
 * failure without its message. cargo's `Did you mean` for a command follows no caret; Python's is inline (`Did you mean:`).
 */
const SUGGESTION = /(?:^|\s{2})Did you mean (?!:)(.+)\?\s*$/;
/** Nix's excerpt: its caret line (`     |   ^`) and a numbered line (`   52|   code`; rustc's is `52 |`). */
export const CARET = /\|\s*\^\s*$/;
export const EXCERPT_LINE = /\s\d+\|(?:\s|$)/;
const NOT_BLANK = /\S/;
const INDENTED = /^[ \t]/;

/**
 * Nix's code excerpt (`   52|   code`, `     |   ^`, a context line, a blank) right above an `error:` line: Nix 2.20+ prints
 * the excerpt of each trace frame's position before the message (real Nix 2.26, a `throw` in an attribute), Nix 2.4–2.19
 * the message's own after it. rustc's excerpt is `52 |`, with a space, after its `-->` span.
 */
export function excerptAbove(recent: readonly string[]): boolean {
  // Over the non-blank lines (`\S`: what trim keeps), without copying them: asked for most `error:` lines of a build.
  let prev: string | undefined;
  let caret = false;
  for (const x of recent) {
    if (!NOT_BLANK.test(x)) continue;
    if (caret) {
      if (!EXCERPT_LINE.test(x)) return false;
    } else if (CARET.test(x)) {
      if (prev === undefined || !EXCERPT_LINE.test(prev)) return false;
      caret = true;
    }
    prev = x;
  }
  return caret;
}

/** The log ended inside Nix's trace, before the error message: the evaluation failed, its message not in view. */
const traceCut = (lastFrame: string | undefined, evidence: string[]) =>
  diag(
    'eval-error',
    `Nix's evaluation failed: the log ends inside its trace, before the error message (the last frame shown: ${lastFrame}). Run the command again (with \`--show-trace\`) to see the message.`,
    evidence,
    [],
    // The trace's frames say the evaluation failed; what failed is not in view.
    { confidence: 'likely' },
  );

/** A local flake input whose directory is gone (LOCAL_INPUT_FRAME). */
const inputGone = (message: string, path: string, evidence: string[]) =>
  diag(
    'eval-error',
    `${message}: Nix cannot fetch the flake input at \`${path}\`, a local path that does not exist on this machine (the flake or its lock names a directory of the machine that locked it). Point the input at a URL this machine can fetch (\`github:…\`, \`git+https://…\`), or pass the directory with \`--override-input\`.`,
    evidence,
    [],
    { confidence: 'certain', details: { inputPath: path } },
  );

/** Nix's git fetcher on a store path (GIT_STORE_REMOTE). */
const gitOnStorePath = (path: string, evidence: string[]) =>
  diag(
    'eval-error',
    `git: '${path}' does not appear to be a git repository — Nix's git fetcher (\`builtins.fetchGit\`, a git input) was asked to fetch a source already copied into the store, which has no \`.git\` (an unpacked tarball, a path's copy). Fetch from the repository itself (a git URL or checkout), or use the source as a plain path.`,
    evidence,
    [],
    // git's line names the store path; that Nix's fetcher ran it is read from the path, not printed.
    { confidence: 'likely', details: { storePath: path } },
  );

interface Pending {
  message: string;
  evidence: string[];
  notes: string[];
  left: number;
  /** Printed after Nix 2.20+'s trace block: raised while evaluating, whatever it says. */
  traced?: boolean;
  /** Where Nix says the error is; set, the rule reads the code excerpt that follows. */
  location?: LogLocation;
  /** The excerpt's `rust-bin.<channel>`. */
  rustBin?: string;
  /** The last local input's fetch frame seen before the message (2.20+ prints it first). */
  input?: string;
}

function create(): Matcher {
  let pending: Pending | undefined;
  // Within a Nix 2.20+ trace block: the next `error: <message>` is the evaluation's.
  let traced: string[] | undefined;
  // Within a Nix 1.11–2.3 --show-trace chain: the next line that is no frame is the message.
  let chain: { evidence: string[]; left: number; frames: number } | undefined;
  // Within Nix's trace frames with no message yet (a block opened by a bare `error:`, or a view that starts inside
  // the frames): what the frames say if the log ends before the message.
  // git: git's own `fatal: …` right above the block (GIT_FATAL).
  let cut: { evidence: string[]; frames: number; building: boolean; last?: string; git?: boolean } | undefined;
  // An `error: <message>` was printed: Nix ≤ 2.19 prints the message before its frames, so later frames are not cut.
  let said = false;
  // The last `… while fetching the input '<local path>'` frame, while the trace it belongs to goes on.
  let inputFrame: string | undefined;
  // git refusing a store path as a repository (GIT_STORE_REMOTE): said at the end when nothing else was.
  let gitStore: { path: string; line: string } | undefined;
  // The first evaluation error `nix flake check --keep-going` reported as ignored (IGNORED).
  let ignored: { message: string; line: string } | undefined;
  // Inside ofborg's report of a `passthru.tests` it could not instantiate (OFBORG_TESTS_PROBE): 'header' before Nix's
  // `error:` line, 'message' after it, while Nix's block goes on (indented or blank lines).
  let ofborgProbe: 'header' | 'message' | undefined;
  const emit = (ctx: RuleContext, p: Pending, more: string[] = []) => {
    const evidence = [...p.evidence, ...p.notes, ...more];
    const input = localInputGone(p.message, p.input, p.notes);
    if (input) return ctx.emit(inputGone(p.message, input, evidence));
    ctx.emit(evalDiag(p.message, evidence, p.location ? { location: p.location } : {}, p.rustBin));
  };
  const expire = (ctx: RuleContext) => {
    const p = pending;
    pending = undefined;
    if (p && (p.location || p.traced || evaluationsOwn(p.message) || localInputGone(p.message, p.input, p.notes))) emit(ctx, p);
  };
  return {
    line(l, ctx) {
      const t = l.text;
      // Nix's `error:` at the line's start (after indentation), asked by most states below: tested once per line.
      const errorWord = t.includes('error:');
      const errorLine = errorWord && ERROR_START.test(t);
      // (A fetch frame has `…`: without one kept or on this line, neither test can change inputFrame.)
      if (inputFrame !== undefined || t.includes('…')) {
        if (t.includes('while fetching the input')) inputFrame = LOCAL_INPUT_FRAME.test(t) ? t : undefined;
        else if (inputFrame && !IN_TRACE.test(t) && !errorLine) inputFrame = undefined;
      }
      // Between cargo's `running N tests` and `test result:` every line is the tests' output, framed or not (a paste of
      // the builder's lines alone has no framing to say so): an evaluator a test ran prints Nix's words there, its own.
      if (ctx.inTests) return;
      // Nix's error block under the header is its `error:` line and the indented or blank lines after it (2.20+ puts
      // blank lines between its frames, and a paste may drop ofborg's closing blank line): the first other line ends it.
      if (ofborgProbe) {
        if (!NOT_BLANK.test(t) || INDENTED.test(t)) return;
        if (ofborgProbe === 'header' && errorLine) {
          ofborgProbe = 'message';
          return;
        }
        ofborgProbe = undefined;
      }
      // ofborg prints the list right under its status line (a blank line between, or an `Attempted:` line after an attempt).
      const sk = t.includes("don't evaluate") ? OFBORG_SKIPPED.exec(t) : null;
      if (sk) {
        const status = ctx
          .recent(OFBORG_STATUS_ABOVE)
          .filter((x) => x.trim())
          .at(-1);
        const na = status === undefined ? null : OFBORG_NO_ATTEMPT.exec(status);
        if (na && na[1] === sk[1]) return ctx.emit(evalDiag(`${sk[2]!.trim()} does not evaluate on ${sk[1]} (ofborg built nothing there)`, [status!.trim(), t.trim()]));
      }
      if (t.includes('Cannot nix-instantiate') && OFBORG_TESTS_PROBE.test(t)) {
        ofborgProbe = 'header';
        return;
      }
      // `nix flake check --keep-going`'s report of an evaluation error (IGNORED): said at the end when nothing else was
      // (`nix develop` also goes past a failed evaluation of its shell's bash, then fails, if at all, on something else).
      // Nix's own line only: a builder or a test printing the same words reports its own run, not this evaluation.
      if (!ignored && l.source === 'nix' && t.includes('(ignored)')) {
        const ig = IGNORED.exec(t);
        const message = ig?.[1]!.slice('error: '.length).trim();
        if (message && evaluationsOwn(message)) ignored = { message, line: t.trim() };
      }
      if (cut && !IN_TRACE.test(t)) cut = undefined;
      // (Each test behind its words: this rule reads every line of a log that some trace keeps it busy for.)
      if (errorLine && /^\s*error:\s*\S/.test(t)) {
        cut = undefined;
        said = true;
      } else if (errorWord && TRACE_OPEN.test(t)) cut = { evidence: [t.trim()], frames: 0, building: false, git: ctx.recent(2).some((x) => GIT_FATAL.test(x)) };
      else if (t.includes('… ') && FRAME.test(t) && (cut || (!said && EVAL_FRAME.test(t)))) {
        cut ??= { evidence: [], frames: 0, building: false };
        cut.frames++;
        if (BUILDING_FRAME.test(t)) cut.building = true;
        cut.last = t.trim().replace(/^… /, '');
        if (cut.evidence.length < 6) cut.evidence.push(t.trim());
      }
      if (chain && t.trim()) {
        const c = chain;
        if (CHAIN_FRAME.test(t) && --c.left > 0) {
          c.frames++;
          if (c.evidence.length < 4) c.evidence.push(t.trim());
          return;
        }
        chain = undefined;
        const msg = t.trim();
        // A build the evaluation needed (import from derivation) or Nix's own I/O is no evaluation error; another rule's line is its own.
        if (!ctx.claimed && !msg.startsWith('error:') && !STRUCTURAL.test(msg) && (!NIX_IO.test(msg) || READ_MISSING.test(msg) || GLOB_PATH.test(msg))) {
          const at = CHAIN_AT.exec(msg);
          const location: LogLocation | undefined = at ? { path: at[2]!, line: Number(at[3]), column: Number(at[4]), unit: 'byte' } : undefined;
          return ctx.emit(evalDiag(at ? at[1]! : msg, [...c.evidence, msg], location ? { location } : {}));
        }
      }
      if (pending?.location) {
        // The code excerpt after `at file:line:col:` (read only for a version-like missing attribute).
        const r = RUST_BIN.exec(t);
        if (r && !pending.rustBin) {
          pending.rustBin = r[1];
          pending.notes.push(t.trim());
        }
        if (NOT_BLANK.test(t)) pending.left--;
        const hint = SHOW_TRACE.test(t);
        if (pending.left > 0 && !errorLine && !hint) return;
        expire(ctx);
        if (hint) return;
      }
      if (pending) {
        const a = AT.exec(t);
        if (a) {
          pending.location = { path: a[1]!, line: Number(a[2]), column: Number(a[3]), unit: 'byte' };
          pending.evidence.push(t.trim());
          // A version-like attribute: whether it is rust-overlay's shows in the excerpt's next lines.
          if (VERSION_ATTR.test(pending.message)) {
            pending.left = 6;
            return;
          }
          return expire(ctx);
        }
        if (SHOW_TRACE.test(t)) {
          // Nix offers the trace only for an error raised while evaluating: any message then
          // (a `throw` in a library, rust-overlay's component resolution) is an evaluation error.
          const p = pending;
          pending = undefined;
          if (TRANSFER_UNANSWERED.test(p.message)) return;
          return emit(ctx, p, [t.trim()]);
        }
        const tt = t.trim();
        if (tt && !errorLine && pending.notes.length === 0 && OPEN_QUOTED.test(pending.message)) {
          // A message a terminal or paste broke inside a quoted store path (`… '/nix/store/…-source-cra` then
          // `te2nix' is not allowed …`): the next line is its rest, joined as it was printed.
          pending.message += tt;
          pending.evidence.push(tt);
          pending.left--;
          return;
        }
        if (tt) {
          pending.left--;
          pending.notes.push(tt);
        }
        if (pending.left <= 0 || errorLine) expire(ctx);
      }
      if (traced) {
        // The block goes on while its lines are indented, blank, frames (`… while`) or the
        // truncation hint (a paste may have lost the indentation); anything else ends it.
        if (!/^(?:\s|…|\(stack trace truncated|$)/.test(t)) traced = undefined;
        else if (!errorLine) {
          if (traced.length < 3 && t.trim()) traced.push(t.trim());
          return;
        }
      }
      if (errorWord && TRACE_OPEN.test(t)) {
        traced = [t.trim()];
        return;
      }
      if (!errorWord && t.startsWith('lib.fileset.')) {
        const f = FILESET_BARE.exec(t);
        if (f && !ctx.claimed) return ctx.emit(evalDiag(f[1]!.trim(), [t.trim()]));
      }
      // nixpkgs' evaluation-only throws quoted without Nix's `error: ` (each test behind its words).
      if (l.source === 'nix' && !pending && !chain && !ctx.claimed && !errorLine && includesAny(t, EVAL_THROW_WORDS)) {
        const e = EVAL_THROW.exec(t);
        if (e)
          return ctx.emit(
            evalDiag(
              t
                .slice(e.index)
                .replace(/['"`]+\s*$/, '')
                .trim(),
              [t.trim()],
            ),
          );
      }
      // The evaluator's own words quoted anywhere else (prose, a bullet, a title; evalVocabulary.ts): the first such line
      // only, a list of them being one failure's messages.
      if (l.source === 'nix' && !pending && !chain && !ctx.claimed && ctx.emitted === 0 && !errorLine && includesAny(t, EVAL_MESSAGE_WORDS)) {
        const m = evaluatorMessage(t);
        if (m) return ctx.emit(evalDiag(m, [t.trim()]));
      }
      // Nix's I/O on a glob taken as a path, quoted without its `error: ` (GLOB_PATH); git refusing a store path (GIT_STORE_REMOTE).
      if (l.source === 'nix' && !pending && !chain && !ctx.claimed && ctx.emitted === 0 && !errorWord && t.includes('/*')) {
        const bare = t.replace(/^[\s•*>$-]*/, '').trim();
        if (GLOB_PATH.test(bare)) return ctx.emit(evalDiag(bare, [t.trim()]));
      }
      if (l.source === 'nix' && !gitStore && t.startsWith('fatal: ') && t.includes('does not appear to be a git repository')) {
        const g = GIT_STORE_REMOTE.exec(t.trim());
        if (g) gitStore = { path: g[1]!, line: t.trim() };
      }
      if (!said && !pending && !ctx.claimed && ctx.emitted === 0 && t.includes('Did you mean ')) {
        const sug = SUGGESTION.exec(t);
        const before = sug ? ctx.recent(4).filter((x) => x.trim()) : [];
        const n = before.length;
        // The caret last, or before the one source line Nix shows after it (`   26|   …`). Nix's own excerpt: its source
        // line before the caret is `NN|` (rustc's is `NN |`, after its `-->` span), unless the view starts at the caret.
        const nixCaret = (i: number) => CARET.test(before[i]!) && (i === 0 || EXCERPT_LINE.test(before[i - 1]!));
        if (sug && n && (nixCaret(n - 1) || (n > 1 && nixCaret(n - 2) && EXCERPT_LINE.test(before[n - 1]!)))) {
          return ctx.emit(
            diag(
              'eval-error',
              `Nix's evaluation failed on a missing attribute (Nix suggests ${sug[1]!.trim()}); the log starts inside the error's code excerpt, after its message. Run the command again to see which attribute and where.`,
              [...before.slice(-2).map((x) => x.trim()), t.trim()],
              [],
              // Nix's suggestion after its code excerpt: the evaluation failed, its message is not in view.
              { confidence: 'likely' },
            ),
          );
        }
      }
      // Nix's words quoted in prose, not a line Nix printed: only a message an evaluation alone prints (each test behind its words).
      // A builder's own output (the framing says so: `name> `, internal-json's build log) quotes nothing of the evaluator's.
      if (l.source === 'nix' && !ctx.claimed && !pending && !chain && !errorLine && (errorWord ? t.includes('`error: ') : t.includes('possible infinite recursion'))) {
        const q = errorWord ? INLINE_ERROR.exec(t) : null;
        if (q && evaluationsOwn(q[1]!.trim()) && !SHARED_WORDS.test(q[1]!.trim())) return ctx.emit(evalDiag(q[1]!.trim(), [t.trim()]));
        if (!errorWord && STACK_OVERFLOW_QUOTED.test(t)) return ctx.emit(evalDiag('stack overflow (possible infinite recursion)', [t.trim()]));
      }
      if (!chain && !said && !ctx.claimed && l.source === 'nix' && t.includes('while evaluating') && CHAIN_HEADLESS.test(t)) {
        chain = { evidence: [t.trim()], left: 16, frames: 0 };
        return;
      }
      if (ctx.claimed || !errorWord) {
        // Another rule explained the message the trace led to.
        traced = undefined;
        return;
      }
      if (CHAIN_OPEN.test(t)) {
        chain = { evidence: [t.trim()], left: 16, frames: 0 };
        traced = undefined;
        return;
      }
      // (ONE_LINE's position follows ` at `: most `error:` lines have none, and its lazy message tries each of their characters.)
      const o = t.includes(' at ') ? ONE_LINE.exec(t) : null;
      if (o && !STRUCTURAL.test(o[1]!)) {
        return ctx.emit(diag('eval-error', o[1]!, [t.trim()], [], { location: { path: o[2]!, line: Number(o[3]), column: Number(o[4]), unit: 'byte' }, confidence: 'certain' }));
      }
      if ((ignored || ctx.emitted > 0) && CHECK_SUMMARY.test(t)) {
        // The errors flake check went past are the failure it reports: the first one read (2.4–2.19's one-line
        // report), with this line; 2.20+'s reports were read as they came.
        const ig = ignored;
        ignored = undefined;
        traced = undefined;
        return ig ? ctx.emit(evalDiag(ig.message, [ig.line, t.trim()])) : undefined;
      }
      const m = ERROR.exec(t);
      const after = traced;
      traced = undefined;
      if (!m || STRUCTURAL.test(m[1]!)) return;
      // The message after Nix 2.20+'s trace (its position may follow): an evaluation error, unless Nix's own I/O failed.
      const io = m[1]!.trim();
      if (after && NIX_IO.test(io) && !STORE_PATH_GONE.test(io) && !READ_MISSING.test(io) && !GLOB_PATH.test(io) && !localInputGone(io, inputFrame)) return;
      // A missing file named in a builder's own output (its tests, a tool it runs) is that program's, not the evaluation's read.
      // So are a value's type or a regular expression it names, and crane's words quoted by a program that runs it.
      if (!after && l.source === 'build' && (READ_MISSING.test(io) || OUTPUT_GETTER.test(io) || CRANE_EVAL_MESSAGE.test(io))) return;
      // A view that starts inside 2.20+'s trace block, below its `error:` line: the last frame's code excerpt right before the message.
      const framed = !!after || excerptAbove(ctx.recent(4));
      // A builder's own message (its framing says so) that an evaluation alone does not print is read only with Nix's
      // position or trace hint under it, which Nix prints under its own messages: the lines under a builder's (cargo's
      // linker block, its `Caused by:` chain) are its program's, so they are not waited for.
      if (!framed && l.source === 'build' && !evaluationsOwn(io) && !PATH_MISSING.test(io) && !OPEN_QUOTED.test(io)) return;
      pending = { message: io, evidence: after ? [...after, t.trim()] : [t.trim()], notes: [], left: 3, traced: framed, ...(inputFrame ? { input: inputFrame } : {}) };
    },
    busy: () => !!pending || !!traced || !!chain || !!cut || !!inputFrame || !!ofborgProbe,
    // A trace block (its first lines kept) or its frames (each has `…`, not ASCII) go on while lines are indented: an
    // indented ASCII line without the rule's words changes nothing then. A pending message or a chain counts lines.
    // ofborg's probe goes on while lines are indented or blank.
    readsIndented: () => !!pending || !!chain || (!!traced && traced.length < 3),
    // Every state reads a blank line as nothing: a message and a chain count non-blank lines, a block keeps them.
    readsBlank: () => false,
    finish(ctx) {
      expire(ctx);
      // A Nix 1.11–2.3 chain that went on past its first line and ended with the log, before its message (round26
      // q14: a paste cut inside rust-overlay's frames). Those Nix versions print no frame for a build (an import
      // from derivation's failure is the message itself), so frames alone are the evaluation's; a lone first line
      // is also what a quoted error's head looks like, and says nothing of where it went.
      const ch = chain;
      chain = undefined;
      if (ch && ch.frames > 0 && ctx.emitted === 0 && !ctx.claimed) ctx.emit(traceCut(ch.evidence[ch.evidence.length - 1]!.replace(/^error: /, ''), ch.evidence));
      // The log ended inside the frames, before the message, and nothing else explained the failure.
      const c = cut;
      cut = undefined;
      if (c && c.frames > 0 && !c.building && !c.git && ctx.emitted === 0) ctx.emit(traceCut(c.last, c.evidence));
      const g = gitStore;
      gitStore = undefined;
      inputFrame = undefined;
      if (g && ctx.emitted === 0) ctx.emit(gitOnStorePath(g.path, [g.line]));
      const ig = ignored;
      ignored = undefined;
      if (ig && ctx.emitted === 0) ctx.emit(evalDiag(ig.message, [ig.line]));
    },
  };
}

export const evalErrorRule: DiagnosisRule = {
  category: 'eval-error',
  // Idle, it reads only lines with `error:` (busy, it gets every line): `error` alone would also wake it for every `Compiling thiserror`.
  // A trace's frames can come without an `error:` line in view (a paste starting inside them): their own words.
  // A lib.fileset throw pasted without Nix's `error: `: the library's prefix.
  // Nix 2.8's stack guard quoted without its `error: ` in an issue's text: its own words.
  // Nix's suggestion after a code excerpt (SUGGESTION), a view that starts below the message.
  // nixpkgs' evaluation-only throws quoted without `error:` (EVAL_THROW): their own words.
  markers: [
    'error:',
    'Cannot nix-instantiate',
    // ofborg's list of attributes it left out (OFBORG_SKIPPED), read with its status line above.
    "because they don't evaluate on",
    'while calling',
    'while evaluating',
    'from call site',
    'lib.fileset.',
    'possible infinite recursion',
    'Did you mean ',
    'called without required argument',
    'Dependency is not of a valid type',
    // A glob taken as a path quoted without `error:` (GLOB_PATH), git refusing a store path (GIT_STORE_REMOTE).
    "/*': ",
    "/*' does",
    '/*/Cargo.toml',
    "' does not appear to be a git repository",
    // A local flake input's fetch frame (LOCAL_INPUT_FRAME), which may come before the message with no `error:` in view.
    'while fetching the input',
    // The evaluator's own words quoted without `error:` (evalVocabulary.ts).
    ...EVAL_MESSAGE_WORDS,
  ].filter((w, i, all) => all.indexOf(w) === i),
  create,
  // A retired alias with no position in view: the input list that names it (Nix's position, when printed, wins).
  place: (d, s) => (!d.location && d.fixes[0]?.kind === 'replace-input' ? inputsPlacement(d, s) : undefined),
  fixes(_d, s, f): Fix | undefined {
    if (f.kind !== 'run' || f.argv[3] !== '--update-input') return intentFix(f, s);
    // The flake's own name for its rust-overlay input; no flake.lock with one: no command to offer.
    const input = rootInputOf(s.read('flake.lock'), 'oxalica', 'rust-overlay');
    return input ? intentFix({ ...f, argv: [...f.argv.slice(0, 4), input] }, s) : undefined;
  },
};

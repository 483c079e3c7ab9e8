// The toolchain Nix provides is older than a crate (or Cargo.lock / edition) needs.
// How sure each reading is, by whose words it rests on: certain when cargo or rustc says in its own sentence what is too
// new for it (the rust-version check whole, a lock version, an edition, a resolver or Cargo feature it does not know,
// rustc's edition refusal, an E0658 a stable rustc printed); likely when the words are the tool's but part of the
// sentence is gone (cargo's `x requires rustc N` without its headline, only rustc's closing line for E0658, a published
// manifest cargo cannot parse) or the age is read beside the failure (a rustc command line passing an edition its
// toolchain's store path predates); possible when the reason itself is cut and only the likeliest is guessed (a lock
// that fails to parse, the replaced-source chain ending at `Caused by:`).
import { findText, wholeLine } from '../locate';
import { diag, RECENT_MAX, type DiagnosisRule, type Matcher, type RuleContext } from '../rule';
import type { Confidence, Diagnostic } from '../types';
import { newestLockRead, READS_EVERY_LOCK, rustReadingLock } from '../../../../shared/src/lockVersions';
import { LOCK_PARSE_MARKERS, LockParseWatch } from './lockParse';
import { STABLE_SINCE_BY_ISSUE } from './rustAcceptedFeatures';
import { IN_NIX_BUILD_DIR } from '../sourceRoot';
import { GENERATOR_FAILED, GENERATOR_MARKERS, isPerCrateDrv } from './perCrateBuilder';
import { stdItemHeadline, stdItemMissing } from './stdItemMissing';

const REQUIRES = /package `([^`]+)` cannot be built because it requires rustc (\d+\.\d+(?:\.\d+)?) or newer, while the currently active rustc version is (\S+)/;
// Cargo ≥ 1.8x: `error: rustc 1.95.0 is not supported by the following package:` / `  foo@0.1.0 requires rustc 1.999`.
const NOT_SUPPORTED = /rustc (\S+) is not supported by the following packages?:/;
const REQUIRES_NEW = /^\s*(\S+@\S+) requires rustc (\d+\.\d+(?:\.\d+)?)/;
// A log window or paste that cut cargo's sentence: the start is unambiguous.
const REQUIRES_CUT = /^\s*error: package `([^`]+)` cannot be bu(?:ilt(?: because(?: it(?: requires(?: rustc)?)?)?)?)?\s*$/;
// Cut sooner, inside or just after the package's id: cargo names a package by its whole id (`name vX.Y.Z (source)`)
// in a headline of its own only in this check (`cannot be tested …` names it bare; `specifies that it links to …`, the
// one other, is a manifest mistake no Nix build adds), so an id with its version and nothing past `cannot be` is it.
const REQUIRES_CUT_ID = /^\s*error: package `([\w-]+ v\d[^`\s]*)(?: \([^`]*)?(?:`(?: cannot(?: be)?)?)?\s*$/;
// The rest of cargo's `rust-version` check, each part unique to it wherever a paste or title keeps it: the sentence's
// tail (`… rustc 1.74 or newer, while the currently active rustc version is 1.73.0`), cargo 1.7x's help under it
// (`Either upgrade to rustc 1.74 or newer, or use` / `cargo update -p clap@4.5.0 --precise ver` / `where \`ver\` is the
// latest version of \`clap\` supporting rustc 1.73.0`) and cargo 1.8x+'s (`Either upgrade rustc or select compatible
// dependency versions with` / … / `where \`<compatible-ver>\` is the latest version supporting rustc 1.73.0`).
const REQUIRES_TAIL = /rustc (\d+\.\d+(?:\.\d+)?) or newer, while the currently active rustc version is (\d+\.\d+\.\d+\S*)/;
const UPGRADE_TO = /Either upgrade to rustc (\d+\.\d+(?:\.\d+)?) or newer, or use/;
const UPGRADE_OR_SELECT = /Either upgrade rustc or select compatible dependency versions with/;
const SUPPORTING = /where `(?:ver|<compatible-ver>)` is the latest version (?:of `([^`]+)` )?supporting rustc (\d+\.\d+\.\d+\S*)/;
const LOCK_VERSION = /lock file version `?(\d+)`? was found, but this version of Cargo does not understand this lock file/;
// Cargo ≤ 1.77 on a version 4 lock: `lock file version 4 requires \`-Znext-lockfile-bump\``.
const LOCK_BUMP = /lock file version `?(\d+)`? requires `-Znext-lockfile-bump`/;
// Code using a feature this rustc has not stabilised (\`error[E0658]: use of unstable library feature\`).
// rustc offers `#![feature(x)]` (`= help: add \`#![feature(x)]\` to the crate attributes to enable`, before
// ~1.40 without backticks; since ~1.77 also `this compiler was built on <date>; consider upgrading it`) only
// on a nightly compiler: a stable or beta rustc prints the note alone. So an E0658 without that help comes
// from a stable rustc that has not stabilised what code written for a newer one uses (code meant for a
// nightly would carry `#![feature]` and get E0554): the toolchain is the fix, not the code. On a nightly
// the package's own code may be missing a `#![feature]` as well: then the compile error stays too.
// `error[E0554]: #![feature] may not be used on the stable release channel`: the code is built with a nightly.
const UNSTABLE = /^error\[(E0658|E0554)\]: (.+)$/;
const NIGHTLY_HELP = /to the crate attributes to enable|this compiler was built on /;
// rustc_session's note for an unstable feature's tracking issue (`see issue #123743
// <https://github.com/rust-lang/rust/issues/123743> for more information`, its add_feature_diagnostics): printed only under
// an error a feature gate caused, E0658 or not (rustc 1.80–1.81's uncoded `extern block cannot be declared unsafe`).
// A future-incompatibility lint words its link the other way round (`for more information, see issue #…`).
const FEATURE_NOTE = /\bsee issue #(\d+) <https:\/\/github\.com\/rust-lang\/rust\/issues\/\d+> for more information/;
const HEADER = /^error(?:\[(E\d{4})\])?: (.+)$/;
// `rustc_private` is rustc's own crates' gate, never stabilised: rustc_resolve asks for it when an `extern crate`
// found no crate the build passed (`--extern`, `-L`) and fell back to the sysroot's private copy (`this crate is
// being loaded from the sysroot, an unstable location; did you mean to load this crate from crates.io via
// \`Cargo.toml\` instead?`). No toolchain accepts it on stable: the build did not give rustc that dependency.
const SYSROOT_PRIVATE = /unstable library feature [`'"]?rustc_private[`'"]?: this crate is being loaded from the sysroot/;
// rustc's last words when every coded error of the compilation had this one code (several: `Some errors have detailed explanations`).
const ONLY_CODE = /^For more information about this error, try `rustc --explain (E0658|E0554)`/;
// The end of one rustc diagnostic: a blank line, or the next message.
const DIAG_END = /^(?:\s*$|error|warning|For more information|Some errors)/;
/** rustc naming a near item under its error (`help: a similar name exists`, `note: similarly named function \`x\` defined here`). */
const SIMILAR_NAME = /\bsimilar(?:ly)? name/;
const SPAN = /^\s*--> (.+?):\d+:\d+$/;
/** A source path of a dependency fetched from a registry or vendored by Nix, not the package's own code. */
export const DEPENDENCY_PATH =
  /\/cargo-vendor-dir\/|\/\.cargo\/registry\/src\/|\/\.cargo\/git\/checkouts\/|\/registry\/src\/(?:index\.crates\.io|github\.com)-|-vendor(?:\.tar\.gz|-staging)?\/|vendor-cargo-deps\/|\/nix\/store\/[0-9a-z]{32}-crate-/;
// Cargo before an edition existed: `supported edition values are \`2015\` or \`2018\`, but \`2021\` is unknown`.
const EDITION = /feature `edition(\d{4})` is required|this version of Cargo is older than the `(\d{4})` edition|supported edition values are [`\d, or]+, but `(\d{4})` is unknown/;

// Cargo failing to parse a published dependency's manifest (under the registry's unpacked sources or a vendor
// directory Nix made): crates.io took that manifest from the cargo that published it, so the build's cargo is older
// than what the dependency was written for (cargo's `failed to parse manifest at \`…/regex-0.1.58/Cargo.toml\``, its
// cause under `Caused by:`). Not when the cause is an inherited workspace value: a git dependency's manifest that
// the vendoring left unresolved, no cargo's age.
const DEP_MANIFEST = /failed to parse manifest at `([^`]*(?:\/registry\/src\/[^/`]+\/|\/cargo-vendor-dir\/|-vendor(?:\.tar\.gz|-staging)?\/|vendor-cargo-deps\/)([^/`]+)\/Cargo\.toml)`/;
const DEP_MANIFEST_LINES = 8;
// Workspace inheritance the vendoring left unresolved: cargo's own words for it (`error inheriting \`edition\` from
// workspace root manifest's \`workspace.package.edition\``, and where no root is found at all, its inheritance code's
// `failed to find a workspace root`), a builder's mistake, no cargo's age.
const INHERITED = /inherit|failed to find a workspace root/i;
// cargo ≥ 1.8x shows the same as a TOML error with a span into that manifest (`error: invalid type: …` / ` --> …/Cargo.toml:6:8`).
const DEP_MANIFEST_SPAN = /^\s*--> (\S*(?:\/registry\/src\/[^/\s]+\/|cargo-vendor-dir\/|-vendor(?:\.tar\.gz|-staging)?\/|vendor-cargo-deps\/)([^/\s]+)\/Cargo\.toml):\d+:\d+\s*$/;

// Cargo loading a directory source that replaces a registry (every Nix vendoring: cargo-vendor-dir, naersk's,
// crane's): `failed to update replaced source registry \`crates-io\`` (sources/replaced.rs), its cause under `Caused
// by:` one of what loading each vendored crate can fail on (sources/directory.rs): a manifest this cargo cannot parse
// (a newer edition or manifest key: real cargo 1.65 on a vendored crate of edition 2024,
// wordings/sources/c165-vendored-dependency-edition-2024.log), a workspace value the vendoring left unresolved (round62
// ui02), a missing checksum file. With the chain cut before that cause, a cargo older than the crates is only the
// commonest of those: possible. Cargo 1.8x+ prints that cause first, as a TOML error whose span points into the manifest
// (wordings/sources/s73-*), so the chain ends at this line whole: not a cut then.
export const REPLACED_SOURCE = /failed to update replaced source registry `/;
// Older cargo joins the whole chain on one line (`…: failed to update replaced source registry \`crates-io\`: failed to
// read root of directory source: …`, round67 un08): the cause follows on the line itself, nothing is cut.
const REPLACED_WITH_CAUSE = /failed to update replaced source registry `[^`]+`:\s*\S/;
export const MANIFEST_SPAN = /^\s*--> \S*Cargo\.toml:\d+:\d+\s*$/;
// What may follow REPLACED_SOURCE's line while the chain is still cut before its cause: a blank line or `Caused by:`,
// bare or under a builder's prefix (`pkg> `, Nix 2.x's `       > `).
export const REPLACED_CUT_TAIL = /^\s*(?:[\w.+-]*>)?\s*(?:Caused by:\s*)?$/;

// Cargo (1.50+) before a resolver version existed: `\`resolver\` setting \`3\` is not valid, valid options are "1" or "2"`
// (cargo 1.80–1.83 ask for edition2024 instead, read by EDITION). Resolver 3 is stable from cargo 1.84.
const RESOLVER = /`resolver` setting `(\d+)` is not valid, valid options are/;
const RESOLVER_RUST: Record<string, string> = { '3': '1.84' };

// Cargo and rustc refusing what only a nightly accepts: a manifest's `cargo-features` (`the cargo feature
// \`edition\` requires a nightly version of Cargo, but this is the \`stable\` channel`; often one a later
// stable release has), cargo's `-Z` flags and rustc's `-Z` options (`.cargo/config.toml`, RUSTFLAGS).
const NIGHTLY_ONLY =
  /the cargo feature `([\w-]+)` requires a nightly version of Cargo|the `-Z` flag is only accepted on the nightly channel of Cargo|the option `Z` is only accepted on the nightly compiler/;

// The first stable Rust that reads each edition (each lock version: shared/src/lockVersions.ts).
const EDITION_RUST: Record<string, string> = { '2018': '1.31', '2021': '1.56', '2024': '1.85' };
// rustc's own edition check (rustc_session's parse_crate_edition), whoever passed `--edition` (cargo, a builder that
// calls rustc itself, a shell): a stable rustc that knows the edition as unstable, since ~1.5x `the crate requires
// edition 2024, but the latest edition supported by this Rust version is 2021` (real rustc 1.63), before it `Edition
// 2018 is unstable and only available for nightly builds of rustc.`; a nightly `edition 2021 is unstable and only
// available with -Z unstable-options`; one that does not know the name at all `argument for \`--edition\` must be one
// of: 2015|2018. (instead was \`2021\`)` — an age only for an edition a later stable release has (EDITION_RUST): an
// unknown name (`2027`) is no release's.
export const RUSTC_EDITION =
  /the crate requires edition (\d{4}), but the latest edition supported by this Rust version is|\b[Ee]dition (\d{4}) is unstable and only available (?:for nightly builds|with -Z unstable-options)|argument for `--edition` must be one of: \S+\. \(instead was `(\d{4})`\)/;
// A rustc command line (cargo's `Running \`rustc …\``, its `process didn't exit successfully: \`rustc …\``, a quote of
// either) passing an edition to a toolchain whose store path (every part of a Nix Rust toolchain carries its version:
// `rustc-1.51.0`, `rust-1.51.0-nightly-2021-01-28-…`, rust-src's sysroot) is older than the edition's first stable
// release. rustc rejects it (RUSTC_EDITION) unless `-Z unstable-options` lets a nightly accept it.
const EDITION_FLAG = /--edition[= ](\d{4})\b/;
const TOOLCHAIN_PATH = /\/nix\/store\/[0-9a-z]{32}-rust(?:c|-bin|-src|-std)?-(\d+)\.(\d+)\.\d+/g;

/** EDITION_FLAG's reading of a command line: the edition and the older toolchain's `major.minor`, or undefined. */
export function editionOlderToolchain(t: string): { edition: string; first: string; active: string } | undefined {
  const m = t.includes('--edition') ? EDITION_FLAG.exec(t) : null;
  const first = m ? EDITION_RUST[m[1]!] : undefined;
  if (!first || /-Z ?unstable-options/.test(t)) return undefined;
  const [fa, fb] = first.split('.').map(Number) as [number, number];
  const old = [...t.matchAll(TOOLCHAIN_PATH)].map((x) => [Number(x[1]), Number(x[2])] as const).find(([a, b]) => a < fa || (a === fa && b < fb));
  return old && { edition: m![1]!, first, active: `${old[0]}.${old[1]}` };
}
// The core of cargo's `rust-version` check in both eras (`package \`x v1.0.0\` cannot be built because it requires
// rustc 1.74 or newer`, `  x@1.0.0 requires rustc 1.74` under cargo 1.95's `rustc 1.95.0 is not supported by the
// following package:`) quoted without the headline above it (prose, a title). Only cargo's own shapes name the
// package: `package \`x v…\``, `x@version`, or a quote opening on the name (`\`x requires rustc 1.74\``). Any other
// word before `requires rustc` is prose ("this crate", "serde now", a build script's "the simd backend requires rustc
// 1.80 and is disabled"), no failure of cargo's check. Read after every fuller form.
export const REQUIRES_BARE = /(?:package `([\w-]+) v\d[^`\s]*` cannot be built because it|(?:^|[\s`'"(])([A-Za-z][\w-]*)@\d[\w.+-]*|`([A-Za-z][\w-]*)) requires rustc (\d+\.\d+(?:\.\d+)?)(?![\w.])/;
// A warning's line (cargo's `warning: foo@0.1.0: …` relaying a build script's `cargo:warning=`, rustc's) never
// reports the check failing: cargo stops with `error:`. A build script saying a feature needs a newer rustc is one.
const WARNING_LINE = /(?:^|[\s>])(?:cargo:warning=|warning:)/;

/** REQUIRES_BARE's reading of a line: the package and the rustc it asks for, or undefined (a warning's line). */
export function requiresBare(t: string): { pkg: string; need: string } | undefined {
  const m = REQUIRES_BARE.exec(t);
  if (!m || WARNING_LINE.test(t.slice(0, m.index))) return undefined;
  return { pkg: (m[1] ?? m[2] ?? m[3])!, need: m[4]! };
}
// Any other Cargo feature a manifest uses that this cargo has not stabilised (features.rs' `require`, the same words
// since cargo 1.2x: `feature \`different-binary-name\` is required` / `… is not stabilized in this version of Cargo
// (1.65.0)`): stable in a later release (workspace inheritance from 1.64) or still a nightly's. On a line of its own,
// as cargo prints the cause: a crate's `compile_error!("feature `std` is required")` comes as rustc's `error: …`.
const FEATURE_REQUIRED = /^\s*feature `([\w-]+)` is required\s*$/;
// The sentence `require` prints under it since cargo 1.5x, naming the feature and the build's cargo (`The package
// requires the Cargo feature called \`edition2024\`, but that feature is not stabilized in this version of Cargo
// (1.84.0 (66221abde 2024-11-19)).`): the same cause when a quote keeps only that sentence.
const FEATURE_CALLED = /The package requires the Cargo feature called `([\w-]+)`, but that feature is not stabilized in this version of Cargo(?: \((\d+\.\d+\.\d+))?/;
const FEATURE_RUST: Record<string, string> = { 'workspace-inheritance': '1.64' };

/**
 * Whether a rustc error (its code, the path its span points into, its lines) is this rule's alone, so
 * rust-compile-error leaves it: `#![feature]` on a stable rustc, an unstable feature in a dependency's
 * source, or one reported by a stable or beta rustc (no nightly help among its lines).
 */
export function toolchainsUnstable(code: string | undefined, path: string | undefined, lines: readonly string[]): boolean {
  if (code === 'E0554') return true;
  // Another error a feature gate caused (FEATURE_NOTE among its lines), reported by a stable rustc.
  if (code !== 'E0658') return lines.some((x) => FEATURE_NOTE.test(x)) && !lines.some((x) => NIGHTLY_HELP.test(x));
  if (lines.some((x) => SYSROOT_PRIVATE.test(x))) return false;
  return (!!path && DEPENDENCY_PATH.test(path)) || !lines.some((x) => NIGHTLY_HELP.test(x));
}

interface Unstable {
  line: string;
  feature: string;
  /** E0554: `#![feature]` on a stable rustc. */
  gate: boolean;
  span?: string;
  path?: string;
  /** rustc's nightly-only help was among the diagnostic's lines. */
  nightlyHelp: boolean;
  /** The tracking issue its note names (FEATURE_NOTE). */
  issue?: string;
  left: number;
}

// Stabilised language features an older edition still rejects, by tracking issue (STABLE_SINCE_BY_ISSUE's keys): the
// edition they need. Let chains (#53667) only in 2024 (real rustc 1.95, edition 2021); C string literals (#105723) from
// 2021 (real rustc 1.95, edition 2018: a parse error at `c"…"`); `async` (async_await #50547, async closures #62290,
// async fn in traits #91611) from 2018 (real rustc 1.95, edition 2015: `async fn` is not permitted in Rust 2015).
const EDITION_GATED_BY_ISSUE: Readonly<Record<number, string>> = { 53667: '2024', 105723: '2021', 50547: '2018', 62290: '2018', 91611: '2018' };

// rustc before 1.58 (format_args_capture, stabilised in 1.58) refusing a name in a literal format string that no
// argument gives, the implicit capture later releases accept (rustc_builtin_macros' format.rs, every release:
// `there is no argument named \`x\``). From 1.58 a literal captures the name (a missing variable is then E0425's
// `cannot find value`), and the words stay only for a format string a macro expanded, with its notes `did you intend to
// capture a variable \`x\` from the surrounding scope?` and `to avoid ambiguity, \`format_args!\` cannot capture
// variables when the format string is expanded from a macro`: the code's own mistake on any release then.
const NO_ARGUMENT_NAMED = /^\s*error: there is no argument named `([^`]+)`\s*$/;
const CAPTURE_REFUSED_NOTE = /did you intend to capture a variable|cannot capture variables when the format string is expanded/;
const CAPTURE_STABLE = '1.58';
const CAPTURE_LINES = 12;

/** How many lines one E0658/E0554 diagnostic is read for (its span, source lines, notes and help). */
const UNSTABLE_LINES = 40;

function unstableDiag(u: Unstable, drv: string | undefined) {
  const dep = !!u.path && DEPENDENCY_PATH.test(u.path);
  // Code a build script generated into its OUT_DIR (cargo's target/…/build/<crate>-<hash>/out: bindgen's bindings).
  const generated = u.path ? /\/build\/([\w-]+?)-[0-9a-f]{16}\/out\//.exec(u.path)?.[1] : undefined;
  const crate = dep ? /([\w-]+)-\d+\.\d+\.\d+[^/]*\/src\//.exec(u.path!)?.[1] : generated;
  const who = dep ? (crate ?? 'A dependency') : generated ? `The code ${generated}'s build script generated` : u.path ? 'The package' : 'The code';
  const lib = /unstable library feature [`'"]?([\w.]+)/.exec(u.feature)?.[1];
  // A language feature a later stable release has (rustc's own list, rustAcceptedFeatures.ts), read where a stable rustc
  // or a dependency's code says the toolchain is the fix: that release is the one to build with. Not on a nightly's own
  // code, whose edition or feature flags may be what differs (round51 q03: let chains on a 1.89 nightly, edition 2021).
  const since = !lib && u.issue && !u.gate && (dep || !u.nightlyHelp) ? STABLE_SINCE_BY_ISSUE[Number(u.issue)] : undefined;
  // A feature stable only in a later edition: that release alone does not build it (real rustc 1.95, a let chain in
  // edition 2021: `let chains are only allowed in Rust 2024 or later`), so no version is the fix, the edition is named.
  const edition = since ? EDITION_GATED_BY_ISSUE[Number(u.issue)] : undefined;
  const stable = since && (edition ? `, stable since Rust ${since} in edition ${edition} or later only` : `, stable since Rust ${since}`);
  const what = lib ? `the library feature \`${lib}\`` : `code rustc calls unstable (${u.feature}${stable || ''})`;
  const message = u.gate
    ? `${who} enables unstable features (#![feature]), which only a nightly rustc accepts: build with a nightly toolchain (rust-overlay's rust-bin.nightly, or the one its rust-toolchain file names).`
    : u.nightlyHelp && !dep
      ? `${who} uses ${what}, which this nightly rustc has not stabilised: build with a newer toolchain (rust-overlay / newer nixpkgs, or the nightly its rust-toolchain file names), or enable the feature with #![feature] if the code is meant for this nightly.`
      : edition
        ? `${who} uses ${what}, which the build's rustc has not stabilised: it is built with Rust ${since} or newer and edition ${edition} (\`edition = "${edition}"\` in its Cargo.toml); a newer toolchain alone keeps rejecting it in an older edition.`
        : `${who} uses ${what}, which the build's rustc has not stabilised: it is built with a newer toolchain than this one (rust-overlay / newer nixpkgs, or the nightly its rust-toolchain file names).`;
  const version = since && !edition ? { rustVersion: since } : {};
  return diag('rustc-too-old', message, [u.line, ...(u.span ? [u.span] : [])], [{ kind: 'rust-toolchain', ...version }], {
    drv,
    details: { feature: u.feature, ...(crate ? { package: crate } : {}), ...(since ? { required: since, issue: u.issue! } : {}), ...(edition ? { edition } : {}) },
    // rustc's own sentence naming the unstable feature.
    confidence: 'certain',
  });
}

// A generator's failure on the command line (GENERATOR_FAILED, no build around it) accounts for cargo's error just above
// it (held that many lines) and for the chain under it (`Caused by:`, indented and blank lines, at most that many): those
// are the generator's cargo; what comes after is read as usual (a later `nix build` of the package is the build's).
const GENERATOR_HOLD = 8;
const GENERATOR_CHAIN = 24;
const CHAIN_LINE = /^(?:\s|Caused by:|$)/;

function create(): Matcher {
  let done = false;
  let held: { d: Diagnostic; left: number }[] = [];
  let generatorChain = 0;
  const release = (ctx: RuleContext) => {
    for (const h of held) ctx.emit(h.d);
    held = [];
  };
  // cargo's refusals read from a line no build frames wait for a generator's line that would account for them.
  const holding = (ctx: RuleContext): RuleContext =>
    new Proxy(ctx, {
      get(target, key) {
        if (key === 'emit') return (d: Diagnostic) => void held.push({ d, left: GENERATOR_HOLD });
        const v: unknown = Reflect.get(target, key, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
  // The derivations under which an `error[E0658]`/`error[E0554]` line was read (whatever it was decided to be);
  // '' for a line no framing names, which may be any derivation's. A window of another derivation's lines is its own.
  const codedSeen = new Set<string>();
  let active: string | undefined;
  let unstable: (Unstable & { drv?: string }) | undefined;
  // `failed to parse lock file` whose cause is not one of cargo's own lock-version sentences read below
  // (cargo < 1.38's `invalid serialized PackageId`, or a cause the log cut off): decided at the end.
  const lockParse = new LockParseWatch();
  // REPLACED_SOURCE's line while nothing but `Caused by:` and blank lines came after it.
  let replacedCut: { line: string; drv?: string } | undefined;
  // Cargo 1.8x+ prints a manifest's TOML error with its span above the chain, which then ends at the replaced source.
  let manifestShown = false;
  const flushUnstable = (ctx: RuleContext) => {
    const u = unstable!;
    unstable = undefined;
    if (done) return;
    done = true;
    ctx.emit(unstableDiag(u, u.drv ?? ctx.lastFailedDrv));
  };
  // A published dependency's manifest cargo could not parse (DEP_MANIFEST), read until its cause is in view.
  let depManifest: { crate: string; path: string; evidence: string[]; left: number; inherited: boolean; drv?: string } | undefined;
  const flushManifest = (ctx: RuleContext) => {
    const m = depManifest!;
    depManifest = undefined;
    if (done || m.inherited) return;
    done = true;
    ctx.emit(
      diag(
        'rustc-too-old',
        `The build's cargo cannot parse the published manifest of ${m.crate}: crates.io accepted it from the cargo that published it, so this cargo is older than that dependency was written for. Build with a newer toolchain (rust-overlay / newer nixpkgs), or lock an older version of the dependency.`,
        m.evidence,
        [{ kind: 'rust-toolchain' }],
        // cargo's parse error of a published manifest: its age is the reading's, not cargo's words.
        { drv: m.drv ?? ctx.lastFailedDrv, details: { manifest: m.path }, confidence: 'likely' },
      ),
    );
  };
  // A std item rustc did not find (stdItemMissing.ts): its headline and the lines under it, until the diagnostic ends.
  let stdMissing: { headline: string; below: string[]; left: number; drv?: string } | undefined;
  // rustc's `there is no argument named` (NO_ARGUMENT_NAMED), read to the end of its diagnostic for 1.58+'s notes.
  let capture: { line: string; name: string; span?: string; path?: string; left: number; drv?: string } | undefined;
  const flushCapture = (ctx: RuleContext, refused: boolean) => {
    const c = capture!;
    capture = undefined;
    if (done || refused) return;
    done = true;
    const dep = !!c.path && DEPENDENCY_PATH.test(c.path);
    const crate = dep ? /([\w-]+)-\d+\.\d+\.\d+[^/]*\/src\//.exec(c.path!)?.[1] : undefined;
    const who = crate ?? (dep ? 'A dependency' : 'The code');
    ctx.emit(
      diag(
        'rustc-too-old',
        `${who} names \`${c.name}\` in a format string without passing it, an implicit capture rustc accepts from Rust ${CAPTURE_STABLE} on: the build's rustc is older. Build with Rust ${CAPTURE_STABLE} or newer (rust-overlay / newer nixpkgs).`,
        [c.line, ...(c.span ? [c.span] : [])],
        [{ kind: 'rust-toolchain', rustVersion: CAPTURE_STABLE }],
        // rustc's own words, but an older rustc words a mistyped argument name the same: the age is the reading's.
        { drv: c.drv ?? ctx.lastFailedDrv, details: { argument: c.name, required: CAPTURE_STABLE, ...(crate ? { package: crate } : {}) }, confidence: 'likely' },
      ),
    );
  };
  const flushStd = (ctx: RuleContext) => {
    const s = stdMissing!;
    stdMissing = undefined;
    const drv = s.drv ?? ctx.lastFailedDrv;
    // A per-crate builder (buildRustCrate, cargo2nix) sets each crate's cfgs itself: a std item a probe enabled on a
    // toolchain that lacks it is the builder's (the labelling guide's anyhow backtrace case), not the toolchain's age.
    const item = done || isPerCrateDrv(drv) ? undefined : stdItemMissing(s.headline, s.below);
    if (!item) return;
    done = true;
    // rustc's suggestion of a near name (`help: a similar name exists`) reads alike for a misspelling: the message says both.
    const similar = s.below.some((x) => SIMILAR_NAME.test(x));
    ctx.emit(
      diag(
        'rustc-too-old',
        `The code uses ${item.path}, which the build's standard library does not have: it is written for a newer Rust than this toolchain (rust-overlay / newer nixpkgs)${similar ? ', or the name is misspelt (rustc suggests a similar one)' : ''}.`,
        [s.headline, ...s.below.filter((x) => /-->|\|.*::/.test(x)).slice(0, 2)],
        [{ kind: 'rust-toolchain' }],
        // rustc's own error names the std path; that a newer std has it is the reading's (a typo reads the same).
        { drv, details: { item: item.path }, confidence: 'likely' },
      ),
    );
  };
  return {
    busy: () => !!unstable || !!capture || !!stdMissing || !!depManifest || !!replacedCut || held.length > 0 || generatorChain > 0 || lockParse.busy(),
    held: () => held.length,
    release,
    finish(ctx) {
      if (unstable) flushUnstable(ctx);
      if (capture) flushCapture(ctx, false);
      if (stdMissing) flushStd(ctx);
      if (depManifest) flushManifest(ctx);
      if (replacedCut && !done) {
        done = true;
        return ctx.emit(
          diag(
            'rustc-too-old',
            'Cargo could not load the vendored crates that replace crates.io, and the log cuts its reason off; the commonest is a crate whose manifest this cargo is too old to parse (a newer edition or manifest key): build with a newer toolchain (rust-overlay / newer nixpkgs), or read the full log (nix log) for the reason.',
            [replacedCut.line],
            [{ kind: 'rust-toolchain' }],
            { drv: replacedCut.drv ?? ctx.lastFailedDrv, details: { cause: 'cut' }, confidence: 'possible' },
          ),
        );
      }
      const p = lockParse.verdict();
      if (done || p?.kind !== 'too-new') return;
      done = true;
      const who = p.cargo ? `cargo ${p.cargo}` : "the build's cargo";
      const why = p.cut
        ? `the log cuts cargo's reason off, and a lock cargo wrote fails to parse only in an older cargo than the one that wrote it${p.cargo ? `; ${p.cargo} reads lock versions up to ${newestLockRead(Number(p.cargo.split('.')[1]))}, stable cargo writes version 4 since 1.83` : ''}`
        : `cargo's reason (${p.evidence[1]}) is the older lock format it expects`;
      ctx.emit(
        diag(
          'rustc-too-old',
          `${p.path} was written by a newer cargo than ${who}, which cannot parse it (${why}): build with Rust ${READS_EVERY_LOCK} or newer (rust-overlay / newer nixpkgs), which reads every lock version a stable cargo writes.`,
          p.evidence,
          [{ kind: 'rust-toolchain', rustVersion: READS_EVERY_LOCK }],
          {
            drv: p.drv ?? ctx.lastFailedDrv,
            details: { lockFile: p.path, required: READS_EVERY_LOCK, ...(p.cargo ? { active: p.cargo } : {}), cause: p.cut ? 'cut' : 'lock-format' },
            // With cargo's reason cut, a newer lock format is the likeliest of the reasons a parse fails.
            confidence: p.cut ? 'possible' : 'certain',
          },
        ),
      );
    },
    line(l, ctx) {
      const t = l.text;
      const unframed = !l.drv && !ctx.lastFailedDrv && !ctx.building && !IN_NIX_BUILD_DIR.test(t);
      // A generator run on the command line (no build around it): its cargo is too old, not the build's toolchain.
      if (unframed && (t.includes('while retrieving') || t.includes('Error generating')) && GENERATOR_FAILED.test(t)) {
        if (held.length) done = false;
        held = [];
        generatorChain = GENERATOR_CHAIN;
        return;
      }
      if (generatorChain > 0) {
        if (unframed && CHAIN_LINE.test(t)) {
          generatorChain--;
          return;
        }
        generatorChain = 0;
      }
      for (const h of held) h.left--;
      if (held.length && held[0]!.left <= 0) release(ctx);
      // cargo's own refusals (a generator's cargo prints them too), not rustc's compile errors, which no generator's is.
      const cargo = unframed ? holding(ctx) : ctx;
      lockParse.line(t, l.drv ?? ctx.lastFailedDrv);
      // A blank line may keep its builder's bare prefix (`demo>`, nix build -L's lines with nothing after them).
      if (replacedCut && !REPLACED_CUT_TAIL.test(t)) replacedCut = undefined;
      if (t.includes('Cargo.toml:') && MANIFEST_SPAN.test(t)) manifestShown = true;
      if (!done && !manifestShown && t.includes('replaced source') && REPLACED_SOURCE.test(t) && !REPLACED_WITH_CAUSE.test(t)) replacedCut = { line: t.trim(), drv: l.drv };
      if (depManifest) {
        if (INHERITED.test(t)) depManifest.inherited = true;
        else if (t.trim() && !/^\s*Caused by:\s*$/.test(t) && depManifest.evidence.length < 3) depManifest.evidence.push(t.trim());
        if (--depManifest.left <= 0) flushManifest(cargo);
      }
      const span = !done && !depManifest && t.includes('Cargo.toml:') ? DEP_MANIFEST_SPAN.exec(t) : null;
      if (span) {
        const [error] = ctx.recent(1);
        if (error?.startsWith('error: ')) {
          depManifest = { crate: span[2]!, path: span[1]!, evidence: [error.trim(), t.trim()], left: 0, inherited: INHERITED.test(error), drv: l.drv };
          ctx.claim();
          return flushManifest(cargo);
        }
      }
      const dm = !done && !depManifest && t.includes('failed to parse manifest') ? DEP_MANIFEST.exec(t) : null;
      if (dm) {
        depManifest = { crate: dm[2]!, path: dm[1]!, evidence: [t.trim()], left: DEP_MANIFEST_LINES, inherited: false, drv: l.drv };
        return ctx.claim();
      }
      if (unstable) {
        // The diagnostic goes on until a blank line or the next message; its span and help say whose code and which rustc.
        if (DIAG_END.test(t) || --unstable.left <= 0) flushUnstable(ctx);
        else {
          const s = unstable.path === undefined ? SPAN.exec(t) : null;
          if (s) {
            unstable.path = s[1]!;
            unstable.span = t.trim();
          } else if (NIGHTLY_HELP.test(t)) unstable.nightlyHelp = true;
          else if (!unstable.issue && t.includes('see issue #')) unstable.issue = FEATURE_NOTE.exec(t)?.[1];
          return;
        }
      }
      // The tracking issue's note under an error other than E0658/E0554 (read above with their own line): that error,
      // its header and span in the look-back, was a feature gate's; the lines after it say whether a nightly printed it.
      const gated = !done && t.includes('> for more information') ? FEATURE_NOTE.exec(t) : null;
      if (gated) {
        const before = ctx.recent(RECENT_MAX);
        let i = before.length - 1;
        while (i >= 0 && !before[i]!.startsWith('error') && before[i]!.trim()) i--;
        const h = i >= 0 ? HEADER.exec(before[i]!) : null;
        // rustc's own diagnostic: its span (` --> file:line:col`) between the header and the note (Nix's `error: builder
        // for …` and cargo's summary have none).
        const span = h
          ? before
              .slice(i + 1)
              .map((x) => SPAN.exec(x))
              .find(Boolean)
          : undefined;
        if (h && span && h[1] !== 'E0658' && h[1] !== 'E0554') {
          ctx.claim();
          unstable = { line: before[i]!.trim(), feature: h[2]!, gate: false, nightlyHelp: false, issue: gated[1], left: UNSTABLE_LINES, drv: l.drv, path: span[1]!, span: span[0].trim() };
          return;
        }
      }
      if (capture) {
        // Its span and notes until a blank line or the next message.
        if (CAPTURE_REFUSED_NOTE.test(t)) return flushCapture(ctx, true);
        if (!DIAG_END.test(t) && --capture.left > 0) {
          const s = capture.path === undefined ? SPAN.exec(t) : null;
          if (s) Object.assign(capture, { path: s[1]!, span: t.trim() });
          return;
        }
        flushCapture(ctx, false);
      }
      const named = !done && t.includes('there is no argument named') ? NO_ARGUMENT_NAMED.exec(t) : null;
      if (named) {
        // Unclaimed: the same words from a 1.58+ rustc (its notes below) are the code's compile error.
        capture = { line: t.trim(), name: named[1]!, left: CAPTURE_LINES, drv: l.drv };
        return;
      }
      if (stdMissing) {
        if ((DIAG_END.test(t) && stdMissing.below.length) || --stdMissing.left <= 0) flushStd(ctx);
        else return void stdMissing.below.push(t.trim());
      }
      if (!done && stdItemHeadline(t)) {
        stdMissing = { headline: t.trim(), below: [], left: 16, drv: l.drv ?? ctx.runningDrv };
        return;
      }
      const coded = t.startsWith('error[E0658]') || t.startsWith('error[E0554]');
      if (coded && codedSeen.size < 64) codedSeen.add(l.drv ?? '');
      const u = !done && coded ? UNSTABLE.exec(t) : null;
      if (u && !SYSROOT_PRIVATE.test(u[2]!)) {
        unstable = { line: t.trim(), feature: u[2]!, gate: u[1] === 'E0554', nightlyHelp: false, left: UNSTABLE_LINES, drv: l.drv };
        return;
      }
      // A log window that cut the error itself: rustc's closing line says every coded error was this one. rustc
      // never indents it; a paste nested in a list does (and cargo, under a build script's `--- stderr`).
      const lead = done ? '' : t.trimStart();
      const only = lead.startsWith('For more information') ? ONLY_CODE.exec(lead) : null;
      if (only) {
        const before = ctx.recent(RECENT_MAX);
        if (only[1] === 'E0658' && before.some((x) => NIGHTLY_HELP.test(x) || SYSROOT_PRIVATE.test(x))) return;
        // The error itself was in view and read above (rustc alone prints `error: aborting due to …` between, which
        // can push it out of the look-back): not a window that cut it.
        if (codedSeen.has('') || codedSeen.has(l.drv ?? '')) return;
        done = true;
        const issue = before.map((x) => /see issue #(\d+)|rust-lang\/rust\/issues\/(\d+)/.exec(x)).find(Boolean);
        const evidence = [...before.filter((x) => /^\s*= note: |^\s*-->/.test(x)).map((x) => x.trim()), t.trim()];
        return ctx.emit(
          diag(
            'rustc-too-old',
            only[1] === 'E0554'
              ? 'The code enables unstable features (#![feature], error E0554), which only a nightly rustc accepts: build with a nightly toolchain (rust-overlay).'
              : `The code uses a feature the build's rustc has not stabilised (error E0658${issue ? `, Rust issue #${issue[1] ?? issue[2]}` : ''}; the error itself is above the shown lines) and this rustc is no nightly: it is built with a newer toolchain than this one (rust-overlay / newer nixpkgs).`,
            evidence,
            [{ kind: 'rust-toolchain' }],
            // rustc's closing line names the error's code, the error itself is above the shown lines.
            { drv: l.drv ?? ctx.lastFailedDrv, details: { code: only[1]!, ...(issue ? { issue: issue[1] ?? issue[2]! } : {}) }, confidence: 'likely' },
          ),
        );
      }
      if (done || !/rustc|lock file version|[Ee]dition|cannot be bu|error: package `|nightly|resolver` setting|` is required|feature called/.test(t)) return;
      const ev = active ? [...ctx.recent(1), t.trim()] : [t.trim()];
      let m: RegExpExecArray | null;
      let need: string | undefined;
      let message = '';
      const details: Record<string, string> = {};
      // cargo's or rustc's own sentence naming what is too new for it.
      let confidence: Confidence = 'certain';
      let flag: ReturnType<typeof editionOlderToolchain>;
      let bare: ReturnType<typeof requiresBare>;
      if (t.includes('nightly') && (m = NIGHTLY_ONLY.exec(t))) {
        ctx.claim();
        done = true;
        const what = m[1] ? `the cargo feature \`${m[1]}\`` : 'a `-Z` option';
        return cargo.emit(
          diag(
            'rustc-too-old',
            `The build asks for ${what}, which this toolchain accepts only on nightly: build with the nightly its rust-toolchain file names (rust-overlay), or a newer stable release that has it.`,
            [t.trim()],
            [{ kind: 'rust-toolchain' }],
            { drv: l.drv ?? ctx.lastFailedDrv, details: { nightly: m[1] ?? '-Z' }, confidence: 'certain' },
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
      } else if ((m = REQUIRES_TAIL.exec(t))) {
        need = m[1]!;
        message = `A dependency needs rustc ${need} or newer, but the build uses ${m[2]} (cargo's rust-version check; the package's name is cut off): use a newer toolchain (rust-overlay / newer nixpkgs).`;
        details.active = m[2]!;
      } else if ((m = UPGRADE_TO.exec(t))) {
        need = m[1]!;
        message = `A dependency needs rustc ${need} or newer than the build uses (cargo's rust-version check; its first line is cut off): use a newer toolchain (rust-overlay / newer nixpkgs), or lock an older version of the dependency.`;
      } else if ((m = SUPPORTING.exec(t)) || UPGRADE_OR_SELECT.test(t)) {
        const [pkg, active] = m ? [m[1], m[2]] : [];
        message = `${pkg ?? 'A dependency'} needs a newer rustc than the build${active ? `'s ${active}` : "'s"} (cargo's rust-version check; the versions it asks for are cut off): use a newer toolchain (rust-overlay / newer nixpkgs), or lock an older version of the dependency.`;
        if (pkg) details.package = pkg;
        if (active) details.active = active;
      } else if ((m = REQUIRES_CUT.exec(t)) || (t.includes('error: package `') && (m = REQUIRES_CUT_ID.exec(t)))) {
        message = `${m[1]} needs a newer rustc than the build uses (the log cuts the versions off): use a newer toolchain (rust-overlay / newer nixpkgs).`;
        details.package = m[1]!;
      } else if ((m = LOCK_VERSION.exec(t)) || (m = LOCK_BUMP.exec(t))) {
        need = rustReadingLock(Number(m[1]));
        message = `Cargo.lock version ${m[1]} needs a newer Cargo${need ? ` (Rust ${need} or newer)` : ''} than the build uses.`;
      } else if ((m = RESOLVER.exec(t))) {
        need = RESOLVER_RUST[m[1]!];
        message = `\`resolver = "${m[1]}"\` needs a newer Cargo${need ? ` (Rust ${need} or newer)` : ''} than the build uses.`;
      } else if (t.includes('feature called') && (m = FEATURE_CALLED.exec(t))) {
        const ed = /^edition(\d{4})$/.exec(m[1]!)?.[1];
        need = ed ? EDITION_RUST[ed] : FEATURE_RUST[m[1]!];
        message = ed
          ? `Edition ${ed} needs Rust ${need ?? 'newer'} or newer than the build's toolchain${m[2] ? ` (cargo ${m[2]})` : ''}.`
          : `Cargo.toml uses the Cargo feature \`${m[1]}\`, which the build's cargo${m[2] ? ` ${m[2]}` : ''} has not stabilised: build with the toolchain it is written for (${need ? `Rust ${need} or newer` : 'a newer release, or the nightly its rust-toolchain file names'}).`;
        details.feature = m[1]!;
        if (m[2]) details.active = m[2];
      } else if (t.includes('dition') && (m = RUSTC_EDITION.exec(t)) && (m[1] || EDITION_RUST[m[2] ?? m[3]!])) {
        const ed = m[1] ?? m[2] ?? m[3]!;
        need = EDITION_RUST[ed];
        message = `Edition ${ed} needs Rust ${need ?? 'newer'} or newer than the build's rustc, which rejects it: build with a newer toolchain (rust-overlay / newer nixpkgs).`;
        details.edition = ed;
      } else if ((m = EDITION.exec(t))) {
        const ed = m[1] ?? m[2] ?? m[3]!;
        need = EDITION_RUST[ed];
        message = `Edition ${ed} needs Rust ${need ?? 'newer'} or newer than the build's toolchain.`;
      } else if ((m = FEATURE_REQUIRED.exec(t))) {
        need = FEATURE_RUST[m[1]!];
        message = `Cargo.toml uses the Cargo feature \`${m[1]}\`, which the build's cargo has not stabilised: build with the toolchain it is written for (${need ? `Rust ${need} or newer` : 'a newer release, or the nightly its rust-toolchain file names'}).`;
        details.feature = m[1]!;
      } else if ((bare = requiresBare(t))) {
        need = bare.need;
        message = `${bare.pkg} needs rustc ${need} or newer than the build uses (cargo's rust-version check, quoted without its headline): use a newer toolchain (rust-overlay / newer nixpkgs).`;
        details.package = bare.pkg;
        // cargo's words for the check, but not the whole message: which rustc the build has is not in view.
        confidence = 'likely';
      } else if ((flag = editionOlderToolchain(t))) {
        need = flag.first;
        message = `rustc is given edition ${flag.edition} (\`--edition=${flag.edition}\`), which needs Rust ${need} or newer, but the toolchain on the command line is Rust ${flag.active}: build with a newer toolchain (rust-overlay / newer nixpkgs), or the edition the toolchain knows.`;
        Object.assign(details, { edition: flag.edition, active: flag.active });
        // The command and the toolchain's version are the log's, rustc's refusal is not in view.
        confidence = 'likely';
      } else return;
      ctx.claim();
      done = true;
      cargo.emit(
        diag('rustc-too-old', message, ev, [{ kind: 'rust-toolchain', ...(need ? { rustVersion: need } : {}) }], {
          drv: l.drv ?? ctx.lastFailedDrv,
          details: { ...details, ...(need ? { required: need } : {}) },
          confidence,
        }),
      );
    },
  };
}

export const rustcTooOldRule: DiagnosisRule = {
  category: 'rustc-too-old',
  // Not bare `rustc`, which `Compiling rustc_version` and `Running \`rustc …` carry: the words REQUIRES* and NOT_SUPPORTED need.
  markers: [
    ...GENERATOR_MARKERS,
    'failed to parse manifest',
    'replaced source registry',
    'Cargo.toml:',
    'requires rustc',
    'or newer, while the currently active',
    'Either upgrade',
    'is the latest version',
    'is not supported by the following',
    'lock file version',
    'edition',
    'Edition',
    'cannot be bu',
    'error: package `',
    'error[E0658]',
    'error[E0554]',
    // NO_ARGUMENT_NAMED.
    'there is no argument named',
    // stdItemMissing's headlines.
    'error[E0433]',
    'error[E0432]',
    'error[E0425]',
    'error[E0412]',
    'explain E0658',
    'explain E0554',
    'requires a nightly version',
    'only accepted on the nightly',
    'resolver` setting',
    '` is required',
    'feature called',
    // FEATURE_NOTE.
    '> for more information',
    ...LOCK_PARSE_MARKERS,
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

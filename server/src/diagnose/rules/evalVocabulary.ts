// The words only an evaluation prints as an error, read anywhere in a line Nix (not a builder) printed: an issue quotes
// them in prose, a bullet list, a title, without Nix's `error: ` or the position and --show-trace hint after it.
// bench/diagnose/families.ts measured the family on every labelled log before it was built (rounds 19–41: 11 of the
// 18 eval-error logs their first runs left silent, no `other` log in any set).

/** forceStringNoCtx (1.x–2.2x): `the string '…' is not allowed to refer to a store path (such as '…')` (1.x: `…'). */
export const STORE_PATH_CONTEXT = /is not allowed to refer to a store path \(such as [`']/;
/** ofborg (nixpkgs' CI) refusing an evaluation that printed any warning: `nix-env did not evaluate cleanly:`. */
export const OFBORG_UNCLEAN = /\bnix-env did not evaluate cleanly\b/;

/**
 * Nix's own messages (src/libexpr's EvalError/TypeError/… wordings, 1.x–2.2x; libmain's stack guard; libfetchers'
 * git revision check; `nix run`'s output type check), real Nix 2.8 and 2.26 where reproducible: `attempt to call
 * something which is not a function but a set` (2.26 adds `: { }`), 2.x `value is a string while a set was expected`,
 * 2.20+ `expected a set but found a string: "x"`, `cannot coerce a set to a string`, `called without required argument`,
 * `expression does not evaluate to a derivation`, `access to absolute path '/etc' is forbidden in pure eval mode` (2.26:
 * `pure evaluation mode`), `cannot build '….drv' during evaluation because the option 'allow-import-from-derivation' is
 * disabled`, libflake's lock computation `input 'c' follows a non-existent input 'bb/c'` (a `follows` naming an input
 * the flake or its input does not have; real Nix 2.8 and 2.26). Each is anchored on words no build tool prints (Rust's ``assertion `left == right` failed`` has backticks).
 */
export const NIX_EVAL_MESSAGE = new RegExp(
  [
    String.raw`attempt to call something which is not a function\b`,
    // A type's name is a word or a few (`a function application`): a bounded count, as an open `[\w ]+` before another
    // open one backtracks quadratically or worse on a long line of words.
    String.raw`value is (?:(?:a|an)(?: \w+){1,3}|null) while (?:a|an)(?: \w+){1,3} was expected`,
    String.raw`\bexpected (?:a|an)(?: \w+){1,3} but found (?:a|an|null)\b`,
    String.raw`undefined variable ['‘][^'’\s]+['’]`,
    String.raw`attribute '[^']+' missing`,
    String.raw`infinite recursion encountered`,
    String.raw`stack overflow (?:\(possible infinite recursion\)|; max-call-depth exceeded)`,
    // 2.13+ `function 'f' called …`; 1.11–2.12 name the lambda by ExprLambda::showNamePos, `'f' at <pos> called …`
    // (1.x `‘f’`) or `anonymous function at <pos> called …` (real Nix 2.8).
    String.raw`(?:function ['‘][^'’]*['’]|(?:['‘][^'’\s]+['’]|anonymous function) at \S+) called (?:without required|with unexpected) argument`,
    String.raw`cannot coerce (?:(?:a|an)(?: \w+){1,3}|null) to a string`,
    String.raw`assertion ['‘][^'’]*['’] failed|assertion (?:\(.*\) )?failed at \/`,
    String.raw`evaluation aborted with the following error message`,
    String.raw`during evaluation because the option 'allow-import-from-derivation' is disabled`,
    String.raw`['‘][^'’]*['’] is forbidden in (?:pure|restricted) (?:eval|evaluation) mode|is not allowed in pure evaluation mode`,
    String.raw`cannot (?:auto-call|evaluate) a function that has an argument without a (?:default )?value`,
    String.raw`was not found in the Nix search path`,
    String.raw`expression does not evaluate to a derivation`,
    String.raw`Cannot find Git revision '`,
    String.raw`attribute '[^']+' should have type '(?:derivation|app)'`,
    String.raw`\binput '[^']+' follows a non-existent input '`,
    // builtins.match/split's regular expressions (2.x primops; 1.11 libutil's Regex, which match and split use).
    String.raw`(?:invalid|memory limit exceeded by) regular expression '|compiling pattern ['‘]`,
    String.raw`'builtins\.\w+' called (?:on an empty list|with index)|list index \d+ is out of bounds`,
    String.raw`in pure evaluation mode, '[^']+' requires a`,
    String.raw`cannot be represented as a Nix string|a string that refers to a store path cannot be appended to a path`,
    STORE_PATH_CONTEXT.source,
  ].join('|'),
);

/**
 * A retired attribute's throw (aliases.nix and the package sets' own alias files), quoted bare: the attribute first on
 * its line, as the throw's message starts, in a shape an attribute has and a word of prose does not. Quoted
 * (`'foo' has been removed`), dotted (`darwin.apple_sdk_11_0 has been removed as it was a legacy compatibility stub`),
 * or a plain name followed by aliases.nix's own `from nixpkgs` (`pdf2htmlEx has been removed from nixpkgs, as it was
 * unmaintained`); the quoted name may be followed by `attribute`, as the throws of attributes retired for ones with an ABI
 * version say (`'webkitgtk' attribute has been removed from nixpkgs, use attribute with ABI version set explicitly`).
 * Any one word then `has been removed` (`Cache has been removed`) is prose as often as a throw: a paste
 * of aliases.nix's shorter ones (`osquery has been removed.`) is left to the evaluation's own framing around it.
 */
export const REMOVED_THROW =
  /^[\s•*>$-]*(?:['‘"`][A-Za-z_][\w+-]*(?:\.[\w+-]+)*['’"`](?: attribute)?|[A-Za-z_][\w+-]*(?:\.[\w+-]+)+|[A-Za-z_][\w+-]*(?= has been removed from nixpkgs\b)) has been removed\b/;

/**
 * One component of an option's path as lib/modules.nix's showOption prints it: a name, a quoted one (a submodule's
 * `"[definition 1-entry 5]"`, a name with a dot or space), `<name>` or `*` of a declaration; or a reporter's `[...]`
 * eliding the front of the path (round146 xo04). Read without the message's quotes only as a dotted path.
 */
const OPTION_COMPONENT = String.raw`(?:[A-Za-z_][\w'-]*|"[^"\n]*"|\[\.\.\.\]|<[\w-]+>|\*)`;

/**
 * nixpkgs' evaluation-only throws: the module system's (lib/modules.nix), a retired alias's (aliases.nix), check-meta's
 * refusal, callPackageWith's missing argument, mkDerivation's input-list check, lib.fileset's prefix, the Rust
 * bootstrap compiler's throw for a platform it has no binaries for (rust/bootstrap.nix, every era since 2017:
 * `missing bootstrap url for platform <rust target>`).
 */
export const NIXPKGS_EVAL_MESSAGE = new RegExp(
  [
    String.raw`The option (?:\`(?:[^'\s"]|"[^"\n]*")+' (?:is used but not defined|was accessed but has no value|does not exist)|${OPTION_COMPONENT}(?:\.${OPTION_COMPONENT})+ does not exist(?:\. Definition values:|\.?\s*$))`,
    String.raw`'[^'\s]+' has been renamed to\/replaced by '`,
    String.raw`\b(?:is marked as broken|has an unfree license|is not available on the requested hostPlatform).*refusing to evaluate|Refusing to evaluate package`,
    String.raw`Function called without required argument "`,
    String.raw`Dependency is not of a valid type: `,
    String.raw`\bmissing bootstrap url for platform \S`,
    // At a line's start only (FILESET_BARE's reading): indented, the words are a build's or a quote's.
    String.raw`^lib\.fileset\.\w+: `,
    REMOVED_THROW.source,
    OFBORG_UNCLEAN.source,
  ].join('|'),
);

/**
 * crane's own throws (its lib/*.nix, every wording its history has had), raised while crane's functions are evaluated:
 * vendorCargoDeps without a source (`unable to find \`src\` attribute. consider one of the following:`, real Nix 2.8 and
 * 2.26 with the real crane), crateNameFromCargoToml without a manifest (`unable to infer crate name and version`), a
 * registry it cannot download from (`registry config does not have a "dl" endpoint`, `not sure how to download crates
 * from`, `registry index is missing a config.json file`, `multiple distinct registries configured with the same name`),
 * cleanCargoToml called with neither input. (`unable to find Cargo.lock at …` is a missing lock: cargoLock.ts reads it.)
 */
export const CRANE_EVAL_MESSAGE = new RegExp(
  [
    String.raw`unable to find \`src\` attribute\. consider one of the following`,
    String.raw`unable to infer crate name and version\. (?:please ensure one of the following|Please make sure the src directory)`,
    String.raw`registry config does not have a "dl" endpoint`,
    String.raw`not sure how to download crates from \S+`,
    String.raw`registry index is missing a config\.json file`,
    String.raw`there are multiple distinct registries configured with the same name`,
    String.raw`either cargoToml or cargoTomlContents must be specified`,
  ].join('|'),
);

/**
 * The Rust toolchain overlays' own throws, raised while the overlay picks a toolchain (read from their sources across
 * their histories): rust-overlay's manifest selection (lib/rust-bin.nix: `Stable 1.99.0 is not available`, `No stable
 * 1.99.* is available`, `Nightly 2025-12-05 is not available`, `Beta …`, `Version …`, 2021's lowercase `nightly …`; real
 * Nix 2.8 and 2.26 over the real overlay and lib), its component resolution (`Component resolution failed for rust`, a
 * component or extension that `doesn't support any of targets: …`, `Host component \`x\` doesn't support …`, `Missing
 * extension \`x\``, `Target \`x\` is not supported by any components or extensions`, a profile a release lacks) and
 * its refusals (`\`fromManifest\` is not supported due to network access during evaluation`); nixpkgs-mozilla's
 * (`While compiling rust: the extension x is not available.`, `… the target x is not available for any package.`, `Rust
 * overlay does not support x yet.`); fenix's (`No rust toolchain file found in …`, `system 'x' is unsupported by
 * fenix`, `fenix doesn't support toolchain.path`). A version or date after the channel's capital, backticked names:
 * no build tool words its failure so.
 */
export const TOOLCHAIN_OVERLAY_MESSAGE = new RegExp(
  [
    String.raw`\bNo stable \d+\.\d+\.\* is available\b`,
    String.raw`\b(?:Stable|Nightly|Beta|Version) (?:\d+\.\d+(?:\.\d+)?|\d{4}-\d\d-\d\d) is not available\b`,
    String.raw`\b(?:nightly|beta) \d{4}-\d\d-\d\d is not available\b`,
    String.raw`\bComponent resolution failed for \S`,
    String.raw`\b(?:Component|Extension) \x60[^\x60]+\x60 doesn't support any of targets: `,
    String.raw`\bHost component \x60[^\x60]+\x60 doesn't support \x60`,
    String.raw`\bMissing (?:target )?extension \x60[^\x60]+\x60`,
    String.raw`\bTarget \x60[^\x60]+\x60 is not supported by any components or extensions`,
    String.raw`\bRust \S+ doesn't have profile \x60|since rust \S+ is too early to support profiles`,
    String.raw`\x60(?:fromManifest|manifest_v2_url)\x60 is not supported\b`,
    String.raw`\bWhile compiling \S+: the (?:extension \S+ is not available|target \S+ is not available for any package)`,
    String.raw`\bRust overlay does not support \S+ yet\b`,
    String.raw`\bNo rust toolchain file found in \S`,
    String.raw`\bsystem '[^']+' is unsupported by fenix\b|\bfenix doesn't support toolchain\.path\b`,
  ].join('|'),
);

/**
 * Words one of which every match of the four contains (ASCII: the prefilter's markers; Nix 1.x's `‘…’` quotes reach the
 * rule on their `error:` line only).
 */
export const EVAL_MESSAGE_WORDS = [
  'attempt to call',
  'was expected',
  'but found',
  'undefined variable',
  "' missing",
  'infinite recursion',
  'stack overflow',
  'called without required argument',
  'called with unexpected argument',
  'cannot coerce',
  'assertion ',
  'evaluation aborted',
  'allow-import-from-derivation',
  'is forbidden in ',
  'pure evaluation mode',
  'a function that has an argument',
  'Nix search path',
  'does not evaluate to a derivation',
  'Cannot find Git revision',
  "should have type '",
  'follows a non-existent input',
  'The option ',
  'renamed to/replaced by',
  'efusing to evaluate',
  'Dependency is not of a valid type',
  'missing bootstrap url for platform',
  'lib.fileset.',
  'regular expression',
  'compiling pattern',
  'called on an empty list',
  'called with index',
  'is out of bounds',
  'cannot be represented as a Nix string',
  'cannot be appended to a path',
  'is not allowed to refer to a store path',
  ' has been removed',
  'did not evaluate cleanly',
  'unable to find `src` attribute',
  'unable to infer crate name',
  'does not have a "dl" endpoint',
  'not sure how to download crates from',
  'missing a config.json file',
  'multiple distinct registries',
  'either cargoToml or cargoTomlContents',
  // TOOLCHAIN_OVERLAY_MESSAGE's, each longer than the common words (`is not available`, `doesn't support`) a builder's
  // lines carry: a version or date's last digit before `is not available`, a backtick-quoted name before `doesn't support`.
  ...[...'0123456789'].map((d) => `${d} is not available`),
  'While compiling ',
  '.* is available',
  'Component resolution failed',
  "` doesn't support ",
  "fenix doesn't support",
  'Missing extension',
  'Missing target extension',
  'is not supported by any components',
  'too early to support profiles',
  "doesn't have profile",
  '` is not supported',
  'Rust overlay does not support',
  'No rust toolchain file found',
  'unsupported by fenix',
] as const;

/**
 * A warning quoting the same words (an alias that still works: `evaluation warning: 'x' has been renamed to/replaced by
 * 'y'`), or an error Nix says it went past (libutil's ignoreException: `error (ignored): …`): neither stopped the build.
 */
const WARNING = /^\s*(?:(?:trace: |evaluation )?warning: |error \(ignored\): )/;
/** What a paste puts before a quoted line: indentation, a bullet, a shell prompt's `$ `. */
const LEAD = /^[\s•*>$-]*/;
/** A quote around the whole line, as a pasted quote has it (the message's own closing quote, as in `'('`, is no pair). */
const ENCLOSED = /^(["'`]|“)(.*)(\1|”)\.?$/;
/** A double-quoted or code span in prose (`fails with "…" when`). */
const SPAN = /["“`]([^"”`]+)["”`]/g;

/** The evaluator's message a line quotes (a span of prose around it, else the line without its bullet and quotes), or undefined. */
export function evaluatorMessage(line: string): string | undefined {
  if (WARNING.test(line)) return undefined;
  const m = NIX_EVAL_MESSAGE.exec(line) ?? NIXPKGS_EVAL_MESSAGE.exec(line) ?? CRANE_EVAL_MESSAGE.exec(line) ?? TOOLCHAIN_OVERLAY_MESSAGE.exec(line);
  if (!m) return undefined;
  for (const q of line.matchAll(SPAN)) if (q.index < m.index && m.index < q.index + q[0].length) return q[1]!.trim();
  const bare = line.replace(LEAD, '').trimEnd();
  const e = ENCLOSED.exec(bare);
  const whole = e && (e[1] === '“') === (e[3] === '”') ? e[2]! : bare;
  // A long prose line: from the message on.
  return whole.length > 240 ? line.slice(m.index).trimEnd() : whole;
}

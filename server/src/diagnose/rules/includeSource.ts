// rustc's include macros (`include_str!`, `include_bytes!`, `include!`, and the
// proc-macros built on them, sqlx's `migrate!`) read a file at compile time, relative to the
// source file. When the file exists in the workspace but the build cannot read
// it, the builder's src filter dropped it (a fileset or cleanCargoSource that
// keeps only Rust and Cargo files): the fix keeps that file in src.
import { DEPENDENCY_PATH } from './rustcTooOld';
import { SOURCE_ROOT } from '../sourceRoot';

/** rustc's words, backticked (newer), bare (older), or quoted: `couldn't read `p`: No such file or directory (os error 2)`. */
const COULD_NOT_READ = /^couldn't read (?:`([^`]+)`|"([^"]+)"|(.+?)): No such file or directory\b/;

/**
 * sqlx's `migrate!()` reads its migrations directory at compile time, named from the crate's
 * manifest directory (`/build/source/crates/db/./migrations`); only an absolute path says where
 * it is in the workspace (a relative one is the crate's, which the message does not name).
 */
const MIGRATIONS = /^error canonicalizing migration directory (\/.+?): No such file or directory\b/;

/**
 * A program a build script runs (protoc, a C compiler, the script's own `fs` calls) naming an absolute path it
 * cannot open, in the C library's words: `<path>: No such file or directory` (protoc's `Could not make proto path
 * relative: …`, `cc: error: …`). Only a path under the unpacked source says the src filter is at fault.
 */
const ABSENT_ABSOLUTE = /(?:^|[\s'"`(])((?:\/build\/|(?:\/private)?\/tmp\/nix-build-)[^\s:'"`]+): No such file or directory\b/;

/** The workspace-relative path of a source file a build script's program could not open, or undefined. */
export function missingBuildScriptInput(line: string): string | undefined {
  const raw = ABSENT_ABSOLUTE.exec(line)?.[1];
  if (!raw || DEPENDENCY_PATH.test(raw)) return undefined;
  const rel = sourceRelative(raw);
  // The build's own outputs (target/, OUT_DIR) are no file src could keep.
  return rel && !/^target\//.test(rel) ? rel : undefined;
}

/**
 * Cargo reading a crate's manifest (cargo-util's `paths::read`: ``failed to read `<path>` ``, the same words since
 * 2016) under `failed to load manifest for workspace member \`<dir>\`` or `… for dependency \`<name>\``: a
 * workspace member, a path dependency or a `[patch]` path of the workspace. Absent (`No such file or directory
 * (os error 2)` under it), the build's src lacks that crate's directory.
 */
// A deps-only build's dummy source (naersk's dummySrc, crane's mkDummySrc, unpacked as `dummy-src`) is the builder's
// copy of the manifests, not the package's src: what it lacks is the builder's doing (round9 z22, naersk 2019).
const DUMMY_SRC = /(?:^\/build\/|-)dummy-src\//;
const MANIFEST_READ = /failed to read `(\/[^`]+)\/Cargo\.toml`/;

/**
 * Cargo's headline for a workspace member it could not load (cargo 1.95: `failed to load manifest for workspace member
 * \`<dir>\`` then `referenced by workspace at \`<root>/Cargo.toml\``, its cause under `Caused by:`; a TOML syntax
 * error is printed as its own `error:` before the headline). The member's directory under the unpacked source.
 */
const MEMBER_UNLOADED = /failed to load manifest for workspace member `(\/[^`]+)`/;

/** The workspace-relative directory of a member cargo could not load under the unpacked source, or undefined. */
export function unloadedMemberDir(line: string): string | undefined {
  const raw = MEMBER_UNLOADED.exec(line)?.[1];
  if (!raw || DEPENDENCY_PATH.test(raw) || DUMMY_SRC.test(`${raw}/`)) return undefined;
  return sourceRelative(raw);
}

/**
 * The workspace-relative directory of a crate whose Cargo.toml cargo could not read under the unpacked source (not the
 * root's), or above the build directory when the line is a Nix build's output (`inNixBuild`: the decoder read it as a builder's, aboveBuildRoot).
 */
export function unreadManifestDir(line: string, inNixBuild = false): string | undefined {
  const raw = MANIFEST_READ.exec(line)?.[1];
  if (!raw || DEPENDENCY_PATH.test(raw) || DUMMY_SRC.test(raw)) return undefined;
  // The root manifest's directory is the source root itself (`/build/source`, no rest): that is no src filter's doing.
  return sourceRelative(raw) ?? (inNixBuild ? aboveBuildRoot(raw) : undefined);
}

/**
 * A path dependency `../../crates/x` of a package whose src is a subdirectory resolves above the sandbox's build
 * directory (`/build/source/../../crates/x` is `/crates/x`): an absolute path whose first directory is none a system
 * or the sandbox has is the workspace's, outside the src the derivation was given (round139 xh02). Its path from the
 * workspace root is the rest; the src must be widened to hold it. Only in a Nix build's output: elsewhere such a path
 * is where a CI checked the workspace out (GitLab's `/builds/…`, a container's `/app`), no src of a derivation.
 */
const SYSTEM_TOP = /^\/(?:nix|build|tmp|private|usr|etc|var|opt|home|root|homeless-shelter|bin|lib|lib64|sbin|dev|proc|sys|run|mnt|srv|Users|Library|System|Applications|Volumes)\//;
function aboveBuildRoot(raw: string): string | undefined {
  if (!raw.startsWith('/') || SYSTEM_TOP.test(`${raw}/`) || raw.split('/').includes('..')) return undefined;
  return raw.slice(1) || undefined;
}

/**
 * Cargo's target discovery (util/toml/targets.rs) finding no source for a target the manifest declares or implies:
 * ``can't find `<name>` <bin|bench|example|test> at `<dir>/<name>.rs` or `<dir>/<name>/main.rs`. Please specify …``
 * and ``can't find library `<name>`, rename file to `src/lib.rs` or specify lib.path``, paths relative to the
 * package, whose manifest cargo names before it (`failed to parse manifest at \`<src>/<pkg>/Cargo.toml\``, or newer
 * cargo's `<pkg>/Cargo.toml: can't find …` on the same line, relative to the workspace). A file found elsewhere
 * (`… at default paths, but found a file at …`) is a misplaced file, not this.
 */
const TARGET_UNFOUND = /can't find `[^`]+` (?:bin|bench|example|test) at `([^`]+)` or `[^`]+`\. Please specify|can't find library `[^`]+`, rename file to `([^`]+)` or specify lib\.path/;
const MANIFEST_AT = /failed to parse manifest at `(\/[^`]+\/Cargo\.toml)`/;
const MANIFEST_PREFIX = /(?:^|\s)((?:[\w.+-]+\/)*Cargo\.toml): can't find /;

/** The workspace-relative path (a target's directory, or the library's file) whose absence made cargo fail its target discovery. */
export function unfoundTargetPath(line: string, before: readonly string[]): string | undefined {
  const t = TARGET_UNFOUND.exec(line);
  if (!t) return undefined;
  // A bin's, bench's, example's or test's two candidates share their directory (`benches`, `src/bin`): keep it whole.
  const target = t[1] ? t[1].replace(/\/[^/]*$/, '') : t[2]!;
  if (!target || target === t[1] || target.startsWith('/') || target.split('/').includes('..')) return undefined;
  const prefixed = MANIFEST_PREFIX.exec(line)?.[1];
  let manifest: string | undefined;
  if (prefixed) manifest = sourceRelative(prefixed);
  else {
    const raw = [...before]
      .reverse()
      .map((x) => MANIFEST_AT.exec(x)?.[1])
      .find(Boolean);
    if (!raw || DEPENDENCY_PATH.test(raw) || DUMMY_SRC.test(raw)) return undefined;
    manifest = sourceRelative(raw);
  }
  if (!manifest?.endsWith('Cargo.toml')) return undefined;
  const dir = manifest.slice(0, -'Cargo.toml'.length);
  return `${dir}${target}`;
}

/**
 * A procedural macro that reads files at compile time (include_dir!, rust-embed's derive) panicking on a path under the
 * unpacked source that is not there: its payload, as rustc prints it (`= help: message: "/build/source/…" is not a
 * directory`, `… does not exist`, `…: No such file or directory`). Only an absolute path under the source root says
 * the src filter dropped it (round142 xk03, `$CARGO_MANIFEST_DIR/../../sdk/…` outside the crane source).
 */
const MACRO_PATH_MISSING = /^\s*= help: message: .*?"(\/[^"]+)"[^"]*\b(?:is not a directory|does not exist|No such file or directory|not found)\b/;

/** The workspace-relative path a proc macro's panic names as missing (`lines`: the diagnostic's lines under its headline). */
export function macroMissingPath(lines: readonly string[]): string | undefined {
  for (const l of lines) {
    const raw = MACRO_PATH_MISSING.exec(l)?.[1];
    if (raw && !DEPENDENCY_PATH.test(raw)) return sourceRelative(raw);
  }
  return undefined;
}

/** The workspace-relative path of a file rustc could not read, or undefined when it is not the workspace's. */
export function missingIncludePath(message: string): string | undefined {
  const m = COULD_NOT_READ.exec(message);
  const raw = m ? (m[1] ?? m[2] ?? m[3]) : MIGRATIONS.exec(message)?.[1];
  if (!raw || DEPENDENCY_PATH.test(raw)) return undefined;
  return sourceRelative(raw);
}

/** `raw` relative to the unpacked source (absolute under its root, or already relative), normalised; undefined above it. */
function sourceRelative(raw: string): string | undefined {
  let rel = raw;
  if (rel.startsWith('/')) {
    const root = SOURCE_ROOT.exec(rel);
    // An absolute path outside the unpacked source (a system file, another store path), or the root itself, is no src filter's doing.
    if (!root || rel.length === root[0].length) return undefined;
    rel = rel.slice(root[0].length);
  }
  const parts: string[] = [];
  for (const p of rel.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') {
      // Above the source root: not a file src could keep.
      if (!parts.length) return undefined;
      parts.pop();
    } else parts.push(p);
  }
  return parts.length ? parts.join('/') : undefined;
}

// Cargo.lock is missing, stale (--locked/--frozen refuse to update it), or
// not part of the source Nix sees.
import type { Fix } from '../../check/types';
import { intentFix, oneFile } from '../../fixes/intentFixes';
import { fakeHashExpr, replaceValue } from '../../fixes/nixEdits';
import type { NixBinding } from '../../model/nixTypes';
import type { Range, TextEdit } from '../../model/types';
import type { Site } from '../site';
import { wholeLine } from '../locate';
import { diag, type DiagnosisRule, type Matcher, type RuleContext } from '../rule';
import { LOCKED_PATH_MARKERS, LockedPathWatch, type LockedPathVerdict } from './lockedPathDep';
import { LOCK_PARSE_MARKERS, LockParseWatch } from './lockParse';
import { isPerCrateDrv } from './perCrateBuilder';

// Cargo ≤ 1.83: `the lock file X needs to be updated but --locked was passed to prevent this`;
// 1.84+: `cannot update the lock file X because --locked was passed to prevent this`.
const NEEDS_UPDATE = /the lock file (\S+) needs to be updated but (--frozen|--locked) was passed|cannot update the lock file (\S+) because (--frozen|--locked) was passed/;
const CANNOT_CREATE = /cannot create the lock file (\S+) because (--frozen|--locked) was passed/;
// nixpkgs' cargo vendoring, newer and older wording.
const MISSING_SRC = /ERROR: Missing Cargo\.lock from src|ERROR: The Cargo\.lock file doesn't exist/;
const PATH_MISSING = /path '(«[^»]+»\/(?:[^']*\/)?Cargo\.lock)' does not exist/;
// Nix reading a Cargo.lock the source does not have: in a store copy of a source (a flake's, a
// fetched one: `path '/nix/store/…-source/Cargo.lock' does not exist`, 2.4–2.19 `getting status of`
// / `opening file`), in a git work tree (2.20+: `path '/…/Cargo.lock' does not exist in Git
// repository`), or on disk (`getting status of '/home/…/Cargo.lock'`). The log cannot tell a
// lock git does not track from one never generated or deleted: both are a source without Cargo.lock.
const READ_MISSING =
  /(?:path|getting status of|opening file) '((?:\/nix\/store\/[0-9a-z]{32}-[^/']+\/|\/)(?:[^']*\/)?Cargo\.lock)'(?:: No such file or directory| does not exist(?: in Git repository '([^']+)')?)/;
// Pasted logs often cut this line short; the start is unambiguous.
const NEEDS_UPDATE_CUT = /^\s*error: (?:the|cannot update the) lock file (\S+)/;
// crane's vendoring, evaluated: `unable to find Cargo.lock at /nix/store/…-source. please ensure one of the following:`.
const CRANE_NO_LOCK = /unable to find Cargo\.lock at (\S+?)\.?(?:\s|$)/;

// Any tool in the build finding no Cargo.lock in the unpacked source (cargoSetupHook's `diff: /build/source/Cargo.lock:
// No such file or directory`, fetchCargoVendor's Python `FileNotFoundError: … '/build/source/Cargo.lock'`, `cp: cannot stat`).
const LOCK_ENOENT =
  /(?:\/build|\/tmp\/nix-build-[^/\s'"`]+)\/(?:[^\s'"`:]*\/)?Cargo\.lock['"`]?:? No such file or directory|No such file or directory: '(?:\/build|\/tmp\/nix-build-[^/\s'"`]+)\/(?:[^\s'"`:]*\/)?Cargo\.lock'/;

// Offline resolution against vendored sources (the builder vendors what Cargo.lock lists) failing for a
// requirement of Cargo.toml: Cargo.lock is older than Cargo.toml.
// With names near the missing one among its candidates, cargo words it over lines instead (real cargo 1.65 and 1.95):
// `no matching package found` / `searched package name: \`foo\`` / `perhaps you meant: …`.
const UNRESOLVED = /^\s*error: (?:failed to select a version for the requirement `([^`]+)`|no matching package named `([^`]+)` found|no matching package found\s*$)/;
const SEARCHED_NAME = /^\s*searched package name: `([^`]+)`/;
const VENDORED = /location searched: directory source `([^`]+)`/;
// Cargo < 1.84 names the registry itself there even when a vendor directory replaces it (`location searched:
// registry \`crates-io\``), and adds its offline reminder only under --offline. Not offline, a Nix build's cargo
// reaches no registry (the sandbox has no network; with --frozen it refuses to): it searched the vendored
// sources, made from Cargo.lock. Under --offline the same words also come from a build that vendors nothing (network-sandbox's).
export const REGISTRY_SEARCHED = /location searched: registry `/;
const REQUIRED_BY = /^\s*required by package `/;
/**
 * cargo naming the standard library's own sources as the package that asked (`required by package \`std v0.0.0
 * (/nix/store/…-rust-default-…/lib/rustlib/src/rust/library/std)\``): `-Z build-std` resolves the toolchain's rust-src
 * workspace (library/Cargo.lock's crates: compiler_builtins, …) through the same source replacement, so a vendor
 * directory made from the package's Cargo.lock lacks them (round26 q12). No edit of the package's lock brings them:
 * the labelling guide's build-std case is other.
 */
const BUILD_STD = /\/lib\/rustlib\/src\/rust\/library\/[\w-]+\)`/;
const PATH_MORE = /^\s*\.\.\. which /;
// crane's configureCargoVendoredDepsHook pointing cargo at the vendored sources (`will append …/.cargo-home/config.toml
// with contents of /nix/store/…-vendor-cargo-deps/config.toml`, a source replacement for every registry and git
// source Cargo.lock lists): cargo then resolves only from them, so what it cannot find there Cargo.lock did not list.
const CRANE_VENDOR_CONFIG = /\bwill append \S+\/config\.toml with contents of (\S+)\/config\.toml\s*$/;
const OFFLINE_REMINDER = /offline mode/;
// Cargo's source replacement (the builder's vendored sources) for a source that needs a revision pinned (a git
// dependency, or a [patch] from git) that Cargo.lock does not pin: `the source <url> requires a lock file to be
// present first before it can be` / `used against vendored source code` (the same words since cargo 0.1x).
const UNPINNED = /the source (\S+) requires a lock file to be present first/;
// The same refusal for a git ref holding a raw `+` (`?tag=v1.0+build`): cargo reads a `+` in the source URL's query as a
// space, so a lock entry that writes it raw (older cargo, a builder's own lock handling; cargo 1.95 writes `%2B`) matches
// no source and cargo asks for a lock it has (real cargo 1.95, a vendored git dependency tagged `v0.1.0+suffix`, its
// Cargo.lock entry edited to the raw `+`). Not a stale lock: the ref's spelling between lock and builder.
const PLUS_IN_REF = /[?&](?:tag|branch|rev)=[^#&\s]*\+/;
// nixpkgs' fetchCargoVendor runs a Python utility (fetch-cargo-vendor-util, `-v2` in its store name for a while) that
// reads each registry package's checksum from its `[[package]]` entry; a version 1 Cargo.lock keeps them in its
// `[metadata]` table instead (`"checksum name version (source)" = …`). Its later reading of that table builds the key
// from the source's dataclass repr, so it finds no entry either (`KeyError: "checksum name version (RegistrySource(…))"`,
// Python quoting the key in double quotes when it holds a single one), or `KeyError: 'metadata'` when the table is
// absent. Python's KeyError on such a key with the utility's frame in the same traceback is the lock's format.
const VENDOR_UTIL_FRAME = /^\s*File "[^"]*fetch-cargo-vendor-util[^"]*", line \d+/;
const TRACEBACK_START = /^\s*Traceback \(most recent call last\):/;
const CHECKSUM_KEY = /^\s*KeyError: (['"])(checksum|metadata|checksum \S+ \S+ \(.*\))\1\s*$/;

// `cargo vendor` (what nixpkgs' old fetcher fetchCargoTarball runs: `cargoSha256`, and `cargoHash` too before nixpkgs
// 25.05 unless `useFetchCargoVendor = true`) writes each package into one directory named after it and its version, so
// one name and version from two sources (a git checkout and the registry, two forks) cannot both be vendored: `failed
// to sync` / `Caused by:` / `found duplicate version of package \`x v1.0.0\` vendored from two sources:` / `source 1: …`
// / `source 2: …` (the same words in cargo 1.65 and 1.95). fetchCargoVendor puts each git source in a directory of its
// own, so the fix is `cargoHash` computed again by it; importCargoLock would not do (one directory by name and version,
// where the two collide).
const DUPLICATE = /found duplicate version of package(?: `([^`]+)`)?/;
const DUP_SOURCE = /^\s*source [12]: (\S+)/;

function create(): Matcher {
  // `failed to parse lock file` waits for its `Caused by:` lines: a lock newer than the build's cargo is rustc-too-old's.
  const parse = new LockParseWatch();
  // An unresolved requirement, until cargo says where it searched (and, for its older wording, whether it was offline).
  let craneVendor: { line: string; dir: string; drv?: string } | undefined;
  let unresolved: { what: string; line: string; named?: string; left: number; registry?: string; required?: string; drv?: string; vendored?: { line: string; dir: string; drv?: string } } | undefined;
  // The vendored sources lack the requirement: Cargo.lock older than Cargo.toml, unless the line after says who asked (BUILD_STD)
  // or a per-crate builder's derivation resolved it (its manifest and lock are the builder's, perCrateBuilder.ts).
  const vendoredMissing = (ctx: RuleContext) => {
    const u = unresolved!;
    const v = u.vendored!;
    unresolved = undefined;
    if (isPerCrateDrv(v.drv ?? ctx.lastFailedDrv)) return;
    ctx.emit(
      diag(
        'cargo-lock',
        `Cargo.toml asks for ${u.what}, which the vendored sources (made from Cargo.lock) do not have: Cargo.lock is older than Cargo.toml. Run \`cargo update --workspace\` and commit Cargo.lock (the vendor hash changes with it).`,
        [u.line, ...(u.named ? [u.named] : []), v.line],
        [
          { kind: 'run', argv: ['cargo', 'update', '--workspace'] },
          { kind: 'git-add', path: 'Cargo.lock' },
        ],
        // cargo's own sentence names what the vendored sources lack; that Cargo.lock is behind is the reading's.
        { drv: v.drv, details: { requirement: u.what, vendor: v.dir }, confidence: 'likely' },
      ),
    );
  };
  const staleVendor = (ctx: RuleContext) => {
    const u = unresolved!;
    unresolved = undefined;
    // Read when the line after cargo's lines came: a legacy build's failure, which names the derivation, may be it.
    if (isPerCrateDrv(u.drv ?? ctx.lastFailedDrv)) return;
    ctx.emit(
      diag(
        'cargo-lock',
        `Cargo.toml asks for ${u.what}, which the sources cargo could use do not have: the build vendors them from Cargo.lock and reaches no registry, so Cargo.lock is older than Cargo.toml. Run \`cargo update --workspace\` and commit Cargo.lock (the vendor hash changes with it).`,
        [u.line, ...(u.named ? [u.named] : []), u.registry!, u.required!],
        [
          { kind: 'run', argv: ['cargo', 'update', '--workspace'] },
          { kind: 'git-add', path: 'Cargo.lock' },
        ],
        { drv: u.drv ?? ctx.lastFailedDrv, details: { requirement: u.what }, confidence: 'likely' },
      ),
    );
  };
  // A source without Cargo.lock is said once (cargoSetupHook's diff and nixpkgs' ERROR line say it twice).
  let missingSaid = false;
  // Whether the Python traceback being read has a frame in fetchCargoVendor's utility (the innermost frames come last).
  let vendorUtilFrame = false;
  let checksumSaid = false;
  // A duplicate cargo vendor refused, until its two `source N:` lines are read.
  let duplicate: { pkg?: string; evidence: string[]; sources: string[]; left: number; drv?: string } | undefined;
  let duplicateSaid = false;
  const sayDuplicate = (ctx: RuleContext) => {
    const d = duplicate!;
    duplicate = undefined;
    if (duplicateSaid) return;
    duplicateSaid = true;
    ctx.emit(
      diag(
        'cargo-lock',
        `cargo vendor cannot vendor ${d.pkg ? `${d.pkg} ` : 'one package version '}from two sources${d.sources.length === 2 ? ` (${d.sources.join(' and ')})` : ''}: it writes each package into one directory named by name and version (the old fetcher, fetchCargoTarball: \`cargoSha256\`, or \`cargoHash\` before nixpkgs 25.05 without \`useFetchCargoVendor = true\`). Vendor with fetchCargoVendor (nixpkgs 24.11 or newer), which keeps each git source apart: \`useFetchCargoVendor = true\` and \`cargoHash\` reset to a fake hash, and the next build reports the right one. Or make both dependents use one source (\`[patch]\`).`,
        d.evidence,
        [{ kind: 'reset-hash', attr: 'cargoHash' }],
        {
          drv: d.drv ?? ctx.lastFailedDrv,
          details: { cause: 'vendor-duplicate', ...(d.pkg ? { package: d.pkg } : {}), ...(d.sources.length ? { sources: d.sources.join(' ') } : {}) },
          confidence: 'certain',
        },
      ),
    );
  };
  const lockedPath = new LockedPathWatch();
  let lockedPathSaid = false;
  const sayLockedPath = (ctx: RuleContext, v: LockedPathVerdict) => {
    if (lockedPathSaid) return;
    lockedPathSaid = true;
    const what = v.pkg ? `the path dependency ${v.pkg}${v.locked ? ` at ${v.locked}` : ''}` : 'a path dependency at a version';
    const now = v.found ? ` (its source has ${v.found})` : '';
    ctx.emit(
      diag(
        'cargo-lock',
        `Cargo.lock pins ${what}, which its own source no longer has${now}: the crate's version changed and Cargo.lock was not updated after it. Run \`cargo update${v.pkg ? ` -p ${v.pkg}` : ''}\` (cargo's own advice for a path dependency's locked version) and commit Cargo.lock; for a source you do not own, give the builder the updated lock (cargoPatches, or cargoLock.lockFile).`,
        v.evidence,
        [
          { kind: 'run', argv: v.pkg ? ['cargo', 'update', '-p', v.pkg] : ['cargo', 'update'] },
          { kind: 'git-add', path: 'Cargo.lock' },
        ],
        // cargo's own test (a path source, an exact requirement from the lock), or its own advice.
        { drv: v.drv ?? ctx.lastFailedDrv, details: { cause: 'locked-path-version', ...(v.pkg ? { package: v.pkg } : {}) }, confidence: 'certain' },
      ),
    );
  };
  return {
    finish(ctx) {
      const lp = lockedPath.take(true);
      if (lp) sayLockedPath(ctx, lp);
      if (duplicate) sayDuplicate(ctx);
      // The log cut before cargo said where it searched (its `location searched` line), the build having set crane's
      // vendored sources as cargo's only source: they were where it searched.
      if (unresolved && !unresolved.vendored && !unresolved.registry && unresolved.named && craneVendor) unresolved.vendored = craneVendor;
      if (unresolved?.vendored) vendoredMissing(ctx);
      if (unresolved?.required) staleVendor(ctx);
      const p = parse.verdict();
      if (p?.kind === 'malformed')
        ctx.emit(
          diag(
            'cargo-lock',
            p.cut
              ? `Cargo ${p.cargo} cannot parse ${p.path} (the log cuts cargo's reason off). This cargo reads every lock version a stable cargo writes, so the file is not one cargo wrote as it is: a hand edit or a committed merge conflict. Regenerate it and commit it.`
              : p.hidden
                ? `Cargo cannot parse ${p.path} and hides its reason behind --verbose, which it does for none of its lock-version sentences: the file is not one cargo wrote as it is (a hand edit, a committed merge conflict, a package list missing a dependency). Regenerate it and commit it, in the lock version this older cargo reads: a current cargo writes version 4 unless Cargo.toml's \`rust-version\` names an older Rust (then the version that Rust reads).`
                : `Cargo cannot parse ${p.path}: ${p.evidence[1]} — the file is not one cargo wrote as it is (a hand edit or a committed merge conflict). Regenerate it and commit it.`,
            p.evidence,
            // Its reason hidden, nothing to mend by hand is in view: `cargo generate-lockfile` resolves afresh without
            // reading the old file (real cargo 1.95 on a merge conflict's markers), in the lock version `rust-version` allows
            // (none set: 4, which a cargo that still hides its reasons cannot read; real cargo 1.95). A shown reason is mended where it is.
            p.hidden ? [{ kind: 'run', argv: ['cargo', 'generate-lockfile'] }] : [],
            // With cargo's reason cut, a malformed file is the reading of what this cargo reads; hidden, of what it never hides.
            { drv: p.drv, location: { path: p.path, line: 1, unit: 'char' }, confidence: p.cut ? 'possible' : p.hidden ? 'likely' : 'certain' },
          ),
        );
    },
    busy: () => !!unresolved || !!duplicate || parse.busy() || lockedPath.busy(),
    line(l, ctx) {
      const t = l.text;
      if (duplicate) {
        const src = DUP_SOURCE.exec(t);
        if (src) {
          duplicate.sources.push(src[1]!);
          duplicate.evidence.push(t.trim());
          if (duplicate.sources.length === 2) return sayDuplicate(ctx);
        } else if (t.trim() && --duplicate.left <= 0) sayDuplicate(ctx);
      }
      if (lockedPath.line(t, l.drv ?? ctx.lastFailedDrv)) ctx.claim();
      const lp = lockedPath.take();
      if (lp) sayLockedPath(ctx, lp);
      const dup = t.includes('found duplicate version') ? DUPLICATE.exec(t) : null;
      if (dup) {
        if (duplicate) sayDuplicate(ctx);
        duplicate = { pkg: dup[1], evidence: [t.trim()], sources: [], left: 2, drv: l.drv };
        return ctx.claim();
      }
      if (parse.line(t, l.drv ?? ctx.lastFailedDrv)) return ctx.claim();
      const crane = t.includes('with contents of') ? CRANE_VENDOR_CONFIG.exec(t) : null;
      if (crane) craneVendor = { line: t.trim(), dir: crane[1]!, drv: l.drv ?? ctx.lastFailedDrv };
      if (unresolved && !unresolved.named) {
        const n = t.includes('searched package name') ? SEARCHED_NAME.exec(t) : null;
        if (n) {
          unresolved.what = n[1]!;
          unresolved.named = t.trim();
          return;
        }
      }
      if (unresolved?.vendored && t.trim()) {
        if (REQUIRED_BY.test(t) && BUILD_STD.test(t)) {
          // The standard library's own sources asked (-Z build-std): their lock is the toolchain's, not the package's.
          unresolved = undefined;
          return ctx.claim();
        }
        vendoredMissing(ctx);
      }
      if (unresolved && !unresolved.vendored) {
        const v = t.includes('directory source') ? VENDORED.exec(t) : null;
        if (v) {
          unresolved.vendored = { line: t.trim(), dir: v[1]!, drv: l.drv ?? ctx.lastFailedDrv };
          return ctx.claim();
        }
        if (unresolved.required) {
          if (PATH_MORE.test(t)) return;
          if (OFFLINE_REMINDER.test(t)) unresolved = undefined;
          else staleVendor(ctx);
        } else if (!unresolved.registry && REGISTRY_SEARCHED.test(t)) {
          unresolved.registry = t.trim();
          return;
        } else if (unresolved.registry && REQUIRED_BY.test(t)) {
          // The standard library's sources asked (-Z build-std, in cargo's older wording naming the registry).
          if (BUILD_STD.test(t)) {
            unresolved = undefined;
            return ctx.claim();
          }
          unresolved.required = t.trim();
          return;
        } else if (--unresolved.left <= 0) unresolved = undefined;
      }
      const un = t.includes('error: ') ? UNRESOLVED.exec(t) : null;
      if (un) {
        unresolved = { what: un[1] ?? un[2] ?? 'a package', line: t.trim(), left: 4, drv: l.drv };
        return;
      }
      if (t.includes('Traceback') && TRACEBACK_START.test(t)) vendorUtilFrame = false;
      else if (t.includes('fetch-cargo-vendor-util') && VENDOR_UTIL_FRAME.test(t)) vendorUtilFrame = true;
      else if (vendorUtilFrame && t.includes('KeyError') && CHECKSUM_KEY.test(t)) {
        vendorUtilFrame = false;
        ctx.claim();
        if (checksumSaid) return;
        checksumSaid = true;
        return ctx.emit(
          diag(
            'cargo-lock',
            "fetchCargoVendor's utility found no checksum for a registry package in Cargo.lock: it reads each package's own `checksum`, which a version 1 Cargo.lock keeps in its `[metadata]` table instead (or the file was edited by hand). Rewrite the lock in cargo's current format — any cargo that resolves does, `cargo update --workspace` keeps every dependency's version — then commit Cargo.lock and update cargoHash.",
            [t.trim()],
            [
              { kind: 'run', argv: ['cargo', 'update', '--workspace'] },
              { kind: 'git-add', path: 'Cargo.lock' },
            ],
            { drv: l.drv ?? ctx.lastFailedDrv, details: { key: CHECKSUM_KEY.exec(t)![2]! }, confidence: 'certain' },
          ),
        );
      }
      if (!/lock file|Cargo\.lock/.test(t)) return;
      const drv = l.drv ?? ctx.lastFailedDrv;
      let m = NEEDS_UPDATE.exec(t);
      const stale = m ? { path: m[1] ?? m[3]!, flag: m[2] ?? m[4]! } : !CANNOT_CREATE.test(t) && (m = NEEDS_UPDATE_CUT.exec(t)) ? { path: m[1]!, flag: '--locked/--frozen' } : undefined;
      if (stale) {
        ctx.claim();
        return ctx.emit(
          diag(
            'cargo-lock',
            `Cargo.lock is out of date with Cargo.toml and the build passes ${stale.flag}: run \`cargo update --workspace\` and commit (or git add) Cargo.lock.`,
            [t.trim()],
            [
              { kind: 'run', argv: ['cargo', 'update', '--workspace'] },
              { kind: 'git-add', path: 'Cargo.lock' },
            ],
            { drv, location: { path: stale.path, line: 1, unit: 'char' }, details: { flag: stale.flag }, confidence: 'certain' },
          ),
        );
      }
      if ((m = CANNOT_CREATE.exec(t)) || MISSING_SRC.test(t) || CRANE_NO_LOCK.test(t) || (t.includes('No such file') && LOCK_ENOENT.test(t))) {
        ctx.claim();
        if (missingSaid) return;
        missingSaid = true;
        return ctx.emit(
          diag(
            'cargo-lock',
            'The source has no Cargo.lock: generate it with `cargo generate-lockfile` and add it to git.',
            [t.trim()],
            [
              { kind: 'run', argv: ['cargo', 'generate-lockfile'] },
              { kind: 'git-add', path: 'Cargo.lock' },
            ],
            { drv, confidence: 'certain' },
          ),
        );
      }
      if ((m = PATH_MISSING.exec(t))) {
        ctx.claim();
        return ctx.emit(
          diag(
            'cargo-lock',
            `${m[1]} does not exist: the flake source has no Cargo.lock; commit it.`,
            [t.trim()],
            [
              { kind: 'run', argv: ['cargo', 'generate-lockfile'] },
              { kind: 'git-add', path: 'Cargo.lock' },
            ],
            { confidence: 'certain' },
          ),
        );
      }
      if ((m = READ_MISSING.exec(t))) {
        ctx.claim();
        return ctx.emit(
          diag(
            'cargo-lock',
            `${m[1]} does not exist: the source Nix reads has no Cargo.lock. Commit it (git add Cargo.lock, also when .gitignore lists it), or generate it first with \`cargo generate-lockfile\` when the project has none.`,
            [t.trim()],
            [
              { kind: 'run', argv: ['cargo', 'generate-lockfile'] },
              { kind: 'git-add', path: 'Cargo.lock' },
            ],
            { drv, confidence: 'certain' },
          ),
        );
      }
      if ((m = UNPINNED.exec(t))) {
        ctx.claim();
        if (PLUS_IN_REF.test(m[1]!)) return;
        return ctx.emit(
          diag(
            'cargo-lock',
            `Cargo.lock pins no revision of ${m[1]}, and cargo reads dependencies from vendored sources, which need it pinned first: run \`cargo update --workspace\` (or \`cargo generate-lockfile\` when there is none) and commit Cargo.lock. When the project's Cargo.lock does list it, the source the builder vendors from is not that Cargo.lock (a dependency-only source without it, another store).`,
            [t.trim()],
            [
              { kind: 'run', argv: ['cargo', 'update', '--workspace'] },
              { kind: 'git-add', path: 'Cargo.lock' },
            ],
            { drv, details: { source: m[1]! }, confidence: 'certain' },
          ),
        );
      }
    },
  };
}

export const cargoLockRule: DiagnosisRule = {
  category: 'cargo-lock',
  // Not bare `Cargo.lock` (`Validating consistency between …/Cargo.lock and …`): the words MISSING_SRC, CRANE_NO_LOCK, PATH_MISSING need.
  markers: [
    'lock file',
    'Missing Cargo.lock',
    'Cargo.lock file',
    'find Cargo.lock',
    "Cargo.lock'",
    'Cargo.lock:',
    'failed to select a version',
    'no matching package named',
    'no matching package found',
    'Traceback',
    'fetch-cargo-vendor-util',
    'KeyError',
    'found duplicate version',
    'config.toml with contents of',
    ...LOCK_PARSE_MARKERS,
    ...LOCKED_PATH_MARKERS,
  ],
  create,
  place(_d, s) {
    for (const f of ['Cargo.lock', 'Cargo.toml']) if (s.files.paths.includes(f)) return s.at(f, wholeLine(s.read(f), 0));
    return undefined;
  },
  // `cargo generate-lockfile` resolves every dependency again: offered only when the workspace has no
  // Cargo.lock (one git does not track is added instead, its versions kept).
  fixes: (d, s, f) => {
    if (f.kind === 'reset-hash' && d.details?.cause === 'vendor-duplicate') return fetchCargoVendorFix(s);
    return f.kind === 'run' && f.argv[1] === 'generate-lockfile' && s.files.paths.includes('Cargo.lock') ? undefined : intentFix(f, s);
  },
};

/** How many names the `inherit` statement holding an inherited binding lists (`lines`: the file's text split once). */
function inheritedNames(lines: readonly string[], b: NixBinding): number {
  const stmt = lines.slice(b.range.start.line, b.range.end.line + 1).join('\n');
  return stmt
    .replace(/^[\s\S]*?inherit\s*(?:\([^)]*\))?/, '')
    .replace(/;[\s\S]*$/, '')
    .trim()
    .split(/\s+/).length;
}

/** Takes an inherited name out of its `inherit`: the name alone when others stay, else the whole statement (with its line when alone on it). */
function leaveInherit(lines: readonly string[], b: NixBinding): TextEdit {
  if (inheritedNames(lines, b) <= 1) {
    const head = (lines[b.range.start.line] ?? '').slice(0, b.range.start.character);
    const tail = (lines[b.range.end.line] ?? '').slice(b.range.end.character);
    if (!head.trim() && !tail.trim()) return { range: { start: { line: b.range.start.line, character: 0 }, end: { line: b.range.end.line + 1, character: 0 } }, newText: '' };
    return { range: b.range, newText: '' };
  }
  const before = (lines[b.nameRange.start.line] ?? '').slice(0, b.nameRange.start.character).trimEnd();
  return { range: { start: { line: b.nameRange.start.line, character: before.length }, end: b.nameRange.end }, newText: '' };
}

/**
 * Vendoring by fetchCargoVendor instead of cargo vendor: `cargoHash` (in place of `cargoSha256`, whose fetcher runs cargo
 * vendor) set to a fake hash, and `useFetchCargoVendor = true`. buildRustPackage chooses fetchCargoVendor by default only
 * from nixpkgs 25.05, where cargoHash can no longer reach cargo vendor: a build that just ran cargo vendor for cargoHash or
 * cargoSha256 (dropped in 25.05) is on an older nixpkgs, whose default is the old fetcher (24.11's `useFetchCargoVendor ?
 * false`), so the switch is written, `false` turned to `true`. A builder without either hash binding has no vendoring of
 * this kind to change: no fix.
 */
function fetchCargoVendorFix(s: Site): Fix | undefined {
  const call = s.call;
  const b = call?.cargoHash ?? s.binding('cargoSha256');
  if (!call || !b) return undefined;
  const fake = fakeHashExpr(s.text);
  const found = s.binding('useFetchCargoVendor');
  // An inherited switch has no value to turn on (its name is its value): it leaves its inherit like the hash below,
  // and `useFetchCargoVendor = true` is written after the hash as when there is none.
  const switchInherited = !!found && equalRange(found.nameRange, found.valueRange);
  const on = switchInherited ? undefined : found;
  const lines = s.text.split('\n');
  const line = lines[b.range.start.line] ?? '';
  const lead = line.slice(0, b.range.start.character);
  // The switch goes right after the hash, on a line of its own at the hash's indentation when the hash has one.
  const after = on ? '' : /^\s*$/.test(lead) ? `\n${lead}useFetchCargoVendor = true;` : ' useFetchCargoVendor = true;';
  // `inherit (x) pname cargoHash version;`: only the hash's name leaves the inherit (its other names stay), the bindings
  // follow the statement; a hash binding of its own (or a lone `inherit cargoHash;`) is replaced where it stands.
  const edits: TextEdit[] =
    equalRange(b.nameRange, b.valueRange) && inheritedNames(lines, b) > 1
      ? [leaveInherit(lines, b), { range: { start: b.range.end, end: b.range.end }, newText: `${/^\s*$/.test(lead) ? `\n${lead}` : ' '}cargoHash = ${fake};${after}` }]
      : [{ range: b.range, newText: `cargoHash = ${fake};${after}` }];
  if (on && on.text.trim() !== 'true') edits.push(replaceValue(on, 'true'));
  if (found && switchInherited) edits.push(leaveInherit(lines, found));
  return { title: 'Vendor with fetchCargoVendor: useFetchCargoVendor = true, cargoHash reset to a fake hash (the next build reports the right one)', edits: oneFile(s.path, edits), preferred: true };
}

const equalRange = (a: Range, b: Range): boolean => a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

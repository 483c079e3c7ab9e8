// A fixed-output derivation (cargo vendor, fetchgit, fetchurl) produced a
// different hash than the one written in the Nix file: replace it with `got`.
import type { Fix } from '../../check/types';
import { addOutputHash, nixString, replaceValue } from '../../fixes/nixEdits';
import { intentFix, isPlainDerivation, oneFile } from '../../fixes/intentFixes';
import { bindingsOf, unparen } from '../../model/nix';
import type { NixBinding } from '../../model/nixTypes';
import type { Position, Range } from '../../model/types';
import { parserSync } from '../../parse/treeSitter';
import type { Diagnostic } from '../types';
import { findText } from '../locate';
import { diag, RECENT_MAX, type DiagnosisRule, type Matcher, type RuleContext } from '../rule';
import type { Site } from '../site';
import { drvName } from '../text';
import { lockEntry } from './gitDeps';

// Nix 2.x's `hash mismatch in fixed-output derivation '%s':` (a paste can keep the words without the quoted path).
const FOD = /hash mismatch in fixed-output derivation(?: '([^']+)'|:?\s*$)/;
const DOWNLOAD = /hash mismatch in file downloaded from '([^']+)'/;
// Any other `hash mismatch` line Nix did not print itself, laid out as Nix lays its own (`wanted:`/`specified:`, then
// `got:`): a project's evaluation-time guard comparing a file's hash with the one it recorded (`builtins.hashFile` on
// Cargo.lock, traced before its `assert` fails), whose fix is the recorded hash replaced by the got one. Not Nix's
// own integrity checks of a store path (`hash mismatch importing path '…';`, `NAR hash mismatch in input`), where
// no hash in a Nix file is wrong. Read only when both hashes follow: cut before them it says nothing.
const OTHER_MISMATCH = /hash mismatch(?! in fixed-output derivation| in file downloaded from| importing path)/;
const NIX_STORE_MISMATCH = /NAR hash mismatch|ca hash mismatch/;
const SPECIFIED = /^\s*(?:specified|wanted):\s+(\S+)/;
// The guard's own `assert` failing right after its trace (Nix 2.4+ `assertion 'x' failed`, ≤ 2.3 `assertion failed at
// …`): the same failure, said by the check just read; claimed so that eval-error does not say it again without its cause.
const ASSERTION = /^\s*error: assertion (?:'.*' )?failed\b/;
const GOT = /^\s*got:\s+(\S+)/;
// Older Nix said it in one line, naming the output path: Nix 2.0–2.1 `fixed-output derivation produced path
// '/nix/store/…' with sha256 hash 'G' instead of the expected hash 'S'`; Nix 1.10–1.11 `output path ‘/nix/store/…’
// has sha256 hash ‘G’ when ‘S’ was expected` (`r:sha256` for a recursive, NAR-hashed output such as a vendor
// directory); Nix ≤ 1.9 `output path ‘…’ should have r:sha256 hash ‘S’, instead
// has ‘G’` (typographic quotes before Nix 2).
const Q = `['‘]([^'’]+)['’]`;
const ONE_LINE = new RegExp(
  [
    `fixed-output derivation produced path ${Q} with \\w+ hash ${Q} instead of the expected hash ${Q}`,
    `output path ${Q} has (?:r:)?\\w+ hash ${Q} when ${Q} was expected`,
    `output path ${Q} should have (?:r:)?\\w+ hash ${Q}, instead has ${Q}`,
  ].join('|'),
);
// buildRustPackage given nothing to vendor with (nixpkgs' throw, every era's wording):
// `cargoHash, cargoVendorDir, cargoDeps, or cargoLock must be set`, `One of cargoSha256, cargoHash, … must be set`.
const NO_VENDOR_HASH = /(?:cargoSha256|cargoHash), (?:[\w]+, )*(?:or )?cargoLock must be set/;
const OUT_OF_DATE = /ERROR: (cargoHash|cargoSha256)(?: or cargoSha256)? is out of date/;
// The same words quoted alone (a reporter's prose, a title, without the hook's `ERROR: `): the check's message, not its line.
const OUT_OF_DATE_QUOTED = /^\s*["'`“]?(cargoHash|cargoSha256)(?: or cargoSha256)? is out of date["'`”.]?\s*$/;
// buildRustPackage's vendoring (nixpkgs 2018) finding the vendor directory its recorded hash names without the file
// the current fetcher writes (`ERROR: file not found: …-vendor/.config`): the hash names an older vendor output, and
// nixpkgs says so itself (`try updating the cargoSha256`).
export const TRY_UPDATING = /\btry updating the (cargoSha256|cargoHash)\b/;
// cargoSetupPostPatchHook (nixpkgs' cargo-setup-hook.sh) compares the source's Cargo.lock with the vendored one:
// `Validating consistency between …/Cargo.lock and …/cargo-vendor-dir/Cargo.lock`, then runs diff, whose output (a hunk
// header `1065c1065`, then `< …`, `---`, `> …`) appears only when the two differ, before its `ERROR: cargoHash … is out of
// date`. The diff right under the line is that failure when a paste or window stops before the ERROR (round60 ug06: a
// cargoHash set in overrideAttrs, which never reaches the cargoDeps already made).
const VALIDATING = /Validating consistency between \S*Cargo\.lock and /;
const DIFF_HUNK = /^\s*\d+(?:,\d+)?[acd]\d+(?:,\d+)?\s*$/;

/**
 * A log's first line naming a hash mismatch in the reporter's words (`Install error: hash mismatch`, `hash mismatch on
 * 'nix develop'`): an issue's title over a paste cut before Nix's own lines (round42 a08, round51 q10; the guide keeps a
 * title naming the failure as the log's first line). Only the first line, and not one of Nix's own sentences, which the
 * expressions above read wherever they are. Said only when nothing else of this rule is: Nix's lines in view say more.
 * Spelled as Nix spells it: a reporter's misspelling is one log's wording, not a format. Measured on every labelled
 * log's first line: these two, no `other` one.
 */
const TITLE_MISMATCH = /\bhash mismatch\b/i;
// Nix's own sentences, and any line Nix printed (`trace:` of a project's own hash check, `error:`, `warning:`): not a title.
const NIX_OWN_MISMATCH = /hash mismatch (?:in fixed-output|in file downloaded|importing path)|(?:NAR|ca) hash mismatch|^\s*(?:trace|error|warning):/;
export const TITLE_MISMATCH_MARKERS = ['hash mismatch', 'Hash mismatch', 'Hash Mismatch'] as const;

function create(): Matcher {
  // The first line naming a hash mismatch in words (TITLE_MISMATCH), said at the end if nothing else was.
  let title: string | undefined;
  // The paste or log window stopped before Nix printed the hash it got: the cause, without a hash to write.
  const cut = (ctx: RuleContext) => {
    const p = pending!;
    pending = undefined;
    const name = p.drv ? drvName(p.drv) : undefined;
    ctx.emit(
      diag(
        'hash-mismatch',
        `Hash mismatch in ${name ? `fixed-output derivation ${name}` : p.url ? `download ${p.url}` : 'a fixed-output derivation'}; the log stops before the hash the build got: build again and copy the \`got:\` hash into the Nix file.`,
        p.evidence,
        [],
        // Nix's own mismatch, the hash it got cut off: the fix cannot be named.
        { drv: p.drv, details: { ...(p.specified ? { specified: p.specified } : {}), cause: 'cut' }, confidence: 'likely' },
      ),
    );
  };
  let pending: { drv?: string; url?: string; specified?: string; evidence: string[]; left: number; own?: boolean } | undefined;
  // Lines left in which a failed guard's `assert` is its own (after an expression check was read).
  let assertLeft = 0;
  const drop = () => {
    if (pending?.own) pending = undefined;
    return !pending;
  };
  // VALIDATING's line, until the next line says whether diff printed anything; then the hunk, until the hook's ERROR.
  let validating: { line: string; drv?: string } | undefined;
  let lockDiff: { evidence: string[]; drv?: string } | undefined;
  return {
    busy: () => !!pending || assertLeft > 0 || !!validating,
    finish(ctx) {
      if (!drop()) cut(ctx);
      if (title && !ctx.emitted && !lockDiff)
        ctx.emit(
          diag(
            'hash-mismatch',
            `The log opens naming a hash mismatch ("${title}"); Nix's own lines (the derivation, the hash written and the hash got) are not in view. Build again to see them, then copy the \`got:\` hash into the Nix file, or set the hash to a fake one (lib.fakeHash) and copy the one the build reports.`,
            [title],
            [],
            // The reporter's words, not Nix's: which hash, and whether a hash at all, is not in view.
            { details: { cause: 'title' }, confidence: 'possible' },
          ),
        );
      if (lockDiff && !ctx.emitted) {
        ctx.emit(
          diag(
            'hash-mismatch',
            "The vendored Cargo.lock differs from the source's (cargoSetupPostPatchHook's diff; the log stops before its `cargoHash is out of date`): the vendor hash names an older vendor directory. Set it to a fake hash, build, and copy the reported hash back; under overrideAttrs, override cargoDeps as well (a cargoHash set there never reaches the cargoDeps already made).",
            lockDiff.evidence,
            [{ kind: 'reset-hash', attr: 'cargoHash' }],
            // The hook's diff prints only when the two locks differ, which is its failure.
            { drv: lockDiff.drv ?? ctx.lastFailedDrv, details: { cause: 'cut' }, confidence: 'certain' },
          ),
        );
      }
    },
    line(l, ctx) {
      const t = l.text;
      if (!title && TITLE_MISMATCH.test(t) && !NIX_OWN_MISMATCH.test(t) && ctx.recent(RECENT_MAX).every((x) => !x.trim())) title = t.trim();
      if (validating && t.trim()) {
        if (DIFF_HUNK.test(t)) lockDiff = { evidence: [validating.line, t.trim()], drv: validating.drv };
        validating = undefined;
      }
      if (t.includes('Validating consistency') && VALIDATING.test(t)) {
        validating = { line: t.trim(), drv: l.drv };
        return;
      }
      if (assertLeft > 0) {
        assertLeft--;
        if (t.includes('assertion') && ASSERTION.test(t)) {
          assertLeft = 0;
          return ctx.claim();
        }
      }
      if (pending) {
        let m: RegExpExecArray | null;
        if ((m = SPECIFIED.exec(t))) {
          pending.specified = m[1];
          pending.evidence.push(t.trim());
          return ctx.claim();
        }
        if ((m = GOT.exec(t))) {
          const p = pending;
          pending = undefined;
          p.evidence.push(t.trim());
          ctx.claim();
          if (p.own) {
            if (!p.specified) return;
            assertLeft = 2;
            return ctx.emit(
              diag(
                'hash-mismatch',
                `A hash check in the Nix expression failed (${p.evidence[0]}): it records ${p.specified}, the file now hashes to ${m[1]}. Replace the recorded hash with the new one, and update whatever it guards (the vendor hash computed from that file).`,
                p.evidence,
                [{ kind: 'replace-hash', specified: p.specified, got: m[1]! }],
                { drv: l.drv ?? ctx.lastFailedDrv, details: { got: m[1]!, specified: p.specified, cause: 'expression-check' }, confidence: 'certain' },
              ),
            );
          }
          const name = p.drv ? drvName(p.drv) : undefined;
          const what = name ? `fixed-output derivation ${name}` : p.url ? `download ${p.url}` : 'a fixed-output derivation';
          if (!isHashText(m[1]!)) {
            // Nix prints a whole hash; a short one is a paste's placeholder (`sha256:2`): writing it would not build.
            return ctx.emit(
              diag(
                'hash-mismatch',
                `Hash mismatch in ${what}; the log shows placeholders (${m[1]}), not the hash the build got: set a fake hash, build, and copy the reported hash back.`,
                p.evidence,
                [{ kind: 'reset-hash', attr: 'cargoHash' }],
                { drv: p.drv, details: { cause: 'placeholder', ...(p.url ? { url: p.url } : {}) }, confidence: 'certain' },
              ),
            );
          }
          return ctx.emit(
            diag(
              'hash-mismatch',
              `Hash mismatch in ${what}: the Nix file says ${p.specified ?? '(unknown)'}, the build produced ${m[1]}.`,
              p.evidence,
              [{ kind: 'replace-hash', ...(p.specified ? { specified: p.specified } : {}), got: m[1]!, ...(name ? { drvName: name } : {}) }],
              { drv: p.drv, details: { got: m[1]!, ...(p.specified ? { specified: p.specified } : {}) }, confidence: 'certain' },
            ),
          );
        }
        if (--pending.left <= 0 && !drop()) cut(ctx);
      }
      if (t.includes('must be set') && NO_VENDOR_HASH.test(t)) {
        ctx.claim();
        return ctx.emit(
          diag(
            'hash-mismatch',
            'buildRustPackage has no vendor hash and no Cargo.lock to vendor from: vendor from Cargo.lock (`cargoLock.lockFile = ./Cargo.lock;`, no hash to keep up to date), or set cargoHash.',
            [t.trim()],
            [{ kind: 'use-cargo-lock' }],
            { drv: l.drv ?? ctx.lastFailedDrv, confidence: 'certain' },
          ),
        );
      }
      if (!t.includes('hash') && !t.includes('out of date') && !t.includes('was expected') && !t.includes('try updating the cargo')) return;
      const one = t.includes(' hash ') ? ONE_LINE.exec(t) : null;
      if (one) {
        ctx.claim();
        // [path, got, specified] in each form's order.
        const [path, got, specified] = one[1] ? [one[1], one[2]!, one[3]!] : one[4] ? [one[4], one[5]!, one[6]!] : [one[7]!, one[9]!, one[8]!];
        const name = drvName(path);
        return ctx.emit(
          diag(
            'hash-mismatch',
            `Hash mismatch in fixed-output derivation ${name}: the Nix file says ${specified}, the build produced ${got}.`,
            [t.trim()],
            [{ kind: 'replace-hash', specified, got, drvName: name }],
            {
              details: { got, specified },
              confidence: 'certain',
            },
          ),
        );
      }
      let m = FOD.exec(t);
      if (m) {
        pending = { drv: m[1], evidence: [t.trim()], left: 6 };
        return ctx.claim();
      }
      m = DOWNLOAD.exec(t);
      if (m) {
        pending = { url: m[1], evidence: [t.trim()], left: 6 };
        return ctx.claim();
      }
      if (t.includes('hash mismatch') && OTHER_MISMATCH.test(t) && !NIX_STORE_MISMATCH.test(t)) {
        pending = { evidence: [t.trim()], left: 3, own: true };
        return ctx.claim();
      }
      const hook = OUT_OF_DATE.exec(t);
      const quoted = hook ? null : OUT_OF_DATE_QUOTED.exec(t);
      const stale = hook ?? quoted;
      m = stale ?? TRY_UPDATING.exec(t);
      if (m) {
        lockDiff = undefined;
        ctx.claim();
        const ev = [...ctx.recent(2).filter((x) => x.trim()), t.trim()];
        ctx.emit(
          diag(
            'hash-mismatch',
            stale
              ? `${m[1]} is out of date: Cargo.lock changed since it was computed. Set it to a fake hash, build, and copy the reported hash back.`
              : `${m[1]} names a vendor directory an older buildRustPackage made (nixpkgs says to update it): set it to a fake hash, build, and copy the reported hash back.`,
            ev,
            [{ kind: 'reset-hash', attr: 'cargoHash' }],
            // nixpkgs' own check says the hash is stale; its advice (not a comparison it printed) for the second.
            { drv: l.drv ?? ctx.lastFailedDrv, confidence: stale && !quoted ? 'certain' : 'likely' },
          ),
        );
      }
    },
  };
}

/**
 * Whether `h` can be a hash Nix printed: SRI (`sha256-…`), prefixed (`sha256:…`) or bare, its digits at least as long as
 * the shortest spelling of the smallest hash Nix uses (md5 in base32, 26 characters).
 */
export function isHashText(h: string): boolean {
  const digits = h.replace(/^(?:md5|sha1|sha256|sha512)[-:]/, '');
  return digits.length >= 26 && /^[0-9A-Za-z+/]+=*$/.test(digits);
}

/** The forms a hash may be written in the Nix file: as printed, or base32 without its `sha256:` prefix. */
export function hashSpellings(h: string): string[] {
  const m = /^(?:sha256|sha512|sha1):([0-9a-z]{32,})$/.exec(h);
  return m ? [h, m[1]!] : [h];
}

/** The derivation that vendors all crates (buildRustPackage's cargoHash / cargoSha256). */
export const VENDOR_DRV = /-vendor(?:-staging|\.tar\.gz)?$|^cargo-vendor-dir$|-cargo-deps$/;

/**
 * A git dependency fetched by importCargoLock: fetchgit names it `<repo>-<short rev>`
 * (`ldap3-ba38bc5`). Returns the `name-version` keys of the Cargo.lock crates from
 * that repository and revision (any one of them may carry the outputHashes entry).
 */
export function gitKeysFor(drv: string, lock: string | undefined): string[] {
  const m = /^(.+)-([0-9a-f]{7,40})$/.exec(drv);
  if (!m || !lock) return [];
  const [, repo, rev] = m;
  const keys: string[] = [];
  for (const p of lock.matchAll(/name = "([^"]+)"\nversion = "([^"]+)"\nsource = "git\+([^"#?]+)[^"#]*#([0-9a-f]+)"/g)) {
    const base = p[3]!
      .replace(/\/+$/, '')
      .replace(/\.git$/, '')
      .split('/')
      .pop();
    if (base === repo && p[4]!.startsWith(rev!)) keys.push(`${p[1]}-${p[2]}`);
  }
  return keys;
}

type HashSite = { kind: 'literal'; path: string; range: Range; spelled: string } | { kind: 'binding'; path: string; binding: NixBinding; key?: string } | { kind: 'add-entry'; key: string };

/** Where the hash a mismatch is about is written — the one search placement and fix share. */
export function hashSite(d: Diagnostic, s: Site): HashSite | undefined {
  const f = d.fixes[0];
  if (f?.kind !== 'replace-hash') return undefined;
  const call = s.call;
  const name = f.drvName;
  // A git dependency's fetch is named after it: its outputHashes entry, whatever hash it holds now.
  const keys = call && s.path && name ? gitKeysFor(name, s.read('Cargo.lock')) : [];
  if (call && s.path && keys.length) {
    const unq = (k: string) => k.replace(/^"|"$/g, '');
    const entry = call.cargoLock?.outputHashes?.entries.find((e) => keys.includes(unq(e.name.slice('cargoLock.outputHashes.'.length))));
    return entry ? { kind: 'binding', path: s.path, binding: entry, key: unq(entry.name.slice('cargoLock.outputHashes.'.length)) } : { kind: 'add-entry', key: keys[0]! };
  }
  // The hash as printed, where it is written (a fetcher's literal hash).
  for (const m of f.specified ? s.nixFiles : []) {
    const t = s.read(m.path);
    for (const sp of t ? hashSpellings(f.specified!) : []) {
      const r = findText(t!, sp);
      if (r) return { kind: 'literal', path: m.path, range: r, spelled: sp };
    }
  }
  if (!call || !s.path || (name && !VENDOR_DRV.test(name))) return undefined;
  const deps = s.binding('cargoDeps');
  const b = call.cargoHash ?? s.binding('cargoSha256') ?? (deps && fetcherHash(deps)) ?? (isPlainDerivation(call) ? deps : undefined);
  return b ? { kind: 'binding', path: s.path, binding: b } : undefined;
}

const FETCHER_HASHES = ['hash', 'sha256', 'outputHash'];

/**
 * A hand-written vendoring fetcher as `cargoDeps` (`rustPlatform.fetchCargoTarball { … hash = …; }`, `fetchCargoVendor`,
 * any call given an attrset with its fixed-output hash): that `hash` / `sha256` / `outputHash` attribute, as a binding.
 */
function fetcherHash(deps: NixBinding): NixBinding | undefined {
  const tree = parserSync('nix').parse(deps.text);
  if (!tree) return undefined;
  try {
    // The fetcher's own attribute (its argument's top level), not one of a nested `src = fetchFromGitHub { … }`.
    const app = unparen(tree.rootNode.namedChildren[0]);
    const fn = app?.type === 'apply_expression' ? unparen(app.childForFieldName('function')) : undefined;
    const arg = unparen(app?.childForFieldName('argument'));
    if (!fn || !/^(?:variable|select)_expression$/.test(fn.type) || !arg || !/^(?:rec_)?attrset_expression$/.test(arg.type)) return undefined;
    const b = bindingsOf(arg).find((x) => FETCHER_HASHES.includes(x.name));
    if (!b) return undefined;
    // Positions in the value's text → in the file.
    const at = (p: Position): Position => ({ line: deps.valueRange.start.line + p.line, character: (p.line ? 0 : deps.valueRange.start.character) + p.character });
    const valueRange = { start: at(b.valueRange.start), end: at(b.valueRange.end) };
    return { name: `cargoDeps's ${b.name}`, range: valueRange, nameRange: valueRange, valueRange, text: b.text };
  } finally {
    tree.delete();
  }
}

/**
 * Placeholder hashes in a named derivation that is not the vendoring one (a `-source`, a toolchain channel's manifest),
 * or in a download Nix names by its URL alone (`hash mismatch in file downloaded from '…'`: builtins.fetchurl,
 * fetchTarball, a flake input — never the vendoring derivation, which Nix names): the hash to reset is that fetch's,
 * which the package's call may not hold; cargoHash is not it.
 */
function otherDrvsPlaceholder(d: Diagnostic): boolean {
  if (d.details?.cause !== 'placeholder') return false;
  return d.drv !== undefined ? !VENDOR_DRV.test(drvName(d.drv)) : d.details.url !== undefined;
}

export const hashMismatchRule: DiagnosisRule = {
  category: 'hash-mismatch',
  markers: [...TITLE_MISMATCH_MARKERS, 'out of date', 'expected hash', 'instead has', 'was expected', 'must be set', 'assertion', 'try updating the cargo', 'Validating consistency'],
  create,
  place(d, s) {
    const h = hashSite(d, s);
    if (h?.kind === 'literal') return s.at(h.path, h.range);
    if (h?.kind === 'binding') return s.at(h.path, h.binding.valueRange);
    if (h?.kind === 'add-entry') {
      const lockRange = lockEntry(s.read('Cargo.lock') ?? '', h.key);
      const at = s.onCall((s.call?.cargoLock?.outputHashes?.binding ?? s.call?.cargoLock?.binding)?.range);
      return at && { ...at, related: lockRange ? [{ file: 'Cargo.lock', range: lockRange, message: `git dependency ${h.key}` }] : [] };
    }
    const f = d.fixes[0];
    if (f?.kind === 'replace-hash' && f.drvName && !VENDOR_DRV.test(f.drvName)) return s.onCall();
    if (otherDrvsPlaceholder(d)) return s.onCall();
    return s.onCall((s.call?.cargoHash ?? s.binding('cargoSha256') ?? s.call?.cargoLock?.binding)?.valueRange);
  },
  fixes(d, s, f): Fix | undefined {
    if (f.kind === 'reset-hash' && otherDrvsPlaceholder(d)) return undefined;
    if (f.kind !== 'replace-hash') return intentFix(f, s);
    const h = hashSite(d, s);
    // Replacing the hash Nix reported by the one it got exactly addresses the mismatch.
    // Written as the file writes it: a hash recorded without its `sha256:` prefix (a fetcher's base32, a guard's
    // hex compared with builtins.hashFile's) gets the new one without it too.
    if (h?.kind === 'literal') {
      const got = h.spelled === f.specified ? f.got : f.got.replace(/^(?:sha256|sha512|sha1):/, '');
      return { title: `Replace the hash with ${got}`, edits: oneFile(h.path, [{ range: h.range, newText: got }]), preferred: true };
    }
    if (h?.kind === 'binding') {
      const what = h.key ? `cargoLock.outputHashes."${h.key}"` : h.binding.name;
      return { title: `Set ${what} to ${f.got}`, edits: oneFile(h.path, [replaceValue(h.binding, nixString(f.got))]), preferred: true };
    }
    if (h?.kind === 'add-entry' && s.call) {
      return { title: `Add cargoLock.outputHashes."${h.key}" = ${f.got}`, edits: oneFile(s.path, addOutputHash(s.text, s.call, h.key, nixString(f.got))), preferred: true };
    }
    return undefined;
  },
};

// Cargo.lock has git dependencies the vendoring cannot hash by itself:
// importCargoLock needs an outputHashes entry; fetchCargoTarball needs cargoLock instead.
import { intentFix, oneFile } from '../../fixes/intentFixes';
import type { BuilderCall, NixBinding } from '../../model/nixTypes';
import type { Range } from '../../model/types';
import { findText } from '../locate';
import { diag, type DiagnosisRule, type Matcher } from '../rule';

// The name ends before a quote of any kind (a paste quoting the sentence in typographic quotes).
const NO_HASH = /No hash was found while vendoring the git dependency ([^\s`'"“”‘’]+?)\.?(?:[\s“”‘’"'`]|$)/;
// The same sentence cut (a quote, a title, a log window) before the dependency it names: importCargoLock's own words.
export const NO_HASH_CUT = /No hash was found while vendoring the git dependency[\s.:`'"]*$/;
// importCargoLock, when outputHashes names a crate Cargo.lock no longer takes from git.
const STALE = /A hash was specified for ([^\s,]+?), but there is no corresponding git dependency/;
// The same sentence wrapped by a paste after `A hash was` (the line before ends with those words).
const STALE_WRAPPED = /^\s*specified for ([^\s,]+?), but there is no corresponding git dependency/;
const STALE_HEAD = /\bA hash was\s*$/;
const UNSUPPORTED = /ERROR: The Cargo\.lock contains git dependencies/;
const GIT_SOURCE = /source = "(git\+[^"]+)"/;
// Cargo in the sandbox asked to fetch a git dependency nothing vendored (Cargo.lock lacks it, or the
// vendoring skipped it): `can't checkout from 'https://github.com/x/y': you are in the offline mode (--offline)`.
const OFFLINE_CHECKOUT = /can't checkout from '([^']+)': you are in the offline mode/;

function create(): Matcher {
  let offlineSeen = false;
  return {
    line(l, ctx) {
      const t = l.text;
      const off = t.includes('offline mode') ? OFFLINE_CHECKOUT.exec(t) : null;
      if (off) {
        ctx.claim();
        if (offlineSeen) return;
        offlineSeen = true;
        // Which entry is missing depends on the builder and Cargo.lock: said, not guessed.
        return ctx.emit(
          diag(
            'git-deps',
            `Cargo tried to fetch the git dependency ${off[1]} in the sandbox: it is not vendored. Check that Cargo.lock lists it (run \`cargo update\` and commit) and that the builder vendors git dependencies (cargoLock.lockFile with its outputHashes entry).`,
            [...ctx.recent(3).filter((x) => /Unable to update|failed to load source|failed to get/.test(x)), t.trim()],
            [],
            { drv: l.drv ?? ctx.lastFailedDrv, details: { source: off[1]! }, confidence: 'certain' },
          ),
        );
      }
      if (!/git dependenc/.test(t)) return;
      const stale = STALE.exec(t) ?? (STALE_HEAD.test(ctx.recent(1)[0] ?? '') ? STALE_WRAPPED.exec(t) : null);
      if (stale) {
        ctx.claim();
        const key = stale[1]!;
        return ctx.emit(
          diag(
            'git-deps',
            `cargoLock.outputHashes."${key}" names no git dependency of Cargo.lock (it is fetched from a registry now, or its version changed): remove the entry.`,
            [t.trim()],
            [{ kind: 'remove-output-hash', key }],
            {
              details: { key },
              confidence: 'certain',
            },
          ),
        );
      }
      if (NO_HASH_CUT.test(t)) {
        ctx.claim();
        return ctx.emit(
          diag(
            'git-deps',
            'A git dependency of Cargo.lock has no hash (the log cuts its name off): add its cargoLock.outputHashes."<name>-<version>" entry, as Cargo.lock names it (build once with a fake hash to learn the hash).',
            [t.trim()],
            [{ kind: 'add-output-hash' }],
            { details: { cause: 'cut' }, confidence: 'certain' },
          ),
        );
      }
      const m = NO_HASH.exec(t);
      if (m) {
        ctx.claim();
        const key = m[1]!;
        return ctx.emit(
          diag('git-deps', `Git dependency ${key} has no hash: add cargoLock.outputHashes."${key}" (build once with a fake hash to learn it).`, [t.trim()], [{ kind: 'add-output-hash', key }], {
            details: { key },
            confidence: 'certain',
          }),
        );
      }
      if (UNSUPPORTED.test(t)) {
        ctx.claim();
        const src = ctx
          .recent(4)
          .map((x) => GIT_SOURCE.exec(x)?.[1])
          .find(Boolean);
        return ctx.emit(
          diag(
            'git-deps',
            `Cargo.lock contains git dependencies${src ? ` (${src})` : ''}, which the cargoHash vendor tarball cannot fetch: use cargoLock.lockFile with outputHashes.`,
            [...(src ? [`source = "${src}"`] : []), t.trim()],
            [{ kind: 'use-cargo-lock' }],
            { drv: l.drv ?? ctx.lastFailedDrv, details: src ? { source: src } : undefined, confidence: 'certain' },
          ),
        );
      }
    },
  };
}

/** The `"<key>" = …;` binding of cargoLock.outputHashes. */
export function outputHashEntry(call: BuilderCall | undefined, key: string): NixBinding | undefined {
  // Entry names are the full dotted path as the model reads them: `cargoLock.outputHashes.<key>`.
  return call?.cargoLock?.outputHashes?.entries.find((e) => e.name.replace(/"/g, '').endsWith(`outputHashes.${key}`));
}

/** Splits an outputHashes key `name-1.2.3` into crate name and version. */
export function splitKey(key: string): { name: string; version?: string } {
  const m = /^(.+?)-(\d[\w.+-]*)$/.exec(key);
  return m ? { name: m[1]!, version: m[2] } : { name: key };
}

/** The `[[package]]` line of a crate in Cargo.lock (the git one when there are several). */
export function lockEntry(lock: string, key: string): Range | undefined {
  const { name, version } = splitKey(key);
  const re = new RegExp(`name = "${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\n(version = "([^"]+)"\\n)?(source = "([^"]+)")?`, 'g');
  let fallback: Range | undefined;
  for (const m of lock.matchAll(re)) {
    if (version && m[2] && m[2] !== version) continue;
    const r = findText(lock.slice(0, m.index) + m[0], m[0]);
    const at = r && { start: r.start, end: { line: r.start.line, character: r.start.character + `name = "${name}"`.length } };
    if (m[4]?.startsWith('git+')) return at;
    fallback ??= at;
  }
  return fallback;
}

function firstGitSource(lock: string): Range | undefined {
  const at = lock.indexOf('source = "git+');
  if (at === -1) return undefined;
  const end = lock.indexOf('\n', at);
  return findText(lock, lock.slice(at, end === -1 ? undefined : end));
}

export const gitDepsRule: DiagnosisRule = {
  category: 'git-deps',
  markers: ['git dependenc', 'you are in the offline mode'],
  create,
  fixes(_d, s, f) {
    if (f.kind !== 'remove-output-hash') return intentFix(f, s);
    const e = outputHashEntry(s.call, f.key);
    if (!e) return undefined;
    // The last entry takes its `outputHashes = { … };` with it.
    const hashes = s.call!.cargoLock!.outputHashes!;
    const b = hashes.entries.length === 1 && hashes.binding.name.endsWith('outputHashes') ? hashes.binding : e;
    // Whole lines when the binding has them to itself, else just the binding.
    const lines = s.text.split('\n');
    const alone = (lines[b.range.start.line] ?? '').slice(0, b.range.start.character).trim() === '' && (lines[b.range.end.line] ?? '').slice(b.range.end.character).trim() === '';
    const range = alone ? { start: { line: b.range.start.line, character: 0 }, end: { line: b.range.end.line + 1, character: 0 } } : b.range;
    return { title: `Remove cargoLock.outputHashes."${f.key}"`, edits: oneFile(s.path, [{ range, newText: '' }]), preferred: true };
  },
  place(d, s) {
    const lock = s.read('Cargo.lock');
    const fix = d.fixes[0];
    const call = s.call;
    if (fix?.kind === 'remove-output-hash') return s.onCall(outputHashEntry(call, fix.key)?.range ?? call?.cargoLock?.outputHashes?.binding.range);
    if (fix?.kind === 'add-output-hash' && fix.key) {
      const r = lock ? lockEntry(lock, fix.key) : undefined;
      const related = r ? [{ file: 'Cargo.lock', range: r, message: `git dependency ${fix.key}` }] : [];
      const b = call?.cargoLock?.outputHashes?.binding ?? call?.cargoLock?.binding ?? call?.cargoHash;
      const at = s.onCall(b?.range) ?? (r ? s.at('Cargo.lock', r) : undefined);
      return at && { ...at, related };
    }
    const r = lock ? firstGitSource(lock) : undefined;
    const at = s.onCall((call?.cargoHash ?? s.binding('cargoSha256'))?.range);
    return at && { ...at, related: r ? [{ file: 'Cargo.lock', range: r, message: 'git dependency' }] : [] };
  },
};

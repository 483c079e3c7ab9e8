// How bench:diagnose judges what one log's diagnosis told the user against its label: the category found, the fix
// carried, and, when it misleads, how (under, over, wrong). Shared by today's rules and the first runs' recorded findings.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashSpellings } from '../../server/src/diagnose/rules/hashMismatch';
import type { FixIntent } from '../../server/src/diagnose/types';

export interface Label {
  file: string;
  category: string;
  /**
   * Free text (github corpus) or what the fix must contain (real-nix, held-out); an array: alternatives,
   * any one of them is the fix (LABELLING.md's `tool-version`: the matching tool, or the crate pinned); null: nothing to fix.
   */
  expected_fix?: string | Record<string, string> | Record<string, string>[] | null;
  /** The labeller's remarks (`DOUBTFUL` marks a label they were unsure of). */
  note?: string;
}

/** A held-out round's labels (`<heldout>/<round>/labels.json`). */
export function roundLabels(heldout: string, round: string): Label[] {
  return (JSON.parse(readFileSync(join(heldout, round, 'labels.json'), 'utf8')) as { labels: Label[] }).labels;
}

/** Whether a fix intent is the one a label expects (by content: the attribute, the target, the hash). */
export function fixMatches(f: FixIntent, want: Record<string, string>): boolean {
  if (f.kind !== want.kind) return false;
  // `a|b`: either attribute is the fix (an alias and its target).
  const has = (xs: string[] | undefined, x: string) => x.split('|').some((y) => !!xs?.includes(y));
  switch (f.kind) {
    case 'add-inputs':
      return (!want.buildInputs || has(f.buildInputs, want.buildInputs)) && (!want.nativeBuildInputs || has(f.nativeBuildInputs, want.nativeBuildInputs));
    case 'rust-toolchain':
      return !want.target || has(f.targets, want.target);
    case 'replace-hash':
      // One hash, any spelling Nix takes for it: `sha256:<base32>` and the bare base32 a label may copy as printed.
      return !want.got || (!!f.got && hashSpellings(f.got).some((h) => hashSpellings(want.got!).includes(h)));
    case 'set-env':
      return !want.name || f.name === want.name;
    case 'include-in-src':
      // A directory holding the labelled file includes it (a workspace member's directory for its Cargo.toml).
      return !want.path || f.path === want.path || (!!f.path.replace(/^\.?\/?$/, '') && want.path.startsWith(`${f.path.replace(/\/$/, '')}/`));
    case 'run':
      return !want.argv0 || f.argv[0] === want.argv0;
    case 'replace-input':
      return !want.from || f.from === want.from;
    case 'add-output-hash':
    case 'remove-output-hash':
      return !want.key || f.key === want.key;
    default:
      return true;
  }
}

/** What a log's diagnosis is judged on: each category claimed, with its fixes. */
export interface Told {
  category: string;
  fixes: readonly FixIntent[];
}

export interface Verdict {
  /** The labelled category is among those told (for `other`: nothing told). */
  found: boolean;
  /** It is the only one. */
  exact: boolean;
  /** The label expects a fix; `fixed`: a finding of its category carries it. */
  fixable: boolean;
  fixed: boolean;
  /** under: a category labelled, none told; over: labelled `other`, a category told; wrong: both, different. */
  misleads?: 'under' | 'over' | 'wrong';
}

export function judge(l: Label, told: readonly Told[]): Verdict {
  const cats = new Set(told.map((d) => d.category));
  const misleads = l.category === 'other' ? (cats.size ? 'over' : undefined) : !cats.size ? 'under' : !cats.has(l.category) ? 'wrong' : undefined;
  if (l.category === 'other') return { found: !cats.size, exact: !cats.size, fixable: false, fixed: false, misleads };
  const want = l.expected_fix;
  const mine = told.filter((d) => d.category === l.category);
  // Structured expectations are checked by content; the github corpus' free-text ones by presence.
  const wants = !want || typeof want === 'string' ? [] : Array.isArray(want) ? want : [want];
  const fixed = !!want && (typeof want === 'string' ? mine.some((d) => d.fixes.length) : mine.some((d) => d.fixes.some((f) => wants.some((w) => fixMatches(f, w)))));
  return { found: cats.has(l.category), exact: cats.size === 1 && cats.has(l.category), fixable: !!want, fixed, misleads };
}

/**
 * How a log's misses mislead (held-out rounds): under — labelled a category, nothing said; over — labelled `other` (no
 * cause Nixify can fix), a category named, which a user would be misled by; wrong — both named, different. Also the
 * log's category and fix scores, for counting the same logs another way (only claims at or above the threshold).
 */
export interface Claims {
  n: number;
  under: number;
  over: number;
  wrong: number;
  /** Logs the failing-step finding was given (it names no cause: counted as nothing above). */
  steps: number;
  found: number;
  fixable: number;
  fixed: number;
}

export const noClaims = (): Claims => ({ n: 0, under: 0, over: 0, wrong: 0, steps: 0, found: 0, fixable: 0, fixed: 0 });

export function addClaims(a: Claims, b: Claims): void {
  for (const k of Object.keys(a) as (keyof Claims)[]) a[k] += b[k];
}

export function count(c: Claims, v: Verdict): void {
  c.n++;
  if (v.misleads) c[v.misleads]++;
  if (v.found) c.found++;
  if (v.fixable) c.fixable++;
  if (v.fixed) c.fixed++;
}

/** Category and fix accuracy and the split, as one line (the figures the threshold is chosen by). */
export function toldLine(c: Claims): string {
  const pct = (x: number, y: number) => (y ? `${((100 * x) / y).toFixed(1)} %` : '–');
  return `${pct(c.found, c.n)} category (${c.found}/${c.n}), ${pct(c.fixed, c.fixable)} fix (${c.fixed}/${c.fixable}); under ${c.under}, over ${c.over}, wrong ${c.wrong}`;
}

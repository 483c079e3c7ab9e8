// Measures candidate family signatures for the two biggest under-claim classes (eval-error, missing-tool) before any
// is built: for each, on the held-out rounds 19+ (pre-registered), rounds 1–18 and the shared corpus, how many logs of
// its category it would catch (and of those, how many the first run and today's rules left silent) against how many
// `other` logs it would fire on (over-claims) and how many of a third category (wrong). A signature is a predicate over
// a log's lines written by mechanism (how Nix, a shell or a spawn prints the failure), never a log's own words.
//   node --import tsx bench/diagnose/families.ts
// NIXIFY_FIRST_RUN_MISSES=<file>: the first runs' misses (`roundN miss: FILE: expected C, got …` lines, as the lead
// reconstructs them from each round's first-run bench output); without it the first-run columns are left out.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnoseText } from '../../server/src/diagnose/diagnoser';
import { GITHUB, REAL } from './setup';
import { FAMILIES, type Family } from './familySignatures';

const HELDOUT = join(__dirname, '..', '..', 'test', 'fixtures', 'logs', 'heldout');

interface Log {
  set: 'r19+' | 'r1-18' | 'corpus';
  round: string;
  file: string;
  category: string;
  lines: string[];
  /** Categories today's rules name. */
  today: Set<string>;
}

function load(): Log[] {
  const logs: Log[] = [];
  const add = (set: Log['set'], round: string, dir: string, labels: { file: string; category: string }[]) => {
    for (const l of labels) {
      const text = readFileSync(join(dir, l.file), 'utf8');
      const today = new Set(diagnoseText(text).map((d) => d.category as string));
      logs.push({ set, round, file: l.file, category: l.category, lines: text.split(/\r?\n/), today });
    }
  };
  for (const round of readdirSync(HELDOUT).filter((d) => /^round\d+$/.test(d))) {
    const dir = join(HELDOUT, round);
    const { labels } = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as { labels: { file: string; category: string }[] };
    add(Number(round.slice(5)) >= 19 ? 'r19+' : 'r1-18', round, dir, labels);
  }
  add('corpus', 'github', GITHUB, JSON.parse(readFileSync(join(GITHUB, 'labels.json'), 'utf8')) as { file: string; category: string }[]);
  const real = (JSON.parse(readFileSync(join(__dirname, 'real-nix-2.8.labels.json'), 'utf8')) as { labels: { file: string; category: string }[] }).labels;
  add('corpus', 'real-nix-2.8', REAL, real);
  return logs;
}

/** `round19/j01.log` → what the first run said: the categories, or undefined when it was right (not in the misses). */
function firstRunMisses(): Map<string, string[]> | undefined {
  const file = process.env.NIXIFY_FIRST_RUN_MISSES;
  if (!file || !existsSync(file)) return undefined;
  const out = new Map<string, string[]>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^(round\d+) miss: (.+?): expected \S+, got (.*)$/.exec(line);
    if (m) out.set(`${m[1]}/${m[2]}`, m[3] === 'nothing' ? [] : m[3]!.split(', '));
  }
  return out;
}

function main(): void {
  const logs = load();
  const first = firstRunMisses();
  console.log(`${logs.length} labelled logs: ${['r19+', 'r1-18', 'corpus'].map((s) => `${s} ${logs.filter((l) => l.set === s).length}`).join(', ')}`);
  console.log('per signature and set: cat = logs of its category it fires on (silent first run / silent today), other = `other` logs it fires on');
  console.log('(today silent: an over-claim it would add), wrong = logs of a third category it fires on (today silent)\n');
  const fired = new Map<Family, Log[]>();
  for (const f of FAMILIES) {
    const hits = logs.filter((l) => f.fires(l.lines));
    fired.set(f, hits);
    const cols: string[] = [];
    for (const set of ['r19+', 'r1-18', 'corpus'] as const) {
      const h = hits.filter((l) => l.set === set);
      const cat = h.filter((l) => l.category === f.category);
      const other = h.filter((l) => l.category === 'other');
      const wrong = h.filter((l) => l.category !== f.category && l.category !== 'other');
      const silentToday = (xs: Log[]) => xs.filter((l) => !l.today.size).length;
      const firstSilent = set === 'r19+' && first ? `${cat.filter((l) => first.get(`${l.round}/${l.file}`)?.length === 0).length}/` : '';
      cols.push(`${set} cat ${cat.length} (${firstSilent}${silentToday(cat)}) other ${other.length} (${silentToday(other)}) wrong ${wrong.length} (${silentToday(wrong)})`);
    }
    console.log(`${f.name.padEnd(22)} [${f.category}]  ${cols.join(' | ')}`);
  }
  if (first) {
    for (const category of ['eval-error', 'missing-tool']) {
      const missed = logs.filter((l) => l.set === 'r19+' && l.category === category && first.get(`${l.round}/${l.file}`)?.length === 0);
      const any = missed.filter((l) => FAMILIES.some((f) => f.category === category && fired.get(f)!.includes(l)));
      console.log(`\nfirst-run ${category} under-claims (rounds 19+): ${missed.length}; some signature fires on ${any.length}`);
      for (const l of missed) {
        const by = FAMILIES.filter((f) => f.category === category && fired.get(f)!.includes(l)).map((f) => f.name);
        console.log(`  ${`${l.round}/${l.file}`.padEnd(24)} ${by.join(', ') || '—'}${l.today.has(category) ? '' : '  (silent today too)'}`);
      }
    }
  }
  if (process.argv.includes('--list')) {
    // The over-claims by name (what a rejected signature would have said wrongly); a third category by count.
    for (const f of FAMILIES) {
      const other = fired.get(f)!.filter((l) => l.category === 'other');
      const third = fired.get(f)!.filter((l) => l.category !== f.category && l.category !== 'other');
      if (other.length || third.length) console.log(`\n${f.name} fires on other: ${other.map((l) => `${l.round}/${l.file}`).join(', ') || 'none'}; on a third category: ${third.length}`);
    }
  }
}

main();

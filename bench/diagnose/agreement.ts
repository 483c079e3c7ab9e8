// How often a second labeller, following LABELLING.md blind, gives a held-out log the same
// category as its first label: the ceiling any classifier's held-out accuracy is read against.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { roundLabels, type Label } from './judge';

interface SecondLabel {
  round: number;
  file: string;
  category: string;
  doubtful: boolean;
}

export function printAgreement(heldout: string): void {
  const second = (JSON.parse(readFileSync(join(heldout, 'second-labeller.json'), 'utf8')) as { labels: SecondLabel[] }).labels;
  const firstOf = new Map<string, Label>();
  for (const round of new Set(second.map((s) => s.round))) for (const l of roundLabels(heldout, `round${round}`)) firstOf.set(`${round}/${l.file}`, l);
  const pairs = second.map((s) => {
    const first = firstOf.get(`${s.round}/${s.file}`);
    if (!first) throw new Error(`second-labeller.json: round${s.round}/${s.file} has no first label`);
    return { s, first, doubtful: s.doubtful || /DOUBTFUL/.test(first.note ?? '') };
  });
  const same = pairs.filter((p) => p.first.category === p.s.category);
  const sure = pairs.filter((p) => !p.doubtful);
  const sureSame = sure.filter((p) => p.first.category === p.s.category);
  // Cohen's kappa: agreement beyond what the two labellers' category frequencies give by chance.
  const count = (xs: string[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());
  const a = count(pairs.map((p) => p.first.category));
  const b = count(pairs.map((p) => p.s.category));
  const n = pairs.length;
  const chance = [...a].reduce((sum, [c, k]) => sum + (k * (b.get(c) ?? 0)) / (n * n), 0);
  const observed = same.length / n;
  const kappa = (observed - chance) / (1 - chance);
  const pct = (x: number, y: number) => `${((100 * x) / y).toFixed(1)} %`;
  console.log(`\nsecond labeller (blind, ${n} logs drawn at random from the pre-registered rounds: second-labeller.json):`);
  console.log(`  same category on ${same.length}/${n} (${pct(same.length, n)}), Cohen's kappa ${kappa.toFixed(2)}; on the logs neither marks doubtful ${sureSame.length}/${sure.length}`);
  for (const p of pairs.filter((q) => q.first.category !== q.s.category)) {
    console.log(`  differ: round${p.s.round}/${p.s.file}: first ${p.first.category}, second ${p.s.category}${p.doubtful ? ' (doubtful)' : ''}`);
  }
}

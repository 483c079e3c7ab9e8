// The confidence threshold's evidence: what the first runs of the pre-registered rounds told the user (their findings
// recorded from their commits in first-runs.json by scripts/diagnose/record-first-runs.mts), each finding's kind of
// evidence (evidenceClass.ts), and what each threshold would have made of those first runs. The threshold is chosen
// here, on first runs only (rounds 19–41 when it was set), by a rule fixed before new rounds are run: the most logs
// right by category; between equals, the fewest that mislead (over-claims and wrong categories); then the lower one.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLAIM_THRESHOLD, atLeast, confidenceOf } from '../../server/src/diagnose/confidence';
import { diagnoseText } from '../../server/src/diagnose/diagnoser';
import { CONFIDENCES, type Confidence, type FixIntent } from '../../server/src/diagnose/types';
import { CLASS_CONFIDENCE, evidenceClass, type RecordedFinding } from './evidenceClass';
import { type Claims, count, judge, noClaims, roundLabels, toldLine } from './judge';

type Recorded = Record<string, Record<string, (RecordedFinding & { fixes: FixIntent[] })[]>>;

/** Per kind of evidence: claims (distinct log, category and kind) that named the label's category, and those that did not. */
interface Precision {
  hit: number;
  over: number;
  wrong: number;
}

function precisionLine(name: string, p: Precision): string {
  const n = p.hit + p.over + p.wrong;
  return `  ${name.padEnd(17)} ${String(p.hit).padStart(3)} right, ${String(p.over).padStart(2)} over-claims, ${String(p.wrong).padStart(2)} wrong: precision ${n ? ((100 * p.hit) / n).toFixed(1) : '–'} % (${p.hit}/${n})`;
}

function addPrecision(m: Map<string, Precision>, key: string, label: string, category: string): void {
  const p = m.get(key) ?? { hit: 0, over: 0, wrong: 0 };
  p[category === label ? 'hit' : label === 'other' ? 'over' : 'wrong']++;
  m.set(key, p);
}

/** The threshold the rule above picks from each threshold's first-run counts. */
export function chooseThreshold(byThreshold: Map<Confidence, Claims>): Confidence {
  let best: Confidence = CONFIDENCES[0]!;
  for (const t of CONFIDENCES) {
    const c = byThreshold.get(t)!;
    const b = byThreshold.get(best)!;
    if (c.found > b.found || (c.found === b.found && c.over + c.wrong < b.over + b.wrong)) best = t;
  }
  return best;
}

export function confidenceReport(heldout: string, skip: ReadonlySet<string>): void {
  const file = join(__dirname, 'first-runs.json');
  if (!existsSync(file)) return;
  const recorded = JSON.parse(readFileSync(file, 'utf8')) as Recorded;
  const rounds = Object.keys(recorded).filter((r) => !skip.has(r));
  const byClass = new Map<string, Precision>();
  const byConfidence = new Map<string, Precision>();
  const byThreshold = new Map<Confidence, Claims>(CONFIDENCES.map((t) => [t, noClaims()]));
  for (const round of rounds) {
    const labels = roundLabels(heldout, round);
    for (const [log, findings] of Object.entries(recorded[round]!)) {
      const label = labels.find((l) => l.file === log);
      if (!label) continue;
      const rated = findings.map((f) => ({ ...f, kind: evidenceClass(f) })).map((f) => ({ ...f, confidence: CLASS_CONFIDENCE[f.kind] }));
      for (const key of new Set(rated.map((f) => `${f.category}\0${f.kind}`))) {
        const [category, kind] = key.split('\0') as [string, keyof typeof CLASS_CONFIDENCE];
        addPrecision(byClass, kind, label.category, category);
      }
      for (const key of new Set(rated.map((f) => `${f.category}\0${f.confidence}`))) {
        const [category, confidence] = key.split('\0') as [string, string];
        addPrecision(byConfidence, confidence, label.category, category);
      }
      for (const t of CONFIDENCES)
        count(
          byThreshold.get(t)!,
          judge(
            label,
            rated.filter((f) => atLeast(f.confidence, t)),
          ),
        );
    }
  }
  const span = rounds.length ? `${rounds[0]}–${rounds[rounds.length - 1]!.slice(5)}` : 'none';
  console.log(
    `\nconfidence: the first runs of ${span} (${rounds.length} rounds, their findings recorded in bench/diagnose/first-runs.json), by kind of evidence (claims: distinct log, category, kind):`,
  );
  for (const [kind, p] of [...byClass].sort(
    (a, b) => CONFIDENCES.indexOf(CLASS_CONFIDENCE[b[0] as keyof typeof CLASS_CONFIDENCE]) - CONFIDENCES.indexOf(CLASS_CONFIDENCE[a[0] as keyof typeof CLASS_CONFIDENCE]),
  ))
    console.log(`${precisionLine(kind, p)} → ${CLASS_CONFIDENCE[kind as keyof typeof CLASS_CONFIDENCE]}`);
  console.log('  by confidence:');
  for (const c of [...CONFIDENCES].reverse()) if (byConfidence.has(c)) console.log(precisionLine(c, byConfidence.get(c)!));
  console.log(`  what the user is told on those first runs, counting only claims at or above each threshold (below it: a possible cause, counted as nothing said):`);
  for (const t of CONFIDENCES) console.log(`    ${t.padEnd(8)} ${toldLine(byThreshold.get(t)!)}${t === CONFIDENCES[0] ? ' (every claim)' : ''}`);
  const chosen = chooseThreshold(byThreshold);
  console.log(
    `  chosen on these first runs (most right by category, then fewest misleading): ${chosen}; in use (confidence.ts CLAIM_THRESHOLD): ${CLAIM_THRESHOLD}${chosen === CLAIM_THRESHOLD ? '' : ' — NOT the one chosen'}`,
  );
  todaysConfidence(heldout, rounds);
}

/**
 * Today's rules on the same rounds (developed on since: development figures), by the confidence each rule set; and
 * whether the rules' own confidence agrees with the kind of evidence read from the finding as for the first runs.
 */
function todaysConfidence(heldout: string, rounds: string[]): void {
  const byConfidence = new Map<string, Precision>();
  let agree = 0;
  let total = 0;
  const differ: string[] = [];
  for (const round of rounds) {
    for (const label of roundLabels(heldout, round)) {
      const ds = diagnoseText(readFileSync(join(heldout, round, label.file), 'utf8'), { failingStep: true }).filter((d) => d.kind !== 'failing-step');
      for (const key of new Set(ds.map((d) => `${d.category}\0${confidenceOf(d)}`))) {
        const [category, confidence] = key.split('\0') as [string, string];
        addPrecision(byConfidence, confidence, label.category, category);
      }
      for (const d of ds) {
        total++;
        const read = CLASS_CONFIDENCE[evidenceClass({ category: d.category, message: d.message, details: d.details, evidence: d.evidence, fixes: d.fixes as RecordedFinding['fixes'] })];
        if (read === confidenceOf(d)) agree++;
        else if (differ.length < 8) differ.push(`    ${round}/${label.file} ${d.category}: the rule says ${confidenceOf(d)}, its evidence reads ${read}`);
      }
    }
  }
  console.log(`  today's rules on the same rounds (developed on), by the confidence each rule set:`);
  for (const c of [...CONFIDENCES].reverse()) if (byConfidence.has(c)) console.log(precisionLine(c, byConfidence.get(c)!));
  console.log(`  the rules' confidence and the kind of evidence read from their findings agree on ${agree} of ${total} findings${differ.length ? '; where not:' : ''}`);
  for (const d of differ) console.log(d);
}

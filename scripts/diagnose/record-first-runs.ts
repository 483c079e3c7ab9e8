// Records what each pre-registered held-out round's first run told the user (rounds 19 on): every finding the rules
// at the round's `first_run.commit` gave its logs, so bench:diagnose can score the confidence threshold on first runs
// (their rules are gone from today's tree). Run from a checkout:
//   node --import tsx scripts/diagnose/record-first-runs.ts DIR
// where DIR/<commit> is a checkout of each first-run commit with node_modules (e.g. `git worktree add --detach`).
// Writes bench/diagnose/first-runs.json.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Recorded {
  category: string;
  message: string;
  details?: Record<string, string>;
  location?: string;
  evidence: string[];
  fixes: unknown[];
}

const root = join(__dirname, '..', '..');
const heldout = join(root, 'test', 'fixtures', 'logs', 'heldout');
async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: record-first-runs.ts DIR (DIR/<commit> checkouts of the first-run commits)');
  const out: Record<string, Record<string, Recorded[]>> = {};
  const rounds = readdirSync(heldout)
    .filter((r) => /^round\d+$/.test(r) && Number(r.slice(5)) >= 19)
    .sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)));
  for (const round of rounds) {
    const { labels, first_run } = JSON.parse(readFileSync(join(heldout, round, 'labels.json'), 'utf8')) as {
      labels: { file: string }[];
      first_run?: { commit: string };
    };
    if (!first_run) continue;
    const at = join(dir, first_run.commit);
    if (!existsSync(at)) throw new Error(`${round}: no checkout of ${first_run.commit} in ${dir}`);
    const { diagnoseText } = (await import(join(at, 'server', 'src', 'diagnose', 'diagnoser.ts'))) as {
      diagnoseText(text: string, opts?: { failingStep?: boolean }): (Omit<Recorded, 'location'> & { kind?: string; location?: { path: string; line: number } })[];
    };
    out[round] = {};
    for (const l of labels) {
      // The logs are today's copies: a log's text has not changed since its round was collected.
      const ds = diagnoseText(readFileSync(join(heldout, round, l.file), 'utf8'), { failingStep: true });
      out[round][l.file] = ds
        .filter((d) => d.kind !== 'failing-step')
        .map((d) => ({
          category: d.category,
          message: d.message,
          ...(d.details ? { details: d.details } : {}),
          ...(d.location ? { location: `${d.location.path}:${d.location.line}` } : {}),
          evidence: d.evidence,
          fixes: d.fixes,
        }));
    }
  }
  writeFileSync(join(root, 'bench', 'diagnose', 'first-runs.json'), `${JSON.stringify(out, null, 1)}\n`);
}

void main();

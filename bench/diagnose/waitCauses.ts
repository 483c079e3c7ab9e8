// What the rules' waits cost and what starts them, on the dense log (NIXIFY_AB_LOG=long: the long build's):
// `node --import tsx bench/diagnose/waitCauses.ts`. Per rule, the lines it read while it waited for follow-up lines
// (busy() true as of the line before), how many of them hold none of its markers, and the lines that started those
// waits, digits folded so that a log's repeats count as one (NIXIFY_AB_TOP, default 6, per rule). A count, not a
// timing: it says which waits a narrower one would save, and whose lines they are. NIXIFY_AB_MB (default 10).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Diagnoser, RULES } from '../../server/src/diagnose/diagnoser';
import type { Matcher } from '../../server/src/diagnose/rule';
import { logChunks } from '../../server/src/pipeline/logFile';
import { assemble, speedLogs } from './setup';

interface Waits {
  lines: number;
  unmarked: number;
  /** Per line that started a wait (digits folded), the lines read in that wait. */
  by: Map<string, number>;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'nixify-waits-'));
  try {
    const which = process.env.NIXIFY_AB_LOG === 'long' ? 'long' : 'dense';
    const log = speedLogs().find((l) => l.name.startsWith(which))!;
    const file = join(dir, `${which}.log`);
    const mb = Number(process.env.NIXIFY_AB_MB ?? 10);
    assemble(file, mb, log.body, log.tail);
    // As `nixify diagnose` reads it; the matchers are private to the engine (the bench's speed child wraps them too).
    const d = new Diagnoser({ failingStep: true });
    const waits = RULES.map((): Waits => ({ lines: 0, unmarked: 0, by: new Map() }));
    (d as unknown as { matchers: Matcher[] }).matchers.forEach((m, i) => {
      if (!m.busy) return;
      const line = m.line.bind(m);
      const markers = RULES[i]!.markers;
      const w = waits[i]!;
      let start = '';
      m.line = (l, ctx) => {
        const was = m.busy!();
        if (was) {
          w.lines++;
          if (!markers.some((k) => l.text.includes(k))) w.unmarked++;
          w.by.set(start, (w.by.get(start) ?? 0) + 1);
        }
        line(l, ctx);
        if (!was && m.busy!()) start = l.text.trim().replace(/\d+/g, 'N').slice(0, 100);
      };
    });
    for await (const chunk of logChunks(file)) d.push(chunk);
    d.end();
    const top = Number(process.env.NIXIFY_AB_TOP ?? 6);
    console.log(`${which} log ${mb} MB: the lines each rule read while it waited for follow-up lines, and what started those waits`);
    RULES.forEach((r, i) => {
      const w = waits[i]!;
      if (!w.lines) return;
      console.log(`  ${r.category}: ${w.lines} lines, ${w.unmarked} of them without its markers`);
      for (const [k, n] of [...w.by].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`    ${String(n).padStart(7)}  after ${JSON.stringify(k)}`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();

// One `diagnose` run over a log file in its own process, for bench:diagnose's
// memory figures: prints the process's peak RSS before and after reading.
import { createReadStream } from 'node:fs';
import { Diagnoser } from '../../server/src/diagnose/diagnoser';

async function main(): Promise<void> {
  const file = process.argv[2]!;
  const baselineMaxRssKB = process.resourceUsage().maxRSS;
  const t0 = process.hrtime.bigint();
  // With the failing step, as `nixify diagnose` asks (pipeline/diagnose.ts), as the speed figures are measured.
  const d = new Diagnoser({ failingStep: true });
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) d.push(chunk as Buffer);
  const diagnostics = d.end().length;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  process.stdout.write(JSON.stringify({ baselineMaxRssKB, maxRssKB: process.resourceUsage().maxRSS, diagnostics, seconds }));
}

void main();

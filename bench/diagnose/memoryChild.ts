// One `diagnose` run over a log file in its own process, for bench:diagnose's
// memory figures: prints the process's peak RSS before and after reading.
import { Diagnoser } from '../../server/src/diagnose/diagnoser';
import { logChunks } from '../../server/src/pipeline/logFile';

async function main(): Promise<void> {
  const file = process.argv[2]!;
  const baselineMaxRssKB = process.resourceUsage().maxRSS;
  const t0 = process.hrtime.bigint();
  // With the failing step, as `nixify diagnose` asks (pipeline/diagnose.ts), and the file read as it reads it, as the speed figures are measured.
  const d = new Diagnoser({ failingStep: true });
  for await (const chunk of logChunks(file)) d.push(chunk);
  const diagnostics = d.end().length;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  process.stdout.write(JSON.stringify({ baselineMaxRssKB, maxRssKB: process.resourceUsage().maxRSS, diagnostics, seconds }));
}

void main();

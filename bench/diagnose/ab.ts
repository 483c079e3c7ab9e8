// A/B of the diagnoser's CPU on the dense log (NIXIFY_AB_LOG=long: the long build's): the diagnoser of each given
// checkout bundled as `nixify` ships it, runs alternating in one process (the
// loop's own CPU moves more between minutes than a cut), least CPU and median
// of each. `node --import tsx bench/diagnose/ab.ts <checkout> [<checkout> …]`;
// NIXIFY_AB_MB (default 40) the log's size, NIXIFY_AB_ROUNDS (default 5).
// Also says whether every checkout finds the same diagnostics.
import { createReadStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import type { Diagnostic } from '../../server/src/diagnose/types';
import { assemble, shippedDiagnoser, speedLogs } from './setup';

type DiagnoserModule = typeof import('../../server/src/diagnose/diagnoser');
type Reader = (file: string) => AsyncIterable<Uint8Array>;
interface Checkout {
  m: DiagnoserModule;
  read: Reader;
}

/**
 * The checkout's diagnoser, and its CLI's reader: its pipeline/logFile.ts, or (before there was one) 1 MB reads of
 * a stream — its Diagnoser may keep a chunk it was given, so it must not be given one buffer refilled.
 */
async function bundle(checkout: string, out: string): Promise<Checkout> {
  const file = await shippedDiagnoser(checkout, out, process.env.NIXIFY_AB_MINIFY !== '0');
  const m = (await import(pathToFileURL(file).href)) as DiagnoserModule;
  const own = join(checkout, 'server', 'src', 'pipeline', 'logFile.ts');
  const read: Reader = existsSync(own) ? ((await import(pathToFileURL(own).href)) as { logChunks: Reader }).logChunks : (f) => createReadStream(f, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>;
  return { m, read };
}

async function run({ m, read }: Checkout, file: string): Promise<[number, Diagnostic[]]> {
  // As `nixify diagnose` runs: with the failing step, the file read as it reads it.
  const d = new m.Diagnoser({ failingStep: true });
  const c0 = process.cpuUsage();
  for await (const chunk of read(file)) d.push(chunk);
  const out = d.end();
  const c = process.cpuUsage(c0);
  return [(c.user + c.system) / 1e6, out];
}

async function main(): Promise<void> {
  const checkouts = process.argv.slice(2).map((c) => resolve(c));
  const dir = mkdtempSync(join(tmpdir(), 'nixify-ab-'));
  try {
    const mods = await Promise.all(checkouts.map((c, i) => bundle(c, join(dir, String(i)))));
    // NIXIFY_AB_LOG=long: the long build's log instead of the dense one (speedLogs).
    const which = process.env.NIXIFY_AB_LOG === 'long' ? 'long' : 'dense';
    const log = speedLogs().find((l) => l.name.startsWith(which))!;
    const file = join(dir, `${which}.log`);
    const mb = Number(process.env.NIXIFY_AB_MB ?? 40);
    assemble(file, mb, log.body, log.tail);
    const rounds = Number(process.env.NIXIFY_AB_ROUNDS ?? 5);
    const cpu: number[][] = mods.map(() => []);
    const found: Diagnostic[][] = [];
    for (let r = 0; r < rounds; r++)
      for (let i = 0; i < mods.length; i++) {
        const [c, d] = await run(mods[i]!, file);
        cpu[i]!.push(c);
        found[i] = d;
      }
    console.log(`${which} log ${mb} MB, ${rounds} alternating rounds, load average ${loadavg()[0]!.toFixed(1)}`);
    checkouts.forEach((c, i) => {
      const s = [...cpu[i]!].sort((a, b) => a - b);
      console.log(`  ${c}: least CPU ${s[0]!.toFixed(3)} s, median ${s[s.length >> 1]!.toFixed(3)} s; same diagnostics as the first: ${isDeepStrictEqual(found[i], found[0]) ? 'yes' : 'NO'}`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();

// The rules' own CPU on the dense log (NIXIFY_AB_LOG=long: the long build's), A/B between checkouts without the
// engine around them: `node --import tsx bench/diagnose/rulesReplay.ts <checkout> [<checkout> …]`. One diagnose run of
// the first checkout records every call the engine makes to a rule's line() — the rule, the line, and what the
// context said then (claimed, emitted, held, in tests, building, the failed derivation, the look-back) — and each
// checkout's rules replay those calls in the log's order, alternating, least CPU and median of each. A whole run's
// CPU moves more between minutes on a shared machine than a cut in one rule; the replay leaves out the scan, the
// decoding and the dispatch, so what it times is what a rule's change changes. A replay, not a diagnosis: each
// checkout's rules see the first's context, so a rule that claims other lines than the first's is timed on the
// first's claims (say so when the checkouts' diagnostics differ; ab.ts tells). NIXIFY_AB_MB (default 40), NIXIFY_AB_ROUNDS (default 7).
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { recordCalls, replayContext, type Call, type DiagnoserModule } from './recordCalls';
import { assemble, shippedDiagnoser, speedLogs } from './setup';

/** CPU seconds of the calls replayed through fresh matchers of `m`'s rules. */
function replay(m: DiagnoserModule, calls: readonly Call[]): number {
  const matchers = m.RULES.map((r) => r.create());
  const { ctx, at } = replayContext(calls[0]!);
  const c0 = process.cpuUsage();
  for (let i = 0; i < calls.length; i++) {
    const c = calls[i]!;
    at(c);
    matchers[c.rule]!.line(c.line, ctx);
  }
  const t = process.cpuUsage(c0);
  return (t.user + t.system) / 1e6;
}

async function main(): Promise<void> {
  const checkouts = process.argv.slice(2).map((c) => resolve(c));
  if (!checkouts.length) throw new Error('usage: rulesReplay.ts <checkout> [<checkout> …]');
  const dir = mkdtempSync(join(tmpdir(), 'nixify-replay-'));
  try {
    const mods = await Promise.all(checkouts.map(async (c, i) => (await import(pathToFileURL(await shippedDiagnoser(c, join(dir, String(i)))).href)) as DiagnoserModule));
    if (mods.some((m) => m.RULES.map((r) => r.category).join() !== mods[0]!.RULES.map((r) => r.category).join()))
      throw new Error('rulesReplay: the checkouts list other rules (each replays the first one’s calls by rule)');
    const which = process.env.NIXIFY_AB_LOG === 'long' ? 'long' : 'dense';
    const log = speedLogs().find((l) => l.name.startsWith(which))!;
    const file = join(dir, `${which}.log`);
    const mb = Number(process.env.NIXIFY_AB_MB ?? 40);
    assemble(file, mb, log.body, log.tail);
    const calls = await recordCalls(mods[0]!, file);
    const rounds = Number(process.env.NIXIFY_AB_ROUNDS ?? 7);
    const cpu: number[][] = mods.map(() => []);
    const load = loadavg()[0]!;
    for (let r = 0; r < rounds; r++) mods.forEach((m, i) => cpu[i]!.push(replay(m, calls)));
    console.log(`${which} log ${mb} MB: ${calls.length} rule calls replayed in the log's order, ${rounds} alternating rounds, load average ${load.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}`);
    checkouts.forEach((c, i) => {
      const s = [...cpu[i]!].sort((a, b) => a - b);
      console.log(`  ${c}: the rules' CPU least ${s[0]!.toFixed(3)} s, median ${s[s.length >> 1]!.toFixed(3)} s`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();

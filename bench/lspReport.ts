// How bench:lsp prints a workspace's figures: each beside its budget and the same
// run's no-op round trip, the server's run traces per kind of edit, and the
// slow-action split (lspSlowActions.ts).
import { loadavg } from 'node:os';
import type { RequestThreadTrace } from '../server/src/lsp/requestTrace';
import type { TracedRun } from '../server/src/lsp/trace';
import type { EditKind } from './lspEdits';
import { type ActionsBehindEdits, explainSlowest } from './lspSlowActions';
import { line, pct } from './lspStats';

export interface Result extends ActionsBehindEdits {
  name: string;
  packages: number;
  bytes: number;
  findings: number;
  noop: number[];
  edits: Record<EditKind, number[]>;
  cpu: Partial<Record<EditKind, number>>;
  /** Per thread, ms run and ms waiting for a core per edit (lspThreads.ts). */
  threads: Partial<Record<EditKind, string>>;
  runs: Partial<Record<EditKind, TracedRun[]>>;
  actions: number[];
  offered: number;
  /** TurboFan compiles per thread up to the first diagnostics, and per kind of edit (NIXIFY_BENCH_COMPILES, lspCompiles.ts). */
  compilesToFirst?: string;
  compiles?: Partial<Record<EditKind, string>>;
  peakRssMb?: number;
}

/** Each figure beside its budget and the same run's no-op round trip (the floor any answer pays). */
export function report(r: Result, budget: number, requestThread: RequestThreadTrace[]): void {
  console.log(`\nlsp on ${r.name}: ${r.packages} locked packages, ${(r.bytes / 1048576).toFixed(2)} MB of Cargo.lock, ${r.findings} findings on package.nix; load average ${loadavg()[0]!.toFixed(1)}`);
  const noop = pct(r.noop, 50);
  const noop99 = pct(r.noop, 99);
  const against = (xs: number[], limit: number) =>
    `budget p99 ${limit} ms${pct(xs, 99) <= limit ? '' : ', OVER'}; p50 ${(pct(xs, 50) / noop).toFixed(1)}×, p99 ${(pct(xs, 99) / noop99).toFixed(1)}× the no-op's`;
  if (r.compilesToFirst) console.log(`  up to the first diagnostics: TurboFan compiles ${r.compilesToFirst}`);
  console.log(`  no-op request round trip (reference)       ${line(r.noop)}`);
  for (const [kind, xs] of Object.entries(r.edits)) {
    const cpu = r.cpu[kind as EditKind];
    const what = kind === 'manifest' ? 'Cargo.toml edit (comment )' : kind === 'description' ? 'Cargo.toml edit (descript)' : `Cargo.lock edit (${kind.padEnd(8)})`;
    // The first edit of a kind runs its path for the first time (a p99 of 100 edits is about their slowest): apart, beside the others' p99.
    const first = xs.length > 1 ? `; the first ${xs[0]!.toFixed(1)} ms, the others' p99 ${pct(xs.slice(1), 99).toFixed(1)} ms` : '';
    console.log(`  ${what} → diagnostics  ${line(xs)}  (${against(xs, budget)}; ${xs.length} edits${first}${cpu !== undefined ? `; server CPU ${cpu.toFixed(1)} ms/edit` : ''})`);
    const threads = r.threads[kind as EditKind];
    if (threads) console.log(`    per edit, by thread (schedstat): ${threads}`);
    const compiles = r.compiles?.[kind as EditKind];
    if (compiles) console.log(`    TurboFan compiles over these ${xs.length} edits: ${compiles}`);
  }
  for (const [kind, rs] of Object.entries(r.runs)) {
    if (!rs?.length) continue;
    const c = rs.map((t) => t.cpuMs[0] + t.cpuMs[1] + t.cpuMs[2]);
    const by = new Map<string, number>();
    for (const t of rs) by.set(t.inference, (by.get(t.inference) ?? 0) + 1);
    const gc = (major: boolean) => (rs.reduce((a, t) => a + (major ? t.gcMajorMs : t.gcMinorMs), 0) / rs.length).toFixed(2);
    const slow = rs
      .map((t, i) => ({ t, i, wall: r.edits[kind as EditKind][i]! }))
      .sort((a, b) => b.wall - a.wall)
      .slice(0, 3)
      .map(({ t, i, wall }) => {
        const main = t.threadCpuMs ? ` (analysis thread ${t.threadCpuMs.map((x) => x.toFixed(1)).join('+')})` : '';
        return `${wall.toFixed(1)} ms (edit #${i + 1}): ${t.inference}, cpu ${t.cpuMs.map((x) => x.toFixed(1)).join('+')}${main}, GC ${(t.gcMinorMs + t.gcMajorMs).toFixed(1)}`;
      });
    const mains = rs.flatMap((t) => (t.threadCpuMs ? [t.threadCpuMs[0] + t.threadCpuMs[1] + t.threadCpuMs[2]] : []));
    const mainLine = mains.length === rs.length ? ` (analysis thread ${line(mains)})` : '';
    console.log(
      `    ${kind.padEnd(8)} server CPU per run ${line(c)}${mainLine}; ${[...by].map(([k, n]) => `${n} ${k}`).join(', ')}; GC ${gc(false)} ms/run young, ${gc(true)} old; slowest: ${slow.join(' | ')}`,
    );
    // What each run sent the request thread, which deserialises it before it reads anything else.
    const posted = rs.flatMap((t) => (t.posted ? [t.posted] : []));
    if (posted.length) {
      const kb = (ps: typeof posted) => {
        const xs = ps.map((p) => p.bytes / 1024);
        return xs.length ? ` p50 ${pct(xs, 50).toFixed(1)} KB, max ${Math.max(...xs).toFixed(1)} KB` : '';
      };
      const views = posted.filter((p) => p.view);
      const plain = posted.filter((p) => !p.view);
      const read = posted.map((p) => p.deserializeMs);
      const parse = views.flatMap((p) => (p.viewParseMs !== undefined ? [p.viewParseMs] : []));
      console.log(
        `             to the request thread: ${plain.length} diagnostics messages${kb(plain)}; ${views.length} with a workspace view${kb(views)}; reading one back (V8's deserializer, timed in the analysis thread after the run) p50 ${pct(read, 50).toFixed(2)} ms, max ${Math.max(...read).toFixed(2)} ms${parse.length ? `; parsing a view's JSON (the first hover or lens after it) p50 ${pct(parse, 50).toFixed(2)} ms` : ''}`,
      );
    }
  }
  if (r.actions.length) {
    console.log(`  code actions (${r.offered} offered)               ${line(r.actions)}  (${against(r.actions, 10)})`);
    console.log(`  code actions right behind an edit          ${line(r.actionsDuringEdit)}  (${against(r.actionsDuringEdit, 10)})`);
  } else console.log('  code actions: no diagnostic to ask about');
  if (requestThread.length) explainSlowest(r, requestThread);
  if (r.peakRssMb !== undefined) console.log(`  server peak RSS ${r.peakRssMb.toFixed(0)} MB (VmHWM after every edit above)`);
}

// bench:lsp's slow-action split: where the time of each code action sent right
// behind an edit went — in the bench before its bytes left, in the server before
// its handler ran, in the server answering, in the bench after the answer was
// written — from the server's request-thread trace (NIXIFY_LSP_TRACE,
// requestTrace.ts) and the bench's own clock and GC, on the epoch clock both
// processes share.
import { PerformanceObserver } from 'node:perf_hooks';
import type { RequestThreadTrace } from '../server/src/lsp/requestTrace';

/** The bench's own GC pauses (epoch clock): a pause of the client delays the answer it times too. */
const benchGcs: { at: number; ms: number }[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) benchGcs.push({ at: performance.timeOrigin + e.startTime, ms: e.duration });
}).observe({ entryTypes: ['gc'] });
/** When the bench wrote to the server (epoch clock). */
const benchWrites: number[] = [];

/** Notes when each message the bench sends is written to the server's stdin (the client's writer defers to a later turn). */
export function timeWrites(stdin: NodeJS.WritableStream): void {
  const write = stdin.write.bind(stdin) as (...a: unknown[]) => boolean;
  stdin.write = ((...a: unknown[]) => {
    benchWrites.push(performance.timeOrigin + performance.now());
    return write(...a);
  }) as typeof stdin.write;
}

/** The code actions sent right behind an edit: how long each took, and its send and answer on the epoch clock. */
export interface ActionsBehindEdits {
  actionsDuringEdit: number[];
  actionWindows: { from: number; to: number }[];
}

/** Where a code action's time went, from the server's request-thread trace and the bench's own clock. */
interface ActionSplit {
  i: number;
  ms: number;
  /** The bench's send call → its bytes written to the server's stdin (the client's writer runs a turn later). */
  clientSend: number;
  /** Written → the server's handler ran (the pipe, the server's thread off a core or busy before it). */
  serverTake: number;
  /** The handler → the answer's bytes written on stdout. */
  serverAnswer: number;
  /** Written → the bench's await resumed (the bench off a core, its GC, its other messages). */
  clientReceive: number;
  detail: string;
}

function splitActions(r: ActionsBehindEdits, requestThread: RequestThreadTrace[]): ActionSplit[] {
  const tasks = requestThread.flatMap((l) => l.tasks);
  const gcs = requestThread.flatMap((l) => l.gcs);
  const out: ActionSplit[] = [];
  r.actionWindows.forEach((w, i) => {
    const written = benchWrites.find((t) => t >= w.from);
    const taken = tasks.find((t) => t.what === 'codeAction' && t.at >= w.from - 1);
    const answer = taken && tasks.find((t) => t.what === 'write' && t.at >= taken.at && !t.detail?.startsWith('header '));
    if (written === undefined || !taken || !answer || answer.at > w.to) return;
    const answered = answer.at + answer.ms;
    // The thread's own CPU between its previous task and this handler: ≈ 0 means it was not running (off a core, or idle).
    const before = tasks[tasks.indexOf(taken) - 1];
    const gapCpu = before?.cpuAt !== undefined && taken.cpuAt !== undefined ? taken.cpuAt - (before.cpuAt + before.cpuMs!) : undefined;
    const inside = tasks.filter((t) => t.at + t.ms >= w.from && t.at <= w.to && t.what !== 'write');
    const what = inside.map((t) => `${t.what}@${(t.at - w.from).toFixed(1)} ${t.ms.toFixed(2)} ms${t.cpuMs !== undefined ? ` cpu ${t.cpuMs.toFixed(1)}` : ''}${t.detail ? ` (${t.detail})` : ''}`);
    const gc = gcs.filter((g) => g.at + g.ms >= w.from && g.at <= w.to).map((g) => `${g.major ? 'major' : 'young'}@${(g.at - w.from).toFixed(1)} ${g.ms.toFixed(1)} ms`);
    const own = benchGcs.filter((g) => g.at + g.ms >= w.from && g.at <= w.to).map((g) => `@${(g.at - w.from).toFixed(1)} ${g.ms.toFixed(1)} ms`);
    out.push({
      i,
      ms: r.actionsDuringEdit[i]!,
      clientSend: written - w.from,
      serverTake: taken.at - written,
      serverAnswer: answered - taken.at,
      clientReceive: w.to - answered,
      detail: `request thread ${what.join(', ') || 'no task'}, its CPU between the task before and the handler ${gapCpu !== undefined ? `${gapCpu.toFixed(1)} ms` : '?'}; its GC ${gc.join(', ') || 'none'}; the bench's GC ${own.join(', ') || 'none'}`,
    });
  });
  return out;
}

/**
 * Code actions right behind an edit, split where their time went (the server's request-thread
 * trace, requestTrace.ts, on the epoch clock both processes share): in the bench before its bytes
 * left, in the server before its handler ran, in the server answering, in the bench after the
 * answer was written. The ten slowest summed, then the three slowest each.
 */
export function explainSlowest(r: ActionsBehindEdits, requestThread: RequestThreadTrace[]): void {
  const all = splitActions(r, requestThread);
  if (!all.length) return;
  const worst = [...all].sort((a, b) => b.ms - a.ms);
  const top = worst.slice(0, 10);
  const sum = (k: keyof ActionSplit) => top.reduce((a, x) => a + (x[k] as number), 0).toFixed(1);
  console.log(
    `    the ${top.length} slowest of ${all.length} (${sum('ms')} ms): bench sending ${sum('clientSend')} ms, server taking ${sum('serverTake')} ms, server answering ${sum('serverAnswer')} ms, bench receiving ${sum('clientReceive')} ms`,
  );
  // GC pauses over the whole phase, the server's request thread's and the bench's own.
  const from = r.actionWindows[0]!.from;
  const to = r.actionWindows[r.actionWindows.length - 1]!.to;
  const pauses = (gs: { at: number; ms: number }[]) => {
    const within = gs.filter((g) => g.at >= from && g.at <= to).map((g) => g.ms);
    return within.length ? `${within.length}, max ${Math.max(...within).toFixed(1)} ms, ${within.reduce((a, x) => a + x, 0).toFixed(1)} ms in all` : 'none';
  };
  const gcs = requestThread.flatMap((l) => l.gcs);
  const heap = requestThread[requestThread.length - 1]!.heapMb;
  console.log(
    `    GC pauses over these ${all.length} edits: the request thread's young ${pauses(gcs.filter((g) => !g.major))}, old ${pauses(gcs.filter((g) => g.major))} (its heap ${heap.used.toFixed(1)} MB used); the bench's ${pauses(benchGcs)}`,
  );
  for (const x of worst.slice(0, 3)) {
    console.log(
      `    #${x.i + 1} ${x.ms.toFixed(1)} ms = send ${x.clientSend.toFixed(1)} + take ${x.serverTake.toFixed(1)} + answer ${x.serverAnswer.toFixed(1)} + receive ${x.clientReceive.toFixed(1)}: ${x.detail}`,
    );
  }
}

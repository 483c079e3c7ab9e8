// NIXIFY_LSP_TRACE=1: one JSON line on stderr per diagnostics run — its wall
// time, the CPU of each step, how the inference came about (kept, mapped onto
// the edited lock, resolved anew) and the garbage collection during the run —
// so a bench can say where an edit's tail comes from.
import { readlinkSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { reuseStats } from '../infer/reuse';
import type { FromAnalysis } from './analysisMessages';
import type { Diagnostics, RunTrace } from './diagnostics';
import { type GcPause, observeGcPauses } from './gcPauses';
import { QuietFlush } from './quietFlush';

/** One line of the trace: a run, how its inference came about, and the GC pauses that began during it. */
export interface TracedRun extends RunTrace {
  inference: 'kept' | 'mapped' | 'resolved' | 'cached';
  /** Scavenges (young generation). */
  gcMinorMs: number;
  /** Mark-compact pauses and incremental marking steps (old generation). */
  gcMajorMs: number;
  /**
   * The message the run posted to the request thread: its size as the structured clone postMessage
   * makes (V8's serializer), whether it carried a workspace view, and what reading it back takes
   * (the request thread deserialises it before any handler of its runs). Measured when the line is
   * written, after the run, so the run's own figures do not include it.
   */
  posted?: { bytes: number; view: boolean; deserializeMs: number; viewParseMs?: number };
}

/** Past this many runs pending, their lines are written without waiting for a quiet moment. */
const MAX_RUNS = 100;

export function traceRuns(diagnostics: Diagnostics, write = (text: string) => process.stderr.write(text), lastPosted?: () => FromAnalysis | undefined): void {
  // Which of the process's threads runs the analysis (Linux): a bench reads its schedstat, time run and time waiting for a core.
  const tid = threadId();
  if (tid !== undefined) write(`${JSON.stringify({ nixifyAnalysisThread: tid })}\n`);
  const gcs: GcPause[] = [];
  observeGcPauses((p) => gcs.push(p));
  let seen = { ...reuseStats };
  const pending: { run: RunTrace; inference: TracedRun['inference']; from: number; to: number; message?: FromAnalysis }[] = [];
  const flush = () => {
    const lines = pending.splice(0).map(({ run, inference, from, to, message }) => {
      const during = gcs.filter((g) => g.at >= from && g.at <= to);
      const sum = (major: boolean) => during.filter((g) => g.major === major).reduce((a, g) => a + g.ms, 0);
      const traced: TracedRun = { ...run, inference, gcMinorMs: sum(false), gcMajorMs: sum(true), ...(message ? { posted: measure(message) } : {}) };
      return `${JSON.stringify({ nixifyRun: traced })}\n`;
    });
    gcs.length = 0;
    write(lines.join(''));
  };
  // Lines wait until no run came for a while (quietFlush.ts).
  const later = new QuietFlush(flush, MAX_RUNS);
  diagnostics.onRun = (run) => {
    const inference: TracedRun['inference'] = reuseStats.resolved > seen.resolved ? 'resolved' : reuseStats.mapped > seen.mapped ? 'mapped' : reuseStats.kept > seen.kept ? 'kept' : 'cached';
    seen = { ...reuseStats };
    const to = performance.now();
    pending.push({ run, inference, from: to - run.wallMs, to, message: lastPosted?.() });
    later.added(pending.length);
  };
}

function measure(message: FromAnalysis): NonNullable<TracedRun['posted']> {
  const bytes = serialize(message);
  const t0 = performance.now();
  deserialize(bytes);
  const deserializeMs = performance.now() - t0;
  const view = message.t === 'diagnostics' ? message.view : undefined;
  if (!view) return { bytes: bytes.byteLength, view: false, deserializeMs };
  // What the first hover or lens after it pays on the request thread to read the view (analysisClient.ts).
  const t1 = performance.now();
  for (const [, json] of view.parts) JSON.parse(json);
  return { bytes: bytes.byteLength, view: true, deserializeMs, viewParseMs: performance.now() - t1 };
}

function threadId(): number | undefined {
  try {
    return Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return undefined;
  }
}

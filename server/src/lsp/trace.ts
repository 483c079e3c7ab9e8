// NIXIFY_LSP_TRACE=1: one JSON line on stderr per diagnostics run — its wall
// time, the CPU of each step, how the inference came about (kept, mapped onto
// the edited lock, resolved anew) and the garbage collection during the run —
// so a bench can say where an edit's tail comes from.
import { PerformanceObserver } from 'node:perf_hooks';
import { reuseStats } from '../infer/reuse';
import type { Diagnostics, RunTrace } from './diagnostics';

/** One line of the trace: a run, how its inference came about, and the GC observed since the previous run. */
export interface TracedRun extends RunTrace {
  inference: 'kept' | 'mapped' | 'resolved' | 'cached';
  gcMs: number;
  gcs: number;
}

export function traceRuns(diagnostics: Diagnostics, write = (line: string) => process.stderr.write(`${line}\n`)): void {
  let gcMs = 0;
  let gcs = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcMs += e.duration;
      gcs++;
    }
  }).observe({ entryTypes: ['gc'] });
  let seen = { ...reuseStats };
  let gcSeen = { ms: 0, n: 0 };
  diagnostics.onRun = (t) => {
    const inference: TracedRun['inference'] = reuseStats.resolved > seen.resolved ? 'resolved' : reuseStats.mapped > seen.mapped ? 'mapped' : reuseStats.kept > seen.kept ? 'kept' : 'cached';
    seen = { ...reuseStats };
    // GC entries are delivered after the fact: what was observed since the previous run.
    const run: TracedRun = { ...t, inference, gcMs: gcMs - gcSeen.ms, gcs: gcs - gcSeen.n };
    write(JSON.stringify({ nixifyRun: run }));
    gcSeen = { ms: gcMs, n: gcs };
  };
}

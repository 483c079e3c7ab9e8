// The calling thread's own CPU time (the analysis thread's, for the run trace, NIXIFY_LSP_TRACE): process.cpuUsage()
// counts every thread, and V8 marks, sweeps and compiles on background threads, so a step's
// process CPU alone cannot tell its own work from the engine's. Node 20 has no per-thread
// usage call; Linux's schedstat gives the calling thread's time on a CPU in nanoseconds, brought
// up to date at scheduler ticks and switches, so a reading may trail by one tick (≤ 4 ms at 250 Hz):
// fine for telling a 50 ms background compile from the step's own work, not for a 1 ms step.
import { readFileSync } from 'node:fs';

let available = process.platform === 'linux';

/** Milliseconds the calling thread has run, or undefined where the platform does not say. */
export function threadCpuMs(): number | undefined {
  if (!available) return undefined;
  try {
    const text = readFileSync('/proc/thread-self/schedstat', 'latin1');
    const ns = Number(text.slice(0, text.indexOf(' ')));
    if (Number.isFinite(ns)) return ns / 1e6;
  } catch {
    // No procfs (a container without it): the trace goes without main-thread figures.
  }
  available = false;
  return undefined;
}

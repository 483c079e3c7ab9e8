// The GC pauses of the calling thread, for the traces (NIXIFY_LSP_TRACE): both sides of the server
// split them the same way, young-generation scavenges apart from old-generation work.
import { constants, PerformanceObserver } from 'node:perf_hooks';

export interface GcPause {
  /** Start on this thread's performance clock (performance.now()). */
  at: number;
  ms: number;
  /** Mark-compact or incremental marking (old generation); else a scavenge. */
  major: boolean;
}

const OLD_GENERATION = constants.NODE_PERFORMANCE_GC_MAJOR | constants.NODE_PERFORMANCE_GC_INCREMENTAL;

/** Calls `onPause` for each GC pause of this thread from now on. */
export function observeGcPauses(onPause: (p: GcPause) => void): void {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0;
      onPause({ at: e.startTime, ms: e.duration, major: (kind & OLD_GENERATION) !== 0 });
    }
  }).observe({ entryTypes: ['gc'] });
}

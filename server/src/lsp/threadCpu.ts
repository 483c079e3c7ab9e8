// The calling thread's own CPU time (the analysis thread's, for the run trace, NIXIFY_LSP_TRACE): process.cpuUsage()
// counts every thread, and V8 marks, sweeps and compiles on background threads, so a step's
// process CPU alone cannot tell its own work from the engine's. Node 20 has no per-thread
// usage call; Linux's schedstat gives the calling thread's time on a CPU in nanoseconds, brought
// up to date at scheduler ticks and switches, so a reading may trail by one tick (≤ 4 ms at 250 Hz):
// fine for telling a 50 ms background compile from the step's own work, not for a 1 ms step.
//
// The file is opened once per thread (a module's state is its isolate's, one per thread) and read
// again from offset 0 into one small buffer: readFileSync on a procfs file, whose size reads as 0,
// allocated a 64 KB buffer per call, and a trace reading it around every task made the heap it
// measured collect garbage of its own (major GCs on the request thread, driven by that memory).
// The descriptor lives as long as its thread: the request thread's until the process ends, the
// analysis thread's until that thread ends, when Node closes it (the Worker's trackUnmanagedFds,
// set in analysisClient.ts; test/unit/lsp/threadCpuFd.test.ts restarts a thread that holds one).
import { closeSync, openSync, readSync } from 'node:fs';

let fd: number | undefined;
let available = process.platform === 'linux';
const buf = Buffer.alloc(64);

/** Milliseconds the calling thread has run, or undefined where the platform does not say. */
export function threadCpuMs(): number | undefined {
  if (!available) return undefined;
  try {
    fd ??= openSync('/proc/thread-self/schedstat', 'r');
    const n = readSync(fd, buf, 0, buf.length, 0);
    const space = buf.indexOf(32);
    const ns = Number(buf.toString('latin1', 0, space === -1 || space > n ? n : space));
    if (Number.isFinite(ns) && n > 0) return ns / 1e6;
  } catch {
    // No procfs (a container without it): the trace goes without per-thread figures.
  }
  if (fd !== undefined) closeSync(fd);
  fd = undefined;
  available = false;
  return undefined;
}

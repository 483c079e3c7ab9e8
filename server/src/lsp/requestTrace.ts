// NIXIFY_LSP_TRACE=1, the request thread's side: what held it and when, so a
// bench can tell why one code action in a hundred waited. Each task (an edit
// taken, a code action answered, the analysis' diagnostics published, a write
// to stdout) is logged with its wall time on the epoch clock (the bench's clock
// too), its length and the thread's own CPU across it; with them the GC pauses
// of this thread. Work that no handler sees (a worker message deserialised, a
// message read and parsed, the scheduler keeping the thread off a core) shows as
// a gap between tasks, with or without this thread's CPU in it.
//
// No event-loop delay monitor: monitorEventLoopDelay samples with a repeating
// timer (1 ms at the finest resolution), which woke this thread ~900 times a
// second even with nothing to do — a traced server then competed for a core the
// untraced one leaves free, on the very edits a bench times.
import { type GcPause, observeGcPauses } from './gcPauses';
import { QuietFlush } from './quietFlush';
import { threadCpuMs } from './threadCpu';

export interface RequestTask {
  what: string;
  /** Start, in ms since the epoch (performance.timeOrigin + now: comparable across processes). */
  at: number;
  ms: number;
  /** This thread's CPU at the start and across the task (tick resolution, see threadCpu.ts). */
  cpuAt?: number;
  cpuMs?: number;
  /** What the task was made of (diagnostics and files published, bytes written). */
  detail?: string;
}

export interface RequestThreadTrace {
  tasks: RequestTask[];
  /** GC pauses, `at` on the epoch clock like the tasks'. */
  gcs: GcPause[];
  /** This thread's V8 heap in use and reserved when the line was written (MB). */
  heapMb: { used: number; total: number };
}

/** Past this many tasks a line is written without waiting for a quiet moment (a client that never pauses). */
const MAX_TASKS = 20_000;

const epoch = (now: number) => performance.timeOrigin + now;

const HEADER = 'Content-Length:';
const isHeader = (chunk: string | Uint8Array) =>
  typeof chunk === 'string' ? chunk.startsWith(HEADER) : Buffer.from(chunk.buffer, chunk.byteOffset, Math.min(chunk.byteLength, HEADER.length)).toString('latin1') === HEADER;

export class RequestTrace {
  private tasks: RequestTask[] = [];
  private gcs: RequestThreadTrace['gcs'] = [];
  /** Lines wait until the thread has had nothing to do for a while (quietFlush.ts). */
  private readonly later = new QuietFlush(() => this.flush(), MAX_TASKS);
  private depth = 0;

  constructor(private readonly write: (text: string) => void) {
    observeGcPauses((p) => this.gcs.push({ ...p, at: epoch(p.at) }));
  }

  /** Runs `f` as one task named `what`; nested tasks are part of the outer one and not logged apart. */
  task<T>(what: string, f: () => T, detail?: () => string): T {
    if (this.depth > 0) return f();
    this.depth++;
    const t0 = performance.now();
    const c0 = threadCpuMs();
    try {
      return f();
    } finally {
      this.depth--;
      const ms = performance.now() - t0;
      const c1 = c0 !== undefined ? threadCpuMs() : undefined;
      this.tasks.push({ what, at: epoch(t0), ms, ...(c0 !== undefined && c1 !== undefined ? { cpuAt: c0, cpuMs: c1 - c0 } : {}), ...(detail ? { detail: detail() } : {}) });
      this.later.added(this.tasks.length);
    }
  }

  /** Times every write to `stream` (stdout to a pipe is synchronous on Linux: a full pipe holds the thread). */
  watchWrites(stream: NodeJS.WriteStream): void {
    const original = stream.write.bind(stream) as (...a: unknown[]) => boolean;
    stream.write = ((...a: unknown[]) => {
      const chunk = a[0] as string | Uint8Array;
      return this.task(
        'write',
        () => original(...a),
        // vscode-jsonrpc writes a message's header and body apart; the bench tells them by this word.
        () => `${isHeader(chunk) ? 'header ' : ''}${typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength} B`,
      );
    }) as typeof stream.write;
  }

  private flush() {
    const heap = process.memoryUsage();
    const line: RequestThreadTrace = {
      tasks: this.tasks,
      gcs: this.gcs,
      heapMb: { used: heap.heapUsed / 1048576, total: heap.heapTotal / 1048576 },
    };
    this.tasks = [];
    this.gcs = [];
    this.write(`${JSON.stringify({ nixifyRequestThread: line })}\n`);
  }
}

/** The request thread's trace when NIXIFY_LSP_TRACE is set, written on stderr. */
export function requestTraceFromEnv(): RequestTrace | undefined {
  if (!process.env.NIXIFY_LSP_TRACE) return undefined;
  return new RequestTrace((text) => process.stderr.write(text));
}

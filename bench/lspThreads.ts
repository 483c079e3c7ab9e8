// Where the server's time per edit goes, thread by thread, from Linux's schedstat: each thread's
// time on a CPU and its time runnable but waiting for one (a busy machine's share of an edit's
// wall time that no change to the server's own work removes). Node names every thread "node", so
// they are told apart by id: the request thread is the process's first, the analysis thread says
// its id in the trace (trace.ts), and the rest are V8's helpers (GC, compiles) and libuv's pool.
import { readdirSync, readFileSync } from 'node:fs';

export type ThreadTimes = Map<string, { runMs: number; waitMs: number }>;

/** Per thread group of process `pid`: ms run and ms waited for a core so far (undefined off Linux). */
export function threadTimes(pid: number, analysisTid: number | undefined): ThreadTimes | undefined {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return undefined;
  }
  const out: ThreadTimes = new Map();
  for (const tid of tids) {
    try {
      const [run, wait] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);
      const group = tid === String(pid) ? 'request' : tid === String(analysisTid) ? 'analysis' : 'others';
      const g = out.get(group) ?? { runMs: 0, waitMs: 0 };
      g.runMs += run! / 1e6;
      g.waitMs += wait! / 1e6;
      out.set(group, g);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return out;
}

/** "group run a ms + wait b ms" per edit between two readings. */
export function perEdit(before: ThreadTimes | undefined, after: ThreadTimes | undefined, edits: number): string | undefined {
  if (!before || !after) return undefined;
  const parts: string[] = [];
  for (const [g, t] of after) {
    const b = before.get(g) ?? { runMs: 0, waitMs: 0 };
    const run = (t.runMs - b.runMs) / edits;
    const wait = (t.waitMs - b.waitMs) / edits;
    if (run >= 0.05 || wait >= 0.05) parts.push(`${g} ${run.toFixed(2)} run + ${wait.toFixed(2)} waiting`);
  }
  return parts.join(', ');
}

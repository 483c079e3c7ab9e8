// V8's optimising compiles in the server, counted per thread from V8's own code log
// (`--log-code`, a file per isolate): each TurboFan code object it made is a line
// `code-creation,JS,…,*`. The analysis thread's isolate is the one whose log has the worker's
// entry script (analysisWorker) compiled; every other line is the request thread's (its log
// holds that name too, in the source of the chunk that starts the worker).
// NIXIFY_BENCH_COMPILES=1 turns it on (the log costs the server some writing).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Compiles = { request: number; analysis: number };

export class CompileLog {
  readonly dir = mkdtempSync(join(tmpdir(), 'nixify-bench-v8log-'));

  /** The server's node flags that write the log. */
  flags(): string {
    return `--logfile=${join(this.dir, 'v8.log')} --log-code`;
  }

  /** TurboFan code objects made so far, per thread. */
  count(): Compiles {
    const out: Compiles = { request: 0, analysis: 0 };
    for (const f of readdirSync(this.dir)) {
      const text = readFileSync(join(this.dir, f), 'latin1');
      const n = (text.match(/^code-creation,JS,[^\n]*,\*$/gm) ?? []).length;
      if (/^code-creation,Script,[^\n]*analysisWorker/m.test(text)) out.analysis += n;
      else out.request += n;
    }
    return out;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** "request a + analysis b" between two counts. */
export function compilesBetween(a: Compiles, b: Compiles): string {
  return `request ${b.request - a.request} + analysis ${b.analysis - a.analysis}`;
}

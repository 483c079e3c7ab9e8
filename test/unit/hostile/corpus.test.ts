// The 2,000-case hostile-crate corpus (test/hostile/corpus.ts, fixed seed)
// through `nixify check` and `nixify init --dry-run` in two worker processes,
// with a time limit per case and a memory limit per worker: no case may hang,
// end in "internal error", or exit 2 without saying why.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { CORPUS_SIZE } from '../../hostile/corpus';

const CASES = Number(process.env.NIXIFY_CORPUS_CASES ?? CORPUS_SIZE);
/** Per case (a worker that prints nothing for this long is killed and the case recorded as a hang). */
const CASE_MS = 15_000;
/** Per worker: V8's heap is capped, and the resident size is checked after every case. */
const HEAP_MIB = 512;
const RSS_MIB = 900;

interface Line {
  i: number;
  ms: number;
  rssMiB: number;
  bad?: string;
}

function runWorker(start: number, end: number, report: (l: Line) => void, fail: (i: number, why: string) => void): Promise<void> {
  return new Promise((resolve) => {
    let next = start;
    const proc = spawn(process.execPath, [`--max-old-space-size=${HEAP_MIB}`, '--import', 'tsx', join(__dirname, '..', '..', 'hostile', 'worker.ts'), String(start), String(end)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    proc.stderr.on('data', (d) => (stderr = (stderr + d).slice(-2000)));
    // The first case waits for the worker to start (tsx, tree-sitter): twice the limit.
    let timer = setTimeout(() => hang(), CASE_MS * 2);
    const hang = () => {
      fail(next, `no answer in ${CASE_MS} ms (or memory: ${stderr.slice(-300)})`);
      proc.kill('SIGKILL');
    };
    createInterface({ input: proc.stdout }).on('line', (s) => {
      const l = JSON.parse(s) as Line;
      clearTimeout(timer);
      timer = setTimeout(() => hang(), CASE_MS);
      next = l.i + 1;
      report(l);
    });
    proc.on('exit', (code, sig) => {
      clearTimeout(timer);
      if (next < end) {
        if (code !== null || sig !== 'SIGKILL') fail(next, `worker exited (${code ?? sig}) ${stderr.slice(-300)}`);
        // Go on after the failed case.
        void runWorker(next + 1, end, report, fail).then(resolve);
      } else resolve();
    });
  });
}

describe('hostile-crate corpus', () => {
  it(`${CASES} generated crates: every check and init ends with a result or a clear message, in time and memory`, { timeout: 20 * 60_000 }, async () => {
    const t0 = Date.now();
    const failures: string[] = [];
    let done = 0;
    let peak = 0;
    let slowest = { i: -1, ms: 0 };
    const report = (l: Line) => {
      done++;
      peak = Math.max(peak, l.rssMiB);
      if (l.ms > slowest.ms) slowest = { i: l.i, ms: l.ms };
      if (l.bad) failures.push(`case ${l.i}: ${l.bad}`);
      if (l.rssMiB > RSS_MIB) failures.push(`case ${l.i}: worker RSS ${l.rssMiB} MiB > ${RSS_MIB}`);
    };
    const fail = (i: number, why: string) => failures.push(`case ${i}: ${why}`);
    const half = Math.ceil(CASES / 2);
    await Promise.all([runWorker(0, half, report, fail), runWorker(half, CASES, report, fail)]);
    // eslint-disable-next-line no-console
    console.log(
      `hostile corpus: ${done}/${CASES} cases in ${((Date.now() - t0) / 1000).toFixed(1)} s, slowest case ${slowest.i} (${slowest.ms} ms), peak worker RSS ${peak} MiB, ${failures.length} failures`,
    );
    assert.deepEqual(failures.slice(0, 20), []);
    assert.equal(done, CASES);
  });
});

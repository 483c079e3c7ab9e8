// The log scan's wasm tiers up to V8's optimising compiler whatever the order of the parsers' baseline-only compiles
// around it (parse/wasmTiering.ts), read from V8's own trace of each compile (--trace-wasm-compilation-times) in a child
// (wasmTiering.probe.ts): the racing orders are a scan made while a baseline-only compile is in flight on its thread or
// on another (the language server's analysis thread), each of which left the scan on Liftoff for good when the count
// of compiles in flight was a thread's. A control (--liftoff-only set behind wasmTiering.ts's back) shows the trace
// tells a scan that did not tier up.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Worker, getEnvironmentData } from 'node:worker_threads';
import { MARKER_SCAN_WASM } from '../../../server/src/diagnose/wasm/markerScanWasm';
import { compileBaselineOnly, compileWithTierUp, releaseExitedThread } from '../../../server/src/parse/wasmTiering';

const SCAN = Buffer.from(MARKER_SCAN_WASM, 'base64');

/** The body size of each function the scan's module defines (its code section, id 10), as V8's trace gives it (`bodysize`). */
function bodySizes(wasm: Buffer): number[] {
  const leb = (at: number): [number, number] => {
    let n = 0;
    for (let shift = 0; ; shift += 7) {
      const b = wasm[at++]!;
      n |= (b & 0x7f) << shift;
      if (!(b & 0x80)) return [n >>> 0, at];
    }
  };
  for (let at = 8; at < wasm.length;) {
    const id = wasm[at]!;
    const [size, body] = leb(at + 1);
    if (id === 10) {
      let [count, p] = leb(body);
      const out: number[] = [];
      for (; count > 0; count--) {
        const [n, q] = leb(p);
        out.push(n);
        p = q + n;
      }
      return out;
    }
    at = body + size;
  }
  throw new Error('no code section');
}

/**
 * The scan's own functions, told by index and body size (V8's addresses of modules are reused once one is freed, so
 * not by module): its loops, the only ones large enough to tier up and not to share both with another module's.
 */
const SCAN_LOOPS = bodySizes(SCAN)
  .map((size, i) => ({ i, size }))
  .filter((f) => f.size >= 100);

/** How long the trace is watched for a TurboFan line before a probe is taken not to have tiered up: a hang guard. */
const HANG_GUARD_MS = 300_000;

/**
 * Runs the probe in one order: whether the scan's loops were compiled by Liftoff (the scan was made) and by TurboFan.
 * The probe is ended once the trace shows a scan loop compiled by TurboFan; an order expected not to tier up (the
 * control) cannot wait for a line, so it is given `graceMs` after the probe's hot scan ended.
 */
function probe(order: string, graceMs = HANG_GUARD_MS): Promise<{ made: boolean; tieredUp: boolean; ms?: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--trace-wasm-compilation-times', '--import', 'tsx', join(__dirname, 'wasmTiering.probe.ts'), order], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let guard: NodeJS.Timeout | undefined;
    let tieredAt: number | undefined;
    const seen = new Set<string>();
    const read = () => {
      for (const [, fn, tier, size] of out.matchAll(/^Compiled function 0x[0-9a-f]+#(\d+) using (Liftoff|TurboFan)\b.*\bbodysize (\d+)/gm)) seen.add(`${tier} ${fn}:${size}`);
    };
    const tieredUp = () => SCAN_LOOPS.some((f) => seen.has(`TurboFan ${f.i}:${f.size}`));
    const end = () => {
      clearTimeout(guard);
      child.stdin.end();
    };
    child.stdout.on('data', (b) => {
      out += b;
      read();
      if (tieredAt === undefined && tieredUp()) {
        tieredAt = Date.now() - started;
        end();
      }
    });
    child.stderr.on('data', (b) => {
      err += b;
      if (!guard && err.includes('nixify-probe: hot\n')) guard = setTimeout(end, graceMs);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(guard);
      if (code !== 0) return reject(new Error(`probe ${order} exited ${code}: ${err}`));
      read();
      resolve({ made: SCAN_LOOPS.every((f) => seen.has(`Liftoff ${f.i}:${f.size}`)), tieredUp: tieredUp(), ms: tieredAt });
    });
  });
}

/**
 * The longest a probe that tiers up took from its start to its scan's TurboFan line: the control, which cannot wait
 * for a line, is given twice that after its hot scan (its whole run again, and more) before no line is taken as none.
 */
let slowestTierUpMs = 0;

// One child at a time: five at once on two shared cores starved the background TurboFan compile each waits for.
describe('the log scan tiers up whatever the parsers compile around it (V8 trace, a child each)', { concurrency: false }, () => {
  for (const order of ['parsers-then-scan', 'scan-during-compile', 'scan-during-worker-compile', 'compile-after-scan']) {
    it(order, async () => {
      const { ms, ...seen } = await probe(order);
      assert.deepEqual(seen, { made: true, tieredUp: true });
      slowestTierUpMs = Math.max(slowestTierUpMs, ms ?? 0);
    });
  }
  it('control: --liftoff-only set behind its back, the trace shows no tier-up', async () => {
    const { ms: _ms, ...seen } = await probe('liftoff-only-behind-its-back', Math.max(2000, 2 * slowestTierUpMs));
    assert.deepEqual(seen, { made: true, tieredUp: false });
  });
});

describe('a thread that dies holding the tiering lock (terminated, out of memory: no finally runs)', () => {
  it('leaves the others compiling without the flags instead of hanging, and its owner frees what it held', async () => {
    // The shared state as a thread killed inside the lock, mid baseline-only compile, leaves it: the count and the lock
    // taken, then the thread gone. Written by a real second thread, so the buffer is the one threads share.
    const holder = new Worker(
      `const { getEnvironmentData, parentPort } = require('node:worker_threads');
       const s = new Int32Array(getEnvironmentData('nixify:wasm-tiering'));
       Atomics.add(s, 0, 1); Atomics.store(s, 1, 1); Atomics.store(s, 2, 1);
       parentPort.postMessage('held'); Atomics.wait(s, 2, 1);`,
      { eval: true },
    );
    await new Promise((r) => holder.once('message', r));
    await holder.terminate();
    const state = new Int32Array(getEnvironmentData('nixify:wasm-tiering') as SharedArrayBuffer);
    assert.deepEqual([...state], [1, 1, 1]);

    let t = Date.now();
    assert.equal(
      compileWithTierUp(() => 'scan'),
      'scan',
    );
    assert.equal(await compileBaselineOnly(async () => 'parser'), 'parser');
    assert.ok(Date.now() - t < 10_000, `took ${Date.now() - t} ms`);
    assert.deepEqual([...state], [1, 1, 1], 'a caller without the lock touches nothing');

    releaseExitedThread();
    assert.deepEqual([state[0], state[2]], [0, 0]);
    t = Date.now();
    assert.equal(await compileBaselineOnly(async () => compileWithTierUp(() => 'both')), 'both');
    assert.ok(Date.now() - t < 1000, `with the lock free: ${Date.now() - t} ms`);
    assert.deepEqual([state[0], state[2]], [0, 0]);
  });
});

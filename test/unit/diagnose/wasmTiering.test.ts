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

/** Runs the probe in one order: whether the scan's loops were compiled by Liftoff (the scan was made) and by TurboFan. */
function probe(order: string): Promise<{ made: boolean; tieredUp: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--trace-wasm-compilation-times', '--import', 'tsx', join(__dirname, 'wasmTiering.probe.ts'), order], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (err += b));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`probe ${order} exited ${code}: ${err}`));
      const seen = new Set<string>();
      for (const [, fn, tier, size] of out.matchAll(/^Compiled function 0x[0-9a-f]+#(\d+) using (Liftoff|TurboFan)\b.*\bbodysize (\d+)/gm)) seen.add(`${tier} ${fn}:${size}`);
      resolve({ made: SCAN_LOOPS.every((f) => seen.has(`Liftoff ${f.i}:${f.size}`)), tieredUp: SCAN_LOOPS.some((f) => seen.has(`TurboFan ${f.i}:${f.size}`)) });
    });
  });
}

describe('the log scan tiers up whatever the parsers compile around it (V8 trace, a child each)', { concurrency: true }, () => {
  for (const order of ['parsers-then-scan', 'scan-during-compile', 'scan-during-worker-compile', 'compile-after-scan']) {
    it(order, async () => assert.deepEqual(await probe(order), { made: true, tieredUp: true }));
  }
  it('control: --liftoff-only set behind its back, the trace shows no tier-up', async () => assert.deepEqual(await probe('liftoff-only-behind-its-back'), { made: true, tieredUp: false }));
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

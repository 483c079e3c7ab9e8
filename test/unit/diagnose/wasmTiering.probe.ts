// Child of wasmTiering.test.ts, run with V8's --trace-wasm-compilation-times: makes the log scan in one order of
// compiles (argv[2]) and runs it hot; the trace (this process's stdout) shows whether its functions tiered up.
// Orders: `parsers-then-scan` (the CLI's and the language server's: the real parsers compiled baseline-only, then a
// log diagnosed), `scan-during-compile` (the scan made while a baseline-only compile of this thread is in flight),
// `scan-during-worker-compile` (while one of another thread is: the language server's analysis thread),
// `compile-after-scan` (a parser compiled after the scan, as the Rust grammar is for a build script's panic), and the
// control `liftoff-only-behind-its-back` (the flag set without wasmTiering.ts knowing: a scan that cannot tier up).
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { Diagnoser } from '../../../server/src/diagnose/diagnoser';
import { compileParsersBaselineOnly, initParsers } from '../../../server/src/parse/treeSitter';
import { compileBaselineOnly } from '../../../server/src/parse/wasmTiering';

const order = process.argv[2];

/** A log of 24 MB diagnosed: the scan runs hot over every byte (lines no rule reads, so the scan is most of the work). */
function diagnoseHot(): void {
  const line = Buffer.from(`${'x'.repeat(250)}\n`);
  const chunk = Buffer.concat(Array(4096).fill(line));
  const d = new Diagnoser({});
  for (let i = 0; i < 24; i++) d.push(chunk);
  d.end();
}

/** A baseline-only compile on a worker thread, held in flight until released through `gate` ([0]: 1 in flight, [1]: 1 released). */
function workerCompile(gate: Int32Array): Promise<void> {
  const code = `require('tsx/cjs'); const { workerData: g } = require('node:worker_threads');
    const { compileBaselineOnly } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'server', 'src', 'parse', 'wasmTiering.ts'))});
    compileBaselineOnly(async () => { Atomics.store(g, 0, 1); Atomics.notify(g, 0); while (!Atomics.load(g, 1)) await new Promise((r) => setTimeout(r, 5)); });`;
  const w = new Worker(code, { eval: true, workerData: gate });
  return new Promise((resolve, reject) => w.on('exit', () => resolve()).on('error', reject));
}

async function main(): Promise<void> {
  const held = () => new Promise((r) => setTimeout(r, 20));
  if (order === 'parsers-then-scan') {
    compileParsersBaselineOnly();
    await initParsers();
  } else if (order === 'scan-during-compile') {
    await compileBaselineOnly(async () => {
      diagnoseHot();
      await held();
    });
  } else if (order === 'scan-during-worker-compile') {
    const gate = new Int32Array(new SharedArrayBuffer(8));
    const done = workerCompile(gate);
    // Only a hang guard: a worker starting on a loaded machine (tsx compiling its sources) takes seconds, not minutes.
    if (Atomics.wait(gate, 0, 0, 300_000) === 'timed-out') throw new Error('the worker never compiled');
    diagnoseHot();
    Atomics.store(gate, 1, 1);
    await done;
  } else if (order === 'compile-after-scan') {
    diagnoseHot();
    await compileBaselineOnly(held);
  } else if (order === 'liftoff-only-behind-its-back') {
    setFlagsFromString('--liftoff-only');
  } else throw new Error(`unknown order ${order}`);
  diagnoseHot();
  // A function that tiers up is compiled by TurboFan in the background, and its trace line comes when that ends: the
  // parent watches the trace and closes stdin once it has what it waits for (the line, or for the control its grace
  // after this marker). The timer is a backstop for a parent that never does.
  process.stderr.write('nixify-probe: hot\n');
  const backstop = setTimeout(() => process.exit(3), 600_000);
  process.stdin.on('close', () => clearTimeout(backstop)).resume();
}

void main();

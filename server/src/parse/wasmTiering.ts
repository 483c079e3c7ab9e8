// V8's wasm tiering, set by the process for its own wasm: the parsers (tree-sitter) are compiled by the baseline
// compiler (Liftoff) alone, and the log scan (diagnose/wasmScan.ts) tiers up to the optimising compiler. The flags are
// V8's and process-wide: `--liftoff-only` turns V8's tier-up flags off, and turning it off again does not turn them back
// on. A module does not keep the tiering it was compiled under: on Node 20 a module compiled under `--liftoff-only`
// tiers up to TurboFan once the tier-up flags are set back, however long after its compile (the flags are read while
// its code runs). So tier-up comes back only where wasm that needs it is compiled (the log scan, in a process that
// diagnoses a log), and there the parsers tier up too; a process that only parses Cargo and Nix files keeps its parsers
// on Liftoff.
//
// The language server compiles parsers on two threads (the analysis thread has its own), and the flags are the
// process's, not a thread's: what is in flight is counted once for the process, in memory every thread shares
// (worker_threads' environment data hands a SharedArrayBuffer to each worker started after this module loaded), and
// the flags change under a lock in it. A thread's own count let one thread's compile end (`--no-liftoff-only`) in the
// middle of another's, and let the log scan compile under another thread's `--liftoff-only`: a scan that never tiered up.
import { setFlagsFromString } from 'node:v8';
import { getEnvironmentData, setEnvironmentData } from 'node:worker_threads';

const KEY = 'nixify:wasm-tiering';
/** Baseline-only compiles in flight in the process; 1 while V8's tier-up flags are off; the lock. */
const IN_FLIGHT = 0;
const TIER_UP_OFF = 1;
const LOCK = 2;

const state = (() => {
  let buf = getEnvironmentData(KEY) as SharedArrayBuffer | undefined;
  if (!(buf instanceof SharedArrayBuffer)) {
    buf = new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT);
    setEnvironmentData(KEY, buf);
  }
  return new Int32Array(buf);
})();

/**
 * The longest a thread waits for the lock. It is held for a flag change or one synchronous compile, milliseconds; a
 * thread that dies holding it (terminated, out of memory: its `finally` never runs) would otherwise leave every other
 * thread spinning for good, so past this a caller compiles without touching the flags instead of hanging.
 */
const LOCK_WAIT_MS = 2000;

/** Runs `f` holding the process's lock on the flags (never across an await); `undefined` if the lock was not had in time. */
function locked<T>(f: () => T): { value: T } | undefined {
  const until = Date.now() + LOCK_WAIT_MS;
  while (Atomics.compareExchange(state, LOCK, 0, 1) !== 0) {
    if (Date.now() >= until) return undefined;
    Atomics.wait(state, LOCK, 1, 5);
  }
  try {
    return { value: f() };
  } finally {
    Atomics.store(state, LOCK, 0);
    Atomics.notify(state, LOCK, 1);
  }
}

/** This thread's own baseline-only compiles in flight: what is left of the process's count once every other thread is gone. */
let ownInFlight = 0;

/**
 * For the owner of the process's only other compiling thread (the language server's analysis thread), once that
 * thread has exited: what it held dies with it. A thread killed mid-compile never gave back its count, which would keep
 * `--liftoff-only` on for the rest of the process (the log scan on Liftoff), nor the lock if it held it. The count is
 * set to this thread's own and the lock freed (no other thread is left to hold it); the flag follows the count.
 */
export function releaseExitedThread(): void {
  const before = Atomics.exchange(state, IN_FLIGHT, ownInFlight);
  if (before > 0 && ownInFlight === 0) setFlagsFromString('--no-liftoff-only');
  Atomics.store(state, LOCK, 0);
  Atomics.notify(state, LOCK);
}

const TIER_UP = ['--wasm-tier-up', '--wasm-dynamic-tiering'];

/** Compiles `load`'s wasm with Liftoff alone (the flag is left as it was before once every such compile in the process ends). */
export async function compileBaselineOnly<T>(load: () => Promise<T>): Promise<T> {
  // Without the lock (a dead holder) the parsers compile as the flags stand: slower to start, never hung.
  const counted = locked(() => {
    if (Atomics.add(state, IN_FLIGHT, 1) === 0) setFlagsFromString('--liftoff-only');
    Atomics.store(state, TIER_UP_OFF, 1);
    ownInFlight++;
  });
  try {
    return await load();
  } finally {
    if (counted) {
      ownInFlight--;
      // Not given back if the lock is lost meanwhile: releaseExitedThread() resets the count from ownInFlight.
      locked(() => {
        if (Atomics.sub(state, IN_FLIGHT, 1) === 1) setFlagsFromString('--no-liftoff-only');
      });
    }
  }
}

/**
 * Compiles wasm whose speed matters more than its compile (`compile` compiles synchronously): with V8's tier-up flags
 * on. With baseline-only compiles in flight (on any thread) the flags are on for this compile alone and then as those
 * compiles need them; otherwise they stay on.
 */
export function compileWithTierUp<T>(compile: () => T): T {
  // Without the lock (a dead holder) the scan compiles as the flags stand rather than hang the diagnosis.
  const done = locked(() => {
    if (!Atomics.load(state, TIER_UP_OFF)) return compile();
    const inFlight = Atomics.load(state, IN_FLIGHT) > 0;
    if (inFlight) setFlagsFromString('--no-liftoff-only');
    for (const flag of TIER_UP) setFlagsFromString(flag);
    try {
      return compile();
    } finally {
      if (inFlight) setFlagsFromString('--liftoff-only');
      else Atomics.store(state, TIER_UP_OFF, 0);
    }
  });
  return done ? done.value : compile();
}

// V8's wasm tiering, set by the process for its own wasm: the parsers (tree-sitter) are compiled by the baseline
// compiler (Liftoff) alone, and the log scan (diagnose/wasmScan.ts) tiers up to the optimising compiler. The flags are
// V8's and process-wide, and read at run time too: `--liftoff-only` turns V8's tier-up flags off, turning it off again
// does not turn them back on, and once they are back on every module tiers up, the parsers' too. So tier-up comes back
// only where wasm that needs it is compiled (the log scan, in a process that diagnoses a log); a process that only
// parses Cargo and Nix files keeps its parsers on Liftoff.
import { setFlagsFromString } from 'node:v8';

let compiling = 0;
let baselineSet = false;

/** Compiles `load`'s wasm with Liftoff alone (the flag is left as it was before once every such compile ends). */
export async function compileBaselineOnly<T>(load: () => Promise<T>): Promise<T> {
  if (compiling++ === 0) setFlagsFromString('--liftoff-only');
  baselineSet = true;
  try {
    return await load();
  } finally {
    if (--compiling === 0) setFlagsFromString('--no-liftoff-only');
  }
}

/** Before compiling wasm whose speed matters more than its compile: V8's tier-up flags back on, if they were turned off. */
export function allowTierUp(): void {
  if (!baselineSet || compiling) return;
  for (const flag of ['--wasm-tier-up', '--wasm-dynamic-tiering']) setFlagsFromString(flag);
  baselineSet = false;
}

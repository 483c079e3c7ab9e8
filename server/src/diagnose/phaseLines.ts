// The failing step's phase headers and hooks as the prefilter meets them: a
// long build prints the same few (`name> Running phase: buildPhase`,
// `Executing cargoBuildHook`) for each derivation, and the effect of one on the
// step (failingStep.ts's headerEffect) is a function of its text, which is a
// function of its bytes (diagnoser.ts's phaseLine reads it so only where the
// mask and position — also the bytes' — allow). So a header's bytes seen
// before give its effect back without decoding or matching it again.
import type { HeaderEffect } from './failingStep';

/** Longer lines are not remembered (no header is near it; a line of that size is read as any other). */
const MAX_BYTES = 256;
/** Distinct header lines kept; past that the memo starts again (a build of many thousands of derivations). */
const MAX_LINES = 512;

interface Entry {
  bytes: Buffer;
  effect: HeaderEffect;
}

export class PhaseLines {
  private readonly byHash = new Map<number, Entry[]>();
  private size = 0;

  /** The effect remembered for exactly the bytes data[start, end), or undefined when they were not seen. */
  effect(data: Buffer, start: number, end: number): HeaderEffect | undefined {
    if (end - start > MAX_BYTES) return undefined;
    const list = this.byHash.get(hash(data, start, end));
    if (list) for (const e of list) if (same(e.bytes, data, start, end)) return e.effect;
    return undefined;
  }

  /** Remembers the effect of the line data[start, end) (copied: the chunk is the caller's). */
  remember(data: Buffer, start: number, end: number, effect: HeaderEffect): void {
    if (end - start > MAX_BYTES) return;
    if (this.size >= MAX_LINES) {
      this.byHash.clear();
      this.size = 0;
    }
    const h = hash(data, start, end);
    const entry = { bytes: Buffer.from(data.subarray(start, end)), effect };
    const list = this.byHash.get(h);
    if (list) list.push(entry);
    else this.byHash.set(h, [entry]);
    this.size++;
  }
}

/**
 * A key that tells most different headers apart without reading every byte: the length and two bytes (the middle's
 * and the last's). Lines that share it are told apart by `same`, which also reads a match through once.
 */
function hash(data: Buffer, start: number, end: number): number {
  const n = end - start;
  return n === 0 ? 0 : (n << 16) | (data[start + (n >> 1)]! << 8) | data[end - 1]!;
}

function same(bytes: Buffer, data: Buffer, start: number, end: number): boolean {
  if (bytes.length !== end - start) return false;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== data[start + i]) return false;
  return true;
}

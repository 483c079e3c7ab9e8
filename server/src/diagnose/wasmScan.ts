// The prefilter's marker scan (prefilter.ts) in WebAssembly SIMD: the same
// hits, ascending, with the same masks, found 16 bytes at a time
// (wasm/markerScan.c says how). Node ≥ 16.4 runs wasm SIMD; where the module
// cannot be compiled or instantiated, `wasmMarkerScanner` returns undefined and
// the caller keeps the JavaScript scan.
//
// Bytes go through the module's memory a piece at a time (a fixed piece plus
// the longest marker's tail, so a marker across two pieces is found where it
// starts), and hits come back in fixed arrays: the module's memory does not
// grow with the chunk or the log.
import type { ByteScanner, Marker } from './prefilter';
import { MARKER_SCAN_WASM } from './wasm/markerScanWasm';
import { LOG_BYTE_FREQUENCY } from './wasm/logByteFrequency';
import { compileWithTierUp } from '../parse/wasmTiering';

/** What this file uses of the WebAssembly API (the core's TypeScript libraries do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

interface Exports {
  memory: { buffer: ArrayBuffer };
  piece_ptr(): number;
  pool_ptr(): number;
  hit_pos_ptr(): number;
  hit_mask_ptr(): number;
  hit_slot_ptr(): number;
  hit_len_ptr(): number;
  hit_gen_ptr(): number;
  piece_size(): number;
  max_marker(): number;
  pool_size(): number;
  max_markers(): number;
  max_hits(): number;
  resume(): number;
  reset(esc: number): void;
  buckets(): number;
  fingerprint(): number;
  add_marker(off: number, len: number, mask: number, bucket: number, remember: number): number;
  scan(from: number, end: number, bound: number, base: number): number;
}

/** Printable ASCII (0x20–0x7e) taken as equally likely. */
const PRINTABLE = Array.from({ length: 256 }, (_, v) => (v >= 0x20 && v <= 0x7e ? 1 : 0));

/**
 * The weight of the bytes whose low nibble is in the set `lo` and high nibble
 * in `hi` (16-bit sets): the sum of their per-byte likelihoods, unnormalised
 * (with the log table, occurrences per million; only its ratios to other
 * weights matter). Per high nibble, the sums over the low nibbles' two halves
 * are tabled (16 × 2 × 256), so a weight is at most 16 lookups — a scan is made
 * in every process that diagnoses, so this is on the first diagnostics' path.
 */
function nibbleWeights(frequency: ArrayLike<number>): (lo: number, hi: number) => number {
  const low = new Float64Array(16 * 256);
  const high = new Float64Array(16 * 256);
  for (let h = 0; h < 16; h++)
    for (let set = 0; set < 256; set++)
      for (let n = 0; n < 8; n++) {
        if (!(set & (1 << n))) continue;
        low[h * 256 + set]! += frequency[h * 16 + n]!;
        high[h * 256 + set]! += frequency[h * 16 + 8 + n]!;
      }
  return (lo, hi) => {
    let out = 0;
    for (let h = 0; h < 16; h++) if (hi & (1 << h)) out += low[h * 256 + (lo & 255)]! + high[h * 256 + (lo >> 8)]!;
    return out;
  };
}

/**
 * Spreads markers over the Teddy buckets so that few positions of ordinary
 * text pass some bucket's tables. A bucket passes a byte at fingerprint
 * position k when its low-nibble table has the byte's low nibble and its
 * high-nibble table its high one: the product of the two sets, which grows
 * fastest when a bucket mixes markers of unrelated bytes. Greedy: each marker
 * goes to the bucket whose pass rate over the fingerprint grows least by
 * taking it; markers sharing their first bytes go in one after the other, so
 * they land together. A byte's likelihood is `frequency` (per byte value, how
 * often logs hold it: bytes frequent in logs cost a bucket more), else
 * printable ASCII's taken as equally likely. Past a short marker's end its
 * bucket passes every byte (markerScan.c's add_marker).
 */
export function assignBuckets(markers: readonly Uint8Array[], buckets: number, fingerprint: number, frequency: ArrayLike<number> = PRINTABLE): number[] {
  const weight = nibbleWeights(frequency);
  // Per bucket and fingerprint byte, the low and high nibbles (16-bit sets) of its markers' bytes, and the weight they pass.
  const lo = Array.from({ length: buckets }, () => new Array<number>(fingerprint).fill(0));
  const hi = Array.from({ length: buckets }, () => new Array<number>(fingerprint).fill(0));
  const passes = Array.from({ length: buckets }, () => new Array<number>(fingerprint).fill(0));
  // A marker's nibble bits per fingerprint byte (past its end, all 16).
  const mlo = markers.map((m) => Array.from({ length: fingerprint }, (_, k) => (k < m.length ? 1 << (m[k]! & 15) : 0xffff)));
  const mhi = markers.map((m) => Array.from({ length: fingerprint }, (_, k) => (k < m.length ? 1 << (m[k]! >> 4) : 0xffff)));
  /** The bucket's pass rate, unnormalised (a product of weights), were it to take marker `i`: only the bytes whose nibble sets the marker widens are summed again. */
  const passRateWith = (b: number, i: number) => {
    let rate = 1;
    for (let k = 0; k < fingerprint; k++) {
      const l = lo[b]![k]!;
      const h = hi[b]![k]!;
      const l2 = l | mlo[i]![k]!;
      const h2 = h | mhi[i]![k]!;
      rate *= l2 === l && h2 === h ? passes[b]![k]! : weight(l2, h2);
    }
    return rate;
  };
  const keys = markers.map((m) => String.fromCharCode(...m.subarray(0, fingerprint)));
  const order = markers.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b));
  const rates = Array.from({ length: buckets }, () => 0);
  const out = new Array<number>(markers.length).fill(0);
  for (const i of order) {
    let best = 0;
    let bestGrowth = Infinity;
    for (let b = 0; b < buckets; b++) {
      const growth = passRateWith(b, i) - rates[b]!;
      // (Strictly less, no epsilon: a pass rate here is a product of eight unnormalised weights,
      // up to about (10^6)^8 with the log table and 95^8 with printable ASCII, so no fixed epsilon fits.)
      if (growth < bestGrowth) {
        best = b;
        bestGrowth = growth;
      }
    }
    let rate = 1;
    for (let k = 0; k < fingerprint; k++) {
      lo[best]![k]! |= mlo[i]![k]!;
      hi[best]![k]! |= mhi[i]![k]!;
      rate *= passes[best]![k] = weight(lo[best]![k]!, hi[best]![k]!);
    }
    rates[best] = rate;
    out[i] = best;
  }
  return out;
}

export class WasmMarkerScanner implements ByteScanner {
  hits: Int32Array = new Int32Array(1024);
  hitMasks: Int32Array = new Int32Array(1024);
  hitSlots: Int32Array = new Int32Array(1024);
  hitLens: Int32Array = new Int32Array(1024);
  hitGens: Float64Array = new Float64Array(1024);
  private readonly piece: Uint8Array;
  private readonly hitPos: Int32Array;
  private readonly hitMask: Int32Array;
  private readonly hitSlot: Int32Array;
  private readonly hitLen: Int32Array;
  private readonly hitGen: Float64Array;
  private readonly pieceSize: number;
  /** The piece as a Buffer, for writing a decoded line's UTF-8 into it (textMasks). */
  private readonly pieceBytes: Buffer;
  /** How many bytes after a piece a marker starting in it can reach. */
  private readonly tail: number;
  /** The module's fingerprint length and Teddy bucket count (bench/diagnose/scanCost.ts models its tables by them). */
  readonly fingerprint: number;
  readonly buckets: number;

  constructor(
    private readonly x: Exports,
    markers: readonly Marker[],
    escMask: number,
  ) {
    const bytes = markers.map((m) => Buffer.from(m.text, 'latin1'));
    const maxLen = Math.max(...bytes.map((b) => b.length));
    if (Math.min(...bytes.map((b) => b.length)) < 4 || maxLen > x.max_marker()) throw new Error(`prefilter markers must be 4 to ${x.max_marker()} bytes long`);
    if (markers.length > x.max_markers() || bytes.reduce((n, b) => n + b.length, 0) > x.pool_size()) throw new Error('too many prefilter markers for the wasm scan');
    x.reset(escMask);
    const pool = new Uint8Array(x.memory.buffer, x.pool_ptr(), x.pool_size());
    this.fingerprint = x.fingerprint();
    this.buckets = x.buckets();
    const buckets = assignBuckets(bytes, this.buckets, this.fingerprint, LOG_BYTE_FREQUENCY);
    // The module reports a remembered line's other hits from memory: only right when none can reach past its newline.
    const remember = markers.every((m) => !m.text.includes('\n'));
    let off = 0;
    bytes.forEach((b, i) => {
      pool.set(b, off);
      if (!x.add_marker(off, b.length, markers[i]!.mask, buckets[i]!, remember && markers[i]!.remember ? 1 : 0)) throw new Error('the wasm scan refused a marker');
      off += b.length;
    });
    this.pieceSize = x.piece_size();
    this.tail = maxLen - 1;
    this.piece = new Uint8Array(x.memory.buffer, x.piece_ptr(), this.pieceSize + x.max_marker());
    this.pieceBytes = Buffer.from(x.memory.buffer, x.piece_ptr(), this.pieceSize);
    const maxHits = x.max_hits();
    this.hitPos = new Int32Array(x.memory.buffer, x.hit_pos_ptr(), maxHits);
    this.hitMask = new Int32Array(x.memory.buffer, x.hit_mask_ptr(), maxHits);
    this.hitSlot = new Int32Array(x.memory.buffer, x.hit_slot_ptr(), maxHits);
    this.hitLen = new Int32Array(x.memory.buffer, x.hit_len_ptr(), maxHits);
    this.hitGen = new Float64Array(x.memory.buffer, x.hit_gen_ptr(), maxHits);
  }

  /** Every marker start and ESC in [from, to), ascending, into `hits`/`hitMasks`; returns how many. */
  all(buf: Uint8Array, from: number, to: number): number {
    const x = this.x;
    let count = 0;
    for (let s = from; s < to; s += this.pieceSize) {
      const copyEnd = Math.min(to, s + this.pieceSize + this.tail);
      this.piece.set(buf.subarray(s, copyEnd));
      const end = Math.min(this.pieceSize, to - s);
      let at = 0;
      while (at < end) {
        const n = x.scan(at, end, copyEnd - s, s);
        if (count + n > this.hits.length) this.grow(count + n);
        this.hits.set(this.hitPos.subarray(0, n), count);
        this.hitMasks.set(this.hitMask.subarray(0, n), count);
        this.hitSlots.set(this.hitSlot.subarray(0, n), count);
        this.hitLens.set(this.hitLen.subarray(0, n), count);
        this.hitGens.set(this.hitGen.subarray(0, n), count);
        count += n;
        at = x.resume();
      }
    }
    return count;
  }

  /**
   * The union of the masks of every marker in a decoded line, as
   * MarkerScanner.masksIn gives them: the line's UTF-8 is written into the
   * piece and scanned there (markers are ASCII, and UTF-8 spells no other
   * character with ASCII bytes, so a marker is in the bytes where it is in the
   * text). ESC counts as no marker (the scanner is made with escMask 0 for
   * this) and hits are not copied out. -1: longer than a piece can surely hold.
   * Only for a scanner whose markers remember no line (the slots are the byte scan's).
   */
  textMasks(text: string): number {
    if (text.length * 3 > this.pieceSize) return -1;
    const len = utf8Write(this.pieceBytes, text);
    const x = this.x;
    const masks = this.hitMask;
    let out = 0;
    for (let at = 0; at < len; at = x.resume()) {
      const n = x.scan(at, len, len, 0);
      for (let k = 0; k < n; k++) out |= masks[k]!;
    }
    return out;
  }

  private grow(need: number): void {
    let size = this.hits.length * 2;
    while (size < need) size *= 2;
    const more = <T extends Int32Array | Float64Array>(a: T, b: T): T => (b.set(a), b);
    this.hits = more(this.hits, new Int32Array(size));
    this.hitMasks = more(this.hitMasks, new Int32Array(size));
    this.hitSlots = more(this.hitSlots, new Int32Array(size));
    this.hitLens = more(this.hitLens, new Int32Array(size));
    this.hitGens = more(this.hitGens, new Float64Array(size));
  }
}

/** Buffer#utf8Write(string, offset, length), which Buffer#write ends in after checking its arguments; write where it is missing. */
const UTF8_WRITE = typeof (Buffer.prototype as { utf8Write?: unknown }).utf8Write === 'function';
function utf8Write(buf: Buffer, text: string): number {
  return UTF8_WRITE ? (buf as unknown as { utf8Write(s: string, offset: number, length: number): number }).utf8Write(text, 0, buf.length) : buf.write(text, 0, 'utf8');
}

let compiled: object | null | undefined;

/** A wasm scan over these markers, or undefined where this runtime cannot run the module (no WebAssembly, no SIMD). */
export function wasmMarkerScanner(markers: readonly Marker[], escMask: number): WasmMarkerScanner | undefined {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (compiled === undefined) {
    try {
      compiled = api ? compileWithTierUp(() => new api.Module(Buffer.from(MARKER_SCAN_WASM, 'base64'))) : null;
    } catch {
      compiled = null;
    }
  }
  if (!compiled || !api) return undefined;
  const instance = new api.Instance(compiled, {});
  return new WasmMarkerScanner(instance.exports as Exports, markers, escMask);
}

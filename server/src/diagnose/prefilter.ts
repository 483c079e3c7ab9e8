// The byte-level prefilter: finds, in raw log bytes, every occurrence of any
// marker (a byte string some rule or the framing cares about) without
// decoding anything. Multi-pattern search in the manner of Wu and Manber
// (1994): a table over 3-byte blocks (hashed to 16 bits) says how far the
// window can jump when the block at its end cannot end a marker's first
// `min` bytes, so most positions of a log are never looked at; candidates
// whose first block can start a marker are then compared byte for byte.
// Blocks of three rather than two: with some eighty markers made of common
// words, most 2-byte blocks of English text end some marker's prefix and the
// window crawls; few 3-byte ones do. ESC (colour codes, which may split a
// marker) is found with the native single-byte search.
//
// Measured (bench:diagnose, 200 MB): each window step waits for the previous
// step's table lookup (≈ 6 ns a step, ≈ 0.37 steps a byte on build logs), so
// one window over the bytes is already as slow as Node decoding and splitting
// the whole file; four windows over the four quarters of a chunk, advanced in
// the same loop, take a half to a third of that. Neither a regular-expression alternation over a
// latin1 copy nor Buffer.indexOf per marker is faster.

/** A marker and the set of rules (a bit mask) it concerns. */
export interface Marker {
  text: string;
  mask: number;
  /** Its hits' lines are worth remembering (a scan that can tells which repeat a line it has seen). */
  remember?: boolean;
}

const B = 3;
const HASH_BITS = 16;
const hash = (a: number, b: number, c: number) => ((a << 10) ^ (b << 5) ^ c) & ((1 << HASH_BITS) - 1);

/** A scan of raw bytes for markers: what the diagnoser's prefilter needs of one. */
export interface ByteScanner {
  /** Offsets of the hits `all` found, ascending, and their masks. */
  readonly hits: Int32Array;
  readonly hitMasks: Int32Array;
  /** Every marker start and ESC in [from, to), ascending, into `hits`/`hitMasks`; returns how many. */
  all(buf: Uint8Array, from: number, to: number): number;
  /**
   * Per hit of a `remember` marker (where the scan keeps lines; absent where
   * it does not): the line from the hit to its newline is `hitLens[k]` bytes and
   * identical to every other hit's line with the same slot and store count
   * (`hitSlots[k]`, `hitGens[k]`); slot -1: not known.
   */
  readonly hitSlots?: Int32Array;
  readonly hitLens?: Int32Array;
  readonly hitGens?: Float64Array;
}

export class MarkerScanner implements ByteScanner {
  /** Shortest marker length; only each marker's first `min` bytes drive the shifts. */
  private readonly min: number;
  private readonly shift: Uint8Array;
  /** 1 where some marker's first 3 bytes hash: a window whose start block is not one holds no marker. */
  private readonly first: Uint8Array;
  /** Block hash (of a marker's `min`-byte prefix end) → markers ending their prefix with it. */
  private readonly byBlock: ({ bytes: Uint8Array; mask: number }[] | undefined)[] = [];

  constructor(
    markers: readonly Marker[],
    /** Mask reported for a line with an ESC byte. */
    private readonly escMask: number,
  ) {
    const bytes = markers.map((m) => ({ bytes: Buffer.from(m.text, 'latin1'), mask: m.mask }));
    this.min = Math.min(...bytes.map((b) => b.bytes.length));
    if (this.min < B + 1) throw new Error(`prefilter markers must be at least ${B + 1} bytes long`);
    this.shift = new Uint8Array(1 << HASH_BITS).fill(this.min - B + 1);
    this.first = new Uint8Array(1 << HASH_BITS);
    for (const p of bytes) {
      const b = p.bytes;
      this.first[hash(b[0]!, b[1]!, b[2]!)] = 1;
      for (let j = B - 1; j < this.min; j++) {
        const h = hash(b[j - 2]!, b[j - 1]!, b[j]!);
        const s = this.min - 1 - j;
        if (s < this.shift[h]!) this.shift[h] = s;
      }
      const end = hash(b[this.min - 3]!, b[this.min - 2]!, b[this.min - 1]!);
      (this.byBlock[end] ??= []).push(p);
    }
  }

  /** Offsets of the hits `all` found, ascending, and their masks. */
  hits: Int32Array = new Int32Array(1024);
  hitMasks: Int32Array = new Int32Array(1024);
  private count = 0;
  /** Hits of the second, third and fourth windows (offset, mask, offset, mask …), appended after the first's. */
  private readonly later: number[][] = [[], [], []];

  /**
   * Every marker start in [from, to) and every ESC in it, ascending, into
   * `hits`/`hitMasks` (a position holding several markers appears once, with
   * their union); returns how many. Each window step waits for the previous
   * one's table lookup, so four windows walk the four quarters of the range
   * in the same loop: the processor overlaps their lookups.
   */
  all(buf: Uint8Array, from: number, to: number): number {
    const { shift, first } = this;
    // A window end minus m1 is its start; only a start block that can begin a marker is compared.
    const m1 = this.min - 1;
    const q = (to - from) >> 2;
    // Window ends: a, b, c, d for marker starts in the first, second, third, last quarter.
    let a = from + m1;
    let b = from + q + m1;
    let c = from + 2 * q + m1;
    let d = from + 3 * q + m1;
    const aEnd = Math.min(b, to);
    const bEnd = Math.min(c, to);
    const cEnd = Math.min(d, to);
    this.count = 0;
    for (const l of this.later) l.length = 0;
    while (a < aEnd && b < bEnd && c < cEnd && d < to) {
      const sa = shift[((buf[a - 2]! << 10) ^ (buf[a - 1]! << 5) ^ buf[a]!) & 0xffff]!;
      const sb = shift[((buf[b - 2]! << 10) ^ (buf[b - 1]! << 5) ^ buf[b]!) & 0xffff]!;
      const sc = shift[((buf[c - 2]! << 10) ^ (buf[c - 1]! << 5) ^ buf[c]!) & 0xffff]!;
      const sd = shift[((buf[d - 2]! << 10) ^ (buf[d - 1]! << 5) ^ buf[d]!) & 0xffff]!;
      if (sa) a += sa;
      else if (first[((buf[a - m1]! << 10) ^ (buf[a - m1 + 1]! << 5) ^ buf[a - m1 + 2]!) & 0xffff]) this.verify(buf, a++, to, 0);
      else a++;
      if (sb) b += sb;
      else if (first[((buf[b - m1]! << 10) ^ (buf[b - m1 + 1]! << 5) ^ buf[b - m1 + 2]!) & 0xffff]) this.verify(buf, b++, to, 1);
      else b++;
      if (sc) c += sc;
      else if (first[((buf[c - m1]! << 10) ^ (buf[c - m1 + 1]! << 5) ^ buf[c - m1 + 2]!) & 0xffff]) this.verify(buf, c++, to, 2);
      else c++;
      if (sd) d += sd;
      else if (first[((buf[d - m1]! << 10) ^ (buf[d - m1 + 1]! << 5) ^ buf[d - m1 + 2]!) & 0xffff]) this.verify(buf, d++, to, 3);
      else d++;
    }
    this.walk(buf, a, aEnd, to, 0);
    this.walk(buf, b, bEnd, to, 1);
    this.walk(buf, c, cEnd, to, 2);
    this.walk(buf, d, to, to, 3);
    for (const l of this.later) for (let k = 0; k < l.length; k += 2) this.push(l[k]!, l[k + 1]!);
    // ESC (native single-byte search), merged in order.
    let esc = Buffer.prototype.indexOf.call(buf, 27, from) as number;
    if (esc === -1 || esc >= to) return this.count;
    const n = this.count;
    const pos = this.hits.slice(0, n);
    const masks = this.hitMasks.slice(0, n);
    this.count = 0;
    let k = 0;
    while (k < n || (esc !== -1 && esc < to)) {
      if (esc !== -1 && esc < to && (k >= n || esc < pos[k]!)) {
        this.push(esc, this.escMask);
        esc = Buffer.prototype.indexOf.call(buf, 27, esc + 1) as number;
      } else {
        this.push(pos[k]!, masks[k]!);
        k++;
      }
    }
    return this.count;
  }

  /** One window alone from window end `w` up to `end` (what the four-window loop left). */
  private walk(buf: Uint8Array, w: number, end: number, to: number, window: number): void {
    const { shift, first } = this;
    const m1 = this.min - 1;
    while (w < end) {
      const s = shift[((buf[w - 2]! << 10) ^ (buf[w - 1]! << 5) ^ buf[w]!) & 0xffff]!;
      if (s) w += s;
      else if (first[((buf[w - m1]! << 10) ^ (buf[w - m1 + 1]! << 5) ^ buf[w - m1 + 2]!) & 0xffff]) this.verify(buf, w++, to, window);
      else w++;
    }
  }

  /** Compares the markers whose prefix ends at window end `pos`; records a hit. */
  private verify(buf: Uint8Array, pos: number, to: number, window: number): void {
    const start = pos - this.min + 1;
    let mask = 0;
    for (const p of this.byBlock[((buf[pos - 2]! << 10) ^ (buf[pos - 1]! << 5) ^ buf[pos]!) & 0xffff]!) {
      const b = p.bytes;
      if (start + b.length > to) continue;
      let k = 0;
      while (k < b.length && buf[start + k] === b[k]) k++;
      if (k === b.length) mask |= p.mask;
    }
    if (!mask) return;
    if (window === 0) this.push(start, mask);
    else this.later[window - 1]!.push(start, mask);
  }

  private push(at: number, mask: number): void {
    if (this.count === this.hits.length) [this.hits, this.hitMasks] = [grow(this.hits), grow(this.hitMasks)];
    this.hits[this.count] = at;
    this.hitMasks[this.count++] = mask;
  }

  /**
   * The union of the masks of every marker in a decoded line (its UTF-16 code
   * units: markers are ASCII, so a match is the same as in its bytes).
   */
  masksIn(text: string): number {
    const { shift, byBlock, min } = this;
    let out = 0;
    let pos = min - 1;
    while (pos < text.length) {
      const h = (((text.charCodeAt(pos - 2) & 0xff) << 10) ^ ((text.charCodeAt(pos - 1) & 0xff) << 5) ^ (text.charCodeAt(pos) & 0xff)) & 0xffff;
      const s = shift[h]!;
      if (s) {
        pos += s;
        continue;
      }
      const start = pos - min + 1;
      for (const p of byBlock[h]!) {
        const b = p.bytes;
        if (start + b.length > text.length) continue;
        let k = 0;
        while (k < b.length && text.charCodeAt(start + k) === b[k]) k++;
        if (k === b.length) out |= p.mask;
      }
      pos++;
    }
    return out;
  }
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

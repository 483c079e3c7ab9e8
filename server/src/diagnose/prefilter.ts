// The byte-level prefilter: finds, in raw log bytes, the next occurrence of
// any marker (a byte string some rule or the framing cares about) without
// decoding anything. Multi-pattern search in the manner of Wu and Manber
// (1994): a table over 3-byte blocks (hashed to 16 bits) says how far the
// window can jump when the block at its end cannot end a marker's first
// `min` bytes, so most positions of a log are never looked at; candidates
// are then compared byte for byte. Blocks of three rather than two: with
// some eighty markers made of common words, most 2-byte blocks of English
// text end some marker's prefix and the window crawls; few 3-byte ones do.
// ESC (colour codes, which may split a marker) is found with the native
// single-byte search.

/** A marker and the set of rules (a bit mask) it concerns. */
export interface Marker {
  text: string;
  mask: number;
}

const B = 3;
const HASH_BITS = 16;
const hash = (a: number, b: number, c: number) => ((a << 10) ^ (b << 5) ^ c) & ((1 << HASH_BITS) - 1);

export class MarkerScanner {
  /** Shortest marker length; only each marker's first `min` bytes drive the shifts. */
  private readonly min: number;
  private readonly shift: Uint8Array;
  /** Block hash (of a marker's `min`-byte prefix end) → markers ending their prefix with it. */
  private readonly byBlock: ({ bytes: Uint8Array; mask: number }[] | undefined)[] = [];
  /** The mask of the last hit `next` or `nextIn` returned. */
  mask = 0;

  constructor(
    markers: readonly Marker[],
    /** Mask reported for a line with an ESC byte. */
    private readonly escMask: number,
  ) {
    const bytes = markers.map((m) => ({ bytes: Buffer.from(m.text, 'latin1'), mask: m.mask }));
    this.min = Math.min(...bytes.map((b) => b.bytes.length));
    if (this.min < B + 1) throw new Error(`prefilter markers must be at least ${B + 1} bytes long`);
    this.shift = new Uint8Array(1 << HASH_BITS).fill(this.min - B + 1);
    for (const p of bytes) {
      const b = p.bytes;
      for (let j = B - 1; j < this.min; j++) {
        const h = hash(b[j - 2]!, b[j - 1]!, b[j]!);
        const s = this.min - 1 - j;
        if (s < this.shift[h]!) this.shift[h] = s;
      }
      const end = hash(b[this.min - 3]!, b[this.min - 2]!, b[this.min - 1]!);
      (this.byBlock[end] ??= []).push(p);
    }
  }

  /**
   * The offset of the first marker or ESC at or after `from` (before `to`),
   * or -1; its mask is left in `this.mask`. `esc`: the caller's index of the
   * first ESC at or after `from` (-1: none).
   */
  next(buf: Uint8Array, from: number, to: number, esc: number): number {
    const limit = esc !== -1 && esc < to ? esc : to;
    const { shift, byBlock, min } = this;
    let pos = from + min - 1;
    const end = Math.min(limit + min - 1, to);
    while (pos < end) {
      const h = ((buf[pos - 2]! << 10) ^ (buf[pos - 1]! << 5) ^ buf[pos]!) & 0xffff;
      const s = shift[h]!;
      if (s) {
        pos += s;
        continue;
      }
      const start = pos - min + 1;
      let mask = 0;
      for (const p of byBlock[h]!) {
        const b = p.bytes;
        if (start + b.length > to) continue;
        let k = 0;
        while (k < b.length && buf[start + k] === b[k]) k++;
        if (k === b.length) mask |= p.mask;
      }
      if (mask && start < limit) {
        this.mask = mask;
        return start;
      }
      pos++;
    }
    if (esc !== -1 && esc < to) {
      this.mask = this.escMask;
      return esc;
    }
    return -1;
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

// The byte-level prefilter: finds, in raw log bytes, the next occurrence of
// any marker (a byte string some rule or the framing cares about) without
// decoding anything. Multi-pattern search in the manner of Wu and Manber
// (1994): a table over 2-byte blocks says how far the window can jump when
// the block at its end cannot end a marker's first `min` bytes, so most
// positions of a log are never looked at; candidates are then compared
// byte for byte. ESC (colour codes, which may split a marker) is found with
// the native single-byte search.

/** A marker and the set of rules (a bit mask) it concerns. */
export interface Marker {
  text: string;
  mask: number;
}

export interface Hit {
  /** Byte offset of the match (for ESC: of the ESC byte). */
  index: number;
  mask: number;
}

const B = 2;

export class MarkerScanner {
  /** Shortest marker length; only each marker's first `min` bytes drive the shifts. */
  private readonly min: number;
  private readonly shift: Uint8Array;
  /** Block (of a marker's `min`-byte prefix end) → markers ending their prefix with it. */
  private readonly byBlock = new Map<number, { bytes: Uint8Array; mask: number }[]>();

  constructor(
    markers: readonly Marker[],
    /** Mask reported for a line with an ESC byte. */
    private readonly escMask: number,
  ) {
    const bytes = markers.map((m) => ({ bytes: Buffer.from(m.text, 'latin1'), mask: m.mask }));
    this.min = Math.min(...bytes.map((b) => b.bytes.length));
    if (this.min < B + 1) throw new Error(`prefilter markers must be at least ${B + 1} bytes long`);
    this.shift = new Uint8Array(1 << 16).fill(this.min - B + 1);
    for (const p of bytes) {
      for (let j = B - 1; j < this.min; j++) {
        const block = p.bytes[j - 1]! | (p.bytes[j]! << 8);
        const s = this.min - 1 - j;
        if (s < this.shift[block]!) this.shift[block] = s;
      }
      const end = p.bytes[this.min - 2]! | (p.bytes[this.min - 1]! << 8);
      const list = this.byBlock.get(end) ?? [];
      list.push(p);
      this.byBlock.set(end, list);
    }
  }

  /**
   * The first marker or ESC at or after `from` (before `to`), or undefined.
   * `esc`: the caller's index of the first ESC at or after `from` (-1: none).
   */
  next(buf: Uint8Array, from: number, to: number, esc: number): Hit | undefined {
    const limit = esc !== -1 && esc < to ? esc : to;
    const { shift, byBlock, min } = this;
    let pos = from + min - 1;
    while (pos < limit + min - 1 && pos < to) {
      const s = shift[buf[pos - 1]! | (buf[pos]! << 8)]!;
      if (s) {
        pos += s;
        continue;
      }
      const start = pos - min + 1;
      let mask = 0;
      for (const p of byBlock.get(buf[pos - 1]! | (buf[pos]! << 8))!) {
        const b = p.bytes;
        if (start + b.length > to) continue;
        let k = 0;
        while (k < b.length && buf[start + k] === b[k]) k++;
        if (k === b.length) mask |= p.mask;
      }
      if (mask && start < limit) return { index: start, mask };
      pos++;
    }
    return esc !== -1 && esc < to ? { index: esc, mask: this.escMask } : undefined;
  }
}

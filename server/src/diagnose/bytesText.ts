// A line's bytes as a string. Buffer#toString(encoding, start, end) spends
// more of its time checking its arguments and looking the encoding up than
// decoding a short line (≈ 90 ns a line against ≈ 55 ns for the slice method
// it ends in: bench:diagnose decodes millions of lines); Node's Buffer has
// had those methods (utf8Slice, latin1Slice) since its first versions, and
// where a runtime lacks them toString is used.

interface Slicers {
  utf8Slice(start: number, end: number): string;
  latin1Slice(start: number, end: number): string;
}

const SLICERS = typeof (Buffer.prototype as Partial<Slicers>).utf8Slice === 'function' && typeof (Buffer.prototype as Partial<Slicers>).latin1Slice === 'function';

/** Bytes [from, to) of `data` decoded as UTF-8 (from ≤ to ≤ data.length). */
export function utf8Text(data: Buffer, from: number, to: number): string {
  return SLICERS ? (data as unknown as Slicers).utf8Slice(from, to) : data.toString('utf8', from, to);
}

/** Bytes [from, to) of `data`, one character per byte (from ≤ to ≤ data.length). */
export function latin1Text(data: Buffer, from: number, to: number): string {
  return SLICERS ? (data as unknown as Slicers).latin1Slice(from, to) : data.toString('latin1', from, to);
}

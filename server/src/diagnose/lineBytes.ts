// Lines the prefilter reads on their bytes, without decoding them, where
// decoding would give the same text: a `last N log lines` tail line, a plain
// `building '…'` line, an `-L` line's `name> ` prefix. Each answers "not that
// shape" for anything else, which is then decoded as usual.
import { latin1Text } from './bytesText';
import { drvName } from './text';

/** What screenText would change (carriage returns) or UTF-8 decoding would read differently. */
const NOT_PLAIN = /[\r\u0080-\u00ff]/;
const STORE = '/nix/store/';
/** The bytes a plain `building` line starts with. */
export const BUILDING = Buffer.from("building '", 'latin1');

/** What a plain `building '…'` line tells the decoder. */
export interface Building {
  drv: string;
  name: string;
}

/**
 * Where the text of a tail line (`  > text`) starts when bytes [start, nl) are one that reads the same as bytes and
 * as decoded text (see LogDecoder: TAIL_LINE after screenText): blanks (tab, VT, FF, space), `>`, then nothing (nl)
 * or a space and text without carriage returns or non-ASCII bytes; -1 otherwise. Read on the bytes, in one pass: no
 * string is made for the many such lines of a `last N log lines` tail, and the text is found where the test ends.
 */
export function tailTextAt(data: Buffer, start: number, nl: number): number {
  let i = start;
  for (let c = data[i]; i < nl && (c === 32 || c === 9 || c === 11 || c === 12); c = data[++i]);
  if (i === start || i >= nl || data[i] !== 62) return -1;
  if (++i === nl) return nl;
  if (data[i] !== 32) return -1;
  const at = ++i;
  for (; i < nl; i++) {
    const c = data[i]!;
    if (c === 13 || c >= 0x80) return -1;
  }
  return at;
}

/** Whether bytes [start, nl) are such a tail line (tailTextAt). */
export function tailAscii(data: Buffer, start: number, nl: number): boolean {
  return tailTextAt(data, start, nl) !== -1;
}

/**
 * Whether bytes [start, nl), read outside a tail with no ESC and no `@nix ` start, give the rules an empty text or
 * one that starts with a space or tab, all ASCII (Matcher.readsIndented): empty, or a space or tab first, no carriage
 * return or non-ASCII byte, and neither a tail's `  > …` (TAIL_LINE) nor a pasted CI prefix (` 44.88 `, which
 * stripCiPrefix takes off) after the blanks. False: read it as usual.
 */
export function indentedAscii(data: Buffer, start: number, nl: number): boolean {
  if (start === nl) return true;
  let c = data[start]!;
  if (c !== 32 && c !== 9) return false;
  let i = start + 1;
  while (i < nl && ((c = data[i]!) === 32 || c === 9 || c === 11 || c === 12)) i++;
  if (i < nl && c === 62) return false;
  if (i < nl && c >= 48 && c <= 57) {
    let j = i;
    while (j < nl && data[j]! >= 48 && data[j]! <= 57) j++;
    if (j < nl && data[j] === 46) return false;
  }
  for (; i < nl; i++) {
    c = data[i]!;
    if (c === 13 || c >= 0x80) return false;
  }
  return true;
}

/** Whether bytes [start, nl) are empty or spaces and tabs only: the decoder reads them so (Matcher.readsBlank). */
export function blankBytes(data: Buffer, start: number, nl: number): boolean {
  for (let i = start; i < nl; i++) if (data[i] !== 32 && data[i] !== 9) return false;
  return true;
}

/**
 * The derivation a `building '` line names and its name, from the line after
 * that marker read as latin1 (one character per byte), when the line reads the
 * same decoded (ASCII, no carriage return) and names a store derivation; null otherwise.
 */
export function plainBuilding(s: string): Building | null {
  const q = NOT_PLAIN.test(s) ? -1 : s.indexOf("'");
  const drv = q === -1 ? '' : s.slice(0, q);
  return drv.length <= STORE.length + 4 || !drv.startsWith(STORE) || !drv.endsWith('.drv') ? null : { drv, name: drvName(drv) };
}

/** Bytes of a derivation name `-L` prefixes (LogDecoder's L_PREFIX: [A-Za-z0-9][\w+.?=-]*). */
const NAME_BYTE = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_+.?=-') NAME_BYTE[c.charCodeAt(0)] = 1;
/** How far into a line a prefix is looked for (names are store path names, at most 211 bytes). */
export const MAX_PREFIX_SCAN = 256;
/** What the decoder reads as Nix's own messages even with a prefix. */
const NIX_PREFIX = /^(?:error|warning|note|trace)$/;
/** A line the decoder would not read as `prefix> text` as the bytes show it (a CR redraw, a U+2028/2029 separator). */
const NOT_PREFIXED = /[\r\u00e2]/;

/** Set by textStart: the prefix's name, and the text after it read as latin1. */
export const prefix = { name: '', rest: '' };

/**
 * Where the text after an `-L` line's `name> ` prefix starts, when the decoder
 * reads the line as exactly that prefix and text; -1 otherwise.
 */
export function textStart(data: Buffer, start: number, nl: number): number {
  const c = data[start]!;
  if (!((c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a))) return -1;
  let i = start + 1;
  const end = Math.min(nl, start + MAX_PREFIX_SCAN);
  while (i < end && NAME_BYTE[data[i]!]) i++;
  if (i + 1 >= nl || data[i] !== 62 || data[i + 1] !== 32) return -1;
  prefix.name = latin1Text(data, start, i);
  prefix.rest = latin1Text(data, i + 2, nl);
  if (NIX_PREFIX.test(prefix.name) || NOT_PREFIXED.test(prefix.rest)) return -1;
  return i + 2;
}

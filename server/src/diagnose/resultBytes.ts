// Nix's internal-json `result` records read on their bytes: the commonest
// record of a JSON log (one per build log line), read without decoding, a
// regular expression or JSON.parse when it has the canonical shape; and the
// `start` (without fields) and `stop` records around them, which only
// open and close an activity.
import { latin1Text } from './bytesText';

const RESULT = Buffer.from('@nix {"action":"result","fields":[', 'latin1');
const RESULT_ID = Buffer.from('],"id":', 'latin1');
const RESULT_TYPE = Buffer.from(',"type":', 'latin1');

/** Set by readResult: the record's id and type, and its string field (undefined: integers or nothing). */
export const result = { id: '', type: 0, text: undefined as string | undefined };

/** Whether `lit` is at data[at]. */
function bytesAt(data: Buffer, at: number, lit: Buffer): boolean {
  for (let k = 0; k < lit.length; k++) if (data[at + k] !== lit[k]) return false;
  return true;
}

/** The end of a JSON integer at `at` (-?(0|[1-9]\d*), `signed` or not), or -1. */
function intEnd(data: Buffer, at: number, to: number, signed: boolean): number {
  if (signed && data[at] === 45) at++;
  const c = data[at];
  if (at >= to || c === undefined || c < 48 || c > 57) return -1;
  if (c === 48) return at + 1;
  while (at < to && data[at]! >= 48 && data[at]! <= 57) at++;
  return at;
}

/**
 * Whether bytes [from, to) are an internal-json `result` record of the shape
 * FAST_RESULT in stream.ts reads (keys sorted, no spaces, canonical integers)
 * whose fields are integers, nothing, or one string of printable ASCII without
 * escapes — so it reads the same as bytes and decoded, and the string is the
 * text as is; sets result.id, result.type and result.text. False: any other line,
 * which is decoded as usual.
 */
export function readResult(data: Buffer, from: number, to: number): boolean {
  if (to - from < RESULT.length + RESULT_ID.length + RESULT_TYPE.length + 3 || !bytesAt(data, from, RESULT)) return false;
  let i = from + RESULT.length;
  let text: string | undefined;
  if (data[i] === 34) {
    const start = ++i;
    for (; i < to; i++) {
      const c = data[i]!;
      if (c === 34) break;
      if (c === 92 || c < 0x20 || c >= 0x80) return false;
    }
    if (i >= to) return false;
    text = latin1Text(data, start, i++);
  } else if (data[i] !== 93) {
    for (;;) {
      i = intEnd(data, i, to, true);
      if (i === -1) return false;
      if (data[i] !== 44) break;
      i++;
    }
  }
  if (!bytesAt(data, i, RESULT_ID)) return false;
  const idStart = i + RESULT_ID.length;
  const idEnd = intEnd(data, idStart, to, false);
  if (idEnd === -1 || !bytesAt(data, idEnd, RESULT_TYPE)) return false;
  const typeStart = idEnd + RESULT_TYPE.length;
  const typeEnd = intEnd(data, typeStart, to, false);
  if (typeEnd === -1 || typeEnd !== to - 1 || data[typeEnd] !== 125) return false;
  result.text = text;
  result.id = latin1Text(data, idStart, idEnd);
  result.type = typeEnd - typeStart > 6 ? -1 : Number(latin1Text(data, typeStart, typeEnd));
  return true;
}

const STOP = Buffer.from('@nix {"action":"stop","id":', 'latin1');
const START = Buffer.from('@nix {"action":"start","id":', 'latin1');
const START_LEVEL = Buffer.from(',"level":', 'latin1');
const START_PARENT = Buffer.from('"parent":', 'latin1');
const START_TEXT = Buffer.from('"text":"', 'latin1');
const START_TYPE = Buffer.from('","type":', 'latin1');

/** Set by readStop and readStart: the record's activity id, and (readStart) its type. */
export const activity = { id: '', type: 0 };

/**
 * Whether bytes [from, to) are a `stop` record of the shape FAST_STOP in
 * stream.ts reads (`@nix {"action":"stop","id":N}`); sets activity.id.
 */
export function readStop(data: Buffer, from: number, to: number): boolean {
  if (to - from < STOP.length + 2 || !bytesAt(data, from, STOP)) return false;
  const idStart = from + STOP.length;
  const idEnd = intEnd(data, idStart, to, false);
  if (idEnd === -1 || idEnd !== to - 1 || data[idEnd] !== 125) return false;
  activity.id = latin1Text(data, idStart, idEnd);
  return true;
}

/**
 * Whether bytes [from, to) are a `start` record without fields of the shape
 * FAST_START in stream.ts reads, whose text is printable ASCII without
 * escapes (any other text is decoded as usual); sets activity.id and activity.type.
 */
export function readStart(data: Buffer, from: number, to: number): boolean {
  if (to - from < START.length + START_LEVEL.length + START_TEXT.length + START_TYPE.length + 4 || !bytesAt(data, from, START)) return false;
  const idStart = from + START.length;
  const idEnd = intEnd(data, idStart, to, false);
  if (idEnd === -1 || !bytesAt(data, idEnd, START_LEVEL)) return false;
  let i = intEnd(data, idEnd + START_LEVEL.length, to, true);
  if (i === -1 || data[i] !== 44) return false;
  i++;
  if (bytesAt(data, i, START_PARENT)) {
    i = intEnd(data, i + START_PARENT.length, to, true);
    if (i === -1 || data[i] !== 44) return false;
    i++;
  }
  if (!bytesAt(data, i, START_TEXT)) return false;
  for (i += START_TEXT.length; i < to; i++) {
    const c = data[i]!;
    if (c === 34) break;
    if (c === 92 || c < 0x20 || c >= 0x80) return false;
  }
  if (i >= to || !bytesAt(data, i, START_TYPE)) return false;
  const typeStart = i + START_TYPE.length;
  const typeEnd = intEnd(data, typeStart, to, false);
  if (typeEnd === -1 || typeEnd !== to - 1 || data[typeEnd] !== 125) return false;
  activity.id = latin1Text(data, idStart, idEnd);
  activity.type = Number(latin1Text(data, typeStart, typeEnd));
  return true;
}

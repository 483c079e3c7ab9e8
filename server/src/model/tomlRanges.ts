// Where each key of a TOML document sits. smol-toml gives values but no
// positions, so a scanner of our own finds them: it is called only on text
// smol-toml has accepted, so it reads valid TOML's tokens (strings, arrays,
// inline tables, the extent of a [table]) and needs no parser. It used to be a
// tree-sitter-toml walk; `nixify infer` then loaded tree-sitter for nothing but
// these ranges (bench/coldStart.ts), and test/unit/model/tomlRanges.test.ts
// holds the scanner to that walk's ranges on every manifest it can find.
// On text it does not expect it still ends (every step advances) and returns
// what it located.
import type { Position, Range } from './types';

export interface TomlLocation {
  /** The key (for pairs) or the `[header]` (for tables). */
  keyRange: Range;
  /** The value (for pairs) or the whole table section (for tables). */
  valueRange: Range;
}

/** Paths are joined with NUL so that keys containing dots stay unambiguous. */
export const SEP = '\u0000';

export class TomlRanges {
  constructor(private readonly map: Map<string, TomlLocation>) {}

  get(...path: (string | number)[]): TomlLocation | undefined {
    return this.map.get(path.join(SEP));
  }

  /** Every located path that starts with the given prefix (one level or deeper). */
  *under(...prefix: (string | number)[]): IterableIterator<[string[], TomlLocation]> {
    const p = prefix.join(SEP) + SEP;
    for (const [k, v] of this.map) if (k.startsWith(p)) yield [k.split(SEP), v];
  }

  /** Every located path, in document order (a container's inline tables after its pairs). */
  *entries(): IterableIterator<[string[], TomlLocation]> {
    for (const [k, v] of this.map) yield [k.split(SEP), v];
  }

  get size(): number {
    return this.map.size;
  }
}

// Runs of characters are skipped by sticky regular expressions, not a loop per character: a
// manifest is read once per process, before the JIT has compiled a loop, and the regex engine
// scans natively from the start.
const SPACES = /[ \t]*/y;
const BLANK = /(?:[ \t\r\n]|#[^\n]*)*/y;
const BARE = /[A-Za-z0-9_-]*/y;
/** A number, boolean or date runs to a blank, comma, bracket, brace or comment. */
const SCALAR = /[^\x00-\x20,\]}#]*/y;
const LF = 0x0a;
const CR = 0x0d;
const HASH = 0x23;

/** Whether the character at `at` follows an odd run of backslashes (in a basic string: it is escaped). */
function escaped(s: string, at: number): boolean {
  let k = at;
  while (k > 0 && s.charCodeAt(k - 1) === 0x5c) k--;
  return (at - k) % 2 === 1;
}

/** A quoted key's text: a literal key as written, a basic one with its escapes read (as JSON reads them). */
function quotedKey(raw: string): string {
  if (raw.startsWith("'")) return raw.slice(1, -1);
  try {
    return JSON.parse(raw) as string;
  } catch {
    return raw.slice(1, -1);
  }
}

/** A located pair and, when its value is an inline table, the pairs inside it. */
interface Entry {
  /** The path, joined with SEP. */
  key: string;
  loc: TomlLocation;
  inner?: Entry[];
}

class Scanner {
  i = 0;
  readonly map = new Map<string, TomlLocation>();
  private readonly lineStarts: number[] = [0];

  constructor(readonly s: string) {
    for (let k = s.indexOf('\n'); k !== -1; k = s.indexOf('\n', k + 1)) this.lineStarts.push(k + 1);
  }

  /** Line and UTF-16 column of an offset (the units of an LSP range). */
  pos(at: number): Position {
    const ls = this.lineStarts;
    let lo = 0;
    let hi = ls.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ls[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: at - ls[lo]! };
  }

  range(from: number, to: number): Range {
    return { start: this.pos(from), end: this.pos(to) };
  }

  at(): number {
    return this.i < this.s.length ? this.s.charCodeAt(this.i) : -1;
  }

  /** Past what a sticky regex matches here. */
  skip(re: RegExp): void {
    re.lastIndex = this.i;
    if (re.test(this.s)) this.i = re.lastIndex;
  }

  skipSpaces(): void {
    this.skip(SPACES);
  }

  /** Spaces, comments and line breaks (inside arrays and inline tables). */
  skipBlank(): void {
    this.skip(BLANK);
  }

  /** To the line break (not past it). */
  skipLine(): void {
    const nl = this.s.indexOf('\n', this.i);
    this.i = nl === -1 ? this.s.length : nl;
  }

  /** One key, dotted or not: its parts and where it starts and ends. */
  key(): { parts: string[]; from: number; to: number } | undefined {
    const parts: string[] = [];
    const from = this.i;
    let to = from;
    for (;;) {
      const start = this.i;
      const c = this.at();
      if (c === 0x22 || c === 0x27) {
        this.string(c, false);
        parts.push(quotedKey(this.s.slice(start, this.i)));
      } else {
        this.skip(BARE);
        if (this.i === start) return parts.length ? { parts, from, to } : undefined;
        parts.push(this.s.slice(start, this.i));
      }
      to = this.i;
      this.skipSpaces();
      if (this.at() !== 0x2e) return { parts, from, to };
      this.i++;
      this.skipSpaces();
    }
  }

  /** A string from its opening quote; `"""`/`'''` when `multiline`. Ends after the closing quote(s). */
  string(q: number, multiline: boolean): void {
    this.i += multiline ? 3 : 1;
    // The closing quote is found with indexOf, not a regex: an alternation under `*` (an escape or
    // any other character) keeps a backtrack entry per character, and a string of some million
    // characters overflowed the stack.
    const s = this.s;
    const basic = q === 0x22;
    const close = multiline ? (basic ? '"""' : "'''") : basic ? '"' : "'";
    let from = this.i;
    for (;;) {
      const at = s.indexOf(close, from);
      // A one-line string that is not closed ends at its line break, a multi-line one at the end.
      const nl = multiline ? -1 : s.indexOf('\n', from);
      if (nl !== -1 && (at === -1 || nl < at)) {
        this.i = nl;
        return;
      }
      if (at === -1) {
        this.i = s.length;
        return;
      }
      if (basic && escaped(s, at)) {
        from = at + 1;
        continue;
      }
      // Up to two quotes of a multi-line string's content may stand right before its closing three.
      let end = at + close.length;
      if (multiline) while (end < at + 5 && s.charCodeAt(end) === q) end++;
      this.i = end;
      return;
    }
  }

  /** The items of an array or inline table, to its closing bracket; `item` reads one (false: it read nothing). */
  items(close: number, item: () => boolean): void {
    this.i++;
    for (;;) {
      this.skipBlank();
      const d = this.at();
      if (d === -1) return;
      if (d === close) {
        this.i++;
        return;
      }
      if (d === 0x2c) this.i++;
      else if (!item()) this.i++;
    }
  }

  /** A value from its first character; an inline table's pairs are located under `path` (SEP-joined) into `inner`. */
  value(path: string, inner?: Entry[]): void {
    const from = this.i;
    const c = this.at();
    const s = this.s;
    if (c === 0x22 || c === 0x27) this.string(c, s.charCodeAt(from + 1) === c && s.charCodeAt(from + 2) === c);
    else if (c === 0x5b)
      this.items(0x5d, () => {
        const at = this.i;
        this.value('');
        return this.i > at;
      });
    else if (c === 0x7b) this.items(0x7d, () => this.pair(path, inner ?? []));
    else {
      // A number, boolean or date: to the next delimiter; a date and a time may be split by one space.
      this.scalarEnd();
      if (s[this.i] === ' ' && /^\d{4}-\d\d-\d\d$/.test(s.slice(from, this.i)) && /^\d\d:/.test(s.slice(this.i + 1, this.i + 4))) {
        this.i++;
        this.scalarEnd();
      }
    }
  }

  /** To the end of a number, boolean or date (a delimiter: blank, comma, bracket, brace, comment). */
  scalarEnd(): void {
    this.skip(SCALAR);
  }

  /** `key = value` under `base` (SEP-joined, '' at the top) into `out`, with an inline table's pairs. False when no key starts here. */
  pair(base: string, out: Entry[]): boolean {
    const k = this.key();
    if (!k) return false;
    const path = base ? `${base}${SEP}${k.parts.join(SEP)}` : k.parts.join(SEP);
    this.skipSpaces();
    if (this.at() !== 0x3d) return true;
    this.i++;
    this.skipSpaces();
    const valueFrom = this.i;
    const keyRange = this.range(k.from, k.to);
    const entry: Entry = { key: path, loc: { keyRange, valueRange: keyRange } };
    out.push(entry);
    if (this.at() === 0x7b) entry.inner = [];
    this.value(path, entry.inner);
    if (this.i > valueFrom) entry.loc.valueRange = this.range(valueFrom, this.i);
    return true;
  }

  /**
   * Into the map in the order readers of `under` have always seen: a container's pairs, then
   * its inline tables' pairs, last one first (explicit stack: inline tables nest without limit).
   */
  emit(entries: Entry[]): void {
    const stack = [entries];
    while (stack.length) {
      const level = stack.pop()!;
      for (const e of level) {
        this.map.set(e.key, e.loc);
        if (e.inner) stack.push(e.inner);
      }
    }
  }
}

/** The end of the last [table]: its last line break, or the end of the text when its last line holds a pair or header. */
function lastSectionEnd(s: string): number {
  const nl = s.lastIndexOf('\n');
  const tail = s.slice(nl + 1);
  // `[^]`, not `.`: a comment may hold U+2028 or U+2029, which `.` does not match (tree-sitter-toml
  // still ends the section at the comment's line).
  return /^[ \t]*(#[^]*)?$/.test(tail) ? nl + 1 : s.length;
}

export function locateToml(text: string): TomlRanges {
  const sc = new Scanner(text);
  // Cargo reads a manifest that starts with a byte order mark (and smol-toml accepts it): the mark
  // is not a key, so the scan starts after it; offsets stay those of the text as given.
  if (text.charCodeAt(0) === 0xfeff) sc.i = 1;
  const arrayCounts = new Map<string, number>();
  let open: { loc: TomlLocation; from: number } | undefined;
  const close = (to: number) => {
    if (open) open.loc.valueRange = sc.range(open.from, to);
  };
  let base = '';
  let pairs: Entry[] = [];
  while (sc.i < text.length) {
    sc.skipSpaces();
    const c = sc.at();
    if (c === -1) break;
    if (c === LF || c === CR) {
      sc.i++;
      continue;
    }
    if (c === HASH) {
      sc.skipLine();
      continue;
    }
    if (c === 0x5b) {
      // A [table] or [[array of tables]] header: the previous section ends at the start of its line.
      const from = sc.i;
      const lineStart = text.lastIndexOf('\n', from - 1) + 1;
      close(lineStart);
      sc.emit(pairs);
      pairs = [];
      open = undefined;
      const isArray = text.charCodeAt(from + 1) === 0x5b;
      sc.i += isArray ? 2 : 1;
      sc.skipSpaces();
      const k = sc.key();
      sc.skipLine();
      if (!k) continue;
      let path = k.parts;
      if (isArray) {
        const key = path.join(SEP);
        const n = arrayCounts.get(key) ?? 0;
        arrayCounts.set(key, n + 1);
        path = [...path, String(n)];
      }
      base = path.join(SEP);
      const loc: TomlLocation = { keyRange: sc.range(k.from, k.to), valueRange: sc.range(from, from) };
      sc.map.set(base, loc);
      open = { loc, from };
      continue;
    }
    const before = sc.i;
    sc.pair(base, pairs);
    sc.skipSpaces();
    if (sc.at() === HASH) sc.skipLine();
    if (sc.i === before) sc.skipLine();
    // Anything else on the line is not TOML smol-toml accepts: skipped.
    if (sc.at() !== LF && sc.at() !== -1 && sc.at() !== CR) sc.skipLine();
  }
  close(lastSectionEnd(text));
  sc.emit(pairs);
  return new TomlRanges(sc.map);
}

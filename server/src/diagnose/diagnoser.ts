// The streaming classifier: chunks in, progress events and diagnostics out.
// Memory is bounded by the line cap, a small ring of recent lines, each
// rule's small state and the diagnostic cap — not by the size of the log.
//
// Byte chunks without an event listener (the CLI, files) go through a
// prefilter: a multi-pattern scan over the chunk's bytes (prefilter.ts)
// finds the lines that contain some rule's or the framing's marker; only
// those are decoded, and each goes only to the rules whose markers it
// contains (plus any rule waiting for follow-up lines). A JSON record's lines
// go to the rules whose markers their decoded text contains. A plain
// `building '…'` line, the commonest framing line of a long build, updates
// the decoder without being decoded. Skipped lines stay reachable for the
// rules' look-back.
import type { Matcher, RuleContext } from './rule';
import { RECENT_MAX } from './rule';
import type { ByteScanner, Marker } from './prefilter';
import { MarkerScanner } from './prefilter';
import { RULES } from './rules';
import { DEFAULT_MAX_LINE, LogDecoder } from './stream';
import { drvName } from './text';
import { wasmMarkerScanner } from './wasmScan';
import type { BuildEventListener, Diagnostic, LogLine } from './types';

export { RULES } from './rules';

export interface DiagnoserOptions {
  /** Progress events, log lines and each diagnostic as it is found (every line is decoded then). */
  onEvent?: BuildEventListener;
  maxLineLength?: number;
  maxDiagnostics?: number;
  /** Decode every line even for byte input (the reference the prefilter is tested against). */
  noPrefilter?: boolean;
  /** Scan bytes with the JavaScript marker scan even where the WebAssembly one runs (tests and bench compare the two). */
  jsScan?: boolean;
}

// Where cargo's test harness output shows, even when a log window cut `running N tests` off.
const TEST_START = /^(?:running \d+ tests?$|---- \S+ stdout ----$|test \S+ \.\.\. |thread '[^']*::[^']*' (?:\(\d+\) )?panicked)/;
// What starts (TEST_START) or ends (`test result:`) the test harness's output; not `test `, which `latest` and
// `attest ` carry in ordinary lines (`Locking … to latest compatible versions`).
const DIAGNOSER_MARKERS = ['running ', '---- ', "thread '", ' ... ', 'test result:'];

if (RULES.length > 29) throw new Error('the prefilter keeps rule sets in a 29-bit mask');
const ALL_RULES = (1 << RULES.length) - 1;
/** A bit outside the rules' (a line only the framing or the test-harness tracking needs). */
const FRAMING = 1 << 30;
/** A bit outside the rules': each line decoded from this raw line goes to the rules its own text names (JSON records). */
const BY_TEXT = 1 << 29;
const BUILDING = Buffer.from("building '", 'latin1');
const STORE = '/nix/store/';
/** What screenText would change (carriage returns) or UTF-8 decoding would read differently. */
const NOT_PLAIN = /[\r\u0080-\u00ff]/;
/**
 * Whether bytes [start, nl) are a tail line (`  > text`) that reads the same as
 * bytes and as decoded text (see LogDecoder: TAIL_LINE after screenText): blanks
 * (tab, VT, FF, space), `>`, then nothing or a space and text without carriage
 * returns or non-ASCII bytes. Read on the bytes: no string is made for the many
 * such lines of a `last N log lines` tail.
 */
function tailAscii(data: Buffer, start: number, nl: number): boolean {
  let i = start;
  for (let c = data[i]; i < nl && (c === 32 || c === 9 || c === 11 || c === 12); c = data[++i]);
  if (i === start || i >= nl || data[i] !== 62) return false;
  if (++i === nl) return true;
  if (data[i] !== 32) return false;
  for (i++; i < nl; i++) {
    const c = data[i]!;
    if (c === 13 || c >= 0x80) return false;
  }
  return true;
}

/** Every marker; per marker, the rules (bit i = RULES[i]) it concerns. */
const MARKERS: readonly Marker[] = (() => {
  const owners = new Map<string, number>();
  const own = (m: string, mask: number) => owners.set(m, (owners.get(m) ?? 0) | mask);
  RULES.forEach((r, i) => r.markers.forEach((m) => own(m, 1 << i)));
  // The framing's and the test-harness markers concern no rule, but the line must be decoded.
  for (const m of [...LogDecoder.MARKERS, ...DIAGNOSER_MARKERS]) own(m, FRAMING);
  // A JSON record can spell a marker differently from its decoded text (escapes): its lines are matched once decoded.
  own('@nix ', BY_TEXT);
  // So can a line with colour codes (a code may split a marker): the scanners report ESC as such a line too (BY_TEXT below).
  // A long build repeats its few `building '…'` lines: a scan that remembers lines says which repeat.
  return [...owners].map(([text, mask]) => (text === "building '" ? { text, mask, remember: true } : { text, mask }));
})();
/** The JavaScript marker scan: over decoded text always, over bytes where WebAssembly SIMD does not run. */
const SCANNER = new MarkerScanner(MARKERS, BY_TEXT);
/** The WebAssembly SIMD scan over bytes, made on first use; null where it cannot run. */
let wasmScanner: ByteScanner | null | undefined;
/** The scan the prefilter runs over bytes (exported for bench:diagnose, which times it alone). */
export function byteScanner(js: boolean | undefined): ByteScanner {
  if (js) return SCANNER;
  if (wasmScanner === undefined) wasmScanner = wasmMarkerScanner(MARKERS, BY_TEXT) ?? null;
  return wasmScanner ?? SCANNER;
}

/** No marker has a '>': one that starts in an `-L` line's `name> ` prefix ends inside it. */
const PREFIX_SAFE = [...RULES.flatMap((r) => r.markers), ...LogDecoder.MARKERS, ...DIAGNOSER_MARKERS].every((m) => !m.includes('>'));
/** Bytes of a derivation name `-L` prefixes (LogDecoder's L_PREFIX: [A-Za-z0-9][\w+.?=-]*). */
const NAME_BYTE = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_+.?=-') NAME_BYTE[c.charCodeAt(0)] = 1;
/** How far into a line a prefix is looked for (names are store path names, at most 211 bytes). */
const MAX_PREFIX_SCAN = 256;
/** What the decoder reads as Nix's own messages even with a prefix. */
const NIX_PREFIX = /^(?:error|warning|note|trace)$/;
/** A line the decoder would not read as `prefix> text` as the bytes show it (a CR redraw, a U+2028/2029 separator). */
const NOT_PREFIXED = /[\r\u00e2]/;

/**
 * The derivation a `building '` line names and its name, from the line after
 * that marker read as latin1 (one character per byte), when the line reads the
 * same decoded (ASCII, no carriage return) and names a store derivation; null otherwise.
 */
function plainBuilding(s: string): { drv: string; name: string } | null {
  const q = NOT_PLAIN.test(s) ? -1 : s.indexOf("'");
  const drv = q === -1 ? '' : s.slice(0, q);
  return drv.length <= STORE.length + 4 || !drv.startsWith(STORE) || !drv.endsWith('.drv') ? null : { drv, name: drvName(drv) };
}

const RESULT = Buffer.from('@nix {"action":"result","fields":[', 'latin1');
const RESULT_ID = Buffer.from('],"id":', 'latin1');
const RESULT_TYPE = Buffer.from(',"type":', 'latin1');
/** Set by readResult: the record's id and type, and its string field (undefined: integers or nothing). */
let resultId = '';
let resultType = 0;
let resultText: string | undefined;

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
 * text as is; sets resultId, resultType and resultText. False: any other line,
 * which is decoded as usual.
 */
function readResult(data: Buffer, from: number, to: number): boolean {
  if (to - from < RESULT.length + RESULT_ID.length + RESULT_TYPE.length + 3 || !bytesAt(data, from, RESULT)) return false;
  let i = from + RESULT.length;
  resultText = undefined;
  if (data[i] === 34) {
    const start = ++i;
    for (; i < to; i++) {
      const c = data[i]!;
      if (c === 34) break;
      if (c === 92 || c < 0x20 || c >= 0x80) return false;
    }
    if (i >= to) return false;
    resultText = data.toString('latin1', start, i++);
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
  resultId = data.toString('latin1', idStart, idEnd);
  resultType = typeEnd - typeStart > 6 ? -1 : Number(data.toString('latin1', typeStart, typeEnd));
  return true;
}

/** Bytes that latin1 reads differently from UTF-8. */
const NON_ASCII = /[\u0080-\u00ff]/;
/** Set by textStart: the prefix's name, and the text after it read as latin1. */
let prefixName = '';
let prefixRest = '';

/**
 * Where the text after an `-L` line's `name> ` prefix starts, when the decoder
 * reads the line as exactly that prefix and text; -1 otherwise.
 */
function textStart(data: Buffer, start: number, nl: number): number {
  const c = data[start]!;
  if (!((c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a))) return -1;
  let i = start + 1;
  const end = Math.min(nl, start + MAX_PREFIX_SCAN);
  while (i < end && NAME_BYTE[data[i]!]) i++;
  if (i + 1 >= nl || data[i] !== 62 || data[i + 1] !== 32) return -1;
  prefixName = data.toString('latin1', start, i);
  prefixRest = data.toString('latin1', i + 2, nl);
  if (NIX_PREFIX.test(prefixName) || NOT_PREFIXED.test(prefixRest)) return -1;
  return i + 2;
}

/** Skipped lines between two decoded ones: kept as bytes, decoded only if a rule looks back. */
interface Gap {
  data: Buffer;
  from: number;
  to: number;
}

export class Diagnoser {
  private readonly decoder: LogDecoder;
  private readonly matchers: Matcher[];
  /** The matchers that can wait for follow-up lines. */
  private readonly busyMatchers: Matcher[];
  /** Each busy-capable matcher's bit. */
  private readonly busyBits: number[];
  /** The bits of busyBits together. */
  private readonly canWait: number;
  /** The rules whose matchers wait for follow-up lines, as of the last line one of them read. */
  private waitMask = 0;
  private readonly ring: (string | Gap)[] = [];
  private readonly found: Diagnostic[] = [];
  private readonly keys = new Set<string>();
  private readonly max: number;
  private readonly maxLine: number;
  private readonly prefilter: boolean;
  private readonly scanner: ByteScanner;
  private claimed = false;
  private inTests = false;
  private lastFailedDrv: string | undefined;
  private ended = false;
  private readonly ctx: RuleContext;
  /** The rules the current line goes to (bit mask over RULES). */
  private lineMask = ALL_RULES;
  private carry: Buffer | undefined;
  /** Recent `building '…` line texts (after the quote) → their derivation and its name, null when not a plain one. */
  private readonly buildingLines = new Map<string, { drv: string; name: string } | null>();
  /** The same by the scan's remembered-line slot, for the store count it was read at. */
  private readonly buildingSlots: ({ gen: number; b: { drv: string; name: string } | null } | undefined)[] = [];
  private carryOverflow = false;

  constructor(private readonly opts: DiagnoserOptions = {}) {
    this.max = opts.maxDiagnostics ?? 200;
    this.maxLine = opts.maxLineLength ?? DEFAULT_MAX_LINE;
    this.prefilter = !opts.onEvent && !opts.noPrefilter;
    this.scanner = this.prefilter ? byteScanner(opts.jsScan) : SCANNER;
    this.matchers = RULES.map((r) => r.create());
    this.decoder = new LogDecoder(
      (l) => this.line(l),
      (e) => {
        if (e.type === 'build-failed') this.lastFailedDrv = e.drv;
        opts.onEvent?.(e);
      },
      this.maxLine,
      !!opts.onEvent,
      !!opts.onEvent,
    );
    this.busyMatchers = this.matchers.filter((m) => m.busy);
    this.busyBits = this.busyMatchers.map((m) => 1 << this.matchers.indexOf(m));
    this.canWait = this.busyBits.reduce((a, b) => a | b, 0);
    const self = this;
    this.ctx = {
      recent: (n) => self.recent(n),
      emit: (d) => self.add(d),
      claim: () => {
        self.claimed = true;
      },
      get claimed() {
        return self.claimed;
      },
      get inTests() {
        return self.inTests;
      },
      get lastFailedDrv() {
        return self.lastFailedDrv;
      },
      get emitted() {
        return self.found.length;
      },
    };
  }

  /** A Diagnoser is fed either strings or bytes, not both. */
  push(chunk: string | Uint8Array): void {
    if (typeof chunk === 'string' || !this.prefilter) this.decoder.push(chunk);
    else this.pushBytes(chunk);
  }

  /** Flushes the last line and the rules that wait for more; returns every diagnostic. */
  end(): Diagnostic[] {
    if (!this.ended) {
      this.ended = true;
      if (this.carry?.length) {
        const c = this.carry;
        this.carry = undefined;
        this.byteLine(c, 0, c[c.length - 1] === 10 ? c.length - 1 : c.length, BY_TEXT);
      }
      this.decoder.end();
      for (const m of this.matchers) m.finish?.(this.ctx);
      this.preferTestFailures();
    }
    return this.found;
  }

  get diagnostics(): readonly Diagnostic[] {
    return this.found;
  }

  private busy(): boolean {
    return this.decoder.busy || this.waitMask !== 0;
  }

  /** The rules (bit mask) whose matchers wait for follow-up lines. */
  private waiting(): number {
    return this.waitMask;
  }

  /** Asks the matchers that can wait (after they read a line: only that changes their answer). */
  private askWaiting(): number {
    let mask = 0;
    const bm = this.busyMatchers;
    for (let k = 0; k < bm.length; k++) if (bm[k]!.busy!()) mask |= this.busyBits[k]!;
    return mask;
  }

  private pushBytes(chunk: Uint8Array): void {
    let data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.carry) {
      // The line the previous chunk ended in: complete it, then go on with the rest of this chunk.
      const nl = data.indexOf(10);
      if (nl === -1) return this.keepCarry(Buffer.concat([this.carry, data]));
      const line = this.carryOverflow ? this.carry : Buffer.concat([this.carry, data.subarray(0, nl + 1)]);
      this.carry = undefined;
      this.carryOverflow = false;
      this.scan(line);
      data = data.subarray(nl + 1);
    }
    this.scan(data);
  }

  /** Feeds the complete lines of `data` (through the prefilter) and keeps the unfinished last one. */
  private scan(data: Buffer): void {
    const end = data.lastIndexOf(10) + 1;
    if (end < data.length) this.keepCarry(data.subarray(end));
    if (end === 0) return;
    // Every marker and ESC of the chunk, ascending.
    const n = this.scanner.all(data, 0, end);
    const hits = this.scanner.hits;
    const masks = this.scanner.hitMasks;
    const slots = this.scanner.hitSlots;
    const lens = this.scanner.hitLens;
    const gens = this.scanner.hitGens;
    let k = 0;
    let pos = 0;
    while (pos < end) {
      if (this.busy()) {
        // Someone waits for follow-up lines: every line is decoded, and goes to
        // the waiting matchers plus the rules its own markers name.
        const nl = data.indexOf(10, pos);
        let mask = 0;
        while (k < n && hits[k]! < nl) mask |= masks[k++]!;
        if (!(mask === 0 && this.tailLine(data, pos, nl))) this.byteLine(data, pos, nl, mask);
        pos = nl + 1;
        continue;
      }
      if (k >= n) {
        this.skip(data, pos, end);
        break;
      }
      const hit = hits[k]!;
      const start = hit === 0 || data[hit - 1] === 10 ? hit : data.lastIndexOf(10, hit - 1) + 1;
      if (start > pos) this.skip(data, pos, start);
      // A remembered line's end is known; the fast path for a repeated `building '…'` line.
      const slot = slots ? slots[k]! : -1;
      if (slot >= 0 && hit === start && masks[k] === FRAMING && (k + 1 >= n || hits[k + 1]! > hit + lens![k]!) && this.rememberedBuilding(slot, gens![k]!, data, start, start + lens![k]!)) {
        pos = start + lens![k]! + 1;
        k++;
        continue;
      }
      const nl = data.indexOf(10, hit);
      // Every marker in the line: the rules it goes to.
      const k0 = k;
      let mask = 0;
      let count = 0;
      while (k < n && hits[k]! < nl) {
        mask |= masks[k++]!;
        count++;
      }
      // Markers in the `name> ` prefix of `nix build -L` output are not in the text the rules read.
      if (hit < start + 2 + MAX_PREFIX_SCAN && PREFIX_SAFE) {
        const pe = textStart(data, start, nl);
        if (pe > hit) {
          mask = 0;
          count = 0;
          for (let j = k0; j < k; j++) if (hits[j]! >= pe) ((mask |= masks[j]!), count++);
          if (!mask) {
            this.skip(data, start, nl + 1);
            pos = nl + 1;
            continue;
          }
        }
        // The decoder would read exactly this name and text (no framing marker, no colour code to strip): hand them over.
        if (pe !== -1 && !(mask & (FRAMING | BY_TEXT)) && nl - start <= this.maxLine) {
          this.lineMask = mask;
          this.decoder.prefixed(prefixName, NON_ASCII.test(prefixRest) ? data.toString('utf8', pe, nl) : prefixRest);
          this.lineMask = ALL_RULES;
          pos = nl + 1;
          continue;
        }
      }
      if (!(count === 1 && hit === start && mask === FRAMING && this.building(data, start, nl))) this.byteLine(data, start, nl, mask);
      pos = nl + 1;
    }
  }

  /**
   * A plain `building '/nix/store/….drv'…` line with no other marker and only
   * ASCII: what the decoder would learn from it, without decoding it (it goes
   * to no rule, and to the look-back as bytes). False: not that shape.
   */
  private building(data: Buffer, start: number, nl: number): boolean {
    if (nl - start <= BUILDING.length) return false;
    for (let k = 0; k < BUILDING.length; k++) if (data[start + k] !== BUILDING[k]) return false;
    // As latin1, one character per byte: the line reads the same as decoded when it is ASCII without carriage returns.
    const s = data.toString('latin1', start + BUILDING.length, nl);
    // A long build repeats its few `building` lines: each shape is read once ('' = not a plain one).
    let b = this.buildingLines.get(s);
    if (b === undefined) {
      b = plainBuilding(s);
      if (this.buildingLines.size >= 256) this.buildingLines.clear();
      this.buildingLines.set(s, b);
    }
    return this.built(b, data, start, nl);
  }

  /** `building` for a line the scan remembered: read once per slot and store count. */
  private rememberedBuilding(slot: number, gen: number, data: Buffer, start: number, nl: number): boolean {
    let e = this.buildingSlots[slot];
    if (e?.gen !== gen) {
      const b = nl - start > BUILDING.length ? plainBuilding(data.toString('latin1', start + BUILDING.length, nl)) : null;
      e = this.buildingSlots[slot] = { gen, b };
    }
    return this.built(e.b, data, start, nl);
  }

  private built(b: { drv: string; name: string } | null, data: Buffer, start: number, nl: number): boolean {
    if (!b) return false;
    this.decoder.building(b.drv, b.name);
    this.skip(data, start, nl + 1);
    return true;
  }

  /**
   * A line of a `last N log lines` tail (`    > text`, ASCII, no carriage
   * return) without markers while no matcher waits: it only continues the tail
   * and goes to no rule, so it is kept as bytes for the look-back (which reads
   * it as the decoder would). False: not that case.
   */
  private tailLine(data: Buffer, start: number, nl: number): boolean {
    if (!this.decoder.busy || nl - start > this.maxLine || this.waiting() !== 0) return false;
    const c = data[start];
    if (c !== 32 && c !== 9) return false;
    if (!tailAscii(data, start, nl)) return false;
    this.skip(data, start, nl + 1);
    return true;
  }

  private keepCarry(rest: Buffer): void {
    // A line longer than the cap keeps its first bytes (up to 4 per character) and a newline;
    // the rest is dropped up to its own newline.
    if (this.carryOverflow) return;
    if (rest.length > this.maxLine * 4) {
      this.carry = Buffer.concat([rest.subarray(0, this.maxLine * 4), Buffer.from('\n')]);
      this.carryOverflow = true;
      return;
    }
    this.carry = Buffer.from(rest);
  }

  private byteLine(data: Buffer, from: number, to: number, mask: number): void {
    if (mask & BY_TEXT && data[from] === 64 && to - from <= this.maxLine && readResult(data, from, to)) {
      // A canonical result record, read on its bytes. Its text is ASCII bytes of the line, so every
      // marker in it is among the line's hits: their rules are a superset of those its text names.
      if (resultText === undefined) return;
      this.lineMask = mask & ALL_RULES;
      this.decoder.resultRecord(resultId, resultType, resultText);
      this.lineMask = ALL_RULES;
      return;
    }
    let s = data.toString('utf8', from, to);
    if (s.length > this.maxLine) s = s.slice(0, this.maxLine);
    this.lineMask = mask;
    this.decoder.feedLine(s);
    this.lineMask = ALL_RULES;
  }

  private skip(data: Buffer, from: number, to: number): void {
    // Adjacent skipped lines are one gap (the look-back reads a gap line by line from its end).
    const last = this.ring[this.ring.length - 1];
    if (last !== undefined && typeof last !== 'string' && last.data === data && last.to === from) last.to = to;
    else this.pushRing({ data, from, to });
  }

  private pushRing(e: string | Gap): void {
    this.ring.push(e);
    if (this.ring.length > RECENT_MAX) this.ring.shift();
  }

  /**
   * A network error printed by a failing test (when a log window hid that it
   * ran inside the test harness) is the test's cause, not a sandbox problem of the build.
   */
  private preferTestFailures(): void {
    const tf = this.found.filter((d) => d.category === 'test-failure' && d.fixes.some((f) => f.kind === 'skip-tests'));
    if (!tf.length) return;
    for (let i = this.found.length - 1; i >= 0; i--) {
      const d = this.found[i]!;
      if (d.category !== 'network-sandbox' || (d.fixes.length && !tf.some((t) => t.drv && t.drv === d.drv))) continue;
      this.found.splice(i, 1);
      for (const t of tf) t.details = { ...t.details, network: 'true' };
    }
  }

  private line(l: LogLine): void {
    const t = l.text;
    if (!this.inTests && (t.startsWith('running ') || t.startsWith('---- ') || t.startsWith('test ') || t.startsWith("thread '")) && TEST_START.test(t)) this.inTests = true;
    this.claimed = false;
    let mask = this.lineMask;
    // A line of a JSON record or with colour codes: the rules its decoded text names.
    if (mask & BY_TEXT) mask = SCANNER.masksIn(t);
    // Plus every matcher waiting for follow-up lines. A matcher outside the mask
    // was not waiting and the line has none of its markers: by the rule contract
    // the line cannot concern it (test/unit/diagnose/markers.test.ts holds each rule to that).
    if (mask !== ALL_RULES) mask |= this.waiting();
    const ms = this.matchers;
    for (let i = 0; i < ms.length; i++) if (mask & (1 << i)) ms[i]!.line(l, this.ctx);
    if (mask & this.canWait) this.waitMask = this.askWaiting();
    if (this.inTests && t.startsWith('test result:')) this.inTests = false;
    this.pushRing(t);
  }

  private recent(n: number): string[] {
    const want = Math.min(n, RECENT_MAX);
    const out: string[] = [];
    for (let i = this.ring.length - 1; i >= 0 && out.length < want; i--) {
      const e = this.ring[i]!;
      if (typeof e === 'string') {
        out.push(e);
        continue;
      }
      // Decode the gap's last lines, newest first.
      let end = e.to - 1; // the gap ends with a newline
      // `>=`: an empty line at the gap's start is a line too, as the text path keeps it.
      while (end >= e.from && out.length < want) {
        const start = end > 0 ? e.data.lastIndexOf(10, end - 1) + 1 : 0;
        out.push(LogDecoder.textOf(e.data.toString('utf8', Math.max(start, e.from), end)));
        end = start - 1;
      }
    }
    while (out.length < want) out.push('');
    return out.reverse();
  }

  private add(d: Diagnostic): void {
    const loc = d.location ? `${d.location.path}:${d.location.line}:${d.location.column ?? ''}` : '';
    const key = `${d.category}\0${d.message}\0${loc}`;
    if (this.keys.has(key) || this.found.length >= this.max) return;
    this.keys.add(key);
    this.found.push(d);
    this.opts.onEvent?.({ type: 'diagnostic', diagnostic: d });
  }
}

/** Whole-text convenience (tests, small logs). */
export function diagnoseText(text: string, opts?: DiagnoserOptions): Diagnostic[] {
  const d = new Diagnoser(opts);
  d.push(text);
  return d.end();
}

/** Reads a stream (file, stdin, a child's stderr) to the end in constant memory. */
export async function diagnoseStream(stream: AsyncIterable<string | Uint8Array>, opts?: DiagnoserOptions): Promise<Diagnostic[]> {
  const d = new Diagnoser(opts);
  for await (const chunk of stream) d.push(chunk);
  return d.end();
}

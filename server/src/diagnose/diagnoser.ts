// The streaming classifier: chunks in, progress events and diagnostics out.
// Memory is bounded by the line cap, a small ring of recent lines, each
// rule's small state and the diagnostic cap — not by the size of the log.
//
// Byte chunks without an event listener (the CLI, files) go through a
// prefilter: a multi-pattern scan over the chunk's bytes (scanMarkers.ts)
// finds the lines that contain some rule's or the framing's marker; only
// those are decoded, and each goes only to the rules whose markers it
// contains (plus any rule waiting for follow-up lines). A JSON record's lines
// go to the rules whose markers their decoded text contains. A plain
// `building '…'` line, the commonest framing line of a long build, updates
// the decoder without being decoded (buildingLines.ts), and so do other lines
// that read the same as bytes (lineBytes.ts, resultBytes.ts). Skipped lines
// stay reachable for the rules' look-back (lookBack.ts).
import { BuildingLines } from './buildingLines';
import { latin1Text, utf8Text } from './bytesText';
import type { Building } from './lineBytes';
import { blankBytes, indentedAscii, MAX_PREFIX_SCAN, prefix, tailAscii, tailTextAt, textStart } from './lineBytes';
import { FailingStep } from './failingStep';
import { Findings } from './findings';
import { LookBack } from './lookBack';
import { PhaseLines } from './phaseLines';
import type { ByteScanner } from './prefilter';
import { activity, readResult, readStart, readStop, result } from './resultBytes';
import type { Matcher, RuleContext } from './rule';
import { RULES } from './rules';
import { ALL_RULES, BY_TEXT, byteScanner, FRAMING, LISTEN_BITS, LISTENERS, PHASE, PREFIX_SAFE, STEP, TEXT_SCANNER, textMasks } from './scanMarkers';
import { type CutLog, DEFAULT_MAX_LINE, LogDecoder } from './stream';
import { endsTests, startsTests } from './testHarness';
import { stripCiPrefix } from './text';
import type { BuildEventListener, Diagnostic, LogLine } from './types';

export { RULES } from './rules';
export { byteScanner } from './scanMarkers';

export interface DiagnoserOptions {
  /** Progress events, log lines and each diagnostic as it is found (every line is decoded then). */
  onEvent?: BuildEventListener;
  maxLineLength?: number;
  maxDiagnostics?: number;
  /** Decode every line even for byte input (the reference the prefilter is tested against). */
  noPrefilter?: boolean;
  /** Scan bytes with the JavaScript marker scan even where the WebAssembly one runs (tests and bench compare the two). */
  jsScan?: boolean;
  /**
   * When no rule found a cause, end with the failing-step finding (failingStep.ts). Asked by the doors that show a
   * failed build's log (`nixify diagnose`, the editor after a failed build); off by default, so a rule's tests and
   * a succeeded build's log see only causes.
   */
  failingStep?: boolean;
}

/** How much of a log's start is kept to find its first non-blank line (a paste that starts inside a message). */
const HEAD_MAX = 4096;
/** A whole first non-blank line (its newline seen). */
const FIRST_LINE = /^([^\S\n]*\S.*)\n/m;
/** Bytes that latin1 reads differently from UTF-8. */
const NON_ASCII = /[\u0080-\u00ff]/;

export class Diagnoser {
  private readonly decoder: LogDecoder;
  private readonly matchers: Matcher[];
  /** The matchers that can wait for follow-up lines. */
  private readonly busyMatchers: Matcher[];
  /** The matchers that can hold diagnostics back (RuleContext.held). */
  private readonly holding: Matcher[];
  /** Each busy-capable matcher's bit. */
  private readonly busyBits: number[];
  /** The bits of busyBits together. */
  private readonly canWait: number;
  /** The rules whose matchers wait for follow-up lines, as of the last line one of them read. */
  private waitMask = 0;
  /** Of waitMask, the rules whose matchers read no indented line without their markers now (Matcher.readsIndented). */
  private skimMask = 0;
  /** Of waitMask, the rules whose matchers read no blank line without their markers now (readsIndented or readsBlank false). */
  private blankMask = 0;
  /** Per busy-capable matcher, whether it can say it reads no indented or no blank line (has readsIndented or readsBlank). */
  private readonly canSkim: boolean[];
  private readonly lookBack = new LookBack();
  private readonly findings: Findings;
  private readonly maxLine: number;
  private readonly prefilter: boolean;
  private readonly scanner: ByteScanner;
  /** Whether decoded lines are scanned by the JavaScript scan too (DiagnoserOptions.jsScan). */
  private readonly jsScan: boolean;
  private claimed = false;
  private inTests = false;
  private lastFailedDrv: string | undefined;
  private ended = false;
  /**
   * What the log's structure says of the failure, for when no rule recognises its cause; dropped at a rule's first
   * finding. Findings are never taken back to none (Findings.preferTestFailures drops a finding only for another),
   * so its finding would not be asked for: the lines only it reads are skipped from there on, as without it.
   */
  private step: FailingStep | undefined;
  /** Whether the log's first non-empty line is still to be seen (FailingStep.start). */
  private firstLine = true;
  /** The log's first bytes until firstLine is found. */
  private head = Buffer.alloc(0);
  private readonly ctx: RuleContext;
  /** The rules the current line goes to (bit mask over RULES). */
  private lineMask = ALL_RULES;
  /** The unfinished last line of the previous chunk, and whether it passed the line cap. */
  private carry: Buffer | undefined;
  private carryOverflow = false;
  private readonly buildingLines = new BuildingLines();
  /** The failing step's header lines seen, by their bytes (phaseLine). */
  private readonly phaseLines = new PhaseLines();
  /**
   * Each matcher's line(), taken when the first line arrives (after any wrapper a test or the bench put on it):
   * every matcher is an object of its own shape, so `matcher.line` was a megamorphic property load on every call.
   */
  private lineFns: Matcher['line'][] | undefined;

  constructor(opts: DiagnoserOptions = {}) {
    this.findings = new Findings(opts.maxDiagnostics ?? 200, opts.onEvent);
    this.maxLine = opts.maxLineLength ?? DEFAULT_MAX_LINE;
    this.prefilter = !opts.onEvent && !opts.noPrefilter;
    this.scanner = this.prefilter ? byteScanner(opts.jsScan) : TEXT_SCANNER;
    this.jsScan = !!opts.jsScan;
    this.matchers = RULES.map((r) => r.create());
    this.step = opts.failingStep ? new FailingStep() : undefined;
    this.decoder = new LogDecoder(
      (l) => this.line(l),
      (e) => {
        if (e.type === 'build-failed') {
          this.lastFailedDrv = e.drv;
          this.step?.failed(e.drv, e.exitCode);
        } else if (e.type === 'build-started') this.step?.started(e.drv);
        opts.onEvent?.(e);
      },
      this.maxLine,
      !!opts.onEvent,
      !!opts.onEvent,
    );
    this.busyMatchers = this.matchers.filter((m) => m.busy);
    this.holding = this.matchers.filter((m) => m.held);
    this.busyBits = this.busyMatchers.map((m) => 1 << this.matchers.indexOf(m));
    this.canWait = this.busyBits.reduce((a, b) => a | b, 0);
    this.canSkim = this.busyMatchers.map((m) => !!(m.readsIndented || m.readsBlank));
    const self = this;
    this.ctx = {
      recent: (n) => self.lookBack.recent(n),
      emit: (d) => {
        self.findings.add(d);
        self.step = undefined;
      },
      claim: () => {
        self.claimed = true;
      },
      get claimed() {
        return self.claimed;
      },
      get inTests() {
        return self.inTests;
      },
      get building() {
        return self.decoder.buildRunning;
      },
      get runningDrv() {
        return self.decoder.runningDrv;
      },
      get lastFailedDrv() {
        return self.lastFailedDrv;
      },
      get emitted() {
        return self.findings.found.length;
      },
      get held() {
        let n = 0;
        for (const m of self.holding) n += m.held!();
        return n;
      },
    };
  }

  /**
   * A Diagnoser is fed either strings or bytes, not both. It keeps no reference to a chunk once push returns: the
   * caller may read the next one into the same buffer (readLog.ts does).
   */
  push(chunk: string | Uint8Array): void {
    if (this.firstLine && this.step) this.start(chunk);
    if (typeof chunk === 'string' || !this.prefilter) this.decoder.push(chunk);
    else {
      this.pushBytes(chunk);
      this.lookBack.release();
    }
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
      // The log's end ends its last line too.
      if (this.firstLine && this.step) this.headDone(FIRST_LINE.exec(`${this.head.toString('utf8')}\n`)?.[1]);
      // What was held for lines that will not come goes out first: the finishes' fallbacks (nothing found yet?) see it.
      for (const m of this.matchers) m.release?.(this.ctx);
      for (const m of this.matchers) m.finish?.(this.ctx);
      this.findings.preferTestFailures();
      // No rule recognised a cause: say which step failed, and whether the paste was cut (bounded: 8 lines back).
      if (this.step && !this.findings.found.length) {
        const f = this.step.finding(this.lookBack.recent(8));
        if (f) this.findings.add(f);
      }
    }
    return this.findings.found;
  }

  /** The log's first non-empty line (within its first 4 KB), for a paste that starts inside a message. */
  private start(chunk: string | Uint8Array): void {
    // The log's first bytes, kept until they hold a whole non-blank line (chunks may end anywhere), at most HEAD_MAX.
    const room = HEAD_MAX - this.head.length;
    const more = typeof chunk === 'string' ? Buffer.from(chunk.slice(0, room)) : Buffer.from(chunk.subarray(0, room));
    this.head = Buffer.concat([this.head, more.subarray(0, room)]);
    const m = FIRST_LINE.exec(this.head.toString('utf8'));
    if (m || this.head.length >= HEAD_MAX) this.headDone(m?.[1]);
  }

  /** The first non-blank line is known (or the log's first HEAD_MAX bytes, or its end, came without one). */
  private headDone(line: string | undefined): void {
    this.firstLine = false;
    this.head = Buffer.alloc(0);
    if (line !== undefined) this.step!.start(LogDecoder.textOf(line));
  }

  get diagnostics(): readonly Diagnostic[] {
    return this.findings.found;
  }

  /** The failed builds whose log was cut to Nix's tail (LogDecoder.cutLogs): what `nix log` may have whole. */
  get cutLogs(): readonly CutLog[] {
    return this.decoder.cutLogs;
  }

  private busy(): boolean {
    return this.decoder.busy || this.waitMask !== 0;
  }

  /** The rules (bit mask) whose matchers wait for follow-up lines. */
  private waiting(): number {
    return this.waitMask;
  }

  /** Asks the matchers that can wait and read this line (`read`: only that changes their answer); the others' answers stand. */
  private askWaiting(read: number): number {
    let mask = this.waitMask & ~read;
    let skim = this.skimMask & ~read;
    let blank = this.blankMask & ~read;
    const bm = this.busyMatchers;
    const bits = this.busyBits;
    for (let k = 0; k < bm.length; k++) {
      if (!(read & bits[k]!) || !bm[k]!.busy!()) continue;
      mask |= bits[k]!;
      if (!this.canSkim[k]) continue;
      const m = bm[k]!;
      if (m.readsIndented?.() === false) skim |= bits[k]!;
      if (m.readsIndented?.() === false || m.readsBlank?.() === false) blank |= bits[k]!;
    }
    this.skimMask = skim;
    this.blankMask = blank;
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
        if (!(mask === 0 && (this.tailLine(data, pos, nl) || this.skimmed(data, pos, nl))) && !this.busyTailLine(data, pos, nl, mask)) this.byteLine(data, pos, nl, mask);
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
      // The failing step's markers concern no one else: without it, a line with only those is skipped unread.
      if ((mask & ~(STEP | PHASE)) === 0 && !this.step) {
        this.skip(data, start, nl + 1);
        pos = nl + 1;
        continue;
      }
      // A phase header or hook seen before (its bytes alike): the step's effect again, nothing decoded (phaseLine).
      if (mask === PHASE && this.step) {
        const e = this.phaseLines.effect(data, start, nl);
        if (e !== undefined) {
          this.step.apply(e);
          this.lookBack.skip(data, start, nl + 1);
          pos = nl + 1;
          continue;
        }
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
        // A phase header or hook alone after the prefix: the failing step reads the text the decoder would give it.
        if (pe !== -1 && mask === PHASE && nl - start <= this.maxLine) {
          this.phaseLine(NON_ASCII.test(prefix.rest) ? utf8Text(data, pe, nl) : prefix.rest, data, start, nl);
          pos = nl + 1;
          continue;
        }
        // The decoder would read exactly this name and text (no framing marker, no colour code to strip): hand them over.
        if (pe !== -1 && !(mask & (FRAMING | BY_TEXT)) && nl - start <= this.maxLine) {
          this.lineMask = mask;
          this.decoder.prefixed(prefix.name, NON_ASCII.test(prefix.rest) ? utf8Text(data, pe, nl) : prefix.rest);
          this.lineMask = ALL_RULES;
          pos = nl + 1;
          continue;
        }
      }
      const read = mask === PHASE ? nl - start <= this.maxLine && this.plainPhaseLine(data, start, nl) : count === 1 && hit === start && mask === FRAMING && this.building(data, start, nl);
      if (!read) this.byteLine(data, start, nl, mask);
      pos = nl + 1;
    }
  }

  /**
   * A line whose only markers are the failing step's phase words (PHASE: no rule's, listen, framing, test-harness or
   * closing marker, no ESC, no `@nix `), read while no one waits for follow-up lines: it concerns the failing step
   * alone, and of it only FailingStep.header (its other tests need STEP_MARKERS). So it is not made a log line: the
   * step reads its text (what the decoder would give: a line outside a tail with no framing marker changes no
   * decoder state) and the look-back keeps its bytes, as for a skipped line. Read in place, so the step sees its
   * lines in the log's order (its phase and hook depend on every header's order). Its effect is remembered for its
   * bytes (phaseLines.ts): a long build's headers repeat, and a repeat is not decoded or matched again.
   */
  private phaseLine(text: string, data: Buffer, start: number, nl: number): void {
    // (Without the step, a line whose prefix held the other markers: it concerns no one.)
    if (this.step) this.phaseLines.remember(data, start, nl, this.step.header(text));
    this.lookBack.skip(data, start, nl + 1);
  }

  /**
   * phaseLine for a line without an `-L` prefix read as such: its text is LogDecoder.textOf's (what the decoder
   * gives a line outside a tail) where that reads it as the decoder does — no carriage return (textOf and the
   * decoder part its pieces alike, but rarely: leave it to them) and no tail-like start but a space or tab (the
   * decoder reads `   > …` as a tail's line only after those). False: not that case.
   */
  private plainPhaseLine(data: Buffer, start: number, nl: number): boolean {
    const raw = utf8Text(data, start, nl);
    if (raw.indexOf('\r') !== -1) return false;
    const c = stripCiPrefix(raw).charCodeAt(0);
    if ((c > 9 && c <= 13) || c >= 0x80) return false;
    this.phaseLine(LogDecoder.textOf(raw), data, start, nl);
    return true;
  }

  /**
   * A plain `building '/nix/store/….drv'…` line with no other marker and only
   * ASCII: what the decoder would learn from it, without decoding it (it goes
   * to no rule, and to the look-back as bytes). False: not that shape.
   */
  private building(data: Buffer, start: number, nl: number): boolean {
    return this.built(this.buildingLines.read(data, start, nl), data, start, nl);
  }

  /** `building` for a line the scan remembered. */
  private rememberedBuilding(slot: number, gen: number, data: Buffer, start: number, nl: number): boolean {
    return this.built(this.buildingLines.remembered(slot, gen, data, start, nl), data, start, nl);
  }

  private built(b: Building | null, data: Buffer, start: number, nl: number): boolean {
    if (!b) return false;
    this.decoder.building(b.drv, b.name);
    this.lookBack.skip(data, start, nl + 1);
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

  /**
   * A tail's line (`    > text`, ASCII, no carriage return, no ESC or `@nix `) that goes to some rule (it has markers,
   * or a rule waits): inside a tail the decoder gives the rules its text after `> ` as the failed build's, so that
   * text is made from its bytes and handed over, not the whole line decoded and matched again. Without markers, a
   * text that the rules waiting now do not read (blank, or indented: Matcher.readsBlank and readsIndented false, the
   * test `skimmed` makes of a line outside a tail, on the text after `> `) is not made at all: the line changes none
   * of them and goes to no one else, so it is kept as bytes for the look-back (which reads it as the decoder would,
   * as for tailLine). False: not that case.
   */
  private busyTailLine(data: Buffer, start: number, nl: number, mask: number): boolean {
    if (!this.decoder.tailing || mask & BY_TEXT || nl - start > this.maxLine) return false;
    const at = tailTextAt(data, start, nl);
    if (at === -1) return false;
    if (mask === 0 && this.skimsText(data, at, nl)) {
      this.skip(data, start, nl + 1);
      return true;
    }
    this.lineMask = mask;
    this.decoder.tailText(latin1Text(data, at, nl));
    this.lineMask = ALL_RULES;
    return true;
  }

  /** Whether ASCII text bytes [from, nl) without markers are a text none of the rules waiting now reads (blank or indented). */
  private skimsText(data: Buffer, from: number, nl: number): boolean {
    if ((this.waitMask & ~this.blankMask) !== 0) return false;
    if (blankBytes(data, from, nl)) return true;
    const c = data[from];
    return (this.waitMask & ~this.skimMask) === 0 && (c === 32 || c === 9);
  }

  /**
   * A line without markers, outside a tail, that the rules waiting now do not read (Matcher.readsIndented and
   * readsBlank false): blank while each reads no blank line, or read by the decoder as an indented ASCII text while
   * each reads no indented line. It changes none of them and goes to no one else, so it is kept as bytes for the
   * look-back. False: not that case.
   */
  private skimmed(data: Buffer, start: number, nl: number): boolean {
    if (this.decoder.busy || (this.waitMask & ~this.blankMask) !== 0) return false;
    if (!blankBytes(data, start, nl) && ((this.waitMask & ~this.skimMask) !== 0 || !indentedAscii(data, start, nl))) return false;
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
    if (mask & BY_TEXT && data[from] === 64 && to - from <= this.maxLine) {
      if (readResult(data, from, to)) {
        // A canonical result record, read on its bytes. Its text is ASCII bytes of the line, so every
        // marker in it is among the line's hits: their rules are a superset of those its text names.
        if (result.text === undefined) return;
        this.lineMask = mask & (ALL_RULES | LISTEN_BITS | STEP | PHASE);
        this.decoder.resultRecord(result.id, result.type, result.text);
        this.lineMask = ALL_RULES;
        return;
      }
      // The activities around them: no log line, no rule.
      if (readStop(data, from, to)) return this.decoder.stopRecord(activity.id);
      if (readStart(data, from, to)) return this.decoder.startRecord(activity.id, activity.type);
    }
    let s = utf8Text(data, from, to);
    if (s.length > this.maxLine) s = s.slice(0, this.maxLine);
    this.lineMask = mask;
    // BY_TEXT is the scan's mark of an ESC byte or `@nix `: without it the line has neither.
    this.decoder.feedLine(s, (mask & (FRAMING | BY_TEXT)) !== 0, (mask & BY_TEXT) === 0);
    this.lineMask = ALL_RULES;
  }

  private skip(data: Buffer, from: number, to: number): void {
    this.lookBack.skip(data, from, to);
  }

  private line(l: LogLine): void {
    const t = l.text;
    if (!this.inTests && startsTests(t)) this.inTests = true;
    this.claimed = false;
    let mask = this.lineMask;
    // A line of a JSON record or with colour codes: the rules its decoded text names.
    if (mask & BY_TEXT) mask = textMasks(t, this.jsScan);
    // The failing step reads only lines with its markers (every line when nothing was prefiltered).
    if (this.step && (mask & (STEP | PHASE) || this.lineMask === ALL_RULES)) this.step.line(l);
    // Plus every matcher waiting for follow-up lines. A matcher outside the mask
    // was not waiting and the line has none of its markers: by the rule contract
    // the line cannot concern it (test/unit/diagnose/markers.test.ts holds each rule to that).
    if (mask !== ALL_RULES) {
      mask |= this.waiting();
      // Words a rule reads only in some state: the rule gets their line while its matcher listens.
      if (mask & LISTEN_BITS) for (const l of LISTENERS) if (mask & l.bit && !(mask & (1 << l.rule)) && this.matchers[l.rule]!.listening!()) mask |= 1 << l.rule;
    }
    const ms = this.matchers;
    const fns = (this.lineFns ??= ms.map((x) => x.line));
    // The set bits only, lowest (first rule) first: a line goes to two or three of the rules.
    for (let m = mask & ALL_RULES; m !== 0; m &= m - 1) {
      const i = 31 - Math.clz32(m & -m);
      fns[i]!.call(ms[i], l, this.ctx);
    }
    if (mask & this.canWait) this.waitMask = this.askWaiting(mask);
    if (this.inTests && endsTests(t)) this.inTests = false;
    this.lookBack.text(t);
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

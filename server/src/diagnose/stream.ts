// Push-based decoding of everything `nix build` / `nix-build` / `nix log` print
// (internal-json, `-L`, `last N log lines`, legacy full logs, the Nix 2.3,
// 2.4–2.2x and 2.30+ error layouts) into plain log lines and progress events.
// Memory stays bounded: lines are capped, activities are dropped on `stop`.
import { crText, drvName, screenText, stripAnsi, stripCiPrefix } from './text';
import type { BuildEvent, BuildEventListener, LogLine } from './types';

export const DEFAULT_MAX_LINE = 16 * 1024;
const DECODE_PIECE = 64 * 1024;

/** Splits pushed chunks into lines; a line longer than `max` keeps its first `max` characters. */
export class LineSplitter {
  private pending = '';
  private overflow = false;
  private readonly decoder = new TextDecoder('utf-8');

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly max = DEFAULT_MAX_LINE,
  ) {}

  push(chunk: string | Uint8Array): void {
    if (typeof chunk !== 'string') {
      // Lines are slices of the decoded string and keep it alive while anything holds
      // one (recent lines, evidence): decoding in small pieces bounds what they pin.
      for (let i = 0; i < chunk.length; i += DECODE_PIECE) this.pushText(this.decoder.decode(chunk.subarray(i, i + DECODE_PIECE), { stream: true }));
      return;
    }
    this.pushText(chunk);
  }

  private pushText(s: string): void {
    let start = 0;
    for (;;) {
      const nl = s.indexOf('\n', start);
      if (nl === -1) break;
      this.take(s, start, nl);
      this.flushLine();
      start = nl + 1;
    }
    if (start < s.length) this.take(s, start, s.length);
  }

  end(): void {
    const tail = this.decoder.decode();
    if (tail) this.pushText(tail);
    if (this.pending || this.overflow) this.flushLine();
  }

  private take(s: string, from: number, to: number): void {
    if (this.overflow) return;
    const room = this.max - this.pending.length;
    if (to - from > room) {
      this.pending += s.slice(from, from + room);
      this.overflow = true;
    } else {
      this.pending += from === 0 && to === s.length ? s : s.slice(from, to);
    }
  }

  private flushLine(): void {
    const line = this.pending;
    this.pending = '';
    this.overflow = false;
    this.onLine(line);
  }
}

interface Activity {
  type: number;
  drv?: string;
}

// Activity and result types of Nix's JSON logger (src/libutil/logging.hh).
const ACT_BUILD = 105;
const ACT_BUILDS = 104;
const ACT_COPY_PATHS = 103;
const RES_BUILD_LOG_LINE = 101;
const RES_POST_BUILD_LOG_LINE = 107;
const RES_SET_PHASE = 104;
const RES_PROGRESS = 105;
const RES_SET_EXPECTED = 106;

const MAX_ACTIVITIES = 4096;

// Nix's JSON logger prints keys sorted and no spaces. A record of exactly these
// shapes is valid JSON (strings, integers and ids as JSON spells them), so it is
// read without JSON.parse when nobody wants progress events: a `stop`, a `start`
// (a build's with its fields), a `result` whose fields are one string (a build log
// line) or integers (progress), and a `msg` (with or without position fields).
const JSON_STRING = String.raw`"((?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*)"`;
const JSON_INT = String.raw`-?(?:0|[1-9]\d*)`;
const FAST_RESULT = new RegExp(String.raw`^@nix \{"action":"result","fields":\[(?:${JSON_STRING}|${JSON_INT}(?:,${JSON_INT})*)?\],"id":(0|[1-9]\d*),"type":(0|[1-9]\d*)\}$`);
const FAST_STOP = /^@nix \{"action":"stop","id":(0|[1-9]\d*)\}$/;
/** JSON_STRING without its group. */
const JSON_STRING_ANY = String.raw`"(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"`;
// A message without position fields (Nix's warnings, `evaluating file …`), and one with them (its errors, null or not).
const FAST_MSG = new RegExp(String.raw`^@nix \{"action":"msg","level":(${JSON_INT}),"msg":${JSON_STRING}\}$`);
const FAST_MSG_AT = new RegExp(
  String.raw`^@nix \{"action":"msg","column":(null|${JSON_INT}),"file":(null|${JSON_STRING_ANY}),"level":(${JSON_INT}),"line":(null|${JSON_INT}),"msg":${JSON_STRING},"raw_msg":${JSON_STRING_ANY}\}$`,
);
// An activity with fields: a build's names its derivation first.
const FAST_START_FIELDS = new RegExp(
  String.raw`^@nix \{"action":"start","fields":\[${JSON_STRING}(?:,(?:${JSON_STRING_ANY}|${JSON_INT}))*\],"id":(0|[1-9]\d*),"level":${JSON_INT},(?:"parent":${JSON_INT},)?"text":${JSON_STRING_ANY},"type":(0|[1-9]\d*)\}$`,
);
// An activity without fields (no derivation): only its id and type are kept.
const FAST_START = new RegExp(String.raw`^@nix \{"action":"start","id":(0|[1-9]\d*),"level":${JSON_INT},(?:"parent":${JSON_INT},)?"text":${JSON_STRING},"type":(0|[1-9]\d*)\}$`);

/** A position field as FAST_MSG_AT reads it: `null` or a JSON integer. */
const intOrNull = (x: string): number | null => (x === 'null' ? null : Number(x));

/** A JSON string's text (what is between its quotes, valid as JSON_STRING reads it). */
const jsonText = (s: string): string => (s.indexOf('\\') === -1 ? s : (JSON.parse(`"${s}"`) as string));

const BUILDING = /^building '(\/nix\/store\/[^']+\.drv)'/;
// Nix ≤ 2.1 quotes in ‘’.
const BUILDER_FAILED = /builder for ['‘](\/nix\/store\/[^'’]+\.drv)['’] failed with exit code (\d+)/;
const CANNOT_BUILD = /^\s*error: Cannot build '(\/nix\/store\/[^']+\.drv)'/;
const REASON_EXIT = /^\s*Reason: builder failed with exit code (\d+)/;
// Nix 2.3 puts the header at the end of the `builder for … failed` line and indents the tail by two spaces.
const TAIL_HEADER = /(?:^|\s)last \d+ log lines:\s*$/i;

/**
 * Whether a line's text is Nix's header of a failed build's log tail (alone on its line from 2.4, ending the
 * `builder for … failed` line in ≤ 2.3): what opens the decoder's tail, and what the failing step reads as a tail
 * the log goes on into (failingStep.ts), one test for both.
 */
export function tailHeader(text: string): boolean {
  return text.includes('log lines') && TAIL_HEADER.test(text);
}
const TAIL_LINE = /^\s+>(?: (.*))?$/;
// Where Nix 2.4+ says the whole log is, on the line after its tail: `For full logs, run 'nix log X'.` (2.8), or
// `For full logs, run:` and the command alone on the next line (2.26, 2.30); `nix-store -l` when nix-command is off.
const FULL_LOGS = /^\s*For full logs, run(?: '(nix log|nix-store -l) (\/nix\/store\/[^'\s]+\.drv)'|:\s*$)/;
/** Whether a line is Nix's `For full logs, run …` after a tail (the decoder's test; the failing step's too). */
export const fullLogsLine = (text: string): boolean => FULL_LOGS.test(text);
const FULL_LOGS_COMMAND = /^\s*(nix log|nix-store -l) (\/nix\/store\/\S+\.drv)\s*$/;
/** How many cut logs a decoder remembers (a log of many failed builds names each). */
const MAX_CUT_LOGS = 16;
const L_PREFIX = /^ {0,4}([A-Za-z0-9][\w+.?=-]*)> (.*)$/;
// nix-output-monitor's box (`┃ `), or a log viewer's gutter after a few spaces (`  │ `, round71 ur02).
const NOM_BOX = /^ {0,8}[┃│] ?/;
// Every line structure() reads has one of these; most lines have none.
const STRUCTURE_HINT = /building '|builder for|Cannot build|Reason:/;
const NIX_OWN = /^(?:error|warning|trace|note|evaluation warning)\b|^(?:building|copying|these \d+|this derivation|this path|For full logs|\s+Output paths:|\s+Reason:)/;
/** NIX_OWN's possible first characters: most of a legacy log's lines (a builder's output) are told apart by this one test. */
const NIX_OWN_FIRST = /^[ewtnbcF\s]/;

/** A box-drawing gutter after at most eight spaces (no regular expression for the many indented lines without one). */
function boxAfterSpaces(text: string): boolean {
  let i = 1;
  while (i < 8 && text.charCodeAt(i) === 32) i++;
  const c = text.charCodeAt(i);
  return c === 0x2503 || c === 0x2502;
}

/**
 * A failed build whose log the output holds only the last lines of (Nix without `-L` prints a tail), and the command
 * Nix said reads the whole of it (none: Nix 2.3 says none, or the paste left it out).
 */
export interface CutLog {
  drv: string;
  command?: 'nix log' | 'nix-store -l';
}

/**
 * Turns raw output into `LogLine`s (builder output vs Nix's own messages, with
 * the derivation when the framing tells) and `BuildEvent`s.
 */
export class LogDecoder {
  private readonly splitter: LineSplitter;
  private readonly activities = new Map<string, Activity>();
  private readonly drvByName = new Map<string, string>();
  /** Builds announced in plain output and not yet failed: the legacy log's unprefixed lines belong to them. */
  private readonly running = new Set<string>();
  /** The one build in `running` when there is exactly one (read for every unprefixed line of a legacy log). */
  private soleRunning: string | undefined;
  private tailDrv: string | undefined;
  private inTail = false;
  private oldTail = false;
  private lastFailedDrv: string | undefined;
  private cannotBuildDrv: string | undefined;
  /** `For full logs, run:` was the last line: the command is on this one. */
  private fullLogsNext = false;
  private readonly cut: CutLog[] = [];
  private plainStarted = 0;
  private plainFailed = 0;

  constructor(
    private readonly onLine: (line: LogLine) => void,
    private readonly onEvent?: BuildEventListener,
    maxLine = DEFAULT_MAX_LINE,
    /** Whether `onEvent` wants a `log` event per line (a listener only after progress facts does not). */
    private readonly logEvents = true,
    /** Whether `onEvent` wants progress (builds started and stopped, phases, counts); build failures are always reported. */
    private readonly progressEvents = true,
  ) {
    this.splitter = new LineSplitter((l) => this.rawLine(l), maxLine);
  }

  /** Byte-level markers of the lines that change this decoder's state (for the prefilter). */
  static readonly MARKERS: readonly string[] = ['@nix ', "building '", 'builder for', 'Cannot build', 'Reason:', 'log lines'];

  /**
   * A build was announced in plain output (`building '…'`) and has not failed: a line without framing may be its
   * builder's (legacy `nix-build` streams it unprefixed, and cargo's `error:` lines read as Nix's own).
   */
  get buildRunning(): boolean {
    return this.running.size > 0;
  }

  /** The one build announced in plain output and still running, when there is exactly one. */
  get runningDrv(): string | undefined {
    return this.soleRunning;
  }

  /** True while every line matters to the framing (inside a `last N log lines` tail). */
  get busy(): boolean {
    return this.inTail || this.fullLogsNext;
  }

  /** The failed builds whose log this output shows only the tail of, in the order seen (at most MAX_CUT_LOGS). */
  get cutLogs(): readonly CutLog[] {
    return this.cut;
  }

  private cutLog(drv: string | undefined, command?: CutLog['command']): void {
    if (!drv) return;
    const known = this.cut.find((c) => c.drv === drv);
    if (known) known.command ??= command;
    else if (this.cut.length < MAX_CUT_LOGS) this.cut.push(command ? { drv, command } : { drv });
  }

  /** The line after a tail, or after `For full logs, run:`: where Nix says the whole log is. */
  private fullLogs(text: string, next: boolean): void {
    this.fullLogsNext = false;
    const m = (next ? FULL_LOGS_COMMAND : FULL_LOGS).exec(text);
    if (!m) return;
    if (!next && m[1] === undefined) this.fullLogsNext = true;
    else this.cutLog(m[2]!, m[1] as CutLog['command']);
  }

  /**
   * One complete line (without its newline), for callers that split lines themselves.
   * `plain`: the caller saw the line's bytes hold no ESC and not start with `@nix `.
   */
  feedLine(raw: string, framing = true, plain = false): void {
    this.rawLine(raw, framing, plain);
  }

  /** Inside a `last N log lines` tail: a `  > text` line is its builder's. */
  get tailing(): boolean {
    return this.inTail;
  }

  /** A tail's `  > text` line its caller read on its bytes (lineBytes.tailAscii, inside a tail): `text` is what follows `> `. */
  tailText(text: string): void {
    this.line(text, 'build', this.tailDrv);
  }

  /**
   * A `name> text` line its caller already split, as rawLine reads it: `name`
   * is no Nix level (error, warning …) and `text` has no carriage return, colour
   * code or line separator.
   */
  prefixed(name: string, text: string): void {
    if (this.inTail) return this.rawLine(`${name}> ${text}`);
    this.line(text, 'build', this.drvByName.get(name));
  }

  /**
   * The text a line outside any tail would get, without changing any state:
   * what a skipped line would have looked like (for the rules' look-back).
   */
  static textOf(raw: string): string {
    let text = stripCiPrefix(screenText(raw));
    if (NOM_BOX.test(text)) text = text.replace(NOM_BOX, '');
    const t = TAIL_LINE.exec(text);
    if (t) return t[1] ?? '';
    const p = L_PREFIX.exec(text);
    return p && !/^(?:error|warning|note|trace)$/.test(p[1]!) ? p[2]! : text;
  }

  push(chunk: string | Uint8Array): void {
    this.splitter.push(chunk);
  }

  end(): void {
    this.splitter.end();
  }

  private emit(e: BuildEvent): void {
    this.onEvent?.(e);
  }

  private line(text: string, source: LogLine['source'], drv?: string): void {
    const l: LogLine = drv ? { text, source, drv } : { text, source };
    this.onLine(l);
    if (this.onEvent && this.logEvents) this.emit({ type: 'log', line: l });
  }

  /**
   * `framing` false: the line has none of MARKERS (the prefilter saw its bytes), so the framing's own tests are skipped.
   * `plain`: no ESC and no `@nix ` start (the prefilter saw that too): no record to read and no colour code to strip.
   */
  private rawLine(raw: string, framing = true, plain = false): void {
    if (!plain && raw.startsWith('@nix ') && this.json(raw)) return;
    let text = stripCiPrefix(plain ? crText(raw) : screenText(raw));
    let c0 = text.charCodeAt(0);
    // nix-output-monitor boxes Nix's own output (`┃        > …` is a tail line): read what is inside the box.
    if ((c0 === 0x2503 || c0 === 0x2502 || (c0 === 32 && boxAfterSpaces(text))) && NOM_BOX.test(text)) c0 = (text = text.replace(NOM_BOX, '')).charCodeAt(0);

    if (this.inTail) {
      const t = TAIL_LINE.exec(text);
      if (t) return this.line(t[1] ?? '', 'build', this.tailDrv);
      if (this.oldTail && text.startsWith('  ')) return this.line(text.slice(2), 'build', this.tailDrv);
      this.inTail = false;
      this.fullLogs(text, false);
    } else if (this.fullLogsNext) this.fullLogs(text, true);
    if (framing && tailHeader(text)) {
      this.oldTail = /^(?:error: )?builder for/.test(text);
      if (this.oldTail) this.structure(text);
      this.inTail = true;
      this.tailDrv = this.lastFailedDrv;
      this.cutLog(this.tailDrv);
      return this.line(text, 'nix');
    }
    const t = c0 === 32 || c0 === 9 ? TAIL_LINE.exec(text) : null;
    if (t) return this.line(t[1] ?? '', 'build', this.tailDrv);

    const p = text.includes('> ') ? L_PREFIX.exec(text) : null;
    if (p && !/^(?:error|warning|note|trace)$/.test(p[1]!)) {
      return this.line(p[2]!, 'build', this.drvByName.get(p[1]!));
    }
    if (framing) this.structure(text);
    if (!this.running.size || (NIX_OWN_FIRST.test(text) && NIX_OWN.test(text))) return this.line(text, 'nix');
    // Legacy `nix-build` streams the builder's output unprefixed.
    return this.line(text, 'build', this.soleRunning);
  }

  /** Progress facts in plain (non-JSON) output. */
  private structure(text: string): void {
    if (!STRUCTURE_HINT.test(text)) return;
    let m = BUILDING.exec(text);
    if (m) return this.building(m[1]!);
    m = BUILDER_FAILED.exec(text);
    if (m) return this.failed(m[1]!, Number(m[2]));
    m = CANNOT_BUILD.exec(text);
    if (m) {
      this.cannotBuildDrv = m[1]!;
      this.lastFailedDrv = m[1]!;
      return;
    }
    m = REASON_EXIT.exec(text);
    if (m && this.cannotBuildDrv) {
      this.failed(this.cannotBuildDrv, Number(m[1]));
      this.cannotBuildDrv = undefined;
    }
  }

  /**
   * A `result` record of the canonical shape (see FAST_RESULT) whose fields are
   * one string without escapes or control characters, read from bytes by the
   * prefilter while nobody wants progress events: what fastJson does with it.
   */
  resultRecord(id: string, type: number, text: string): void {
    if (type !== RES_BUILD_LOG_LINE && type !== RES_POST_BUILD_LOG_LINE) return;
    // No control character (readResult's shape): no carriage return or colour code for screenText to take out.
    this.line(text, 'build', this.activities.get(id)?.drv);
  }

  /** A `stop` record of the canonical shape (FAST_STOP), read from bytes by the prefilter while nobody wants progress events. */
  stopRecord(id: string): void {
    this.activities.delete(id);
  }

  /** A `start` record without fields of the canonical shape (FAST_START), read from bytes as stopRecord is. */
  startRecord(id: string, type: number): void {
    if (this.activities.size >= MAX_ACTIVITIES) this.activities.delete(this.activities.keys().next().value!);
    this.activities.set(id, { type });
  }

  /** A plain `building '<drv>'` line (also fed by the prefilter without decoding the line). */
  building(drv: string, name = drvName(drv)): void {
    // Announced again (a long build repeats itself): nothing changes but the count.
    if (this.running.size < MAX_ACTIVITIES && this.running.has(drv) && this.drvByName.get(name) === drv) {
      this.plainStarted++;
      if (this.progressEvents) this.emit({ type: 'build-started', drv, name });
      return;
    }
    this.remember(name, drv);
    // Plain logs never say a build ended well: keep the most recent ones only.
    if (this.running.size >= MAX_ACTIVITIES) this.running.delete(this.running.values().next().value!);
    this.running.add(drv);
    this.runningChanged();
    this.plainStarted++;
    this.emit({ type: 'build-started', drv, name });
  }

  private runningChanged(): void {
    this.soleRunning = this.running.size === 1 ? this.running.values().next().value : undefined;
  }

  private failed(drv: string, exitCode: number): void {
    this.lastFailedDrv = drv;
    this.running.delete(drv);
    this.runningChanged();
    this.plainFailed++;
    this.emit({ type: 'build-failed', drv, name: drvName(drv), exitCode });
  }

  /** One `@nix {…}` record; false when it is not JSON after all (then it is shown as text). */
  private json(raw: string): boolean {
    if (!this.progressEvents && this.fastJson(raw)) return true;
    // Activity ids are uint64: quote them before JSON.parse rounds them.
    const body = raw.slice(5).replace(/"(id|parent)":\s*(\d+)/g, '"$1":"$2"');
    // An object that does not end its text (a record a paste or a log window cut) is no JSON: said
    // without JSON.parse throwing, which costs ≈ 6 µs a line (JSON whitespace is within what trim drops).
    if (body.trimStart().startsWith('{') && !body.trimEnd().endsWith('}')) return false;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return false;
    }
    if (!o || typeof o !== 'object') return false;
    const id = typeof o.id === 'string' ? o.id : undefined;
    const fields = Array.isArray(o.fields) ? (o.fields as unknown[]) : [];
    switch (o.action) {
      case 'start': {
        if (!id) break;
        const type = Number(o.type);
        this.startActivity(id, type, type === ACT_BUILD && typeof fields[0] === 'string' ? fields[0] : undefined);
        break;
      }
      case 'stop': {
        const a = id ? this.activities.get(id) : undefined;
        if (a?.drv) this.emit({ type: 'build-stopped', drv: a.drv, name: drvName(a.drv) });
        if (id) this.activities.delete(id);
        break;
      }
      case 'result': {
        const a = id ? this.activities.get(id) : undefined;
        const type = Number(o.type);
        if ((type === RES_BUILD_LOG_LINE || type === RES_POST_BUILD_LOG_LINE) && typeof fields[0] === 'string') {
          for (const l of fields[0].split('\n')) this.line(screenText(l), 'build', a?.drv);
        } else if (type === RES_SET_PHASE && typeof fields[0] === 'string') {
          this.emit({ type: 'phase', drv: a?.drv, name: a?.drv ? drvName(a.drv) : undefined, phase: fields[0] });
        } else if (type === RES_PROGRESS && a?.type === ACT_BUILDS) {
          const [done, expected, running, failed] = fields.map(Number);
          this.emit({ type: 'progress', done: done ?? 0, expected: expected ?? 0, running: running ?? 0, failed: failed ?? 0 });
        } else if (type === RES_SET_EXPECTED) {
          const act = Number(fields[0]);
          this.emit({ type: 'expected', activity: act === ACT_BUILD ? 'builds' : act === 100 || act === ACT_COPY_PATHS ? 'copies' : 'other', expected: Number(fields[1] ?? 0) });
        }
        break;
      }
      case 'setPhase':
        if (typeof o.phase === 'string') this.emit({ type: 'phase', phase: o.phase });
        break;
      case 'msg': {
        if (typeof o.msg !== 'string') break;
        this.message(o.level === 0, o.msg, o);
        break;
      }
      default:
        break;
    }
    return true;
  }

  private startActivity(id: string, type: number, drv: string | undefined): void {
    if (this.activities.size >= MAX_ACTIVITIES) this.activities.delete(this.activities.keys().next().value!);
    this.activities.set(id, { type, drv });
    if (drv) {
      this.remember(drvName(drv), drv);
      this.emit({ type: 'build-started', drv, name: drvName(drv) });
    }
  }

  /** A `msg` record's text; `at` its position fields, when it has them. */
  private message(error: boolean, msg: string, at?: Record<string, unknown>): void {
    const text = stripAnsi(msg);
    if (error) this.emit({ type: 'nix-error', message: text });
    for (const l of text.split('\n')) {
      this.structure(l);
      this.line(l, 'nix');
    }
    // Positions are in the rendered text, except for messages that only carry them as fields.
    if (error && at && typeof at.file === 'string' && typeof at.line === 'number' && !text.includes(`${at.file}:${at.line}`)) {
      this.line(`       at ${at.file}:${at.line}:${typeof at.column === 'number' ? at.column : 1}:`, 'nix');
    }
  }

  /** A `stop`, `start`, `result` or `msg` record of the canonical shapes, without JSON.parse of the record; false: another shape. */
  private fastJson(raw: string): boolean {
    let m = FAST_RESULT.exec(raw);
    if (m) {
      const type = Number(m[3]);
      // Anything else a result says (phase, progress, counts) is only an event.
      if (m[1] === undefined || (type !== RES_BUILD_LOG_LINE && type !== RES_POST_BUILD_LOG_LINE)) return true;
      const drv = this.activities.get(m[2]!)?.drv;
      const text = m[1].indexOf('\\') === -1 ? m[1] : (JSON.parse(`"${m[1]}"`) as string);
      for (const l of text.split('\n')) this.line(screenText(l), 'build', drv);
      return true;
    }
    m = FAST_STOP.exec(raw);
    if (m) {
      this.stopRecord(m[1]!);
      return true;
    }
    m = FAST_MSG.exec(raw);
    // -0 is 0 to JSON.parse too.
    if (m) {
      this.message(Number(m[1]) === 0, jsonText(m[2]!));
      return true;
    }
    m = FAST_MSG_AT.exec(raw);
    if (m) {
      this.message(Number(m[3]) === 0, jsonText(m[5]!), { column: intOrNull(m[1]!), file: m[2] === 'null' ? null : jsonText(m[2]!.slice(1, -1)), line: intOrNull(m[4]!) });
      return true;
    }
    m = FAST_START_FIELDS.exec(raw);
    if (m) {
      const type = Number(m[3]);
      this.startActivity(m[2]!, type, type === ACT_BUILD ? jsonText(m[1]!) : undefined);
      return true;
    }
    m = FAST_START.exec(raw);
    if (!m) return false;
    this.startRecord(m[1]!, Number(m[3]));
    return true;
  }

  /** Name → derivation for `-L` prefixes, bounded (a long log builds thousands of derivations). */
  private remember(name: string, drv: string): void {
    if (!this.drvByName.has(name) && this.drvByName.size >= MAX_ACTIVITIES) this.drvByName.delete(this.drvByName.keys().next().value!);
    this.drvByName.set(name, drv);
  }

  /** Counts from plain output, for front ends without internal-json. */
  plainProgress(): { started: number; failed: number } {
    return { started: this.plainStarted, failed: this.plainFailed };
  }
}

// The contract of one diagnosis rule. A rule is one module that says, for its
// category, everything there is to say: which lines can concern it (markers,
// for the byte-level prefilter), how it reads them (a streaming matcher with
// small state), where the fix goes (place) and what the fix is (fixes). The
// registry (rules/index.ts) lists the rules; nothing else names a category.
import type { Fix } from '../check/types';
import type { Range } from '../model/types';
import type { Site } from './site';
import type { Category, Diagnostic, FixIntent, LogLine } from './types';

export interface RuleContext {
  /** The last `n` lines before the current one (oldest first), ANSI-free; at most RECENT_MAX. */
  recent(n: number): string[];
  emit(d: Diagnostic): void;
  /** Marks the current line as explained, so the eval-error fallback leaves it alone. */
  claim(): void;
  readonly claimed: boolean;
  /** True between cargo's `running N tests` and `test result:`. */
  readonly inTests: boolean;
  /** A build announced in plain output has not failed yet (LogDecoder.buildRunning): an unframed line may be its builder's. */
  readonly building: boolean;
  /** The one build announced in plain output and still running: whose an unframed line (legacy `error…`) may be. */
  readonly runningDrv?: string;
  /** The derivation that failed most recently (for lines without framing). */
  readonly lastFailedDrv?: string;
  /** How many diagnostics have been emitted so far, all rules together. */
  readonly emitted: number;
  /**
   * How many diagnostics rules have found and hold back for lines still to come (rust-compile-error's, for the
   * failure that names their derivation): a rule that asks whether anything explained the failure counts them too.
   */
  readonly held: number;
}

/** How many lines `recent` can look back. */
export const RECENT_MAX = 8;

/** One rule's streaming state over one log. */
export interface Matcher {
  line(l: LogLine, ctx: RuleContext): void;
  /**
   * True while the matcher waits for follow-up lines that carry none of its
   * markers (a hash's `got:`, rustc's `-->` span): the prefilter then feeds every line.
   * Asked after each line the matcher reads: the answer may change only then.
   */
  busy?(): boolean;
  /**
   * Asked when busy() is true, after the same line. False: a line whose text is empty, or starts with a space or tab
   * and is all ASCII, and holds none of the rule's markers changes nothing in this state (no state, no emit, no
   * claim): the rule waits only for its markers and lines that are not indented (the end of a trace block), so the
   * prefilter leaves such lines undecoded while only such rules wait (they stay in the look-back). Absent or true:
   * every line while busy.
   */
  readsIndented?(): boolean;
  /**
   * Asked as readsIndented is. False: an empty line, or one of spaces and tabs only, changes nothing in this state;
   * the prefilter leaves such lines undecoded while only such rules (or ones that read no indented line) wait.
   */
  readsBlank?(): boolean;
  /**
   * True while the matcher reads the lines of its rule's `listenMarkers` (asked before such a line, when it has
   * none of the rule's other markers). A state the rule reaches only through lines with its markers.
   */
  listening?(): boolean;
  /** How many diagnostics this matcher holds back (RuleContext.held); asked only when a rule reads `held`. */
  held?(): number;
  /**
   * End of the log, before any matcher's finish: emit what was held back for lines that will not come now, on this
   * rule's own reading only. Every finish then sees it (an end-of-log fallback that runs only when nothing was found).
   */
  release?(ctx: RuleContext): void;
  /** End of the log: emit what was waiting for more lines. */
  finish?(ctx: RuleContext): void;
}

export interface Placement {
  file: string;
  range: Range;
  related?: { file: string; range: Range; message: string }[];
}

export interface DiagnosisRule {
  category: Category;
  /**
   * Byte strings (ASCII, case-sensitive) at least one of which is in every line
   * that can start or change this rule's state. Lines with no rule's marker are
   * skipped before they are decoded, unless a matcher is busy.
   */
  markers: readonly string[];
  /**
   * Words whose lines the rule reads only in some state (while its matcher's `listening()` says so): a line with
   * these and none of `markers` goes to the rule only then. Words that matter for one state of a rule cost
   * nothing the rest of the log (pkgconfig-lib reads OpenSSL's words only after pkg-config was found missing).
   */
  listenMarkers?: readonly string[];
  create(): Matcher;
  /**
   * Where the fix goes; undefined (or only `related`): the generic order — the
   * log's location in the workspace, the failing call, the line naming the failing derivation.
   */
  place?(d: Diagnostic, site: Site): Placement | Pick<Placement, 'related'> | undefined;
  /** The fixes for this diagnostic (default: the generic intent edits on the failing call). */
  fixes?(d: Diagnostic, site: Site, intent: FixIntent): Fix | undefined;
}

/** Caps evidence so one diagnostic never holds a large part of the log. */
export const MAX_EVIDENCE = 24;
/** Caps each evidence line (a minified JSON line can be megabytes). */
export const MAX_EVIDENCE_LINE = 400;

export function diag(
  category: Category,
  message: string,
  evidence: string[],
  fixes: FixIntent[],
  extra: Partial<Pick<Diagnostic, 'location' | 'drv' | 'details' | 'severity' | 'confidence'>> = {},
): Diagnostic {
  const ev = evidence.filter((e, i) => e.trim() || (i > 0 && i < evidence.length - 1)).map((e) => (e.length > MAX_EVIDENCE_LINE ? e.slice(0, MAX_EVIDENCE_LINE) : e));
  return {
    category,
    severity: extra.severity ?? 'error',
    ...(extra.confidence ? { confidence: extra.confidence } : {}),
    message,
    evidence: ev.length > MAX_EVIDENCE ? ev.slice(ev.length - MAX_EVIDENCE) : ev,
    fixes,
    ...(extra.location ? { location: extra.location } : {}),
    ...(extra.drv ? { drv: extra.drv } : {}),
    ...(extra.details ? { details: extra.details } : {}),
  };
}

/** Appends to a bounded evidence list (keeps the first `max`). */
export function pushEvidence(list: string[], line: string, max = MAX_EVIDENCE): void {
  if (list.length < max) list.push(line.length > MAX_EVIDENCE_LINE ? line.slice(0, MAX_EVIDENCE_LINE) : line);
}

/** A bounded per-key store (per derivation, per library …) for rules that wait for more lines. */
export class Bounded<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max = 64) {}
  get(k: string): V | undefined {
    return this.map.get(k);
  }
  set(k: string, v: V): void {
    if (!this.map.has(k) && this.map.size >= this.max) this.map.delete(this.map.keys().next().value!);
    this.map.set(k, v);
  }
  delete(k: string): void {
    this.map.delete(k);
  }
  entries(): [string, V][] {
    return [...this.map.entries()];
  }
  clear(): void {
    this.map.clear();
  }
  get size(): number {
    return this.map.size;
  }
}

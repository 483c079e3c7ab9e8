// The streaming classifier: chunks in, progress events and diagnostics out.
// Memory is bounded by the line cap, a small ring of recent lines, each
// rule's small state and the diagnostic cap — not by the size of the log.
import { cargoLockRule } from './rules/cargoLock';
import { evalErrorRule } from './rules/evalError';
import { flakeAttrMissingRule } from './rules/flakeAttrMissing';
import { flakeExperimentalRule } from './rules/flakeExperimental';
import { flakeUntrackedRule } from './rules/flakeUntracked';
import { gitDepsRule } from './rules/gitDeps';
import { hashMismatchRule } from './rules/hashMismatch';
import { missingToolRule } from './rules/missingTool';
import { networkSandboxRule } from './rules/networkSandbox';
import { opensslRule } from './rules/openssl';
import { pkgconfigLibRule } from './rules/pkgconfigLib';
import { rustCompileErrorRule } from './rules/rustCompileError';
import { rustcTooOldRule } from './rules/rustcTooOld';
import { testFailureRule } from './rules/testFailure';
import type { Rule, RuleContext, RuleFactory } from './rule';
import { DEFAULT_MAX_LINE, LogDecoder } from './stream';
import type { BuildEventListener, Diagnostic, LogLine } from './types';

/** In order: specific rules first, the eval-error fallback last (it skips claimed lines). */
export const RULES: RuleFactory[] = [
  opensslRule,
  pkgconfigLibRule,
  hashMismatchRule,
  gitDepsRule,
  cargoLockRule,
  flakeUntrackedRule,
  flakeExperimentalRule,
  flakeAttrMissingRule,
  missingToolRule,
  rustcTooOldRule,
  testFailureRule,
  networkSandboxRule,
  rustCompileErrorRule,
  evalErrorRule,
];

export interface DiagnoserOptions {
  /** Progress events, log lines and each diagnostic as it is found. */
  onEvent?: BuildEventListener;
  maxLineLength?: number;
  maxDiagnostics?: number;
}

const RING = 32;
// Where cargo's test harness output shows, even when a log window cut `running N tests` off.
const TEST_START = /^(?:running \d+ tests?$|---- \S+ stdout ----$|test \S+ \.\.\. |thread '[^']*::[^']*' (?:\(\d+\) )?panicked)/;

export class Diagnoser {
  private readonly decoder: LogDecoder;
  private readonly rules: Rule[];
  private readonly ring: string[] = new Array(RING).fill('');
  private ringPos = 0;
  private readonly found: Diagnostic[] = [];
  private readonly keys = new Set<string>();
  private readonly max: number;
  private claimed = false;
  private inTests = false;
  private lastFailedDrv: string | undefined;
  private ended = false;
  private readonly ctx: RuleContext;

  constructor(private readonly opts: DiagnoserOptions = {}) {
    this.max = opts.maxDiagnostics ?? 200;
    this.rules = RULES.map((f) => f());
    this.decoder = new LogDecoder(
      (l) => this.line(l),
      (e) => {
        if (e.type === 'build-failed') this.lastFailedDrv = e.drv;
        opts.onEvent?.(e);
      },
      opts.maxLineLength ?? DEFAULT_MAX_LINE,
    );
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

  push(chunk: string | Uint8Array): void {
    this.decoder.push(chunk);
  }

  /** Flushes the last line and the rules that wait for more; returns every diagnostic. */
  end(): Diagnostic[] {
    if (!this.ended) {
      this.ended = true;
      this.decoder.end();
      for (const r of this.rules) r.finish?.(this.ctx);
      this.preferTestFailures();
    }
    return this.found;
  }

  get diagnostics(): readonly Diagnostic[] {
    return this.found;
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
    if (TEST_START.test(t)) this.inTests = true;
    this.claimed = false;
    for (const r of this.rules) r.line(l, this.ctx);
    if (this.inTests && t.startsWith('test result:')) this.inTests = false;
    this.ring[this.ringPos] = t;
    this.ringPos = (this.ringPos + 1) % RING;
  }

  private recent(n: number): string[] {
    const k = Math.min(n, RING);
    const out: string[] = [];
    for (let i = k; i >= 1; i--) out.push(this.ring[(this.ringPos - i + RING) % RING]!);
    return out;
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

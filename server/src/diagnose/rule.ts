// The contract between the diagnoser and one category's rule: rules see each
// line once, keep only small state, and emit diagnostics through the context.
import type { Category, Diagnostic, FixIntent, LogLine } from './types';

export interface RuleContext {
  /** The last `n` lines before the current one (oldest first), ANSI-free. */
  recent(n: number): string[];
  emit(d: Diagnostic): void;
  /** Marks the current line as explained, so the eval-error fallback leaves it alone. */
  claim(): void;
  readonly claimed: boolean;
  /** True between cargo's `running N tests` and `test result:`. */
  readonly inTests: boolean;
  /** The derivation that failed most recently (for lines without framing). */
  readonly lastFailedDrv?: string;
  /** How many diagnostics have been emitted so far, all rules together. */
  readonly emitted: number;
}

export interface Rule {
  category: Category;
  line(l: LogLine, ctx: RuleContext): void;
  /** End of the log: emit what was waiting for more lines. */
  finish?(ctx: RuleContext): void;
}

export type RuleFactory = () => Rule;

/** Caps evidence so one diagnostic never holds a large part of the log. */
export const MAX_EVIDENCE = 24;

export function diag(
  category: Category,
  message: string,
  evidence: string[],
  fixes: FixIntent[],
  extra: Partial<Pick<Diagnostic, 'location' | 'drv' | 'details' | 'severity'>> = {},
): Diagnostic {
  const ev = evidence.filter((e, i) => e.trim() || (i > 0 && i < evidence.length - 1));
  return {
    category,
    severity: extra.severity ?? 'error',
    message,
    evidence: ev.length > MAX_EVIDENCE ? ev.slice(ev.length - MAX_EVIDENCE) : ev,
    fixes,
    ...(extra.location ? { location: extra.location } : {}),
    ...(extra.drv ? { drv: extra.drv } : {}),
    ...(extra.details ? { details: extra.details } : {}),
  };
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

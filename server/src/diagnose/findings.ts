// What a diagnosis keeps of what its rules emit: each diagnostic once (by
// category, message and location), at most `max` of them, reported as found;
// and, at the end, which of two readings of the same failure stands.
import type { BuildEventListener, Diagnostic } from './types';

export class Findings {
  readonly found: Diagnostic[] = [];
  /**
   * Message → the category and location keys seen with it. A long log emits the same
   * diagnostic again and again: looked up by its message string, each repeat costs a
   * hash of that string, not a copy of it into one longer key first.
   */
  private readonly keys = new Map<string, Set<string>>();

  constructor(
    private readonly max: number,
    private readonly onEvent?: BuildEventListener,
  ) {}

  add(d: Diagnostic): void {
    // Past the cap nothing more is kept, seen before or not.
    if (this.found.length >= this.max) return;
    const loc = d.location ? `${d.location.path}:${d.location.line}:${d.location.column ?? ''}` : '';
    const key = loc ? `${d.category}\0${loc}` : d.category;
    const seen = this.keys.get(d.message);
    if (seen?.has(key)) return;
    if (seen) seen.add(key);
    else this.keys.set(d.message, new Set([key]));
    this.found.push(d);
    this.onEvent?.({ type: 'diagnostic', diagnostic: d });
  }

  /**
   * A network error printed by a failing test (when a log window hid that it
   * ran inside the test harness) is the test's cause, not a sandbox problem of the build.
   */
  preferTestFailures(): void {
    // Tests named: a finding whose log names none (its fix turns the whole check phase off) does not say the network error was a test's.
    const tf = this.found.filter((d) => d.category === 'test-failure' && d.fixes.some((f) => f.kind === 'skip-tests' && f.tests.length));
    if (!tf.length) return;
    for (let i = this.found.length - 1; i >= 0; i--) {
      const d = this.found[i]!;
      if (d.category !== 'network-sandbox' || (d.fixes.length && !tf.some((t) => t.drv && t.drv === d.drv))) continue;
      this.found.splice(i, 1);
      for (const t of tf) t.details = { ...t.details, network: 'true' };
    }
  }
}

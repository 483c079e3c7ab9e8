// What a diagnosis keeps of what its rules emit: each diagnostic once (by
// category, message and location), at most `max` of them, reported as found;
// and, at the end, which of two readings of the same failure stands.
import type { BuildEventListener, Diagnostic } from './types';

export class Findings {
  readonly found: Diagnostic[] = [];
  private readonly keys = new Set<string>();

  constructor(
    private readonly max: number,
    private readonly onEvent?: BuildEventListener,
  ) {}

  add(d: Diagnostic): void {
    const loc = d.location ? `${d.location.path}:${d.location.line}:${d.location.column ?? ''}` : '';
    const key = `${d.category}\0${d.message}\0${loc}`;
    if (this.keys.has(key) || this.found.length >= this.max) return;
    this.keys.add(key);
    this.found.push(d);
    this.onEvent?.({ type: 'diagnostic', diagnostic: d });
  }

  /**
   * A network error printed by a failing test (when a log window hid that it
   * ran inside the test harness) is the test's cause, not a sandbox problem of the build.
   */
  preferTestFailures(): void {
    const tf = this.found.filter((d) => d.category === 'test-failure' && d.fixes.some((f) => f.kind === 'skip-tests'));
    if (!tf.length) return;
    for (let i = this.found.length - 1; i >= 0; i--) {
      const d = this.found[i]!;
      if (d.category !== 'network-sandbox' || (d.fixes.length && !tf.some((t) => t.drv && t.drv === d.drv))) continue;
      this.found.splice(i, 1);
      for (const t of tf) t.details = { ...t.details, network: 'true' };
    }
  }
}

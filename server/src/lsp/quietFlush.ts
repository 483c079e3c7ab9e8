// When the traces (NIXIFY_LSP_TRACE) write what they gathered: both sides of the server hold their
// lines until their thread has been quiet for a while, because a write to a pipe costs a fraction
// of a millisecond that would otherwise land inside the next edit or request they measure. A
// client that never pauses (a script typing) still gets its lines once enough are pending, and the
// pending lists stay short.

/** How long nothing must be added before the lines are written (GC entries also reach an observer only after the fact). */
export const QUIET_MS = 50;

export class QuietFlush {
  private timer?: NodeJS.Timeout;

  /**
   * `flush` writes and empties what is pending; it is called once `quietMs` passed without an
   * `added`, or at once when `added` is told `max` or more are pending.
   */
  constructor(
    private readonly flush: () => void,
    private readonly max: number,
    private readonly quietMs = QUIET_MS,
  ) {}

  /** Something was added; `pending` are now waiting. */
  added(pending: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (pending >= this.max) return this.flush();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.quietMs);
    // A trace never keeps the process (or the analysis thread) alive.
    this.timer.unref();
  }
}

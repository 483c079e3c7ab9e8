// A text read by what changed since its previous read (an open document the language server
// re-reads on every edit, textDocument.ts), for a reader that can go by the change (the lock's,
// cargoLockFast.ts) instead of a whole new copy of the text.

/**
 * A document read by what changed since its previous such read, without joining its text: a text
 * over 128 KiB is one of V8's large objects, and each new one (a join per edit) cost ≈ 1.5 ms of
 * CPU, a fresh mapping faulted in and unmapped later, where an edit's own work is a few ms.
 */
export interface EditedText {
  readonly length: number;
  /** The previous read's mark, undefined on the first read. */
  readonly since?: object;
  /** This read's mark (the next read's `since`). */
  readonly mark: object;
  /**
   * Where the text differs from the one at `since`: before `from` and from `to` on (in the present
   * text) it is the same; undefined when nothing changed. Wider than the change at times, never narrower.
   */
  readonly changed?: { from: number; to: number };
  slice(from: number, to: number): string;
  /** The whole text (joined: for a reader that cannot go by the change). */
  text(): string;
}

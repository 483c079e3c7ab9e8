// The rules' look-back (RuleContext.recent): the last RECENT_MAX lines, where
// the lines the prefilter skipped stay bytes and are decoded only if a rule
// looks back at them.
import { utf8Text } from './bytesText';
import { RECENT_MAX } from './rule';
import { LogDecoder } from './stream';

/** Skipped lines between two decoded ones: kept as bytes, decoded only if a rule looks back. */
interface Gap {
  data: Buffer;
  from: number;
  to: number;
  /** Its bytes are a copy of its own (release): not the caller's chunk, which the caller may fill again. */
  own: boolean;
  /**
   * Its last lines as `recent` read them, newest first, and where the bytes not yet read end (below `from`: all
   * read). The lines before a gap stay the same from one line to the next while the gap is in the ring, so each is
   * decoded once, not again for every later line whose rules look back over it.
   */
  lines: string[] | undefined;
  next: number;
}

export class LookBack {
  /**
   * The last RECENT_MAX entries, a fixed ring (no array grows or shifts per line):
   * entry i (0 oldest) is at (head + i) % RECENT_MAX, `size` of them.
   */
  private readonly ring: (string | Gap)[] = new Array<string | Gap>(RECENT_MAX).fill('');
  private head = 0;
  private size = 0;
  /**
   * What `recent` last read, newest first, until the next line: several rules
   * look back from the same line, and a gap's lines are decoded once for them.
   */
  private cache: string[] = [];
  /** Whether the cache holds every line the ring has (fewer than asked for: the log's first lines). */
  private cacheAll = false;

  /** A decoded line's text. */
  text(t: string): void {
    this.push(t);
  }

  /** Bytes [from, to) of `data`, whole lines ending with a newline, skipped without decoding. */
  skip(data: Buffer, from: number, to: number): void {
    // Adjacent skipped lines are one gap (the look-back reads a gap line by line from its end).
    const last = this.size ? this.ring[(this.head + this.size - 1) % RECENT_MAX]! : undefined;
    if (last !== undefined && typeof last !== 'string' && last.data === data && last.to === from) {
      last.to = to;
      last.lines = undefined;
      this.forget();
    } else this.push({ data, from, to, own: false, lines: undefined, next: 0 });
  }

  /**
   * The chunk the gaps were skipped in goes back to its caller (who may read the next one into it): each gap keeps a
   * copy of its last RECENT_MAX lines, all that `recent` can read of it. At most RECENT_MAX gaps, a few lines each.
   */
  release(): void {
    for (let i = 0; i < this.size; i++) {
      const e = this.ring[(this.head + i) % RECENT_MAX]!;
      if (typeof e === 'string' || e.own) continue;
      // The start of its last RECENT_MAX lines (each ends with a newline), or the gap's start.
      let from = e.to - 1;
      for (let n = 0; n < RECENT_MAX && from > e.from; n++) from = e.data.lastIndexOf(10, from - 1);
      from = from > e.from ? from + 1 : e.from;
      e.data = Buffer.from(e.data.subarray(from, e.to));
      e.to -= from;
      e.from = 0;
      e.own = true;
      e.lines = undefined;
    }
  }

  private push(e: string | Gap): void {
    if (this.size < RECENT_MAX) this.ring[(this.head + this.size++) % RECENT_MAX] = e;
    else {
      this.ring[this.head] = e;
      this.head = (this.head + 1) % RECENT_MAX;
    }
    this.forget();
  }

  private forget(): void {
    if (this.cache.length || this.cacheAll) {
      this.cache = [];
      this.cacheAll = false;
    }
  }

  /** The last `n` lines (at most RECENT_MAX), oldest first, as the decoder would read them outside a tail. */
  recent(n: number): string[] {
    const want = Math.min(n, RECENT_MAX);
    if (this.cache.length < want && !this.cacheAll) this.read(want);
    const out = this.cache.slice(0, want);
    while (out.length < want) out.push('');
    return out.reverse();
  }

  /** Fills the cache with the last `want` lines, newest first. */
  private read(want: number): void {
    const out: string[] = [];
    for (let i = this.size - 1; i >= 0 && out.length < want; i--) {
      const e = this.ring[(this.head + i) % RECENT_MAX]!;
      if (typeof e === 'string') {
        out.push(e);
        continue;
      }
      // The gap's last lines, newest first: decoded once, as far back as some rule has looked.
      let lines = e.lines;
      if (!lines) {
        lines = e.lines = [];
        e.next = e.to - 1; // the gap ends with a newline
      }
      // `>=`: an empty line at the gap's start is a line too, as the text path keeps it.
      while (e.next >= e.from && lines.length < want - out.length) {
        const end = e.next;
        const start = end > 0 ? e.data.lastIndexOf(10, end - 1) + 1 : 0;
        lines.push(LogDecoder.textOf(utf8Text(e.data, Math.max(start, e.from), end)));
        e.next = start - 1;
      }
      for (let k = 0; k < lines.length && out.length < want; k++) out.push(lines[k]!);
    }
    this.cache = out;
    this.cacheAll = out.length < want;
  }
}

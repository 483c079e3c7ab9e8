// The server's open documents. The usual text document joins the text around
// an incremental change and then reads a character of the result, which makes
// V8 copy the whole text into one flat string there and then: on a 2.5 MB
// Cargo.lock that is ≈ 1 ms (5 ms at p99) inside the didChange notification,
// so the code action an editor sends right behind the change waited for it.
// Here a change only cuts the text into pieces (slices share their characters)
// and patches the line index around it; the text is joined, once, when someone
// reads it (the analysis, which runs after the requests that came with the
// edit). test/unit/lsp/textDocument.test.ts replays random edits against
// vscode-languageserver-textdocument, so positions and CRLF agree with it.
import type { Position, Range, TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { TextDocumentsConfiguration } from 'vscode-languageserver/node';
import type { EditedText } from '../model/editedText';

/**
 * Past this many pieces a read walks too far: the text is joined. An edit adds two pieces, and the
 * join copies the whole text inside that edit's didChange (≈ 1–3 ms on a 2.57 MB lock, ahead of a
 * code action sent behind it), so it should come seldom; a read of a piece still costs only a walk
 * over this many slices (microseconds). The analysis reads its copy of an open lock by the change
 * (edited()), a full workspace load too (WorkspaceIndex.get), so that copy too is joined here, or by
 * a reader that wants the whole text: a request that generates files (loadFull, the CLI's load) or a
 * lock outside the shape Cargo writes (cachedEditedLock's TOML parse).
 */
export const JOIN_AFTER = 1024;

/** Line starts an edit passes to splice as arguments at most (far below V8's limit on arguments). */
export const SPLICE_ARGS_MAX = 10_000;

const CR = 13;
const LF = 10;

/** Whether a line starts at `b`, from the characters at b - 1 and b (CR LF ends one line, not two). */
const startsLine = (before: number, at: number) => before === LF || (before === CR && at !== LF);

/** Where lines start in `s` at 1 ≤ i ≤ s.length - 1, as `base + i`: `s` holds the character before and after the window. */
function lineStartsWithin(s: string, base: number): number[] {
  const out: number[] = [];
  for (let i = 1; i < s.length; i++) if (startsLine(s.charCodeAt(i - 1), s.charCodeAt(i))) out.push(base + i);
  return out;
}

/**
 * Where lines 1, 2, … of `text` start. Without a CR (the usual text) by searching for each LF, a native
 * search per line rather than a JavaScript step per character: the first edit of a document builds this,
 * before V8 has compiled anything here (a 2.57 MB lock read character by character took tens of ms then).
 */
function lineStartsOf(text: string): number[] {
  if (text.indexOf('\r') !== -1) return lineStartsWithin(`\0${text}\0`, -1).filter((b) => b > 0 && b <= text.length);
  const out: number[] = [];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

/** The first index of sorted `xs` whose value is ≥ x. */
function firstAtLeast(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

type Change = TextDocumentContentChangeEvent;

export class PieceTextDocument implements TextDocument {
  /** The text is their concatenation; no empty strings. */
  private pieces: string[];
  private size: number;
  /** Offsets where lines 1, 2, … start (line 0 starts at 0); built when first asked. */
  private lineStarts: number[] | undefined;
  /** The last edited() read's mark, and where the text changed since (see EditedText). */
  private mark?: object;
  private changed?: { from: number; to: number };

  constructor(
    readonly uri: string,
    readonly languageId: string,
    public version: number,
    content: string,
  ) {
    this.pieces = content ? [content] : [];
    this.size = content.length;
  }

  get lineCount(): number {
    return this.starts().length + 1;
  }

  getText(range?: Range): string {
    if (this.pieces.length > 1) this.pieces = [this.pieces.join('')];
    const text = this.pieces[0] ?? '';
    return range ? text.substring(this.offsetAt(range.start), this.offsetAt(range.end)) : text;
  }

  positionAt(offset: number): Position {
    const at = Math.min(Math.max(offset, 0), this.size);
    const starts = this.starts();
    // Lines starting at or before `at`: the line holding it.
    const line = firstAtLeast(starts, at + 1);
    const start = this.lineStart(line);
    return { line, character: this.backOverLineEnd(at, start) - start };
  }

  offsetAt(position: Position): number {
    const count = this.lineCount;
    if (position.line < 0) return 0;
    if (position.line >= count) return this.size;
    const start = this.lineStart(position.line);
    if (position.character <= 0) return start;
    const next = position.line + 1 < count ? this.lineStart(position.line + 1) : this.size;
    return this.backOverLineEnd(Math.min(start + position.character, next), start);
  }

  getLineRange(line: number): Range {
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const l = Math.min(line, this.lineCount - 1);
    const [start, end] = this.lineContent(l);
    return { start: { line: l, character: 0 }, end: { line: l, character: end - start } };
  }

  getEOLCharacters(line: number): string {
    if (line < 0 || line >= this.lineCount) return '';
    const [, end, next] = this.lineContent(line);
    return this.piecesBetween(end, next).join('');
  }

  /** Where line `line` starts, where its content ends (before its CR/LF) and where the next line starts. */
  private lineContent(line: number): [number, number, number] {
    const start = this.lineStart(line);
    const next = line + 1 < this.lineCount ? this.lineStart(line + 1) : this.size;
    return [start, this.backOverLineEnd(next, start), next];
  }

  update(changes: readonly Change[], version: number): void {
    for (const change of changes) {
      const c = change as { text?: unknown; range?: Range; rangeLength?: unknown };
      if (typeof c.text !== 'string' || (c.range === undefined && c.rangeLength !== undefined) || (c.rangeLength !== undefined && typeof c.rangeLength !== 'number')) {
        throw new Error(`a content change must carry its text, with a range or without one (got the keys ${Object.keys(change).join(', ')})`);
      }
      if (c.range) this.replace(ordered(c.range), c.text);
      else {
        this.pieces = c.text ? [c.text] : [];
        this.size = c.text.length;
        this.lineStarts = undefined;
        this.changed = { from: 0, to: this.size };
      }
    }
    this.version = version;
  }

  /**
   * Builds the line index now, if no read or edit has: a server calls this while idle after a document's first
   * diagnostics went out, so that the first edit, whose change is placed by line, does not build it.
   */
  indexLines(): void {
    this.starts();
  }

  /** The text as changed since the previous edited() (see EditedText); the pieces stay as they are. */
  edited(): EditedText {
    const since = this.mark;
    const mark = (this.mark = {});
    const changed = this.changed;
    this.changed = undefined;
    const pieces = this.pieces;
    const size = this.size;
    return {
      length: size,
      ...(since ? { since } : {}),
      mark,
      ...(changed ? { changed } : {}),
      slice: (from, to) => sliceOf(pieces, Math.max(0, from), Math.min(size, to)),
      text: () => this.getTextIfSame(pieces),
    };
  }

  /** The text joined, for an edited() read whose pieces are still the document's (else theirs joined). */
  private getTextIfSame(pieces: string[]): string {
    return pieces === this.pieces ? this.getText() : pieces.join('');
  }

  get linesIndexed(): boolean {
    return this.lineStarts !== undefined;
  }

  private starts(): number[] {
    this.lineStarts ??= lineStartsOf(this.getText());
    return this.lineStarts;
  }

  private lineStart(line: number): number {
    return line === 0 ? 0 : this.starts()[line - 1]!;
  }

  /** `at` moved back to the end of its line's content (an offset inside or after a CR/LF means the line's end). */
  private backOverLineEnd(at: number, lineStart: number): number {
    while (at > lineStart) {
      const c = this.charAt(at - 1);
      if (c !== CR && c !== LF) break;
      at--;
    }
    return at;
  }

  private charAt(offset: number): number {
    for (const p of this.pieces) {
      if (offset < p.length) return p.charCodeAt(offset);
      offset -= p.length;
    }
    return NaN;
  }

  /** The pieces covering [from, to), sliced where they cross the bounds. */
  private piecesBetween(from: number, to: number): string[] {
    const out: string[] = [];
    let pos = 0;
    for (const p of this.pieces) {
      const next = pos + p.length;
      if (next > from && pos < to) out.push(pos >= from && next <= to ? p : p.slice(Math.max(from - pos, 0), Math.min(to - pos, p.length)));
      pos = next;
      if (pos >= to) break;
    }
    return out;
  }

  private replace(range: Range, text: string): void {
    const from = this.offsetAt(range.start);
    const to = this.offsetAt(range.end);
    let starts = this.lineStarts;
    // The characters either side of the replaced span decide the line starts next to it.
    const before = from > 0 ? String.fromCharCode(this.charAt(from - 1)) : '\0';
    const after = to < this.size ? String.fromCharCode(this.charAt(to)) : '\0';
    this.pieces = [...this.piecesBetween(0, from), ...(text ? [text] : []), ...this.piecesBetween(to, this.size)];
    const delta = text.length - (to - from);
    this.size += delta;
    // What an edited() read will call changed: this span joined to the earlier one (the part after both is the same).
    const c = this.changed;
    this.changed = c ? { from: Math.min(c.from, from), to: Math.max(c.to, to) + delta } : { from, to: from + text.length };
    if (this.pieces.length > JOIN_AFTER) this.pieces = [this.pieces.join('')];
    if (!starts) return;
    // A line start at b depends on the characters at b - 1 and b: those before `from` and after `to` keep theirs.
    const keepBefore = firstAtLeast(starts, from);
    const keepAfter = firstAtLeast(starts, to + 1);
    const window = lineStartsWithin(before + text + after, from - 1).filter((b) => b >= from && b > 0 && b <= this.size);
    // In place: the index of a 10× Cargo.lock has ≈ 100,000 entries, an edit changes a few. splice
    // moves the tail in one block; copyWithin (used before) goes element by element in V8, ≈ 4 ms
    // on 100,000 entries inside the didChange of an edit that adds or removes a line, ahead of the
    // code action sent behind it. A window too long to pass as arguments (a large paste) is joined in.
    if (window.length <= SPLICE_ARGS_MAX) starts.splice(keepBefore, keepAfter - keepBefore, ...window);
    else this.lineStarts = starts = starts.slice(0, keepBefore).concat(window, starts.slice(keepAfter));
    if (delta !== 0) for (let i = keepBefore + window.length; i < starts.length; i++) starts[i] = starts[i]! + delta;
  }
}

/** The characters [from, to) of the text made of `pieces`. */
function sliceOf(pieces: readonly string[], from: number, to: number): string {
  const out: string[] = [];
  let pos = 0;
  for (const p of pieces) {
    const next = pos + p.length;
    if (next > from && pos < to) out.push(p.slice(Math.max(from - pos, 0), Math.min(to - pos, p.length)));
    pos = next;
    if (pos >= to) break;
  }
  return out.length === 1 ? out[0]! : out.join('');
}

function ordered(range: Range): Range {
  const { start, end } = range;
  const backwards = start.line > end.line || (start.line === end.line && start.character > end.character);
  return backwards ? { start: end, end: start } : range;
}

/** For TextDocuments: documents whose edits do not copy their text. */
export const pieceDocuments: TextDocumentsConfiguration<PieceTextDocument> = {
  create: (uri, languageId, version, content) => new PieceTextDocument(uri, languageId, version, content),
  update: (doc, changes, version) => {
    doc.update(changes, version);
    return doc;
  },
};

// The server's open documents. vscode-languageserver-textdocument applies an
// incremental change by concatenating the text around it and then reads a
// character of the result, which makes V8 copy the whole text into one flat
// string there and then: on a 2.5 MB Cargo.lock that is ≈ 1 ms (5 ms at p99)
// inside the didChange notification, so the code action an editor sends right
// behind the change waited for it. Here a change only cuts the text into
// pieces (slices of strings, no copy); the text is joined, once, when someone
// reads it (the analysis, which runs after the requests that arrived with the
// edit). Positions, line offsets and the handling of CRLF are those of
// vscode-languageserver-textdocument, which test/unit/lsp/textDocument.test.ts
// replays random edits against.
import type { Position, Range, TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { TextDocumentsConfiguration } from 'vscode-languageserver/node';

const CR = 13;
const LF = 10;

/** Beyond this many pieces the text is joined: reading a character walks the pieces. */
const MAX_PIECES = 32;

const isEOL = (c: number) => c === CR || c === LF;

function lineOffsetsOf(text: string, atLineStart: boolean, textOffset = 0): number[] {
  const out = atLineStart ? [textOffset] : [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isEOL(c)) {
      if (c === CR && i + 1 < text.length && text.charCodeAt(i + 1) === LF) i++;
      out.push(textOffset + i + 1);
    }
  }
  return out;
}

function wellFormed(range: Range): Range {
  const { start, end } = range;
  return start.line > end.line || (start.line === end.line && start.character > end.character) ? { start: end, end: start } : range;
}

type Change = TextDocumentContentChangeEvent;
const isIncremental = (c: Change): c is Change & { range: Range } => {
  const x = c as { text?: unknown; range?: unknown; rangeLength?: unknown };
  return typeof x.text === 'string' && x.range !== undefined && (x.rangeLength === undefined || typeof x.rangeLength === 'number');
};
const isFull = (c: Change) => {
  const x = c as { text?: unknown; range?: unknown; rangeLength?: unknown };
  return typeof x.text === 'string' && x.range === undefined && x.rangeLength === undefined;
};

export class PieceTextDocument implements TextDocument {
  /** The text is their concatenation; never empty strings. */
  private pieces: string[];
  private length: number;
  private lineOffsets: number[] | undefined;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    public version: number,
    content: string,
  ) {
    this.pieces = content ? [content] : [];
    this.length = content.length;
  }

  get lineCount(): number {
    return this.getLineOffsets().length;
  }

  getText(range?: Range): string {
    const text = this.text();
    return range ? text.substring(this.offsetAt(range.start), this.offsetAt(range.end)) : text;
  }

  /** The whole text as one string (joined now, if an edit left it in pieces). */
  private text(): string {
    if (this.pieces.length > 1) this.pieces = [this.pieces.join('')];
    return this.pieces[0] ?? '';
  }

  private charCodeAt(offset: number): number {
    if (offset < 0 || offset >= this.length) return NaN;
    for (const p of this.pieces) {
      if (offset < p.length) return p.charCodeAt(offset);
      offset -= p.length;
    }
    return NaN;
  }

  /** The pieces of [from, to), sliced (a slice of a string shares its characters). */
  private slice(from: number, to: number, out: string[]): void {
    let at = 0;
    for (const p of this.pieces) {
      const end = at + p.length;
      if (end > from && at < to) out.push(from <= at && end <= to ? p : p.slice(Math.max(0, from - at), Math.min(p.length, to - at)));
      at = end;
      if (at >= to) return;
    }
  }

  private getLineOffsets(): number[] {
    return (this.lineOffsets ??= lineOffsetsOf(this.text(), true));
  }

  positionAt(offset: number): Position {
    offset = Math.max(Math.min(offset, this.length), 0);
    const lineOffsets = this.getLineOffsets();
    let low = 0;
    let high = lineOffsets.length;
    if (high === 0) return { line: 0, character: offset };
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      if (lineOffsets[mid]! > offset) high = mid;
      else low = mid + 1;
    }
    const line = low - 1;
    offset = this.beforeEOL(offset, lineOffsets[line]!);
    return { line, character: offset - lineOffsets[line]! };
  }

  offsetAt(position: Position): number {
    const lineOffsets = this.getLineOffsets();
    if (position.line >= lineOffsets.length) return this.length;
    if (position.line < 0) return 0;
    const lineOffset = lineOffsets[position.line]!;
    if (position.character <= 0) return lineOffset;
    const next = position.line + 1 < lineOffsets.length ? lineOffsets[position.line + 1]! : this.length;
    return this.beforeEOL(Math.min(lineOffset + position.character, next), lineOffset);
  }

  getLineRange(line: number): Range {
    const lineOffsets = this.getLineOffsets();
    if (line >= lineOffsets.length) {
      const last = lineOffsets.length - 1;
      return { start: { line: last, character: 0 }, end: { line: last, character: this.length - lineOffsets[last]! } };
    }
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const start = lineOffsets[line]!;
    const next = line + 1 < lineOffsets.length ? lineOffsets[line + 1]! : this.length;
    return { start: { line, character: 0 }, end: { line, character: this.beforeEOL(next, start) - start } };
  }

  getEOLCharacters(line: number): string {
    const lineOffsets = this.getLineOffsets();
    if (line >= lineOffsets.length || line < 0) return '';
    const next = line + 1 < lineOffsets.length ? lineOffsets[line + 1]! : this.length;
    return this.text().substring(this.beforeEOL(next, lineOffsets[line]!), next);
  }

  private beforeEOL(offset: number, lineOffset: number): number {
    while (offset > lineOffset && isEOL(this.charCodeAt(offset - 1))) offset--;
    return offset;
  }

  update(changes: readonly Change[], version: number): void {
    for (const change of changes) {
      if (isIncremental(change)) this.apply(change.text, wellFormed(change.range));
      else if (isFull(change)) {
        this.pieces = change.text ? [change.text] : [];
        this.length = change.text.length;
        this.lineOffsets = undefined;
      } else throw new Error('Unknown change event received');
    }
    this.version = version;
  }

  private apply(text: string, range: Range): void {
    const start = this.offsetAt(range.start);
    const end = this.offsetAt(range.end);
    const pieces: string[] = [];
    this.slice(0, start, pieces);
    if (text) pieces.push(text);
    this.slice(end, this.length, pieces);
    this.pieces = pieces;
    this.length += text.length - (end - start);
    if (pieces.length > MAX_PIECES) this.text();
    const insertedEnd = start + text.length;
    // A CRLF pair across an edit boundary is not in the inserted text's line offsets: count them again.
    const crlfAt = (k: number) => this.charCodeAt(k - 1) === CR && this.charCodeAt(k) === LF;
    const lineOffsets = this.lineOffsets;
    if (!lineOffsets || crlfAt(start) || crlfAt(insertedEnd)) {
      this.lineOffsets = undefined;
      return;
    }
    const startLine = Math.max(range.start.line, 0);
    const endLine = Math.max(range.end.line, 0);
    const added = lineOffsetsOf(text, false, start);
    if (endLine - startLine === added.length) {
      for (let i = 0; i < added.length; i++) lineOffsets[i + startLine + 1] = added[i]!;
    } else if (added.length < 10000) {
      lineOffsets.splice(startLine + 1, endLine - startLine, ...added);
    } else {
      this.lineOffsets = lineOffsets.slice(0, startLine + 1).concat(added, lineOffsets.slice(endLine + 1));
    }
    const diff = text.length - (end - start);
    if (diff !== 0) {
      const offsets = this.lineOffsets!;
      for (let i = startLine + 1 + added.length; i < offsets.length; i++) offsets[i] = offsets[i]! + diff;
    }
  }
}

/** For TextDocuments: documents whose edits do not copy their text. */
export const pieceDocuments: TextDocumentsConfiguration<PieceTextDocument> = {
  create: (uri, languageId, version, content) => new PieceTextDocument(uri, languageId, version, content),
  update: (doc, changes, version) => {
    doc.update(changes, version);
    return doc;
  },
};

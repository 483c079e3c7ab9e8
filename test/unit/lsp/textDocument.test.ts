// The server's documents (lsp/textDocument.ts) apply an edit without copying
// the text; what they hold and answer must be what
// vscode-languageserver-textdocument's documents hold and answer after the
// same changes — LF and CRLF texts, CRLF pairs split and joined by an edit,
// reversed and out-of-range ranges, multi-line inserts, whole-text
// replacements — and the text must stay in pieces until it is read.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { JOIN_AFTER, PieceTextDocument, SPLICE_ARGS_MAX } from '../../../server/src/lsp/textDocument';
import { rng } from '../../seededRandom';

const ALPHABET = ['a', 'b', ' ', '\n', '\r\n', '\r', '"', 'é', '🦀', 'x\ny', '\r\n\r\n'];

function randomText(r: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(r() * ALPHABET.length)];
  return s;
}

function randomChange(r: () => number, doc: TextDocument): TextDocumentContentChangeEvent {
  if (r() < 0.03) return { text: randomText(r, Math.floor(r() * 30)) };
  const lines = doc.lineCount;
  // Positions past the end of a line or of the text, as editors sometimes send.
  const pos = () => ({ line: Math.floor(r() * (lines + 1)), character: Math.floor(r() * 12) });
  const [a, b] = [pos(), r() < 0.4 ? undefined : pos()];
  const range = { start: a, end: b ?? a };
  const text = r() < 0.3 ? '' : randomText(r, 1 + Math.floor(r() * (r() < 0.1 ? 40 : 4)));
  return r() < 0.1 ? { range, rangeLength: 0, text } : { range, text };
}

function assertSame(got: PieceTextDocument, want: TextDocument, r: () => number, what: string) {
  assert.equal(got.version, want.version, what);
  assert.equal(got.lineCount, want.lineCount, what);
  for (let k = 0; k < 6; k++) {
    const line = Math.floor(r() * (want.lineCount + 2)) - 1;
    const p = { line, character: Math.floor(r() * 10) };
    assert.equal(got.offsetAt(p), want.offsetAt(p), `${what}: offsetAt ${JSON.stringify(p)}`);
    const off = Math.floor(r() * (want.getText().length + 3)) - 1;
    assert.deepEqual(got.positionAt(off), want.positionAt(off), `${what}: positionAt ${off}`);
    assert.deepEqual(got.getLineRange(line), want.getLineRange(line), `${what}: getLineRange ${line}`);
    assert.equal(got.getEOLCharacters(line), want.getEOLCharacters(line), `${what}: getEOLCharacters ${line}`);
    const range = { start: p, end: want.positionAt(off) };
    assert.equal(got.getText(range), want.getText(range), `${what}: getText ${JSON.stringify(range)}`);
  }
  assert.equal(got.getText(), want.getText(), what);
}

describe('the server’s text documents', () => {
  it('equal vscode-languageserver-textdocument after random edits, read or not between them', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const r = rng(seed);
      const initial = randomText(r, Math.floor(r() * 80));
      const want = TextDocument.create('file:///x', 'toml', 1, initial);
      const got = new PieceTextDocument('file:///x', 'toml', 1, initial);
      for (let step = 0; step < 80; step++) {
        // Several changes in one notification, as editors batch them, and sometimes no read in between.
        const changes = Array.from({ length: 1 + Math.floor(r() * 3) }, () => {
          const c = randomChange(r, want);
          TextDocument.update(want, [c], step + 2);
          return c;
        });
        got.update(changes, step + 2);
        if (r() < 0.5) assertSame(got, want, r, `seed ${seed} step ${step}: ${JSON.stringify(changes)}`);
      }
      assertSame(got, want, r, `seed ${seed} at the end`);
    }
  });

  it('equal the library when their line index is built ahead (while the server is idle) on texts with LF ends only', () => {
    const lf = (t: string) => t.replace(/\r/g, '');
    for (let seed = 1; seed <= 30; seed++) {
      const r = rng(seed);
      const initial = lf(randomText(r, Math.floor(r() * 200)));
      const want = TextDocument.create('file:///x', 'toml', 1, initial);
      const got = new PieceTextDocument('file:///x', 'toml', 1, initial);
      assert.equal(got.linesIndexed, false);
      got.indexLines();
      assert.equal(got.linesIndexed, true);
      assertSame(got, want, r, `seed ${seed} indexed ahead`);
      for (let step = 0; step < 40; step++) {
        const c = randomChange(r, want);
        const change = { ...c, text: lf(c.text) };
        TextDocument.update(want, [change], step + 2);
        got.update([change], step + 2);
        assertSame(got, want, r, `seed ${seed} step ${step}: ${JSON.stringify(change)}`);
      }
    }
  });

  it('keeps an edited text in pieces until it is read, and joins it once', () => {
    const text = `${'[[package]]\nname = "a"\nversion = "1.0.0"\n\n'.repeat(2000)}`;
    const doc = new PieceTextDocument('file:///Cargo.lock', 'toml', 1, text);
    doc.positionAt(0);
    const pieces = () => (doc as unknown as { pieces: string[] }).pieces;
    // The version of the second package: line 6, after `version = "`.
    const range = { start: { line: 6, character: 11 }, end: { line: 6, character: 12 } };
    doc.update([{ range, text: '2' }], 2);
    const at = text.indexOf('1.0.0', text.indexOf('1.0.0') + 1);
    assert.deepEqual(pieces(), [text.slice(0, at), '2', text.slice(at + 1)], 'the text before the edit, the new text, the text after it');
    const read = doc.getText();
    assert.equal(pieces().length, 1);
    assert.equal(doc.getText(), read, 'joined once, then the same string');
    assert.equal(read, TextDocument.applyEdits(TextDocument.create('u', 't', 1, text), [{ range, newText: '2' }]));
  });

  it('joins its pieces when unread edits pile up, and still equals the library', () => {
    const r = rng(11);
    const text = randomText(r, 400);
    const want = TextDocument.create('file:///x', 'toml', 1, text);
    const got = new PieceTextDocument('file:///x', 'toml', 1, text);
    const pieces = () => (got as unknown as { pieces: string[] }).pieces.length;
    let most = 0;
    // One character at a time and never read: each edit adds pieces until the join.
    for (let i = 0; i < JOIN_AFTER; i++) {
      const at = want.positionAt(Math.floor(r() * want.getText().length));
      const c = { range: { start: at, end: want.positionAt(want.offsetAt(at) + 1) }, text: randomText(r, 1) };
      TextDocument.update(want, [c], i + 2);
      got.update([c], i + 2);
      most = Math.max(most, pieces());
    }
    assert.equal(most, JOIN_AFTER, 'pieces piled up to the bound');
    assert.ok(pieces() < JOIN_AFTER, 'and were joined there');
    assertSame(got, want, r, 'after the join');
  });

  it('keeps its line index right through pastes and deletions of more lines than an edit splices in', () => {
    const r = rng(7);
    const text = randomText(r, 3000);
    const want = TextDocument.create('file:///x', 'toml', 1, text);
    const got = new PieceTextDocument('file:///x', 'toml', 1, text);
    // The index exists before the edits, so they patch it rather than build it.
    assert.equal(got.lineCount, want.lineCount);
    const paste = ['a\n', 'b\r\n', '\r'].map((eol) => eol.repeat(SPLICE_ARGS_MAX)).join('');
    const changes: TextDocumentContentChangeEvent[] = [
      { range: { start: { line: 40, character: 1 }, end: { line: 60, character: 0 } }, text: paste },
      // Back out most of it in one deletion: a window of a few lines for thousands removed.
      { range: { start: { line: 30, character: 0 }, end: { line: 2 * SPLICE_ARGS_MAX + 35, character: 1 } }, text: 'x\r\ny' },
      { range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, text: paste },
    ];
    changes.forEach((c, i) => {
      TextDocument.update(want, [c], i + 2);
      got.update([c], i + 2);
      assertSame(got, want, r, `change ${i + 1}`);
    });
  });

  it('rejects a change that is neither incremental nor whole, like the library', () => {
    const doc = new PieceTextDocument('file:///x', 'toml', 1, 'a');
    assert.throws(() => doc.update([{ text: 'b', rangeLength: 1 } as unknown as TextDocumentContentChangeEvent], 2), /a content change must carry its text/);
  });
});

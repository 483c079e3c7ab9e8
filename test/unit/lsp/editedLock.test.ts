// The analysis thread reads an open Cargo.lock by its change since the previous read
// (PieceTextDocument.edited → IncrementalCargoLock.parseEdited), never joining the text: after
// any sequence of editor changes, read after each or after several, with whole reads between
// (a full load), the result must equal a from-scratch read of the same text.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fastCargoLock, IncrementalCargoLock } from '../../../server/src/model/cargoLockFast';
import { PieceTextDocument } from '../../../server/src/lsp/textDocument';
import { rng } from '../../seededRandom';

const NUSHELL = join(__dirname, '..', '..', '..', '..', 'shared', 'corpus', 'crates', 'nushell', 'Cargo.lock');

/** What an editor inserts into a lock: the lines that make or break blocks, and single characters. */
const INSERTS = ['a', 'b', '', '\n', '\r\n', '# note\n', '[[package]]\n', 'name = "x"\nversion = "1.0.0"\n', '[[package]]', '\n[metadata]\n', 'dependencies = [\n "x",\n]\n', ']', '"'];

function replay(original: string, seed: number, steps: number): void {
  const r = rng(seed);
  const doc = new PieceTextDocument('file:///w/Cargo.lock', 'toml', 1, original);
  const inc = new IncrementalCargoLock();
  assert.deepEqual(inc.parseEdited(doc.edited()), fastCargoLock(original));
  let text = original;
  for (let s = 0; s < steps; s++) {
    const edits = 1 + Math.floor(r() * 3);
    for (let k = 0; k < edits; k++) {
      let from: number;
      let to: number;
      let insert: string;
      if (r() < 0.4) {
        // A checksum's character, as bench:lsp flips them.
        const at = text.indexOf('checksum = "', Math.floor(r() * text.length));
        from = (at === -1 ? 0 : at + 'checksum = "'.length) % (text.length + 1);
        to = Math.min(text.length, from + 1);
        insert = text[from] === 'a' ? 'b' : 'a';
      } else {
        from = Math.floor(r() * (text.length + 1));
        to = Math.min(text.length, from + Math.floor(r() * (r() < 0.8 ? 3 : 400)));
        insert = INSERTS[Math.floor(r() * INSERTS.length)]!;
      }
      // Where the document puts an offset inside a CR LF (a position cannot say it): the same here.
      const range = { start: doc.positionAt(from), end: doc.positionAt(to) };
      [from, to] = [doc.offsetAt(range.start), doc.offsetAt(range.end)];
      doc.update([{ range, text: insert }], doc.version + 1);
      text = text.slice(0, from) + insert + text.slice(to);
    }
    if (r() < 0.05) {
      text = original;
      doc.update([{ text }], doc.version + 1);
    }
    // Now and then a full load reads the joined text between two edited reads.
    const read = r() < 0.1 ? inc.parse(doc.getText()) : inc.parseEdited(doc.edited());
    assert.equal(doc.getText(), text);
    assert.deepEqual(read, fastCargoLock(text), `seed ${seed}, step ${s}`);
  }
}

describe('an open Cargo.lock read by its change (PieceTextDocument.edited, IncrementalCargoLock.parseEdited)', () => {
  it('equals a from-scratch read after random editor changes on a small lock', () => {
    const SRC = 'registry+https://github.com/rust-lang/crates.io-index';
    const pkg = (name: string) => `[[package]]\nname = "${name}"\nversion = "1.0.0"\nsource = "${SRC}"\nchecksum = "0a"\ndependencies = [\n "b",\n]\n\n`;
    const lock = `version = 4\n\n${['a', 'b', 'c', 'd', 'e'].map(pkg).join('')}`;
    for (let seed = 1; seed <= 30; seed++) replay(lock, seed, 60);
  });

  it('equals a from-scratch read after random editor changes on nushell’s lock (958 packages)', (t) => {
    if (!existsSync(NUSHELL)) return t.skip('../shared/corpus/crates/nushell not found');
    replay(readFileSync(NUSHELL, 'utf8'), 3, 150);
  });

  it('gives back the same CargoLock after a comment, and when nothing changed since', () => {
    const SRC = 'registry+https://github.com/rust-lang/crates.io-index';
    const text = `version = 4\n\n[[package]]\nname = "a"\nversion = "1.0.0"\nsource = "${SRC}"\nchecksum = "00"\n`;
    const doc = new PieceTextDocument('file:///w/Cargo.lock', 'toml', 1, text);
    const inc = new IncrementalCargoLock();
    const first = inc.parseEdited(doc.edited());
    doc.update([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# c\n' }], 2);
    const t = doc.edited();
    assert.deepEqual(t.changed, { from: 0, to: 4 });
    assert.equal(inc.parseEdited(t), first);
    assert.equal(inc.parseEdited(doc.edited()), first, 'nothing changed since');
  });
});

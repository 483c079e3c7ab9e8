// The language server re-reads Cargo.lock block by block after each edit
// (IncrementalCargoLock): after any sequence of edits on real locks its result
// must equal a from-scratch read of the same text, and an edit that changes no
// package must give back the very same CargoLock object.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fastCargoLock, IncrementalCargoLock } from '../../../server/src/model/cargoLockFast';
import { rng } from '../../seededRandom';

const CORPUS = join(__dirname, '..', '..', '..', '..', 'shared', 'corpus', 'crates');
const FIXTURES = join(__dirname, '..', '..', 'fixtures');

function blocks(text: string): string[] {
  return text.split(/(?=^\[\[package\]\]$)/m);
}

type Edit = (text: string, r: () => number) => string;
const at = (n: number, r: () => number) => Math.floor(r() * n);
const lineStart = (text: string, r: () => number) => {
  const p = at(text.length + 1, r);
  const nl = text.lastIndexOf('\n', p - 1);
  return nl + 1;
};

/** Edits an editor produces on a lock, valid and invalid ones. */
const EDITS: Record<string, Edit> = {
  comment: (t, r) => {
    const p = lineStart(t, r);
    return `${t.slice(0, p)}# note ${at(1000, r)}\n${t.slice(p)}`;
  },
  blankLine: (t, r) => {
    const p = lineStart(t, r);
    return `${t.slice(0, p)}\n${t.slice(p)}`;
  },
  checksum: (t, r) => {
    const all = [...t.matchAll(/checksum = "([0-9a-f])/g)];
    if (!all.length) return t;
    const m = all[at(all.length, r)]!;
    const i = m.index! + 'checksum = "'.length;
    return `${t.slice(0, i)}${m[1] === 'a' ? 'b' : 'a'}${t.slice(i + 1)}`;
  },
  version: (t, r) => {
    const all = [...t.matchAll(/^version = "(\d+)/gm)];
    if (!all.length) return t;
    const m = all[at(all.length, r)]!;
    const i = m.index! + 'version = "'.length;
    return `${t.slice(0, i)}${Number(m[1]) + 1}${t.slice(i + m[1]!.length)}`;
  },
  dropBlock: (t, r) => {
    const b = blocks(t);
    if (b.length < 2) return t;
    b.splice(1 + at(b.length - 1, r), 1);
    return b.join('');
  },
  duplicateBlock: (t, r) => {
    const b = blocks(t);
    const i = at(b.length, r);
    b.splice(i, 0, b[i]!);
    return b.join('');
  },
  swapBlocks: (t, r) => {
    const b = blocks(t);
    if (b.length < 3) return t;
    const i = 1 + at(b.length - 1, r);
    const j = 1 + at(b.length - 1, r);
    [b[i], b[j]] = [b[j]!, b[i]!];
    return b.join('');
  },
  addDependency: (t, r) => {
    const all = [...t.matchAll(/^dependencies = \[\n/gm)];
    if (!all.length) return t;
    const m = all[at(all.length, r)]!;
    const i = m.index! + m[0].length;
    return `${t.slice(0, i)} "added-${at(50, r)}",\n${t.slice(i)}`;
  },
  garbage: (t, r) => {
    const bits = ['x', '"', '\r', '[[package]]\n', '[[package]]', '[metadata]\n', ' = ', 'name = "dup"\n', ']\n', '\\u0041'];
    const p = at(t.length + 1, r);
    return `${t.slice(0, p)}${bits[at(bits.length, r)]}${t.slice(p)}`;
  },
  garbageLine: (t, r) => {
    const bits = ['name = "dup"\n', 'version = 3\n', '[[package]]\rx\n', '[[package]] \n', '[metadata]\r\n', 'dependencies = []\n', 'dependencies = [\n]\n', ' "x",\n', '\n'];
    const p = lineStart(t, r);
    return `${t.slice(0, p)}${bits[at(bits.length, r)]}${t.slice(p)}`;
  },
  deleteRange: (t, r) => {
    const p = at(t.length + 1, r);
    return t.slice(0, p) + t.slice(Math.min(t.length, p + 1 + at(40, r)));
  },
  crlf: (t) => t.replace(/\r?\n/g, '\r\n'),
};

function locksUnder(dir: string, depth = 3): string[] {
  if (!existsSync(dir) || depth < 0) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory() && e.name !== 'node_modules' && e.name !== 'target') out.push(...locksUnder(join(dir, e.name), depth - 1));
    else if (e.name === 'Cargo.lock') out.push(join(dir, e.name));
  }
  return out;
}

function replay(original: string, seed: number, steps: number): void {
  const r = rng(seed);
  const names = Object.keys(EDITS);
  const inc = new IncrementalCargoLock();
  let text = original;
  assert.deepEqual(inc.parse(text), fastCargoLock(text));
  for (let s = 0; s < steps; s++) {
    // Mostly valid edits, sometimes back to the original (an undo), sometimes breakage.
    const name = r() < 0.1 ? 'undo' : names[at(names.length, r)]!;
    text = name === 'undo' ? original : EDITS[name]!(text, r);
    const before = inc.parse(text);
    assert.deepEqual(before, fastCargoLock(text), `seed ${seed}, step ${s} (${name})`);
  }
}

describe('Cargo.lock read block by block (IncrementalCargoLock)', () => {
  it('equals a from-scratch read after random edit sequences on the repository locks', () => {
    const files = locksUnder(FIXTURES, 6);
    assert.ok(files.length >= 5, `${files.length} locks under test/fixtures`);
    files.forEach((f, i) => replay(readFileSync(f, 'utf8'), 1000 + i, 40));
  });

  it('equals a from-scratch read after random edit sequences on the corpus locks (nushell: 958 packages)', (t) => {
    if (!existsSync(CORPUS)) return t.skip('../shared/corpus/crates not found');
    const names = [
      'nushell',
      ...readdirSync(CORPUS)
        .filter((n) => n !== 'nushell' && existsSync(join(CORPUS, n, 'Cargo.lock')))
        .slice(0, 12),
    ];
    names.forEach((n, i) => replay(readFileSync(join(CORPUS, n, 'Cargo.lock'), 'utf8'), 7 + i, n === 'nushell' ? 80 : 25));
  });

  it('gives back the same CargoLock when no package changed, and reuses the untouched packages otherwise', () => {
    const SRC = 'registry+https://github.com/rust-lang/crates.io-index';
    const pkg = (name: string, v = '1.0.0') => `[[package]]\nname = "${name}"\nversion = "${v}"\nsource = "${SRC}"\nchecksum = "00"\ndependencies = [\n "b",\n]\n\n`;
    const text = `version = 4\n\n${pkg('a')}${pkg('b')}${pkg('c')}`;
    const inc = new IncrementalCargoLock();
    const first = inc.parse(text)!;
    assert.equal(inc.parse(`# comment\n${text}`), first);
    assert.equal(inc.parse(text.replace(/\n\n/g, '\n\n\n')), first);
    const bumped = inc.parse(text.replace(pkg('b'), pkg('b', '1.0.1')))!;
    assert.notEqual(bumped, first);
    assert.equal(bumped.packages[0], first.packages[0]);
    assert.equal(bumped.packages[2], first.packages[2]);
    assert.equal(bumped.packages[1]!.version, '1.0.1');
    assert.equal(inc.parse(`version = 3\n${text.slice('version = 4\n'.length)}`)!.version, 3);
  });
});

// compareText against real ICU (Node's Intl.Collator('en')): the table it reads printable ASCII by, and
// random names, in and out of the table, sorted both ways.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compareText } from '../../../shared/src/textOrder';

const icu = new Intl.Collator('en');

describe('compareText orders as English collation (ICU)', () => {
  it('every pair of printable ASCII characters', () => {
    const chars = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));
    for (const a of chars) for (const b of chars) assert.equal(compareText(a, b), Math.sign(icu.compare(a, b)), JSON.stringify([a, b]));
  });

  it('names as they come: crate keys, attributes, paths, mixed case', () => {
    const names = [
      'serde@1.0.228',
      'serde_json@1.0.150',
      'serde-json',
      'Serde',
      'openssl',
      'openssl-sys@0.9.117',
      'pkg-config',
      'SDL2',
      'sdl2',
      'libz-sys',
      'a/b.rs',
      'a.b/c',
      'x',
      'X',
      'xY',
      'Xy',
      '',
    ];
    assert.deepEqual([...names].sort(compareText), [...names].sort(icu.compare));
  });

  it('random strings, in and out of the table (accents, combining marks, controls): the same sign as ICU', () => {
    const unit = fc.oneof(fc.constantFrom(...'aAbBzZ09_-.@/ ~$`\'"'), fc.constantFrom('é', 'E\u0301', '\u0301', 'ß', 'ss', 'İ', 'ı', '\t', '\u0000', 'æ', '😀', 'ｆ'));
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 8 }), fc.string({ unit, maxLength: 8 }), (a, b) => compareText(a, b) === Math.sign(icu.compare(a, b))),
      { numRuns: 5000 },
    );
  });
});

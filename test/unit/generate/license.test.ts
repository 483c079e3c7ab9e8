import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nixLicense, parseSpdx } from '../../../server/src/generate/license';

describe('SPDX expressions → lib.licenses', () => {
  it('maps one id', () => {
    assert.deepEqual(nixLicense('MIT'), { expr: ['lib.licenses.mit'], unknown: [], notes: [] });
    assert.deepEqual(nixLicense('GPL-3.0-or-later').expr, ['lib.licenses.gpl3Plus']);
    assert.deepEqual(nixLicense('Unicode-DFS-2016').expr, ['lib.licenses.unicode-dfs-2016']);
  });
  it('makes a list for OR, AND and the legacy slash, in order and without duplicates', () => {
    assert.deepEqual(nixLicense('MIT OR Apache-2.0').expr, ['lib.licenses.mit', 'lib.licenses.asl20']);
    assert.deepEqual(nixLicense('MIT/Apache-2.0').expr, ['lib.licenses.mit', 'lib.licenses.asl20']);
    assert.deepEqual(nixLicense('(MIT OR Apache-2.0) AND Unicode-3.0').expr, ['lib.licenses.mit', 'lib.licenses.asl20', 'lib.licenses.unicode-30']);
    assert.deepEqual(nixLicense('Unlicense OR MIT OR MIT').expr, ['lib.licenses.unlicense', 'lib.licenses.mit']);
  });
  it('maps deprecated ids and the + suffix to what they mean today', () => {
    assert.deepEqual(nixLicense('GPL-3.0').expr, ['lib.licenses.gpl3Only']);
    assert.deepEqual(nixLicense('GPL-2.0+').expr, ['lib.licenses.gpl2Plus']);
    assert.deepEqual(nixLicense('LGPL-2.1+').expr, ['lib.licenses.lgpl21Plus']);
    assert.deepEqual(nixLicense('AGPL-3.0').expr, ['lib.licenses.agpl3Only']);
  });
  it('knows exceptions nixpkgs names, and says when it drops one', () => {
    assert.deepEqual(nixLicense('Apache-2.0 WITH LLVM-exception').expr, ['lib.licenses.asl20', 'lib.licenses.llvm-exception']);
    assert.deepEqual(nixLicense('GPL-2.0-only WITH Classpath-exception-2.0').expr, ['lib.licenses.gpl2Only', 'lib.licenses.classpathException20']);
    const r = nixLicense('GPL-3.0-only WITH GCC-exception-3.1');
    assert.deepEqual(r.expr, ['lib.licenses.gpl3Only']);
    assert.match(r.notes[0]!, /GCC-exception-3\.1/);
  });
  it('never guesses: unknown ids and unparsable expressions come back for a comment', () => {
    assert.deepEqual(nixLicense('LicenseRef-Proprietary'), { expr: undefined, unknown: ['LicenseRef-Proprietary'], notes: [] });
    const mixed = nixLicense('MIT OR Foo-1.0');
    assert.deepEqual(mixed.expr, ['lib.licenses.mit']);
    assert.deepEqual(mixed.unknown, ['Foo-1.0']);
    assert.deepEqual(nixLicense('Apache-2.0+').unknown, ['Apache-2.0+'], 'no or-later Apache exists');
    assert.deepEqual(nixLicense('MIT OR (Apache-2.0').unknown, ['MIT OR (Apache-2.0']);
    assert.equal(nixLicense('MIT AND').expr, undefined);
    assert.deepEqual(nixLicense('MIT AND').unknown, ['MIT AND']);
    assert.deepEqual(nixLicense(undefined), { unknown: [], notes: [] });
  });
  it('parses with SPDX precedence: AND binds tighter than OR', () => {
    assert.deepEqual(parseSpdx('A OR B AND C'), {
      op: 'or',
      args: [
        { op: 'license', id: 'A', plus: false },
        {
          op: 'and',
          args: [
            { op: 'license', id: 'B', plus: false },
            { op: 'license', id: 'C', plus: false },
          ],
        },
      ],
    });
    assert.deepEqual(parseSpdx('(A or B) and C WITH E'), {
      op: 'and',
      args: [
        {
          op: 'or',
          args: [
            { op: 'license', id: 'A', plus: false },
            { op: 'license', id: 'B', plus: false },
          ],
        },
        { op: 'license', id: 'C', plus: false, exception: 'E' },
      ],
    });
  });
});

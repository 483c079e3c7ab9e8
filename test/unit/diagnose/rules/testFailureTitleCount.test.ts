// A log whose first line counts failing tests (an issue's title, the reporter's opening sentence) over pasted lines that
// stop before the check phase; the same words further down are a program's own count.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { categories, CHECK_OFF, heldout } from './helpers';

describe('test-failure: a first line counting failing tests', () => {
  it('round149 xr03 (title over build progress) and round125 wt07 (a sentence over `running 8 tests`) → test-failure, possible, the check phase turned off', () => {
    for (const [round, file, count] of [
      [149, 'xr03.log', '2'],
      [125, 'wt07.log', '8'],
    ] as const) {
      const ds = diagnoseText(heldout(round, file));
      assert.deepEqual(
        ds.map((d) => [d.category, d.confidence, d.fixes, d.details?.count]),
        [['test-failure', 'possible', CHECK_OFF, count]],
        file,
      );
    }
  });

  it('every form the count reads reaches it: `N tests errors` holds no other marker (was never read)', () => {
    for (const title of ['`nix build` fails with 2 tests errors', '`nix build` fails with 2 test errors', 'Also I am having 8 tests fail'])
      assert.deepEqual(categories(`${title}\n   Compiling foo v1.0.0\n`), ['test-failure'], title);
  });

  it('the same words below the first line → not read (round38 k14, round160 yc03 are `other`)', () => {
    assert.ok(!categories(heldout(38, 'k14.log')).includes('test-failure'));
    assert.ok(!categories(heldout(160, 'yc03.log')).includes('test-failure'));
    assert.deepEqual(categories('building\n3 tests failed.\n'), []);
  });
});

// importCargoLock's `No hash was found while vendoring the git dependency <name-version>` quoted without the name
// (round60 ug01, a PR's running text): git-deps with an outputHashes entry to add, no name made up.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

describe('git-deps: the no-hash sentence cut before the dependency', () => {
  it('round60 ug01 → git-deps, add-output-hash without a key', () => {
    assert.deepEqual(
      diagnoseText(heldout(60, 'ug01.log')).map((d) => [d.category, d.fixes]),
      [['git-deps', [{ kind: 'add-output-hash' }]]],
    );
  });

  it('with the name → that key', () => {
    assert.deepEqual(
      diagnoseText('error: No hash was found while vendoring the git dependency foo-0.1.0. You can add\n').map((d) => d.fixes),
      [[{ kind: 'add-output-hash', key: 'foo-0.1.0' }]],
    );
  });
});

// The pkg-config crate's report of a failed probe seen only by its PKG_CONFIG_PATH list, the module's name cut off
// (round53 s03, round133 xb03): a probe failed, the library out of view (possible, no input guessed).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const summary = (text: string) => diagnoseText(text).map((d) => [d.category, d.fixes, d.confidence]);

describe('pkgconfig-lib: PKG_CONFIG_PATH as the pkg-config crate reports it, the module cut off', () => {
  it('round133 xb03 and round53 s03 → a probe failed, no input named', () => {
    assert.deepEqual(summary(heldout(133, 'xb03.log')), [['pkgconfig-lib', [], 'possible']]);
    assert.deepEqual(summary(heldout(53, 's03.log')), [['pkgconfig-lib', [], 'possible']]);
  });

  it('two directories are not the list, and a named module is said as before', () => {
    assert.deepEqual(summary('/nix/store/a-zlib-dev/lib/pkgconfig:/nix/store/b-bzip2-dev/lib/pkgconfig'), []);
  });

  it('the same list in a shell’s listing of its environment (`declare -x`, `export`) → no probe said', () => {
    const list = '/nix/store/a-x-dev/lib/pkgconfig:/nix/store/b-y-dev/lib/pkgconfig:/nix/store/c-z-dev/lib/pkgconfig:/nix/store/d-w-dev/lib/pkgconfig';
    for (const dump of [`declare -x PKG_CONFIG_PATH="${list}"`, `export PKG_CONFIG_PATH=${list}`]) assert.deepEqual(summary([dump, 'make: *** [Makefile:12: all] Error 2'].join('\n')), [], dump);
  });
});

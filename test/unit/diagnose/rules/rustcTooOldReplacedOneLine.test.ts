// Older cargo joins an error's whole chain on one line: `failed to update replaced source registry \`crates-io\`:
// failed to read root of directory source: …` carries its cause after the colon, so the chain is not cut before it and
// the cut reading (a vendored crate this cargo cannot parse, possible) does not apply (round67 un08: cargo2nix's
// generator with a vendor directory that does not exist). The chain ending at that line still reads as cut.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { categories, heldout } from './helpers';

describe('rustc-too-old: a replaced source whose cause is on its line', () => {
  it('round67 un08: the cause (a directory source that does not exist) on the same line → no rustc-too-old', () => {
    assert.ok(!categories(heldout(67, 'un08.log')).includes('rustc-too-old'));
  });

  it('the chain ending at the replaced source (cut before its cause) → still rustc-too-old, possible', () => {
    const cut = [
      'error: failed to get `quote` as a dependency of package `demo v0.1.0 (/build/source)`',
      '',
      'Caused by:',
      '  failed to update replaced source registry `crates-io`',
      '',
      'Caused by:',
    ].join('\n');
    assert.deepEqual(categories(cut), ['rustc-too-old']);
  });
});

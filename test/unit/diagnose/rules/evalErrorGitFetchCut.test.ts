// A trace cut before its message right under git's own `fatal: …` (Nix's git fetcher ran git on the host): the
// fetch's failure (git-lfs' smudge filter, round135 xd06), not an evaluation error of the user's expression. The same
// cut block without git's line above it stays the cut-trace finding.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { categories, heldout } from './helpers';

const block = [
  'error:',
  "       … while evaluating attribute 'cargoDeps' of derivation 'demo-0.1.0'",
  '         at /nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-source/pkgs/build-support/rust/build-rust-package/default.nix:157:5:',
];

describe('eval-error: a cut trace under git’s fatal line', () => {
  it('round135 xd06 → no eval-error', () => {
    assert.ok(!categories(heldout(135, 'xd06.log')).includes('eval-error'));
  });

  it('git’s fatal line right above the block → no eval-error', () => {
    assert.ok(!categories(["fatal: unable to access 'https://example.org/demo.git/': Could not resolve host: example.org", ...block].join('\n')).includes('eval-error'));
  });

  it('the same block alone → eval-error (its message cut)', () => {
    assert.deepEqual(categories(block.join('\n')), ['eval-error']);
  });
});

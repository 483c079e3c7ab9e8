// A log's first line naming a hash mismatch in the reporter's words, over a paste cut before Nix's own lines
// (hashMismatch.ts TITLE_MISMATCH): the two real logs that open so, and what keeps the reading to them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const said = (log: string) => diagnoseText(log).map((d) => [d.category, d.details?.cause, d.confidence, d.fixes.length]);

describe('hash-mismatch: a title naming it, Nix’s lines not in view', () => {
  for (const [round, file] of [
    [42, 'a08.log'],
    [51, 'q10.log'],
  ] as const)
    it(`round${round} ${file}: a possible cause, no hash to write`, () => {
      const ds = diagnoseText(heldout(round, file)).filter((d) => d.category === 'hash-mismatch');
      assert.deepEqual(
        ds.map((d) => [d.details?.cause, d.confidence, d.fixes.length]),
        [['title', 'possible', 0]],
      );
      assert.equal(ds[0]!.evidence[0], heldout(round, file).split('\n')[0]!.trim());
    });

  it('Nix’s own sentence on the first line is read as Nix’s, not as a title', () => {
    const log = heldout(1, 'h11-hash-fetchgit-clj-nix-git-dep.log');
    assert.ok(diagnoseText(log).some((d) => d.category === 'hash-mismatch'));
    assert.ok(!diagnoseText(log).some((d) => d.details?.cause === 'title'));
  });

  it('the title said only when Nix’s lines below say nothing', () => {
    const log = [
      'Install error: hash mismatch',
      "error: hash mismatch in fixed-output derivation '/nix/store/5mb8wgsnlrwh2wyz188qmdl58x5lypsc-foo-0.1.0-vendor.tar.gz.drv':",
      '         specified: sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
      '            got:    sha256-6gYk1Jk1rK8m4kq5cG0pY0xq7mFq3nqU6kX3wZ2yQ8E=',
    ].join('\n');
    assert.ok(!diagnoseText(log).some((d) => d.details?.cause === 'title'));
  });

  it('not below the first line: further down the words are a program’s or a reporter’s aside', () => {
    assert.deepEqual(said(['building foo', 'note: no hash mismatch here, the tests failed'].join('\n')), []);
  });
});

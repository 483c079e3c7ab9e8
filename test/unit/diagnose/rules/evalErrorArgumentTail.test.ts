// Nix's missing-argument sentence with its head cut: the tail after the lambda's name, which every Nix prints the same
// (eval.cc: `%1% called without required argument '%2%', at %3%` before 2.4, `function '%1%' called without required
// argument '%2%'` since), quoted alone as a code span or a line of its own.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const categories = (text: string) => diagnoseText(text).map((d) => d.category);

describe("eval-error: Nix's missing-argument sentence quoted from its tail", () => {
  it("round185 zb01 (a PR description quoting `called without required argument 'bin'`) → eval-error", () => {
    assert.deepEqual(categories(heldout(185, 'zb01.log')), ['eval-error']);
  });

  it("real Nix 2.8's line (`anonymous function at (string):1:2 called without required argument 'bin'`), its tail quoted alone → eval-error", () => {
    assert.deepEqual(categories("nix shell fails: `called without required argument 'bin'`"), ['eval-error']);
    assert.deepEqual(categories("called without required argument 'bin'"), ['eval-error']);
  });

  it('the words inside prose, not where a quote of the sentence opens → not read', () => {
    assert.deepEqual(categories('the helper was called without required argument checks, so it failed'), []);
    assert.deepEqual(categories("it is called without required argument 'bin' sometimes"), []);
  });
});

// ofborg's report of a system on which it built nothing because the requested attributes do not evaluate there: the
// evaluation is the failure. The same list beside builds that ran is a side note (round72 us06, `other`).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { categories, heldout } from './helpers';

describe('eval-error: ofborg built nothing on a system where the package does not evaluate', () => {
  it('round172 yo04 (`No attempt on x86_64-darwin`, mdbook skipped) → eval-error, no fix', () => {
    const ds = diagnoseText(heldout(172, 'yo04.log'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.message, d.fixes]),
      [['eval-error', 'mdbook does not evaluate on x86_64-darwin (ofborg built nothing there)', []]],
    );
    assert.deepEqual(ds[0]!.evidence, ['No attempt on x86_64-darwin (full log)', "The following builds were skipped because they don't evaluate on x86_64-darwin: mdbook"]);
  });

  it('round72 us06 (`Failure on aarch64-linux`, an attempt, other packages skipped) → no eval-error', () => {
    assert.ok(!categories(heldout(72, 'us06.log')).includes('eval-error'));
  });

  it("the status line as the comment's markdown (ofborg's result_to_comment format) → eval-error", () => {
    const skipped = "The following builds were skipped because they don't evaluate on x86_64-darwin: mdbook";
    const status = 'No attempt on x86_64-darwin [(full log)](https://logs.nix.ci/?key=nixos/nixpkgs.1&attempt_id=a)';
    assert.deepEqual(categories(`${status}\n\n${skipped}\n`), ['eval-error']);
  });

  it('the list under another system’s status, or with no status above it → nothing', () => {
    const skipped = "The following builds were skipped because they don't evaluate on x86_64-darwin: mdbook";
    assert.deepEqual(categories(`No attempt on aarch64-linux (full log)\n\n${skipped}\n`), []);
    assert.deepEqual(categories(`${skipped}\n`), []);
  });
});

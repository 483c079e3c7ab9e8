// Nix 2.20+ prints an evaluation error as a block: `error:`, the frames each with its position's code excerpt, then the
// message. A paste that keeps only the block's end (the last frame's excerpt, then `error: <message>`) still shows the
// evaluation failing: Nix's excerpt (`   52|`, no space before the bar, its caret line) right above the message.
// Real Nix 2.26 and 2.8 output of a `throw` as nixpkgs' darwin aliases write one for a removed attribute (round47 f02).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout, wordingSource } from './helpers';

const MESSAGE = /^darwin\.apple_sdk_11_0 has been removed as it was a legacy compatibility stub/;

describe("eval-error: a message below Nix's code excerpt (the end of 2.20+'s trace block)", () => {
  for (const log of ['n226-eval-throw-removed-attribute.log', 'n28-eval-throw-removed-attribute.log'])
    it(`${log} (real, whole) → eval-error, the throw's message`, () => {
      const ds = diagnoseText(wordingSource(log));
      assert.deepEqual(
        ds.map((d) => d.category),
        ['eval-error'],
      );
      assert.match(ds[0]!.message, MESSAGE);
    });

  it('the real 2.26 block cut to its last excerpt and the message → eval-error, certain', () => {
    const lines = wordingSource('n226-eval-throw-removed-attribute.log').split('\n');
    const tail = lines.slice(lines.findIndex((l) => l.includes("while calling the 'throw' builtin")) + 2).join('\n');
    assert.ok(!tail.includes('…') && !tail.includes(' at /'));
    const ds = diagnoseText(tail);
    assert.deepEqual(
      ds.map((d) => [d.category, d.confidence]),
      [['eval-error', 'certain']],
    );
    assert.match(ds[0]!.message, MESSAGE);
  });

  it('round47 f02 (the same view, pasted) → eval-error', () => {
    assert.deepEqual(
      diagnoseText(heldout(47, 'f02.log')).map((d) => d.category),
      ['eval-error'],
    );
  });

  it("rustc's excerpt (`52 |`, a space before the bar) above cargo's `error:` is no evaluation's", () => {
    const log = [
      'error[E0425]: cannot find value `x` in this scope',
      '  --> src/main.rs:52:5',
      '   |',
      '52 |     x',
      '   |     ^',
      '',
      'error: could not compile `demo` (bin "demo") due to 1 previous error',
    ].join('\n');
    assert.ok(!diagnoseText(log).some((d) => d.category === 'eval-error'));
  });
});

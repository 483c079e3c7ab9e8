// A test that runs the Nix evaluator (a formatter's, linter's or tool's own suite does) prints Nix's words inside
// the build. Real cargo 1.95 in Nix 2.8's sandbox (test/fixtures/logs/real-test-runs-nix-eval.*): a test running
// `nix-instantiate --eval` on an expression with an undefined variable panics with its stderr. Framed (`-L`) or
// streamed (legacy `nix-build`), and pasted as the builder's lines alone with no framing: the test failed, Nix's
// evaluation of the package did not.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';

const log = (name: string) => readFileSync(join(__dirname, '..', '..', '..', 'fixtures', 'logs', `real-test-runs-nix-eval.${name}.log`), 'utf8');
const categories = (text: string) => diagnoseText(text).map((d) => d.category);
const NIX_OWN = /^(?:this derivation|  \/nix\/store\/|building '|error: builder for )/;

describe('eval-error: an evaluator a test ran, inside the test run', () => {
  it('nix build -L, and its builder’s lines pasted without the `name> ` framing', () => {
    const text = log('L');
    assert.deepEqual(categories(text), ['test-failure']);
    const pasted = text
      .split('\n')
      .filter((l) => l.startsWith('nix-fixture-check> '))
      .map((l) => l.slice('nix-fixture-check> '.length))
      .join('\n');
    assert.deepEqual(categories(pasted), ['test-failure']);
  });

  it('legacy nix-build (the builder’s output unprefixed), and the builder’s lines alone', () => {
    const text = log('legacy');
    assert.deepEqual(categories(text), ['test-failure']);
    const pasted = text
      .split('\n')
      .filter((l) => !NIX_OWN.test(l))
      .join('\n');
    assert.doesNotMatch(pasted, /building|builder for/);
    assert.deepEqual(categories(pasted), ['test-failure']);
  });

  it('after `test result:` the evaluator is Nix’s again', () => {
    const after = `${log('legacy')}error: undefined variable 'y'\n\n       at /home/user/demo/default.nix:3:7:\n`;
    assert.deepEqual(categories(after), ['test-failure', 'eval-error']);
  });
});

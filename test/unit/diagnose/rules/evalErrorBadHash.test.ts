// Evaluation errors Nix prints bare, without its --show-trace hint: a hash in the expression it cannot parse
// (a UsageError or BadHash before 2.20) and Nix 2.4's addPath refusing a store path with references (round11 b13, b20;
// real Nix 2.8 and 2.26 logs, and the wordings of 2.3–2.30's sources).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import type { Diagnostic } from '../../../../server/src/diagnose/types';
import { heldout, wordingSource as source } from './helpers';

const summary = (ds: Diagnostic[]) => ds.map((d) => [d.category, d.fixes]);

describe('eval-error: a hash Nix cannot parse, a store path with references', () => {
  it('round11 b20: `unknown hash algorithm` (a git URL where Nix expected a hash) → eval-error, no fix', () => {
    assert.deepEqual(summary(diagnoseText(heldout(11, 'b20-eval-unknown-hash-algorithm-https-crane-git-dependency-no-branch.log'))), [['eval-error', []]]);
  });

  it('round11 b13: `store path … is not allowed to have references`, the paste breaking the path over two lines → eval-error, no fix', () => {
    const ds = diagnoseText(heldout(11, 'b13-eval-store-path-not-allowed-references-crate2nix-ifd-nci-2021.log'));
    assert.deepEqual(summary(ds), [['eval-error', []]]);
    assert.match(ds[0]!.message, /-source-crate2nix' is not allowed to have references$/);
  });

  it('real Nix 2.8 (bare) and 2.26 (trace block): unknown algorithm, invalid SRI, wrong length, not SRI → eval-error', () => {
    for (const f of [
      'n28-eval-unknown-hash-algorithm.log',
      'n28-eval-invalid-sri-hash.log',
      'n28-eval-hash-wrong-length.log',
      'n28-eval-hash-not-sri.log',
      'n226-eval-unknown-hash-algorithm.log',
      'n226-eval-invalid-sri-hash.log',
      'n226-eval-hash-wrong-length.log',
    ]) {
      assert.deepEqual(summary(diagnoseText(source(f))), [['eval-error', []]], f);
    }
  });

  it("the sources' other wordings, one line each (2.3's `unknown hash type`, base-32/16/64, no type, 2.4's addPath)", () => {
    for (const line of [
      "error: unknown hash type 'sha255'",
      "error: invalid base-32 hash '0zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz'",
      "error: invalid base-16 hash 'xyz'",
      "error: invalid base-64 hash 'AAAA'",
      "error: hash '1b8m03r63zqhnjf7l5wnldhh7c134ap5vpj0850ymkq1iyzicy5s' does not include a type",
      "error: hash 'sha1-AAAA' should have type 'sha256'",
      'error: empty hash requires explicit hash algorithm',
      "error: store path '/nix/store/31wx97s28zgfj8whz7xzjcqrlgc5q3jh-source' is not allowed to have references",
    ]) {
      assert.deepEqual(
        diagnoseText(line).map((d) => d.category),
        ['eval-error'],
        line,
      );
    }
  });

  it('a quoted path broken over two lines joins only its own continuation, not a later error', () => {
    const ds = diagnoseText("error: store path '/nix/store/31wx97s28zgfj8whz7xzjcqrlgc5q3jh-sou\nerror: something else entirely");
    assert.ok(!ds.some((d) => d.message.includes('something else')));
    // An apostrophe is no open quote: the next line stays a line of its own.
    const wrapped = diagnoseText("error: store path '/nix/store/31wx97s28zgfj8whz7xzjcqrlgc5q3jh-sou\nrce' is not allowed to have references");
    assert.equal(wrapped[0]?.message, "store path '/nix/store/31wx97s28zgfj8whz7xzjcqrlgc5q3jh-source' is not allowed to have references");
    assert.deepEqual(diagnoseText("error: don't know how to build these paths:\n  '/nix/store/x' is not allowed to have references"), []);
  });
});

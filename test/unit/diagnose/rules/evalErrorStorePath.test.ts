// An evaluation needing a store path it may not build or copy (round10 a23; real Nix 2.8 and 2.26).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import type { Diagnostic } from '../../../../server/src/diagnose/types';
import { heldout, wordingSource as source } from './helpers';

const summary = (ds: Diagnostic[]) => ds.map((d) => [d.category, d.fixes]);

describe('eval-error: a store path the evaluation may not build or copy', () => {
  it('round10 a23: a one-line `path … is not valid` (nix flake check --no-build over crane’s import from derivation) → eval-error, no fix', () => {
    assert.deepEqual(summary(diagnoseText(heldout(10, 'a23-eval-path-not-valid-flake-check-no-build-crane-ifd.log'))), [['eval-error', []]]);
  });

  it('real Nix 2.8 and 2.26: read-only evaluation of a source, and import from derivation disabled → eval-error', () => {
    for (const f of ['n28-eval-read-only-path-not-valid.log', 'n28-eval-ifd-disabled.log', 'n226-eval-read-only-path-not-valid.log', 'n226-eval-ifd-disabled.log']) {
      assert.deepEqual(summary(diagnoseText(source(f))), [['eval-error', []]], f);
    }
    // Nix 2.3's wordings, one line each as a paste shows them.
    for (const line of [
      "error: cannot import '/nix/store/0c8hx1wnqk6jz2rjvq0y5g8gjyb0bkqs-src/default.nix', since path '/nix/store/0c8hx1wnqk6jz2rjvq0y5g8gjyb0bkqs-src' is not valid, at /home/user/demo/default.nix:3:5",
      "error: attempted to realize '/nix/store/5i88z2wxfnm5k939qa4hy70afgqxj299-ifd.drv' during evaluation but 'allow-import-from-derivation' is false",
    ]) {
      assert.deepEqual(
        diagnoseText(line).map((d) => d.category),
        ['eval-error'],
        line,
      );
    }
  });
});

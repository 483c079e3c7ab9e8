// nixpkgs lib's file sets throw at evaluation with the function's name first (`lib.fileset.gitTracked: Expected the
// argument (…) to point to a local working tree of a Git repository, but it's not.`, lib/fileset/internal.nix). Real
// Nix 2.26 output of a derivation whose src is `lib.fileset.gitTracked ./.` outside a Git tree, and round21 l07 (the
// message alone, pasted without Nix's `error: `).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout, wordingSource } from './helpers';

const summary = (text: string) => diagnoseText(text).map((d) => [d.category, d.message]);
const real = wordingSource('n226-eval-fileset-gittracked-no-git.log');
const MESSAGE = "lib.fileset.gitTracked: Expected the argument (/home/user/demo) to point to a local working tree of a Git repository, but it's not.";

describe("eval-error: lib.fileset's own throws", () => {
  it('n226-eval-fileset-gittracked-no-git.log (real Nix 2.26, after its trace) → eval-error with the library’s message', () => {
    assert.deepEqual(summary(real), [['eval-error', MESSAGE]]);
  });

  it('the same message printed by a Nix that gives no trace and no hint (`error: lib.fileset.…` alone) → the same', () => {
    assert.deepEqual(summary(`error: ${MESSAGE}\n`), [['eval-error', MESSAGE]]);
  });

  it('round21 l07: the message pasted without `error: ` → eval-error', () => {
    assert.deepEqual(
      diagnoseText(heldout(21, 'l07.log')).map((d) => d.category),
      ['eval-error'],
    );
  });

  it('the library’s name elsewhere in a line (a build printing it, an indented quote) claims nothing', () => {
    assert.deepEqual(summary(`building\n  ${MESSAGE}\nsrc uses lib.fileset.toSource: fine\n`), []);
  });
});

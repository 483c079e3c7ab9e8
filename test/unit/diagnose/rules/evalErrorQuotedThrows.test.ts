// Messages only an evaluation prints, read without Nix's `error: ` or its --show-trace hint: `abort`'s own line
// (nixpkgs lib's callPackageWith aborts on an argument nobody passes; Nix 2.8 prints no hint after it), nixpkgs'
// throws quoted in an issue's text (callPackageWith's words alone, mkDerivation's check of its input lists) and Nix's
// git fetcher for a rev its ref does not reach. Real Nix 2.8 and 2.26 with the real nixpkgs lib, and rounds 34, 36
// and 37's pastes (z11, i11, j04).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout, wordingSource } from './helpers';

const summary = (text: string) => diagnoseText(text).map((d) => [d.category, d.message.slice(0, 60)]);
const categories = (text: string) => diagnoseText(text).map((d) => d.category);

describe('eval-error: evaluation-only throws and aborts read without a hint', () => {
  it('`abort` from callPackageWith (real Nix 2.8: one line, no hint — was missed; 2.26: after the trace) → eval-error', () => {
    for (const name of ['n28-eval-abort-callpackage-missing-argument.log', 'n226-eval-abort-callpackage-missing-argument.log']) {
      assert.deepEqual(summary(wordingSource(name)), [['eval-error', "evaluation aborted with the following error message: 'lib.cu"]], name);
    }
  });

  it("callPackageWith's words alone, quoted (round37 j04; the 2024+ lib prefix) → eval-error with the message", () => {
    assert.deepEqual(summary(heldout(37, 'j04.log')), [['eval-error', 'Function called without required argument "rust-bin" at /nix']]);
    const prefixed = 'the eval breaks with `lib.customisation.callPackageWith: Function called without required argument "ffmpeg_9",` did you mean';
    assert.deepEqual(categories(prefixed), ['eval-error']);
  });

  it("Nix's own wordings of a missing argument quoted in prose (1.x–2.3 anonymous function at, 2.4+ function 'f') → eval-error", () => {
    assert.deepEqual(categories("it says anonymous function at /nix/store/x-source/default.nix:1:1 called without required argument 'lib', at /p/y.nix:3:4"), ['eval-error']);
    assert.deepEqual(categories("Got: function 'anonymous lambda' called without required argument 'pkgs'"), ['eval-error']);
  });

  it("mkDerivation's check of an input list, in an issue title (round34 z11) or nested lists → eval-error", () => {
    assert.deepEqual(summary(heldout(34, 'z11.log')), [['eval-error', 'Dependency is not of a valid type: element 2 of nativeBuildI']]);
    assert.deepEqual(categories('Dependency is not of a valid type: element 1 of element 3 of buildInputs for demo-0.1.0'), ['eval-error']);
  });

  it("Nix's git fetcher for a rev its ref does not reach: without the hint (round36 i11), real 2.8 with it, 2.26's libgit2 wording after the trace", () => {
    assert.deepEqual(categories(heldout(36, 'i11.log')), ['eval-error']);
    for (const name of ['n28-eval-fetchgit-rev-not-on-ref.log', 'n226-eval-fetchgit-rev-not-in-repository.log']) {
      assert.deepEqual(categories(wordingSource(name)), ['eval-error'], name);
    }
  });

  it("not these: a builder's own output quoting the words, a program's usage error, the check's words without its shape", () => {
    assert.deepEqual(categories('demo> test prints: Function called without required argument "x" at /build/a.nix:2'), []);
    assert.deepEqual(categories('nix-build-remote: called without required arguments'), []);
    assert.deepEqual(categories('Dependency is not of a valid type for this resolver'), []);
    assert.deepEqual(categories('the script exits when called without required arguments'), []);
  });
});

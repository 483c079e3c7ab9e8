// A generator run on the command line (crate2nix's `while retrieving metadata about`, cargo2nix's `Error generating nix
// expressions`; rounds 40 m02, 96 vq04, 97 vr02) fails on its own cargo: cargo's error just above its line and the chain
// under it are that cargo's, not the build's toolchain. Only those: a `nix build` later in the log is read as usual.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const tooOld = (text: string) => diagnoseText(text).filter((d) => d.category === 'rustc-too-old').length;
const REQUIRES = 'error: package `foo v1.2.0` cannot be built because it requires rustc 1.80 or newer, while the currently active rustc version is 1.75.0';
const GENERATOR = 'Error: while retrieving metadata about ./Cargo.toml: `cargo metadata` exited with an error';
const BUILD = ["building '/nix/store/abc-demo-0.1.0.drv'...", `demo> ${REQUIRES}`, "error: builder for '/nix/store/abc-demo-0.1.0.drv' failed with exit code 101"].join('\n');

describe('rustc-too-old: a generator’s own cargo on the command line', () => {
  it('rounds 40 m02, 96 vq04, 97 vr02 → not rustc-too-old', () => {
    for (const [round, name] of [
      [40, 'm02.log'],
      [96, 'vq04.log'],
      [97, 'vr02.log'],
    ] as const)
      assert.equal(tooOld(heldout(round, name)), 0, name);
  });

  it('cargo’s error under the generator’s line or just above it is the generator’s', () => {
    assert.equal(tooOld(`${GENERATOR}\n\nCaused by:\n  ${REQUIRES}`), 0);
    assert.equal(tooOld(`${REQUIRES}\n${GENERATOR}`), 0);
    assert.equal(tooOld(REQUIRES), 1);
  });

  it('a nix build after the generator’s failure, in either order, is still told', () => {
    assert.equal(tooOld(`${GENERATOR}\n\nCaused by:\n  ${REQUIRES}\n$ nix build\n${BUILD}`), 1);
    assert.equal(tooOld(`${REQUIRES}\n${GENERATOR}\n$ nix build\n${BUILD}`), 1);
    assert.equal(tooOld(`$ nix build\n${BUILD}\n$ crate2nix generate\n${GENERATOR}`), 1);
  });
});

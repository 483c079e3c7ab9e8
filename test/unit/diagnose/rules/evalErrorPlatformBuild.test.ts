// Nix refusing a derivation for another system (or missing features) is the machine's, not the expression's, even
// when the build was asked for during evaluation (import-from-derivation, a string's context realised). Real Nix 2.8
// here, both ways (`nix-build` of a derivation for aarch64-linux; `nix-instantiate --read-write-mode --eval` reading
// one): `error: a 'aarch64-linux' with features {} is required to build '/nix/store/…-y.drv', but I am a
// 'x86_64-linux' with features {benchmark, big-parallel, kvm, nixos-test}`. Round 28's s02 is one inside an
// evaluation trace, cut inside the derivation's name.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';

const ROUND28 = join(__dirname, '..', '..', '..', 'fixtures', 'logs', 'heldout', 'round28');
const NIX28 =
  "error: a 'aarch64-linux' with features {} is required to build '/nix/store/77jkmgalgm8k161gwvszp2pdydihk5ml-y.drv', but I am a 'x86_64-linux' with features {benchmark, big-parallel, kvm, nixos-test}";

describe('eval-error: a build for another system, needed while evaluating, is not an evaluation error', () => {
  it("round 28's s02: the refusal at the end of an evaluation trace → no diagnosis", () => {
    assert.deepEqual(diagnoseText(readFileSync(join(ROUND28, 's02.log'), 'utf8')), []);
  });

  it("Nix 2.8's own words, alone and under a trace, → no eval-error", () => {
    const trace = ['error:', "       … while evaluating the attribute 'text'", '         at /home/user/flake.nix:12:5:', '', `       ${NIX28}`].join('\n');
    for (const log of [`${NIX28}\n(use '--show-trace' to show detailed location information)`, trace]) {
      assert.ok(!diagnoseText(log).some((d) => d.category === 'eval-error'), log);
    }
  });

  it('an evaluation error under the same trace is still one', () => {
    const log = ['error:', "       … while evaluating the attribute 'text'", '         at /home/user/flake.nix:12:5:', '', "       error: undefined variable 'rustPlatfrom'"].join('\n');
    assert.deepEqual(
      diagnoseText(log).map((d) => d.category),
      ['eval-error'],
    );
  });
});

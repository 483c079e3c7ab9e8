// rustc refusing the `--json` option cargo passes to every compilation (rustc_session: ``unknown `--json` option `x` ``)
// is a rustc older than the cargo running it, not an error in the code. In a Nix shell (no derivation in view) cargo
// found the host's rustc on PATH: the shell lacks rustc (the guide's round32–38 case, round34 z09). Inside a derivation
// both come from the expression's toolchains: nothing to add. The cargo lines are real cargo/rustc 1.95 output with a
// RUSTC_WRAPPER renaming the `future-incompat` it passes to a value this rustc lacks (an older rustc's refusal, in the
// same words); paths under /home/user.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const CARGO = [
  '   Compiling dep v0.1.0 (/home/user/tc/dep)',
  'error: unknown `--json` option `future-incompat-next`',
  '',
  'error: could not compile `dep` (lib)',
  '',
  'Caused by:',
  "  process didn't exit successfully: `/home/user/oldjson.sh /root/.rustup/toolchains/stable-x86_64-unknown-linux-gnu/bin/rustc --crate-name dep --edition=2024 dep/src/lib.rs --error-format=json --json=diagnostic-rendered-ansi,artifacts,future-incompat --crate-type lib` (exit status: 1)",
];
const RUSTC = [{ kind: 'add-inputs', nativeBuildInputs: ['rustc'] }];
const DRV = '/nix/store/0k4q7d3m9x2v6b1n5c8z4p7r2s6t3w9y-demo-0.1.0.drv';

describe("rustc older than cargo: cargo's --json refused", () => {
  it("round 34's z09: a Nix shell's cargo 1.64 with the host's rustc → missing-tool rustc, no compile error", () => {
    assert.deepEqual(
      diagnoseText(heldout(34, 'z09.log')).map((d) => [d.category, d.fixes]),
      [['missing-tool', RUSTC]],
    );
  });

  it('real cargo 1.95 output outside a derivation → the same', () => {
    assert.deepEqual(
      diagnoseText(CARGO.join('\n')).map((d) => [d.category, d.fixes]),
      [['missing-tool', RUSTC]],
    );
  });

  it("inside a derivation without Nix's framing (cargo compiling under /build): the same", () => {
    const log = CARGO.map((l) => l.replaceAll('/home/user/tc', '/build/source')).join('\n');
    assert.deepEqual(
      diagnoseText(log).map((d) => d.category),
      [],
    );
  });

  it('inside a derivation (Nix 2.8 framing): no code error and no input to add', () => {
    const log = [`error: builder for '${DRV}' failed with exit code 101;`, `       last ${CARGO.length} log lines:`, ...CARGO.map((l) => `       > ${l}`)].join('\n');
    assert.deepEqual(
      diagnoseText(log).map((d) => d.category),
      [],
    );
  });
});

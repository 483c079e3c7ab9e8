// rustc_metadata's note `the \`T\` target may not be installed` is printed only when `core` or `std` is missing for a
// target other than the host's (with no core at all; a target that has core but no std gets `may not support the
// standard library` instead). A window that cut E0463's own first line keeps the note: that alone is a toolchain
// without the target. The cargo lines below are real cargo/rustc 1.95 output (`cargo build --target
// aarch64-unknown-linux-musl` with the target not installed, a path dependency compiled first), put in Nix's
// `last 10 log lines` window as Nix 2.8 frames it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const CARGO = [
  '   Compiling dep v0.1.0 (/build/source/dep)',
  "error[E0463]: can't find crate for `std`",
  '  |',
  '  = note: the `aarch64-unknown-linux-musl` target may not be installed',
  '  = help: consider downloading the target with `rustup target add aarch64-unknown-linux-musl`',
  '',
  'For more information about this error, try `rustc --explain E0463`.',
  'error: could not compile `dep` (lib) due to 1 previous error',
];
const DRV = '/nix/store/0k4q7d3m9x2v6b1n5c8z4p7r2s6t3w9y-demo-0.1.0.drv';
const window = (lines: string[]) =>
  [`error: builder for '${DRV}' failed with exit code 101;`, `       last ${lines.length} log lines:`, ...lines.map((l) => `       > ${l}`), `       For full logs, run 'nix log ${DRV}'.`].join('\n');
const FIX = [{ kind: 'rust-toolchain', targets: ['aarch64-unknown-linux-musl'] }];

describe("rust-target-missing: rustc's note without its E0463 line", () => {
  it("round 37's j10 (the window starts inside E0463's note) → a toolchain with aarch64-unknown-linux-musl, no compile error", () => {
    assert.deepEqual(
      diagnoseText(heldout(37, 'j10.log')).map((d) => [d.category, d.fixes]),
      [['rust-target-missing', FIX]],
    );
  });

  it('real cargo 1.95 output cut after E0463 (note first) reads as the whole does', () => {
    const whole = diagnoseText(window(CARGO)).map((d) => [d.category, d.fixes]);
    assert.deepEqual(whole, [['rust-target-missing', FIX]]);
    assert.deepEqual(
      diagnoseText(window(CARGO.slice(3))).map((d) => [d.category, d.fixes]),
      whole,
    );
  });

  it('a target without std (`may not support the standard library`) is not this note: no toolchain target fixes it', () => {
    const noStd = CARGO.slice(3).map((l) => l.replace('the `aarch64-unknown-linux-musl` target may not be installed', 'the `thumbv7em-none-eabihf` target may not support the standard library'));
    assert.ok(!diagnoseText(window(noStd)).some((d) => d.category === 'rust-target-missing'));
  });
});

// A toolchain without what a target's standard library needs: cargo's -Z build-std without the rust-src component (real
// cargo 1.95, `RUSTC_BOOTSTRAP=1 cargo build -Zbuild-std`, the rustup toolchain's path replaced by a store path and framed
// as a builder's lines; round42 a07, cargo 1.61 under nixpkgs' rustc), and rustc's `can't find crate for \`core\``
// quoted alone in running text (round47 f03).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout, wordingSource } from './helpers';

const read = (text: string) => diagnoseText(text).map((d) => [d.category, d.confidence, d.fixes.map((f) => f.kind)]);

describe('rust-target-missing: the standard library sources or a target core missing', () => {
  for (const [name, log] of [
    ['real cargo 1.95', wordingSource('c195-build-std-no-rust-src.log')],
    ['round42 a07', heldout(42, 'a07.log')],
  ] as const)
    it(`${name}: -Z build-std without rust-src → rust-target-missing, a toolchain with it`, () => {
      assert.deepEqual(read(log), [['rust-target-missing', 'certain', ['rust-toolchain']]]);
      assert.match(diagnoseText(log)[0]!.message, /rust-src/);
    });

  it("round47 f03: `can't find crate for 'core'` quoted alone → rust-target-missing, likely", () => {
    assert.deepEqual(read(heldout(47, 'f03.log')), [['rust-target-missing', 'likely', ['rust-toolchain']]]);
  });

  it('the words inside a sentence are no quote of the line', () => {
    assert.deepEqual(read("I keep getting can't find crate for 'core' when I build for the board\n"), []);
  });
});

// A toolchain without what a target's standard library needs: cargo's -Z build-std without the rust-src component (real
// cargo 1.95, `RUSTC_BOOTSTRAP=1 cargo build -Zbuild-std`, the rustup toolchain's path replaced by a store path and framed
// as a builder's lines; round42 a07, cargo 1.61 under nixpkgs' rustc), and rustc's `can't find crate for \`core\``
// quoted alone in running text (round47 f03). The same refusal with its path wrapped onto the line above (round111 wf08,
// a document quoting it; the real cargo 1.95 output wrapped so), and xargo's (round101 vv01: 0.3.7+'s sentence; ≤0.3.6's
// `couldn't walk the sysroot` chain, as xargo's own documentation quotes it).
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

  it('round111 wf08 and real cargo 1.95 with the path wrapped onto the line above → rust-target-missing (rust-src)', () => {
    const wrapped = wordingSource('c195-build-std-no-rust-src.log').replace('" does not exist', '"\n       does not exist');
    for (const log of [heldout(111, 'wf08.log'), wrapped]) {
      assert.deepEqual(read(log), [['rust-target-missing', 'certain', ['rust-toolchain']]]);
      assert.match(diagnoseText(log)[0]!.message, /rust-src\), which cargo's -Z build-std builds/);
    }
    // The tail without the toolchain's rust-src path above it is not the refusal.
    assert.deepEqual(read('"/build/source/Cargo.lock"\n does not exist, unable to build with the standard library, try:\n'), []);
  });

  it("round101 vv01 and xargo ≤0.3.6's chain: the sysroot builder without rust-src → rust-target-missing, xargo named", () => {
    const old = [
      '$ xargo build',
      "error: couldn't walk the sysroot",
      'caused by: IO error for operation on /nix/store/slmsxfx879zlkdcr1vmm0nlacj9dhwqv-rustc-1.61.0/lib/rustlib/src: No such file or directory (os error 2)',
      '',
    ].join('\n');
    for (const log of [heldout(101, 'vv01.log'), old]) {
      assert.deepEqual(read(log), [['rust-target-missing', 'certain', ['rust-toolchain']]]);
      assert.match(diagnoseText(log)[0]!.message, /which xargo builds/);
    }
    // The same IO error without xargo's sysroot walk above it is some other program's.
    assert.deepEqual(read('caused by: IO error for operation on /nix/store/slmsxfx879zlkdcr1vmm0nlacj9dhwqv-rustc-1.61.0/lib/rustlib/src: No such file or directory\n'), []);
  });
});

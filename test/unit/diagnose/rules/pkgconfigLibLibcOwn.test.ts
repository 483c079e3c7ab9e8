// The C library's own parts missing from a link (`cannot find -lc`, `-lm`, `-lpthread`, `-ldl`, `-lrt`, `-lutil`): they
// come with every compiler nixpkgs wraps, so the link left the wrapper's paths or asked for static archives — no input
// to add. Real GNU ld 2.40 against an empty sysroot (framed as a builder's lines), and round42 a03 (Nix's unwrapped
// binutils ld in rustc's ui tests).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout, wordingSource } from './helpers';

describe("pkgconfig-lib: the C library's own parts are no missing input", () => {
  for (const [name, log] of [
    ['real GNU ld 2.40', wordingSource('b240-ld-libc-own-missing.log')],
    ['round42 a03', heldout(42, 'a03.log')],
  ] as const)
    it(`${name}: no pkgconfig-lib finding`, () => {
      assert.match(log, /cannot find -l(?:c|m|pthread|dl|rt|util)\b/);
      assert.ok(!diagnoseText(log).some((d) => d.category === 'pkgconfig-lib'));
    });

  it('another library on the same linker still is one', () => {
    const log = 'demo> ld: cannot find -lc: No such file or directory\ndemo> ld: cannot find -ludev: No such file or directory\n';
    assert.deepEqual(
      diagnoseText(log).map((d) => [d.category, d.message.includes('udev')]),
      [['pkgconfig-lib', true]],
    );
  });
});

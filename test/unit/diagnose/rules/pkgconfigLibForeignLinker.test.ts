// `cannot find -lfoo` is a missing build input only when the linker could have used one: two link failures
// whose linker names the reason it is not. GNU ld's ldfile.c reports a file it found for `-lfoo` but of another
// architecture or format (`skipping incompatible <file> when searching for -lfoo`, printed before and after its
// `cannot find -lfoo`): the library is there, the linker is for another platform than the library's. A linker for a
// Windows target (its triple in its name) links import libraries the winapi/windows-targets crates ship or the
// mingw-w64 runtime of the cross toolchain has: one nixpkgs has no attribute for is none of the package's inputs.
// The lines below are GNU ld 2.40's and x86_64-w64-mingw32-ld 2.40's (Debian binutils, binutils-mingw-w64) own output,
// run on this machine on a 32-bit libzzq.so (`ld -m elf_i386 -shared`) and on missing winapi import libraries.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { categories, heldout } from './helpers';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';

const GNU_LD_INCOMPATIBLE = [
  '/usr/bin/ld: skipping incompatible ./libzzq.so when searching for -lzzq',
  '/usr/bin/ld: cannot find -lzzq: No such file or directory',
  '/usr/bin/ld: skipping incompatible ./libzzq.so when searching for -lzzq',
  'collect2: error: ld returned 1 exit status',
];
const MINGW_LD = ['x86_64-w64-mingw32-ld: cannot find -lwinapi_gdi32: No such file or directory', 'x86_64-w64-mingw32-ld: cannot find -lwinapi_d2d1: No such file or directory'];

describe("pkgconfig-lib: a linker that could not have used the package's inputs", () => {
  it("round 32's x04: the build platform's ld skipping the aarch64 libudev.so is no missing udev", () => {
    assert.deepEqual(categories(heldout(32, 'x04.log')), []);
  });

  it("round 32's x05: the mingw-w64 linker missing the winapi crate's import libraries is no missing input", () => {
    assert.deepEqual(categories(heldout(32, 'x05.log')), []);
  });

  it('real GNU ld skipping a 32-bit library, in either order around its `cannot find`: not claimed', () => {
    assert.deepEqual(categories(GNU_LD_INCOMPATIBLE.join('\n')), []);
    assert.deepEqual(categories(GNU_LD_INCOMPATIBLE.slice(1).join('\n')), []);
    assert.deepEqual(categories([GNU_LD_INCOMPATIBLE[0], ...GNU_LD_INCOMPATIBLE.slice(3)].concat(GNU_LD_INCOMPATIBLE[1]!).join('\n')), []);
  });

  it('an incompatible copy of another library leaves this one missing', () => {
    const log = [
      '/usr/bin/ld: skipping incompatible ./libzzq.so when searching for -lzzq',
      '/usr/bin/ld: cannot find -ludev: No such file or directory',
      'collect2: error: ld returned 1 exit status',
    ].join('\n');
    assert.deepEqual(
      diagnoseText(log).map((d) => [d.category, d.details?.library]),
      [['pkgconfig-lib', 'udev']],
    );
  });

  it('real GNU ld with no copy at all, and a Linux cross linker, still name the missing input', () => {
    assert.deepEqual(categories(['/usr/bin/ld: cannot find -ludev: No such file or directory', 'collect2: error: ld returned 1 exit status'].join('\n')), ['pkgconfig-lib']);
    const cross = '/nix/store/0k4q7d3m9x2v6b1n5c8z4p7r2s6t3w9y-aarch64-unknown-linux-gnu-binutils-2.41/bin/aarch64-unknown-linux-gnu-ld: cannot find -ludev: No such file or directory';
    assert.deepEqual(categories(cross), ['pkgconfig-lib']);
  });

  it("real mingw-w64 ld missing the winapi crates' import libraries: not claimed; a library nixpkgs has still is", () => {
    assert.deepEqual(categories(MINGW_LD.join('\n')), []);
    const z = diagnoseText('x86_64-w64-mingw32-ld: cannot find -lz: No such file or directory');
    assert.deepEqual(
      z.map((d) => d.category),
      ['pkgconfig-lib'],
    );
    assert.equal(z[0]!.details?.attr, 'zlib');
  });
});

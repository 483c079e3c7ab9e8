// rustc's own edition check (rustc_session's parse_crate_edition) in each wording its history has had, and a rustc
// command line passing an edition older than the toolchain its store path names (round59 uf06). Real Debian rustc 1.63
// (wordings/sources/r163-*); the older stable and the nightly wordings from rustc's source.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { categories, heldout, wordingSource } from './helpers';

const toolchainFix = (log: string) => diagnoseText(log).map((d) => [d.category, d.fixes, d.confidence]);

describe('rustc-too-old: rustc refusing an edition', () => {
  it('real rustc 1.63 on --edition=2024 → Rust 1.85, certain', () => {
    assert.deepEqual(toolchainFix(wordingSource('r163-rustc-edition-2024-unsupported.log')), [['rustc-too-old', [{ kind: 'rust-toolchain', rustVersion: '1.85' }], 'certain']]);
  });

  it('real rustc 1.63 on --edition=2027, a name no release has → not the toolchain’s age', () => {
    assert.deepEqual(categories(wordingSource('r163-rustc-edition-unknown.log')), []);
  });

  it('an older stable’s and a nightly’s words, and one that does not know the name → the edition’s first release', () => {
    for (const [line, v] of [
      ['error: Edition 2018 is unstable and only available for nightly builds of rustc.', '1.31'],
      ['error: edition 2021 is unstable and only available with -Z unstable-options', '1.56'],
      ['error: argument for `--edition` must be one of: 2015|2018. (instead was `2021`)', '1.56'],
    ] as const) {
      assert.deepEqual(toolchainFix(`demo> ${line}\nerror: builder for '/nix/store/3m1q8v0d5k2x7b4n9c6z1p0r3s8t2w7y-demo-0.1.0.drv' failed with exit code 1\n`), [
        ['rustc-too-old', [{ kind: 'rust-toolchain', rustVersion: v }], 'certain'],
      ]);
    }
  });

  it('round59 uf06: a rustc command given --edition=2021 with a 1.51 nightly’s sysroot → Rust 1.56, likely (rustc’s refusal not in view)', () => {
    assert.deepEqual(toolchainFix(heldout(59, 'uf06.log')), [['rustc-too-old', [{ kind: 'rust-toolchain', rustVersion: '1.56' }], 'likely']]);
  });

  it('the same command with a toolchain that has the edition, or with -Z unstable-options → nothing', () => {
    const line = heldout(59, 'uf06.log');
    assert.deepEqual(categories(line.replace(/rust-1\.51\.0/g, 'rust-1.56.0')), []);
    assert.deepEqual(categories(line.replace('--edition=2021', '--edition=2021 -Z unstable-options')), []);
  });
});

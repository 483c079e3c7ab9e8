// Cargo's `rust-version` check says one cause over several lines, each unique to it: cargo 1.5x–1.7x's sentence
// (`package `x` cannot be built because it requires rustc A or newer, while the currently active rustc version is
// B`) and help (`Either upgrade to rustc A or newer, or use` / `cargo update -p x@v --precise ver` / `where `ver` is
// the latest version of `x` supporting rustc B`), cargo 1.8x+'s list (`rustc B is not supported by the following
// package:` / `  x@v requires rustc A`) and help (`Either upgrade rustc or select compatible dependency versions
// with` / … / `where `<compatible-ver>` is the latest version supporting rustc B`). A paste or a title that keeps
// any one of those lines, or the sentence's tail, is the same failure: the toolchain is older than a dependency
// asks. Real Debian cargo 1.65 and cargo 1.95 (wordings/sources/c1{65,95}-rust-version-registry-dependency.log).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout, wordingSource } from './helpers';

const LOGS = ['c165-rust-version-registry-dependency.log', 'c195-rust-version-registry-dependency.log'].map((f) => wordingSource(f));

describe('rustc-too-old: any part of cargo’s rust-version check', () => {
  it('round23 n02: only the sentence’s tail, kept as the issue’s title → rustc 1.74, the build’s 1.73.0', () => {
    const ds = diagnoseText(heldout(23, 'n02.log'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes]),
      [['rustc-too-old', [{ kind: 'rust-toolchain', rustVersion: '1.74' }]]],
    );
    assert.equal(ds[0]!.details?.active, '1.73.0');
  });

  it('real cargo 1.65 and 1.95, whole → one diagnosis naming the version the dependency asks', () => {
    for (const log of LOGS) {
      const ds = diagnoseText(log);
      assert.deepEqual(
        ds.map((d) => [d.category, d.fixes]),
        [['rustc-too-old', [{ kind: 'rust-toolchain', rustVersion: '1.999' }]]],
      );
    }
  });

  it('every paste that starts at a later line keeps the cause while one of the check’s own lines is in it; the `cargo update` line alone says nothing', () => {
    for (const log of LOGS) {
      const lines = log.split('\n');
      for (let k = 1; k < lines.length; k++) {
        const rest = lines.slice(k).join('\n');
        const own = lines.slice(k).some((x) => /rustc \d|Either upgrade|is the latest version/.test(x));
        assert.deepEqual(
          diagnoseText(rest).map((d) => d.category),
          own ? ['rustc-too-old'] : [],
          rest,
        );
      }
    }
  });

  it('cut inside the first line: the tail from `rustc A or newer` on still names both versions', () => {
    const first = LOGS[0]!.split('\n')[0]!;
    const tail = first.slice(first.indexOf('rustc 1.999'));
    const ds = diagnoseText(`Nix build error: ${tail}\n`);
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes, d.details?.active]),
      [['rustc-too-old', [{ kind: 'rust-toolchain', rustVersion: '1.999' }], '1.95.0']],
    );
  });

  it('the help’s last line names the dependency and the build’s rustc (cargo 1.65)', () => {
    const last = LOGS[0]!.split('\n').find((x) => x.includes('where `ver`'))!;
    const ds = diagnoseText(`${last}\n`);
    assert.deepEqual(
      ds.map((d) => [d.category, d.details?.package, d.details?.active, d.fixes]),
      [['rustc-too-old', 'dep', '1.95.0', [{ kind: 'rust-toolchain' }]]],
    );
  });
});

describe('rustc-too-old: rustc’s closing E0658 line in a window', () => {
  // Real cargo 1.95 (s70): rustc_private from the sysroot, an E0658 read and left to the other rules (no toolchain has it).
  const started = ['alpha', 'beta'].map((n) => `building '/nix/store/00000000000000000000000000000000-${n}-0.1.0.drv'...`);
  const alpha = [
    ...started,
    ...wordingSource('s70-rustc-e0658-rustc-private-sysroot.log')
      .split('\n')
      .filter((x) => x)
      .map((x) => `alpha-0.1.0> ${x}`),
  ];
  const window = (drv: string) => [
    `error: builder for '/nix/store/00000000000000000000000000000000-${drv}-0.1.0.drv' failed with exit code 101;`,
    '       last 10 log lines:',
    '       > For more information about this error, try `rustc --explain E0658`.',
    `       For full logs, run 'nix log /nix/store/00000000000000000000000000000000-${drv}-0.1.0.drv'.`,
  ];
  const tooOld = (log: string[]) => diagnoseText(log.join('\n')).filter((d) => d.category === 'rustc-too-old');

  it('an E0658 read under one derivation does not hide another derivation’s window that kept only the closing line', () => {
    const ds = tooOld([...alpha, ...window('beta')]);
    assert.deepEqual(
      ds.map((d) => [d.details?.code, d.drv?.replace(/^.*?-beta/, 'beta')]),
      [['E0658', 'beta-0.1.0.drv']],
    );
  });

  it('the same closing line in the window of the derivation whose error was read stays that error’s', () => {
    assert.deepEqual(tooOld([...alpha, ...window('alpha')]), []);
  });

  it('an error no framing names may be any derivation’s: the window stays that error’s', () => {
    const bare = alpha.slice(started.length).map((x) => x.slice('alpha-0.1.0> '.length));
    assert.deepEqual(tooOld([...bare, ...window('beta')]), []);
  });
});

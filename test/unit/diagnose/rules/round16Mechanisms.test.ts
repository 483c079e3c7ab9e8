// Round16's misses decided by the tools' own mechanisms: fetchCargoVendor's utility on a version 1 Cargo.lock,
// libtest's summary alone (its sgr0 reset's remnants kept by a paste), the Rust toolchain's own build (rustbuild),
// and rustc's sysroot fallback for a crate the build did not pass (`rustc_private`, never stabilised).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import type { Diagnostic } from '../../../../server/src/diagnose/types';
import { CHECK_OFF, heldout, wordingSource as source } from './helpers';

const summary = (ds: Diagnostic[]) => ds.map((d) => [d.category, d.fixes]);
const rewriteLock = [
  [
    'cargo-lock',
    [
      { kind: 'run', argv: ['cargo', 'update', '--workspace'] },
      { kind: 'git-add', path: 'Cargo.lock' },
    ],
  ],
];

describe('round16 by mechanism', () => {
  it('round16 g21: the older fetchCargoVendor utility’s `pkg["checksum"]` KeyError on a v1 lock → cargo-lock, rewrite the lock', () => {
    const ds = diagnoseText(heldout(16, 'g21-cargo-lock-fetchcargovendor-v1-lockfile-keyerror-checksum.log'));
    assert.deepEqual(summary(ds), rewriteLock);
    assert.equal(ds[0]!.details?.key, 'checksum');
  });

  it('the current utility reading `[metadata]` with a key it builds from a dataclass repr (Python’s double-quoted KeyError) → cargo-lock; `metadata` absent too', () => {
    const log = source('s72-fetch-cargo-vendor-util-v1-lock-metadata-key.log');
    assert.deepEqual(summary(diagnoseText(log)), rewriteLock);
    assert.deepEqual(summary(diagnoseText(log.replace(/^KeyError: .*$/m, "KeyError: 'metadata'"))), rewriteLock);
  });

  it('a KeyError on `checksum` in another program’s traceback, or in a new traceback after the utility’s, is not the lock', () => {
    const log = source('s72-fetch-cargo-vendor-util-v1-lock-metadata-key.log');
    const other = log.replace(/fetch-cargo-vendor-util/g, 'release-tool');
    assert.deepEqual(summary(diagnoseText(other.replace(/^KeyError: .*$/m, "KeyError: 'checksum'"))), []);
    const next = log.replace(/^KeyError: .*$/m, 'ValueError: x\n\nTraceback (most recent call last):\n  File "/tmp/other.py", line 3, in <module>\n    d["checksum"]\nKeyError: \'checksum\'');
    assert.deepEqual(summary(diagnoseText(next)), []);
  });

  it('real cargo 1.95 libtest output with its sgr0 resets (`FAILED ESC ( B ESC [ m.`), whole and with the ESC bytes a paste drops → the named test', () => {
    const log = source('s71-libtest-summary-failed-sgr0.log');
    for (const text of [log, log.replace(/\x1b/g, '')]) assert.deepEqual(summary(diagnoseText(text)), [['test-failure', [{ kind: 'skip-tests', tests: ['a'] }]]]);
    // Only the per-test line and the summary (a window between them cut the failures section).
    const lines = log.split('\n').filter((l) => l.startsWith('test '));
    for (const text of [lines.join('\n'), lines.join('\n').replace(/\x1b/g, '')]) assert.deepEqual(summary(diagnoseText(text)), [['test-failure', [{ kind: 'skip-tests', tests: ['a'] }]]], text);
  });

  it('round16 g11 and real libtest’s summary alone, ESC bytes dropped: a test failure the log does not name — the check phase turned off', () => {
    const line = source('s71-libtest-summary-failed-sgr0.log')
      .split('\n')
      .find((l) => l.startsWith('test result:'))!;
    for (const text of [heldout(16, 'g11-test-failure-cargo-raze-darwin-one-summary-line.log'), line.replace(/\x1b/g, ''), line]) {
      const ds = diagnoseText(text);
      assert.deepEqual(summary(ds), [['test-failure', CHECK_OFF]], text);
    }
    assert.equal(diagnoseText(line)[0]!.details?.failed, '1');
    // A summary with nothing failed (timed out or ok) says nothing.
    assert.deepEqual(summary(diagnoseText('test result: FAILED. 3 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out')), []);
    assert.deepEqual(summary(diagnoseText('test result: ok. 3 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out')), []);
  });

  it('round16 g23: cargo’s summary inside the Rust toolchain’s own build (bootstrap.py’s `failed to run: …/bootstrap build`) is no package’s compile error', () => {
    const log = heldout(16, 'g23-other-rustc-1-24-i686-rustdoc-cssparser-nixos-18-03-upgrade.log');
    assert.deepEqual(summary(diagnoseText(log)), []);
    // bootstrap.py's other last words alone, as CI logs show them.
    const cut = log.replace(/^failed to run: .*\n/m, '');
    assert.deepEqual(summary(diagnoseText(cut)), []);
    // Without rustbuild's lines the same summary is the package's (its derivation named after the crate: cargo of that
    // era names no target, so under another name it is as likely a dependency's).
    const own = log
      .replace(/^failed to run: .*\n/m, '')
      .replace(/^Build completed unsuccessfully.*\n/m, '')
      .replace(/-rustc-1\.24\.0\.drv/g, '-cssparser-0.23.2.drv');
    assert.deepEqual(summary(diagnoseText(own)), [['rust-compile-error', []]]);
  });

  it('real cargo 1.95 and round16 g09: E0658 for `rustc_private` loaded from the sysroot is never a too-old toolchain', () => {
    assert.deepEqual(summary(diagnoseText(source('s70-rustc-e0658-rustc-private-sysroot.log'))), [['rust-compile-error', []]]);
    const ds = diagnoseText(heldout(16, 'g09-other-carnix-num-complex-rustc-serialize-sysroot-e0658.log'));
    assert.ok(!ds.some((d) => d.category === 'rustc-too-old'), JSON.stringify(summary(ds)));
    // Any other unstable library feature on a stable rustc stays rustc-too-old's.
    const other = source('s70-rustc-e0658-rustc-private-sysroot.log').replace(/`rustc_private`: this crate is being loaded from the sysroot[^\n]*/, '`int_roundings`');
    assert.deepEqual(
      diagnoseText(other).map((d) => d.category),
      ['rustc-too-old'],
    );
  });

  it('round16 g18 and real cargo 1.95: a published dependency’s manifest the build’s cargo cannot parse → rustc-too-old, once', () => {
    const old = diagnoseText(heldout(16, 'g18-rustc-too-old-cargo-snapshot-manifest-lib-name-rust-update-2016.log'));
    assert.deepEqual(summary(old), [['rustc-too-old', [{ kind: 'rust-toolchain' }]]]);
    assert.match(old[0]!.message, /regex-0\.1\.58/);
    assert.deepEqual(summary(diagnoseText(source('s73-cargo-vendored-manifest-unparsable.log'))), [['rustc-too-old', [{ kind: 'rust-toolchain' }]]]);
    // cargo's own edition sentence under the same header is said once, by its own reading.
    const edition = ['error: failed to parse manifest at `/build/cargo-vendor-dir/foo-1.0.0/Cargo.toml`', '', 'Caused by:', '  feature `edition2024` is required'].join('\n');
    const ds = diagnoseText(edition);
    assert.deepEqual(
      ds.map((d) => d.category),
      ['rustc-too-old'],
    );
    assert.match(ds[0]!.message, /edition|2024|1\.85/);
  });

  it('not a dependency’s manifest: the package’s own, or a value a git dependency’s vendored manifest still inherits from its workspace', () => {
    const own = source('s73-cargo-vendored-manifest-unparsable.log').replace('../cargo-vendor-dir/foo-0.1.0/Cargo.toml', 'Cargo.toml');
    assert.ok(!diagnoseText(own).some((d) => d.category === 'rustc-too-old'));
    const inherited = [
      'error: failed to parse manifest at `/build/cargo-vendor-dir/foo-1.0.0/Cargo.toml`',
      '',
      'Caused by:',
      "  error inheriting `version` from workspace root manifest's `workspace.package.version`",
    ].join('\n');
    assert.ok(!diagnoseText(inherited).some((d) => d.category === 'rustc-too-old'));
  });
});

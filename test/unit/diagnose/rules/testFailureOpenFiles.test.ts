// A test that runs out of file descriptors (EMFILE: std's `Os { code: 24, …, message: "Too many open files" }`) in
// the check phase: a panicking thread other than `main` inside a Nix build is the tests' (libtest names each test's
// thread after the test, a thread it spawns is `<unnamed>`; a build script panics in `main`). The labelling guide:
// test-failure with skip-tests (a resource limit in the check phase), the test skipped by name when the thread names
// it. Real cargo 1.95 / libtest under `ulimit -n 32` (wordings/sources/s93-libtest-thread-emfile.log).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { CHECK_OFF, heldout, wordingSource } from './helpers';

const real = wordingSource('s93-libtest-thread-emfile.log');
const lines = real.split('\n');
const unnamedPanic = lines.slice(
  lines.findIndex((x) => x.startsWith("thread '<unnamed>'")),
  lines.findIndex((x) => x.includes('Too many open files')) + 1,
);

describe('test-failure: the tests’ open-files limit', () => {
  it('round22 m07: a spawned thread’s panic quoted alone (message on the panic’s line, a nix-build path) → test-failure, no test to name: the check phase turned off', () => {
    const ds = diagnoseText(heldout(22, 'm07.log'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes, d.details?.cause]),
      [['test-failure', CHECK_OFF, 'open-files-limit']],
    );
  });

  it('real libtest, whole: the failed test skipped by name, the limit said', () => {
    const ds = diagnoseText(real);
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes]),
      [['test-failure', [{ kind: 'skip-tests', tests: ['tests::opens_many_files'] }]]],
    );
    assert.match(ds[0]!.message, /Too many open files/);
  });

  it('real libtest, a Nix window keeping only the spawned thread’s panic (rustc ≥ 1.73: message on the next line) → test-failure', () => {
    const log = [
      "error: builder for '/nix/store/00000000000000000000000000000000-emfile-0.1.0.drv' failed with exit code 101;",
      '       last 10 log lines:',
      ...unnamedPanic.map((x) => `       > ${x}`),
    ].join('\n');
    assert.deepEqual(
      diagnoseText(log).map((d) => [d.category, d.fixes]),
      [['test-failure', CHECK_OFF]],
    );
  });

  it('a test’s own thread out of descriptors → that test skipped', () => {
    const log = [
      "error: builder for '/nix/store/00000000000000000000000000000000-emfile-0.1.0.drv' failed with exit code 101;",
      '       last 10 log lines:',
      "       > thread 'server::accepts_many' panicked at src/server.rs:40:14:",
      '       > bind: Os { code: 24, kind: Uncategorized, message: "Too many open files" }',
    ].join('\n');
    assert.deepEqual(
      diagnoseText(log).map((d) => [d.category, d.fixes]),
      [['test-failure', [{ kind: 'skip-tests', tests: ['server::accepts_many'] }]]],
    );
  });

  it('not a build script’s `main` thread, and not a panic outside any Nix build', () => {
    const main = ["thread 'main' panicked at build.rs:8:61:", 'Cannot open a file: Os { code: 24, kind: Uncategorized, message: "Too many open files" }'];
    assert.deepEqual(
      diagnoseText(['  --- stderr', ...main].join('\n')).filter((d) => d.category === 'test-failure'),
      [],
    );
    assert.deepEqual(
      diagnoseText(unnamedPanic.join('\n')).filter((d) => d.category === 'test-failure'),
      [],
    );
  });

  it('not the compile phase’s threads: rustc’s own (`rustc`, an ICE on the limit) nor one a build script spawned', () => {
    const failed = ["error: builder for '/nix/store/00000000000000000000000000000000-emfile-0.1.0.drv' failed with exit code 101;", '       last 10 log lines:'];
    const emfile = '       > Os { code: 24, kind: Uncategorized, message: "Too many open files" }';
    const ice = [
      ...failed,
      '       >    Compiling emfile v0.1.0 (/build/source)',
      "       > thread 'rustc' panicked at compiler/rustc_metadata/src/locator.rs:100:5:",
      emfile,
      '       > error: the compiler unexpectedly panicked. this is a bug.',
    ];
    const script = [...failed, '       > error: failed to run custom build command for `emfile-sys v0.1.0`', '       > --- stderr', "       > thread '<unnamed>' panicked at build.rs:20:5:", emfile];
    for (const log of [ice, script])
      assert.deepEqual(
        diagnoseText(log.join('\n')).filter((d) => d.category === 'test-failure'),
        [],
        log.join('\n'),
      );
  });
});

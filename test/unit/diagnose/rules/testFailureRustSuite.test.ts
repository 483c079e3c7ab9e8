// Rust's own test suite run by x.py (bootstrap): compiletest names each test `[mode] path` and bootstrap closes a
// failed suite with `Some tests failed in compiletest suite=… mode=… host=… target=…` and `Build completed
// unsuccessfully in H:MM:SS` (bootstrap's test step and entry point, read in rust-lang/rust's sources). Those tests
// are the toolchain's, not a package's check phase. The same names without bootstrap's words are compiletest-rs in
// a package's own tests: a test failure as before. Round26 q09 (after its first run); the variants follow those
// sources' formats (no rustc checkout or compiletest run here: structural).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const SUITE_FAILED = ['failures:', '    [ui] tests/ui/process/nofile-limit.rs', '', 'test result: FAILED. 0 passed; 1 failed; 0 ignored; 0 measured; 15652 filtered out; finished in 338.83ms', ''];

describe("test-failure: Rust's own test suite is no package's check phase", () => {
  it('round26 q09: a ui test failing to link under x.py in a Nix shell → nothing (other)', () => {
    assert.deepEqual(diagnoseText(heldout(26, 'q09.log')), []);
  });

  it("compiletest's per-test line and a revision, then bootstrap's closing sentence → nothing", () => {
    const log = [
      'running 2 tests',
      'test [ui] tests/ui/process/nofile-limit.rs ... FAILED',
      'test [ui] tests/ui/abi/foo.rs#x86 ... ok',
      '',
      ...SUITE_FAILED,
      'Some tests failed in compiletest suite=ui mode=ui host=x86_64-unknown-linux-gnu target=x86_64-unknown-linux-gnu',
    ].join('\n');
    assert.deepEqual(diagnoseText(log), []);
  });

  it('the same names with no bootstrap after them (compiletest-rs in a package’s tests) → test-failure as before', () => {
    const ds = diagnoseText(SUITE_FAILED.join('\n'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.details?.failed]),
      [['test-failure', '1']],
    );
  });

  it("libtest's own names keep their skip fix, bootstrap's words or not", () => {
    const log = [
      'test tests::needs_network ... FAILED',
      '',
      'failures:',
      '    tests::needs_network',
      '',
      'test result: FAILED. 3 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out',
      'Build completed unsuccessfully in 0:01:02',
    ].join('\n');
    assert.deepEqual(
      diagnoseText(log).map((d) => [d.category, d.fixes]),
      [['test-failure', [{ kind: 'skip-tests', tests: ['tests::needs_network'] }]]],
    );
  });
});

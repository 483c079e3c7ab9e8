// libtest's captured-output blocks (`---- <name> stdout ----`): a window that starts inside the failures section
// shows neither `failures:` nor the closing list nor `test result:`; a block whose test thread panicked is a failed
// test, whatever the panic says (round11 b22; real cargo 1.95 output, libtest's formatter wordings).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import type { Diagnostic } from '../../../../server/src/diagnose/types';
import { heldout, wordingSource as source } from './helpers';

const summary = (ds: Diagnostic[]) => ds.map((d) => [d.category, d.fixes]);
const skip = (...tests: string[]) => [['test-failure', [{ kind: 'skip-tests', tests }]]];

describe('test-failure: libtest output blocks of panicking tests', () => {
  it('round11 b22: unit tests panicking on a read-only file system, the window cut before the list → skip those tests', () => {
    assert.deepEqual(
      summary(diagnoseText(heldout(11, 'b22-test-failure-read-only-file-system-unit-tests-nix-run-workmux.log'))),
      skip('sandbox::container::tests::test_build_args_pi_agent_overlays_bin_after_parent', 'sandbox::lima::mounts::tests::test_omp_agent_mounts_agent_dir_without_bin_overlay'),
    );
  });

  it('real cargo 1.95 in a Nix window from the first block; the whole output names the same tests once', () => {
    const both = skip('tests::mounts_the_agent_dir', 'tests::writes_its_config');
    assert.deepEqual(summary(diagnoseText(source('s50-libtest-failure-blocks-window-cut.log'))), both);
    assert.deepEqual(summary(diagnoseText(source('s52-libtest-failures-full.log'))), both);
  });

  it('--show-output: a passing test’s block (no panic, then `successes:`) is not a failure', () => {
    assert.deepEqual(summary(diagnoseText(source('s51-libtest-show-output-window-cut.log'))), skip('tests::mounts_the_agent_dir', 'tests::writes_its_config'));
    const successes = ['successes:', '', '---- tests::prints stdout ----', "thread 'tests::prints' panicked at 'expected', src/lib.rs:3:9", '', 'successes:', '    tests::prints'].join('\n');
    assert.deepEqual(diagnoseText(successes), []);
  });

  it("rustc < 1.73's panic line (`panicked at 'msg', file:line:col`), no thread id", () => {
    const log = [
      '---- io::tests::writes_cache stdout ----',
      "thread 'io::tests::writes_cache' panicked at 'called `Result::unwrap()` on an `Err` value: Os { code: 30, kind: ReadOnlyFilesystem, message: \"Read-only file system\" }', src/io.rs:42:10",
    ].join('\n');
    assert.deepEqual(summary(diagnoseText(log)), skip('io::tests::writes_cache'));
  });

  it('a block with no panic of its own test thread (another thread’s, or none in view) names no test', () => {
    assert.deepEqual(diagnoseText(['---- tests::a stdout ----', 'some output', "thread 'main' panicked at src/main.rs:1:1:", 'boom'].join('\n')), []);
    assert.deepEqual(diagnoseText(['---- tests::a stdout ----', 'some output'].join('\n')), []);
  });
});

// A reporter's sentence naming the failing tests by libtest's names, with none of the test run in view (quotedTestNames.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { quotedFailingTests } from '../../../../server/src/diagnose/rules/quotedTestNames';
import { categories, heldout } from './helpers';

describe('test-failure: tests named failing in prose by their libtest names', () => {
  it('round30 u03, round83 vd01 (titles), round104 vy02 (two names), round167 yj02 (a sentence under a PR title) → skip exactly those, likely', () => {
    for (const [round, file, names] of [
      [30, 'u03.log', ['plugins::core::ruby::tests::test_list_versions_matching']],
      [83, 'vd01.log', ['profiles::tests::test_ensure_config_dir']],
      [104, 'vy02.log', ['tera::tests::test_tera_contrib_helpers', 'task::task_script_parser::tests::test_task_template_tera_contrib_helpers']],
      [167, 'yj02.log', ['test_git::test_push_bookmarks_deletion::use_git2_for_remote_calls']],
    ] as const) {
      const ds = diagnoseText(heldout(round, file));
      assert.deepEqual(
        ds.map((d) => [d.category, d.confidence, d.fixes, d.details?.cause]),
        [['test-failure', 'likely', [{ kind: 'skip-tests', tests: names }], 'quoted-names']],
        file,
      );
    }
  });

  it('Rust paths that name no test, and prose that does not say they fail → not read', () => {
    // A tracing target (dioxus' `dx::build::builder`), std's `Result::unwrap`, a name with no verb after it.
    assert.equal(quotedFailingTests(' 112.986s DEBUG dx::build::builder: Setting builder to failed state'), undefined);
    assert.equal(quotedFailingTests('called `Result::unwrap()` on an `Err` value: HTTP client creation failed'), undefined);
    assert.equal(quotedFailingTests('failed: see `profiles::tests::test_ensure_config_dir`'), undefined);
    assert.equal(quotedFailingTests('`tests::test_fail` passes now'), undefined);
    for (const [round, file] of [
      [17, 'h09-missing-tool-dioxus-cli-dx-build-missing-wasm-opt-flake.log'],
      [29, 't03.log'],
      [102, 'vw01.log'],
      [23, 'n07.log'],
    ] as const)
      assert.ok(!diagnoseText(heldout(round, file)).some((d) => d.details?.cause === 'quoted-names'), file);
  });

  it("libtest's own lines win: a title over the real report (cargo 1.95) is said by the report's names, once", () => {
    const log = [
      '[BUG] profiles::tests::test_ensure_config_dir fails when building with Nix',
      'running 1 test',
      'test profiles::tests::test_ensure_config_dir ... FAILED',
      '',
      'failures:',
      '',
      'failures:',
      '    profiles::tests::test_ensure_config_dir',
      '',
      'test result: FAILED. 0 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.16s',
      '',
      'error: test failed, to rerun pass `--lib`',
      '',
    ].join('\n');
    const ds = diagnoseText(log);
    assert.deepEqual(
      ds.map((d) => [d.category, d.confidence, d.fixes]),
      [['test-failure', 'certain', [{ kind: 'skip-tests', tests: ['profiles::tests::test_ensure_config_dir'] }]]],
    );
  });

  it('a line of the test run itself (a test printing while it runs) is not prose', () => {
    const log = ['running 2 tests', 'note: profiles::tests::test_ensure_config_dir failed once, retrying', 'test profiles::tests::test_ensure_config_dir ... ok', ''].join('\n');
    assert.deepEqual(categories(log), []);
  });
});

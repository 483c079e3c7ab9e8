// cargo-nextest's status words for a failed test, as its displayer writes them (nextest-runner's reporter/displayer
// `status_str`, read in nextest's sources; nextest is not installed here, so these lines are shaped by that source,
// not printed by it): FAIL, `FAIL + LEAK`, LEAK-FAIL, TIMEOUT, a signal's name, `ABORT SIG <n>`, each maybe after `TRY <n>`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';

const run = (status: string) =>
  [
    '    Starting 3 tests across 2 binaries',
    '        PASS [   0.004s] demo tests::adds',
    `${status.padStart(12)} [   0.120s] demo::it tests::the_one`,
    '     Summary [   0.200s] 3 tests run: 2 passed, 1 failed, 0 skipped',
    'error: test run failed',
  ].join('\n');
const skipped = (text: string) => diagnoseText(text).flatMap((d) => d.fixes.flatMap((f) => (f.kind === 'skip-tests' ? f.tests : [])));

describe('test-failure: every failing status nextest writes', () => {
  for (const status of ['FAIL', 'TRY 2 FAIL', 'FAIL + LEAK', 'LEAK-FAIL', 'TIMEOUT', 'SIGSEGV', 'SIGABRT', 'SIGSYS', 'SIGPIPE', 'SIGQUIT', 'SIGHUP', 'ABORT SIG 40'])
    it(status, () => assert.deepEqual(skipped(run(status)), ['tests::the_one']));

  it('not a pass (TIMEOUT-PASS, LEAK) nor a test the OOM killer took (SIGKILL)', () => {
    for (const status of ['TIMEOUT-PASS', 'LEAK', 'SIGKILL']) assert.deepEqual(skipped(run(status)), [], status);
  });
});

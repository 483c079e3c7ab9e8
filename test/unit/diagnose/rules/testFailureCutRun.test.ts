// A builder that exited 101 whose log ends inside libtest's run (`running N tests`, then `test x ... ok` lines, no
// `test result:`): the build compiled and cargo was running the tests when it failed, the view cut before the
// failing test (round19 j08, a nix-darwin build's `Last 25 log lines` pasted in part). Real Nix 2.8 `nix build`
// framing around real cargo 1.95 `cargo test` output (a builder replaying it and exiting 101), cut at every line.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { CHECK_OFF, heldout } from './helpers';

const SOURCES = join(__dirname, '..', '..', '..', 'fixtures', 'logs', 'wordings', 'sources');
const LINES = readFileSync(join(SOURCES, 'n28-cargo-test-failed-window.log'), 'utf8').split('\n');
const summary = (text: string) => diagnoseText(text).map((d) => [d.category, d.fixes, /ends inside libtest/.test(d.message)]);
const CUT = [['test-failure', CHECK_OFF, true]];

describe('test-failure: a log that ends inside the test run of a builder that exited 101', () => {
  it('round19 j08 → test-failure, no test named, the check phase turned off', () => {
    assert.deepEqual(summary(heldout(19, 'j08-test-failure-cargo-check-aarch64-darwin-nix-darwin-paneru-cut.log')), CUT);
  });

  it('real Nix 2.8 + cargo 1.95: whole → the failing test named; cut inside the run → the cut reading; cut before it → nothing', () => {
    const whole = diagnoseText(LINES.join('\n'));
    assert.deepEqual(
      whole.map((d) => [d.category, d.fixes[0]]),
      [['test-failure', { kind: 'skip-tests', tests: ['windows::tests::test_focus_cycle'] }]],
    );
    const running = LINES.findIndex((l) => /> running \d+ tests$/.test(l));
    const failed = LINES.findIndex((l) => l.endsWith('... FAILED'));
    assert.ok(running > 0 && failed > running);
    for (let k = running + 1; k <= failed; k++) assert.deepEqual(summary(LINES.slice(0, k).join('\n')), CUT, `cut after line ${k}`);
    for (let k = 3; k <= running; k++) assert.deepEqual(summary(LINES.slice(0, k).join('\n')), [], `cut after line ${k}`);
  });

  it("said as likely: the builder's status is cargo's and libtest began, but no line of the failing test is in view", () => {
    const running = LINES.findIndex((l) => /> running \d+ tests$/.test(l));
    assert.deepEqual(
      diagnoseText(LINES.slice(0, running + 3).join('\n')).map((d) => d.confidence),
      ['likely'],
    );
  });

  it('round77 ux04: cut at a test libtest started with one test thread (`test name ...`, its result not yet printed)', () => {
    const d = diagnoseText(heldout(77, 'ux04.log'));
    assert.deepEqual(
      d.map((x) => [x.category, x.confidence, x.fixes, x.evidence]),
      [['test-failure', 'likely', CHECK_OFF, ['test test_rapid_file_changes_debounced ...']]],
    );
  });

  it('another exit code, or a test run that ended (`test result: ok`) before the log did, is not this', () => {
    const running = LINES.findIndex((l) => /> running \d+ tests$/.test(l));
    const cut = LINES.slice(0, running + 3);
    assert.deepEqual(summary(cut.join('\n').replace('exit code 101', 'exit code 1')), []);
    assert.deepEqual(summary([...cut, '       > test result: ok. 9 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out', '       >    Doc-tests paneru'].join('\n')), []);
  });
});

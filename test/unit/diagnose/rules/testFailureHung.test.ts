// Tests that never finish: libtest's warning after a minute (`test name has been running for over 60 seconds`, real
// libtest 1.95) or nextest's SLOW line, with no result of the same test after it, read as a hanging check phase; Nix's
// own timeout (real Nix 2.8: `timed out after N seconds of silence`) or the log ending in the run makes it likely.
// Fixtures: test/fixtures/logs/real-cargo-test-hang.log, real-2.8-cargo-test-hang-silence.log (README there).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diagnoseStream, diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const LOGS = join(__dirname, '..', '..', '..', 'fixtures', 'logs');
const read = (text: string) => diagnoseText(text).map((d) => [d.category, d.confidence, d.fixes]);
const skip = (...tests: string[]) => [{ kind: 'skip-tests', tests }];

describe('test-failure: tests that never finish', () => {
  it('real cargo 1.95: the run stopped while the test slept → likely, the test skipped', () => {
    assert.deepEqual(read(readFileSync(join(LOGS, 'real-cargo-test-hang.log'), 'utf8')), [['test-failure', 'likely', skip('tests::waits_for_a_terminal')]]);
  });

  it("real Nix 2.8's timeout after the warning → likely, and the message says Nix stopped it", () => {
    const ds = diagnoseText(readFileSync(join(LOGS, 'real-2.8-cargo-test-hang-silence.log'), 'utf8'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.confidence, d.fixes]),
      [['test-failure', 'likely', skip('tests::waits_for_a_terminal')]],
    );
    assert.match(ds[0]!.message, /Nix stopped the build/);
  });

  it('round113 wh12: two pty tests warned about under a `-L` prefix → both skipped', () => {
    assert.deepEqual(read(heldout(113, 'wh12.log')), [['test-failure', 'likely', skip('command::test_navigation::test_checkout_pty', 'command::test_navigation::test_next_ambiguous_interactive')]]);
  });

  it("nextest's SLOW line, nothing after → the test named", () => {
    assert.deepEqual(read('        SLOW [> 60.000s] (3/9) demo tests::waits'), [['test-failure', 'likely', skip('tests::waits')]]);
  });

  it('a slow test that then finished (its `ok`, nextest PASS) → nothing', () => {
    assert.deepEqual(read(['test tests::slow has been running for over 60 seconds', 'test tests::slow ... ok', 'test result: ok. 1 passed; 0 failed'].join('\n')), []);
    assert.deepEqual(read(['        SLOW [> 60.000s] demo tests::slow', '        PASS [  61.002s] demo tests::slow'].join('\n')), []);
  });

  it("a slow test that then finished, read as a file's bytes (the prefilter's path) → nothing", async () => {
    // libtest's `test name ... ok` holds none of the rule's markers: the rule must still read it after the warning.
    const log = [
      'running 2 tests',
      'test tests::slow has been running for over 60 seconds',
      'test tests::slow ... ok',
      'test tests::other ... ok',
      'test result: ok. 2 passed; 0 failed; 0 ignored',
      '',
    ].join('\n');
    const ds = await diagnoseStream(
      (async function* () {
        yield new TextEncoder().encode(log);
      })(),
    );
    assert.deepEqual(
      ds.map((d) => d.category),
      [],
    );
  });

  it("libtest's terse format (no names in its results), its summary after the warning → nothing", async () => {
    const log = ['running 2 tests', 'test tests::slow has been running for over 60 seconds', '..', 'test result: ok. 2 passed; 0 failed; 0 ignored', ''].join('\n');
    const ds = await diagnoseStream(
      (async function* () {
        yield new TextEncoder().encode(log);
      })(),
    );
    assert.deepEqual(
      ds.map((d) => d.category),
      [],
    );
    assert.deepEqual(read(log), []);
  });

  it('the warning, then a view that goes on to other output → possible', () => {
    const log = ['test a::b has been running for over 60 seconds', 'some other output', 'more output'].join('\n');
    assert.deepEqual(read(log), [['test-failure', 'possible', skip('a::b')]]);
  });
});

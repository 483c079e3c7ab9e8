// A test binary that died inside a test (an abort, a segfault): real cargo 1.95 `cargo test` of a crate with a unit
// test that needs the network, an integration test that calls `std::process::abort()` and a failing doc-test
// (test/fixtures/logs/real-cargo-test-*.log, README there). With one test thread libtest writes `test name ... ` when
// the test starts, and cargo's `error: test failed, to rerun pass …` lands on the same line when the binary dies.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';

const LOGS = join(__dirname, '..', '..', '..', 'fixtures', 'logs');
const read = (name: string) => readFileSync(join(LOGS, name), 'utf8');

describe('test-failure: a test binary that died inside a test', () => {
  it('one test thread: the test libtest had started is named, and skipped', () => {
    const d = diagnoseText(read('real-cargo-test-died-in-test.log'));
    assert.deepEqual(
      d.map((x) => [x.category, x.confidence, x.fixes]),
      [['test-failure', 'certain', [{ kind: 'skip-tests', tests: ['aborts'] }]]],
    );
    assert.match(d[0]!.message, /died while it ran/);
  });

  it('--no-fail-fast: the named failures only; the target whose binary died with no test named (its signal) says no test', () => {
    const d = diagnoseText(read('real-cargo-test-no-fail-fast.log'));
    assert.deepEqual(
      d.map((x) => [x.confidence, x.fixes[0]?.kind === 'skip-tests' ? x.fixes[0].tests : x.details?.target]),
      [
        ['certain', ['tests::needs_network']],
        ['certain', ['src/lib.rs - add_one (line 3)']],
      ],
    );
  });

  it('cut at any line: never another category; a test named only once its own line is in view', () => {
    const lines = read('real-cargo-test-no-fail-fast.log').split('\n');
    const named = lines.findIndex((l) => l.endsWith('... FAILED'));
    for (let k = 1; k <= lines.length; k++) {
      const d = diagnoseText(lines.slice(0, k).join('\n'));
      assert.ok(
        d.every((x) => x.category === 'test-failure'),
        `cut after line ${k}: ${d.map((x) => x.category)}`,
      );
      if (k <= named) assert.deepEqual(d, [], `cut after line ${k}`);
    }
  });
});

// The evaluator's own words (evalVocabulary.ts) read wherever a paste quotes them: Nix's `error: <message>` alone (no
// position, no --show-trace hint), a bullet, a sentence. Each message is real Nix 2.8 and 2.26 output
// (test/fixtures/logs/wordings/sources, `nix-instantiate --eval`, `nix-build`, `nix eval` of small expressions), and
// rounds 30 and 39's pastes (u04, l03, l11), which the first runs and the rules until now left silent.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { EVAL_MESSAGE_WORDS } from '../../../../server/src/diagnose/rules/evalVocabulary';
import { categories, heldout, wordingSource } from './helpers';

const REAL = [
  'call-non-function',
  'coerce-set-to-string',
  'type-set-expected',
  'not-a-derivation',
  'pure-mode-absolute-path',
  'ifd-disabled',
  'invalid-regex',
  'trace-head-empty-list',
  'follows-missing-input',
].flatMap((n) => [`n28-eval-${n}.log`, `n226-eval-${n}.log`]);

/** The message of a real log: its last `error: <message>` line, without the prefix. */
function messageOf(log: string): string {
  const m = [...log.matchAll(/^\s*error: (\S.*)$/gm)].pop();
  assert.ok(m, 'a message line');
  return m[1]!.trim();
}

describe('eval-error: the evaluator’s own words, quoted anywhere', () => {
  it('each real Nix 2.8 and 2.26 log, whole → eval-error', () => {
    for (const name of REAL) assert.deepEqual(categories(wordingSource(name)), ['eval-error'], name);
  });

  it('its message quoted alone, as a bullet or inside a sentence → eval-error, the message kept', () => {
    for (const name of REAL) {
      const msg = messageOf(wordingSource(name));
      assert.ok(
        EVAL_MESSAGE_WORDS.some((w) => msg.includes(w)),
        `${name}: a marker word reaches the rule`,
      );
      for (const quoted of [`error: ${msg}`, `  • ${msg}`, `running nix build fails with "${msg}" every time`]) {
        const ds = diagnoseText(quoted);
        assert.deepEqual(
          ds.map((d) => d.category),
          ['eval-error'],
          `${name}: ${quoted}`,
        );
        assert.ok(ds[0]!.message.includes(msg.slice(0, 30)), `${name}: ${ds[0]!.message}`);
        assert.deepEqual(ds[0]!.fixes, [], 'no fix the message does not show');
      }
    }
  });

  it("round30 u04 (crane's FAQ quoting IFD refused, as a bullet), round39 l03 (a one-line quote), l11 (Nix 1.11's regex error) → eval-error", () => {
    assert.deepEqual(categories(heldout(30, 'u04.log')), ['eval-error']);
    assert.deepEqual(categories(heldout(39, 'l03.log')), ['eval-error']);
    assert.deepEqual(categories(heldout(39, 'l11.log')), ['eval-error']);
  });

  it("not these: a builder's output quoting the words, a warning with an alias's words, an error Nix went past that no evaluation alone prints (`error (ignored):`), Rust's assertion, a test's fragments", () => {
    assert.deepEqual(categories('demo> expected output: attempt to call something which is not a function but a set'), []);
    assert.deepEqual(categories("evaluation warning: 'system' has been renamed to/replaced by 'stdenv.hostPlatform.system'"), []);
    assert.deepEqual(categories("error (ignored): error: cannot unlink '/nix/store/tmp-1-0': Permission denied"), []);
    // The evaluator's words behind `error (ignored):` in a builder's or a test's output: that run's, not Nix's report.
    assert.deepEqual(categories("demo> error (ignored): error: undefined variable 'foo'\nerror: builder for '/nix/store/abc-demo.drv' failed with exit code 1"), []);
    assert.deepEqual(categories("running 1 test\nerror (ignored): error: undefined variable 'foo'\ntest result: FAILED. 0 passed; 1 failed"), ['test-failure']);
    assert.deepEqual(categories("thread 'main' panicked at 'assertion `left == right` failed', src/main.rs:3:5"), []);
    assert.deepEqual(categories(' - Err("is forbidden in restricted mode")'), []);
    assert.deepEqual(categories('error: failed to parse manifest: expected a string or a table, but found a boolean'), []);
  });

  it('a long line of type words with no message in it is read in linear time (a log line holds up to 16 KiB)', () => {
    // Two open `[\w ]+` runs around ` while ` took 3 s a line here, forty such lines two minutes; a synchronous test cannot
    // be timed out from inside, so a child process reads them and is killed if it hangs.
    const script = `
      const { diagnoseText } = require(${JSON.stringify(require.resolve('../../../../server/src/diagnose/diagnoser'))});
      const words = (w) => '  * ' + w.repeat(800) + '. was expected but found a string';
      const log = Array.from({ length: 40 }, (_, i) => words(i % 2 ? 'value is a while a ' : 'expected a ')).join('\\n');
      process.stdout.write(JSON.stringify(diagnoseText(log).map((d) => d.category)));`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.signal, null, 'killed after 30 s: backtracking');
    assert.equal(r.stdout, '[]', r.stderr);
    assert.deepEqual(categories('  * value is a function application while a set was expected'), ['eval-error']);
  });
});

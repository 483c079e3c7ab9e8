// cargo's own line after a test target's process failed (`error: test failed, to rerun pass `--lib``, `doctest failed`,
// single quotes before cargo 1.6x) says a test failed whatever the harness printed: libtest's names, a custom harness
// (`harness = false`) exiting non-zero; a test binary killed by a signal with no test named is no test's result. Real Nix 2.8 framing
// (`nix build`, `nix-build`) around real cargo 1.95 output (a builder replaying it and exiting 101), whole and cut; two
// held-out pastes (rounds 20 and 22, cargo's older quoting) seen from their rerun line on.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { CHECK_OFF, heldout, wordingSource } from './helpers';

const summary = (text: string) => diagnoseText(text).map((d) => [d.category, d.fixes, d.details?.target, d.details?.reason]);
const lines = (name: string) => wordingSource(name).split('\n');
const rerunAt = (ls: string[]) => ls.findIndex((l) => /error: (?:doc)?test failed, to rerun pass/.test(l));

describe('test-failure: cargo ran a test target that failed, no test named', () => {
  it('a test binary killed by a signal with no test named (real Nix 2.8 nix build and nix-build, cargo 1.95 SIGABRT; round63 uj10, round160 yc07 SIGSEGV) → not a test failure (the labelling guide: `other`)', () => {
    for (const name of ['n28-cargo-test-binary-signal.log', 'n28-cargo-test-binary-signal-legacy.log']) {
      assert.deepEqual(summary(wordingSource(name)), [], name);
    }
    assert.deepEqual(summary(heldout(160, 'yc07.log')), []);
    assert.deepEqual(summary(heldout(63, 'uj10.log')), []);
    // The same target's exit status instead of the signal: a test failed (a custom harness, a cut report).
    const exited = lines('n28-cargo-test-binary-signal.log').map((l) => l.replace('signal: 6, SIGABRT: process abort signal', 'exit status: 101'));
    assert.deepEqual(summary(exited.join('\n')), [['test-failure', CHECK_OFF, '--lib', 'exit status: 101']]);
  });

  it('a custom harness exiting 1 (real Nix 2.8, cargo 1.95) → test-failure naming the target, the check phase turned off', () => {
    for (const name of ['n28-cargo-test-custom-harness.log', 'n28-cargo-test-custom-harness-legacy.log']) {
      assert.deepEqual(summary(wordingSource(name)), [['test-failure', CHECK_OFF, '--test custom', 'exit status: 1']], name);
    }
  });

  it('cut anywhere after the rerun line: still the target; cut before it: not this reading', () => {
    const ls = lines('n28-cargo-test-custom-harness.log');
    const at = rerunAt(ls);
    assert.ok(at > 0);
    for (let k = at + 1; k <= ls.length; k++) {
      const got = summary(ls.slice(0, k).join('\n'));
      assert.equal(got.length, 1, `cut after line ${k}`);
      assert.deepEqual(got[0]!.slice(0, 3), ['test-failure', CHECK_OFF, '--test custom'], `cut after line ${k}`);
    }
    // Before it no target is named (a view ending inside libtest's run of the earlier target is that reading's).
    for (let k = 1; k <= at; k++) assert.ok(!summary(ls.slice(0, k).join('\n')).some((d) => d[2]), `cut after line ${k}`);
  });

  it('several targets failed (real Nix 2.8 nix-build and nix build, cargo 1.95 --no-fail-fast): every one named, from their rerun lines or cargo’s closing list', () => {
    const legacy = diagnoseText(wordingSource('n28-cargo-test-targets-failed-legacy.log'));
    assert.deepEqual(
      legacy.map((d) => [d.category, d.fixes, d.details?.target]),
      [['test-failure', CHECK_OFF, '--test b, --test c']],
    );
    assert.match(legacy[0]!.message, /2 test targets .*`--test b` \(exit status: 1\), `--test c` \(exit status: 2\)/);
    // nix build's ten-line window keeps only cargo's list (and the second target's exit status).
    assert.deepEqual(summary(wordingSource('n28-cargo-test-targets-failed.log')), [['test-failure', CHECK_OFF, '--test b, --test c', undefined]]);
  });

  it('a target named again after another (the same log pasted twice over, a second window): each keeps its own exit status', () => {
    const ls = lines('n28-cargo-test-targets-failed-legacy.log');
    const b = ls.findIndex((l) => l.includes('Running tests/b.rs'));
    const again = [...ls, ...ls.slice(b, ls.findIndex((l, i) => i > b && l.includes("didn't exit successfully")) + 1)].join('\n');
    assert.match(diagnoseText(again)[0]!.message, /`--test b` \(exit status: 1\), `--test c` \(exit status: 2\)/);
  });

  it("held-out pastes seen from cargo's rerun line on (round20 k01, round22 m11: cargo's single quotes) → the target", () => {
    const k01 = heldout(20, 'k01.log').split('\n');
    assert.deepEqual(summary(k01.slice(rerunAt(k01)).join('\n')), [['test-failure', CHECK_OFF, '--test integration_tests', undefined]]);
    const m11 = heldout(22, 'm11.log').split('\n');
    assert.deepEqual(summary([m11[0]!, m11[1]!, ...m11.slice(rerunAt(m11))].join('\n')), [['test-failure', CHECK_OFF, '-p code_producers --lib', undefined]]);
    // Whole, libtest's report names the tests as before.
    assert.ok(diagnoseText(heldout(22, 'm11.log')).some((d) => d.category === 'test-failure' && d.fixes[0]?.kind === 'skip-tests'));
  });

  it('a test binary killed from outside (SIGKILL: the OOM killer, a timeout) or doc-tests that printed nothing (rustdoc never ran) → not this', () => {
    const ls = lines('n28-cargo-test-binary-signal.log').map((l) => l.replace('signal: 6, SIGABRT: process abort signal', 'signal: 9, SIGKILL: kill'));
    assert.ok(!summary(ls.join('\n')).some((d) => d[2]));
    assert.deepEqual(summary(['   Doc-tests dt', 'error: doctest failed, to rerun pass `--doc`'].join('\n')), []);
  });

  it("another rule's cause for the same failure wins (rustdoc missing for the doc-tests: missing-tool alone)", () => {
    assert.deepEqual(
      diagnoseText(wordingSource('n28-cargo-test-rustdoc-not-on-path.log')).map((d) => d.category),
      ['missing-tool'],
    );
  });

  it('libtest naming the failed tests keeps its skip-tests fix (real Nix 2.8 + cargo 1.95)', () => {
    const ds = diagnoseText(wordingSource('n28-cargo-test-failed-window.log'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes[0]]),
      [['test-failure', { kind: 'skip-tests', tests: ['windows::tests::test_focus_cycle'] }]],
    );
  });
});

// nix-output-monitor's summary line of a failed build (NOM/Print.hs: `⚠ <name> [on <host>] failed with exit code <n> after
// ⏱ <time> in <phase>`): failed in checkPhase with cargo's and libtest's 101, a test failed, none named — the check
// phase turned off is the fix. Real lines: round140 xi08 (nh quoting nom), round8 y24 and round10 a11 (nom's tree, where
// libtest's own lines name the test, which stays the fix).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { CHECK_OFF, heldout } from './helpers';

const said = (text: string) => diagnoseText(text).map((d) => [d.category, d.confidence, d.fixes, d.drv]);

describe('test-failure: nix-output-monitor says the build failed in checkPhase with exit code 101', () => {
  it('round140 xi08 (nh quoting nom, nothing else in view) → test-failure, likely, the check phase turned off, on the named build', () => {
    assert.deepEqual(said(heldout(140, 'xi08.log')), [['test-failure', 'likely', CHECK_OFF, 'deno-2.3.5']]);
  });

  it('nom’s other forms of the line: a remote host, its tree prefix and the glyphs’ text-presentation selectors', () => {
    for (const line of ['⚠ demo-1.0 on ssh://builder failed with exit code 101 after ⏱ 2m1s in checkPhase', '┃ ⚠︎ demo-1.0 failed with exit code 101 after ⏱︎ 5m54s in checkPhase'])
      assert.deepEqual(said(line), [['test-failure', 'likely', CHECK_OFF, 'demo-1.0']], line);
  });

  it('another phase or another exit status is not a test’s failure: nothing of this rule', () => {
    for (const line of [
      '⚠ demo-1.0 failed with exit code 101 after ⏱ 2m1s in buildPhase',
      '⚠ demo-1.0 failed with exit code 1 after ⏱ 2m1s in checkPhase',
      '⚠ demo-1.0 failed with exit code 101 after ⏱ 2m1s in installCheckPhase',
      '⚠ demo-1.0 failed with hash mismatch after ⏱ 2s',
    ])
      assert.ok(!diagnoseText(line).some((d) => d.category === 'test-failure'), line);
  });

  it('round8 y24 and round10 a11: libtest names the failing test above nom’s line → that test skipped by name, nothing more', () => {
    const y24 = diagnoseText(heldout(8, 'y24-test-failure-network-nom-uiua.log'));
    assert.deepEqual(
      y24.map((d) => [d.category, d.fixes]),
      [['test-failure', [{ kind: 'skip-tests', tests: ['primitive::tests::prim_docs'] }]]],
    );
    const a11 = diagnoseText(heldout(10, 'a11-test-failure-check-phase-integration-test-nom-rustlings.log'));
    assert.deepEqual(
      a11.map((d) => [d.category, d.fixes]),
      [['test-failure', [{ kind: 'skip-tests', tests: ['reset_single_exercise'] }]]],
    );
  });
});

// nix-output-monitor's summary naming the phase a build failed in (round140 xi08: its only line), the check's own
// output out of view: stdenv's checkPhase or installCheckPhase, as nom read it from stdenv's header.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const summary = (text: string) => diagnoseText(text).map((d) => [d.category, d.details?.phase, d.confidence]);

describe('test-failure: nix-output-monitor names the check phase', () => {
  it('a check phase (round140 xi08) and an install check', () => {
    assert.deepEqual(summary(heldout(140, 'xi08.log')), [['test-failure', 'checkPhase', 'likely']]);
    assert.deepEqual(summary('⚠ foo-1.0 failed with exit code 1 after ⏱ 3s in installCheckPhase'), [['test-failure', 'installCheckPhase', 'likely']]);
  });

  it('another phase is not a check', () => {
    assert.deepEqual(summary('⚠ foo-1.0 failed with exit code 101 after ⏱ 3s in buildPhase'), []);
  });
});

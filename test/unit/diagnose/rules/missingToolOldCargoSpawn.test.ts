// Cargo before 1.1x capitalised its spawn failure (`Could not execute process \`rustc -vV\` (never executed)`): round65
// ul07, `nix-shell -p cargo` with no rustc beside it. The same program and fix as today's lower-case words.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

describe('missing-tool: an old cargo’s spawn failure', () => {
  it('round65 ul07 → rustc, added to nativeBuildInputs', () => {
    assert.deepEqual(
      diagnoseText(heldout(65, 'ul07.log')).map((d) => [d.category, d.fixes]),
      [['missing-tool', [{ kind: 'add-inputs', nativeBuildInputs: ['rustc'] }]]],
    );
  });
});

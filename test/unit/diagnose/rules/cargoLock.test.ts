import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

describe('cargo-lock', () => {
  it('a stale Cargo.lock under --frozen (nixpkgs, fishnet) → update it in the workspace and stage it', () => {
    const ds = diagnoseText(heldout(5, 'v24-cargo-lock-frozen-fishnet-nixpkgs.log'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes]),
      [
        [
          'cargo-lock',
          [
            { kind: 'run', argv: ['cargo', 'update', '--workspace'] },
            { kind: 'git-add', path: 'Cargo.lock' },
          ],
        ],
      ],
    );
  });
});

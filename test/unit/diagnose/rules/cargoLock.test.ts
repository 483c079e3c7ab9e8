import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

describe('cargo-lock', () => {
  it("nixpkgs' older vendoring wording (`ERROR: The Cargo.lock file doesn't exist`) → generate Cargo.lock and stage it", () => {
    assert.deepEqual(
      diagnoseText(heldout(7, 'x14-cargo-lock-missing-vendor-tarball-krabby.log')).map((d) => [d.category, d.fixes]),
      [
        [
          'cargo-lock',
          [
            { kind: 'run', argv: ['cargo', 'generate-lockfile'] },
            { kind: 'git-add', path: 'Cargo.lock' },
          ],
        ],
      ],
    );
  });

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

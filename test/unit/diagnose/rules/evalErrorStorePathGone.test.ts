// A store path the evaluation holds, absent from the store: Nix ≤ 2.19's `getting status of '%1%': No such file or
// directory` (lstat), 2.20+'s `path '%s' does not exist` (bare, or as the message after the trace block). Real Nix 2.8
// and 2.26 (`builtins.path` and `import` of a store path that is not there) and round14 e06 (a crate source path
// under a home-manager flake input). Only the store path itself: a file missing inside a present source, or a path
// outside the store, is not this.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const SOURCES = join(__dirname, '..', '..', '..', 'fixtures', 'logs', 'wordings', 'sources');
const GLOB = '/nix/store/d8xkgfhrf8jj10qqc1i5c12dl9rsm2zc-glob-0.3.1';
const read = (name: string) => readFileSync(join(SOURCES, name), 'utf8');

describe('eval-error: a store path the evaluation needs is not in the store', () => {
  for (const [name, text] of [
    ['round14 e06 (one line)', heldout(14, 'e06-eval-error-zjstatus-flake-input-getting-status-crate-source-glob.log')],
    ['real Nix 2.8, then the --show-trace hint', read('n28-eval-store-path-missing-getting-status.log')],
    ['real Nix 2.26, after the trace block', read('n226-eval-store-path-missing-import.log')],
    ['real Nix 2.26, bare', read('n226-eval-store-path-missing-bare.log')],
  ] as const) {
    it(`${name} → eval-error naming the path, no fix`, () => {
      const ds = diagnoseText(text);
      assert.deepEqual(
        ds.map((d) => [d.category, d.details?.storePath, d.fixes.length]),
        [['eval-error', GLOB, 0]],
      );
      assert.match(ds[0]!.message, /not in the store/);
    });
  }

  it('a file missing inside a store path, or a path outside the store, is not this (Nix’s own I/O after a trace stays nothing)', () => {
    assert.deepEqual(diagnoseText(`error: getting status of '${GLOB}/src/lib.rs': No such file or directory\n`), []);
    const traced = ['error:', "       … while calling the 'import' builtin", '', "       error: path '/home/user/demo/missing.nix' does not exist"];
    assert.deepEqual(diagnoseText(traced.join('\n')), []);
  });
});

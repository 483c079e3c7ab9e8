// E0658 on a language feature a later stable release has: rustc's note names the feature's tracking issue, and rustc's
// own list of stabilised features (rustAcceptedFeatures.ts, generated from compiler/rustc_feature/src/accepted.rs)
// gives the release to build with. Real rustc 1.63 on a let chain (wordings/sources/c165-rustc163-let-chains-e0658.log).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { STABLE_SINCE_BY_ISSUE } from '../../../../server/src/diagnose/rules/rustAcceptedFeatures';
import { heldout, wordingSource } from './helpers';

describe('rustc-too-old: the release that stabilised a language feature', () => {
  it('real rustc 1.63, a let chain (issue #53667) → Rust 1.88 with edition 2024, no version alone as the fix', () => {
    // Let chains are stable only in edition 2024: real rustc 1.95 with `--edition 2021` says `let chains are only
    // allowed in Rust 2024 or later`, so the toolchain's version is not the whole fix.
    const ds = diagnoseText(wordingSource('c165-rustc163-let-chains-e0658.log'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes]),
      [['rustc-too-old', [{ kind: 'rust-toolchain' }]]],
    );
    assert.match(ds[0]!.message, /stable since Rust 1\.88 in edition 2024/);
    assert.match(ds[0]!.message, /edition = "2024"/);
    assert.equal(ds[0]!.details?.edition, '2024');
  });

  it('a feature no edition gates (issue #53667 renamed to let-else’s #87335) → its release as the fix', () => {
    const log = wordingSource('c165-rustc163-let-chains-e0658.log').replace(/53667/g, '87335');
    assert.deepEqual(
      diagnoseText(log).map((d) => d.fixes),
      [[{ kind: 'rust-toolchain', rustVersion: '1.65' }]],
    );
  });

  it('an issue no stabilised feature has → no version made up', () => {
    const log = wordingSource('c165-rustc163-let-chains-e0658.log')
      .replace(/#53667/g, '#1')
      .replace(/issues\/53667/, 'issues/1');
    assert.deepEqual(
      diagnoseText(log).map((d) => d.fixes),
      [[{ kind: 'rust-toolchain' }]],
    );
  });

  it('a nightly’s own code (its `#![feature]` help shown: round51 q03, let chains on a 1.89 nightly in edition 2021) → no version', () => {
    const too = diagnoseText(heldout(51, 'q03.log')).filter((d) => d.category === 'rustc-too-old');
    assert.deepEqual(
      too.map((d) => d.fixes),
      [[{ kind: 'rust-toolchain' }]],
    );
  });

  it('an issue a removed or unstable feature also names has no release (#44580 const_generics, #57563 const_fn)', () => {
    assert.equal(STABLE_SINCE_BY_ISSUE[44580], undefined);
    assert.equal(STABLE_SINCE_BY_ISSUE[57563], undefined);
    const log = wordingSource('c165-rustc163-let-chains-e0658.log').replace(/53667/g, '44580');
    assert.deepEqual(
      diagnoseText(log).map((d) => d.fixes),
      [[{ kind: 'rust-toolchain' }]],
    );
  });
});

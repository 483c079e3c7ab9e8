// Cargo's too-old failures where a paste keeps only part of them: the core of the rust-version check quoted in prose
// (round57 ud03), the replaced-source chain cut before its cause (round57 ud02; real cargo 1.65 whole), and a vendored
// manifest whose cause is workspace inheritance, no cargo's age (round62 ui02).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { categories, heldout, wordingSource } from './helpers';

describe('rustc-too-old: a part of cargo’s words', () => {
  it('round57 ud03: `worktrunk requires rustc 1.93` in running text → Rust 1.93, likely', () => {
    const ds = diagnoseText(heldout(57, 'ud03.log'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes, d.confidence]),
      [['rustc-too-old', [{ kind: 'rust-toolchain', rustVersion: '1.93' }], 'likely']],
    );
    assert.equal(ds[0]!.details?.package, 'worktrunk');
  });

  it('cargo 1.8x’s list line alone (`  foo@1.2.0 requires rustc 1.80`) → Rust 1.80', () => {
    assert.deepEqual(
      diagnoseText('       >   foo@1.2.0 requires rustc 1.80\n').map((d) => [d.category, d.fixes]),
      [['rustc-too-old', [{ kind: 'rust-toolchain', rustVersion: '1.80' }]]],
    );
  });

  it('round57 ud02: the replaced-source chain cut after `Caused by:` → a possible cause, no claim', () => {
    assert.deepEqual(
      diagnoseText(heldout(57, 'ud02.log')).map((d) => [d.category, d.confidence]),
      [['rustc-too-old', 'possible']],
    );
  });

  it('real cargo 1.65, the same chain whole → the edition, certain; cut at each `Caused by:` below the replaced source → possible', () => {
    const log = wordingSource('c165-vendored-dependency-edition-2024.log');
    assert.deepEqual(
      diagnoseText(log).map((d) => [d.category, d.fixes, d.confidence]),
      [['rustc-too-old', [{ kind: 'rust-toolchain', rustVersion: '1.85' }], 'certain']],
    );
    const lines = log.split('\n');
    const at = lines.findIndex((l) => l.includes('failed to update replaced source'));
    assert.deepEqual(
      diagnoseText(lines.slice(0, at + 3).join('\n')).map((d) => d.confidence),
      ['possible'],
    );
  });

  it('round62 ui02: a vendored git dependency’s manifest failing on `failed to find a workspace root` → nothing (inheritance, not cargo’s age)', () => {
    assert.deepEqual(categories(heldout(62, 'ui02.log')), []);
  });
});

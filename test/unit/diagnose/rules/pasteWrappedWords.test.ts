// Tools' words as pastes reshape them (rounds 114–129): importCargoLock's stale-hash sentence wrapped after `A hash was`
// and its no-hash sentence in typographic quotes (round115 wj02); a builder's `name> ` prefix indented by a paste
// (round120 wo02, E0658 under nix-output-monitor's line); nixpkgs' Rust bootstrap throw quoted alone (round121 wp04).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

describe('words a paste wrapped, quoted or indented', () => {
  it('round115 wj02: both importCargoLock sentences → remove-output-hash rmcp-0.10.0, add-output-hash without the quote', () => {
    const ds = diagnoseText(heldout(115, 'wj02.log'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes]),
      [
        ['git-deps', [{ kind: 'remove-output-hash', key: 'rmcp-0.10.0' }]],
        ['git-deps', [{ kind: 'add-output-hash', key: 'filedescriptor-0.8.3' }]],
      ],
    );
    // The second line alone, not after `A hash was`, is no such sentence.
    assert.deepEqual(diagnoseText('  specified for rmcp-0.10.0, but there is no corresponding git dependency.\n'), []);
  });

  it('round120 wo02: `  nil-unstable> error[E0658]: use of unstable library feature` → rustc-too-old', () => {
    assert.deepEqual(
      diagnoseText(heldout(120, 'wo02.log')).map((d) => [d.category, d.fixes.map((f) => f.kind)]),
      [['rustc-too-old', ['rust-toolchain']]],
    );
  });

  it('round121 wp04: `error: missing bootstrap url for platform s390x-unknown-linux-gnu` → eval-error', () => {
    assert.deepEqual(
      diagnoseText(heldout(121, 'wp04.log')).map((d) => d.category),
      ['eval-error'],
    );
  });
});

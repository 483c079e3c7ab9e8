import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout, round1 } from './helpers';

describe('network-sandbox', () => {
  it("a fixed-output fetch (nixpkgs' fetchurl: `trying https://…`) that cannot resolve hosts is the network's failure, not the sandbox's (crane#660)", () => {
    assert.deepEqual(diagnoseText(heldout(5, 'v28-other-fod-dns-nix-2.21-fedimint-crane.log')), []);
  });

  it('cargo resolving crates.io inside the build still is (rust-overlay, nix-build) → vendor from Cargo.lock', () => {
    const ds = diagnoseText(heldout(3, 's07-network-crates-io-rust-overlay-nix-build.log'));
    assert.ok(ds.length);
    for (const d of ds) assert.deepEqual([d.category, d.fixes], ['network-sandbox', [{ kind: 'use-cargo-lock' }]]);
  });

  it('rustup in the build with no toolchain and no network (alwide, nix-shell) → cargo and rustc from nixpkgs instead of rustup', () => {
    const ds = diagnoseText(round1('h15-rustup-no-default-alwide-nix-shell.log'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes[0]]),
      [['network-sandbox', { kind: 'replace-input', from: 'rustup', to: ['cargo', 'rustc'] }]],
    );
  });
});

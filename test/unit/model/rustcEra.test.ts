import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareVersions } from '../../../shared/src/version';
import { estimateRustc, rustReleaseDate } from '../../../server/src/model/rustcEra';
import { nixpkgsPin } from '../../../server/src/check/flakeLock';

describe('rustc of a nixpkgs pin', () => {
  it('reproduces real Rust release dates from the six-week cadence', () => {
    assert.equal(rustReleaseDate(82).toISOString().slice(0, 10), '2024-10-17');
    assert.equal(rustReleaseDate(86).toISOString().slice(0, 10), '2025-04-03');
    assert.equal(rustReleaseDate(88).toISOString().slice(0, 10), '2025-06-26');
  });

  it('uses the release table for release branches', () => {
    assert.deepEqual(estimateRustc('nixos-24.11', undefined), { version: '1.82.0', basis: 'release-table', channel: '24.11' });
    assert.equal(estimateRustc('nixpkgs-25.05-darwin', undefined)?.version, '1.86.0');
  });

  it('estimates unstable pins from the lock date, lagging new releases', () => {
    // 2025-04-10: 1.86 was a week old, so unstable still had 1.85.
    assert.equal(estimateRustc('nixos-unstable', Date.UTC(2025, 3, 10) / 1000)?.version, '1.85.0');
    assert.equal(estimateRustc(undefined, Date.UTC(2025, 4, 1) / 1000)?.version, '1.86.0');
  });

  it('compares versions numerically', () => {
    assert.ok(compareVersions('1.80', '1.80.1') < 0);
    assert.ok(compareVersions('1.9', '1.10') < 0);
    assert.equal(compareVersions('1.82', '1.82.0'), 0);
  });

  it('finds the nixpkgs input in flake.lock', () => {
    const lock = JSON.stringify({
      nodes: {
        root: { inputs: { nixpkgs: 'nixpkgs_2', crane: 'crane' } },
        crane: { locked: { rev: 'c' } },
        nixpkgs_2: { locked: { rev: 'abc', lastModified: 1730000000 }, original: { owner: 'NixOS', repo: 'nixpkgs', ref: 'nixos-24.11', type: 'github' } },
      },
      root: 'root',
      version: 7,
    });
    assert.deepEqual(nixpkgsPin(lock), { input: 'nixpkgs', ref: 'nixos-24.11', rev: 'abc', lastModified: 1730000000 });
    assert.equal(nixpkgsPin('not json'), undefined);
  });
});

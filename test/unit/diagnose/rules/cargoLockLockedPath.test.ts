// Cargo.lock pinning a path dependency at a version its source no longer has (rules/lockedPathDep.ts): cargo's resolver
// refusing the exact requirement the lock makes of it, in each era's words (cargo's core/resolver sources), with the
// path searched or cargo's own advice. round184 za01 is the real 2019 paste (nixpkgs' fetchcargo running cargo vendor);
// the other forms are cargo's format strings filled in, not real runs: today's cargo updates such a lock by itself
// (real cargo 1.95, a workspace member bumped from 0.1.0 to 0.1.1, then `cargo vendor`: the lock rewritten, no error).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const said = (log: string) => diagnoseText(log).map((d) => [d.category, d.details?.cause, d.details?.package, d.fixes[0], d.confidence]);

describe('cargo-lock: a path dependency locked at a version its source no longer has', () => {
  it('round184 za01: cargo vendor before 2018, the path searched shown as its file URL', () => {
    assert.deepEqual(said(heldout(184, 'za01.log')), [['cargo-lock', 'locked-path-version', 'libnewsboat', { kind: 'run', argv: ['cargo', 'update', '-p', 'libnewsboat'] }, 'certain']]);
    const [d] = diagnoseText(heldout(184, 'za01.log'));
    assert.match(d!.message, /at 2\.14\.0, .*its source has 2\.14\.1/);
    assert.equal(d!.evidence.length, 3);
  });

  it('cargo 2018 on: the requirement, the path, the versions, then cargo’s own advice', () => {
    const log = [
      'error: failed to load pkg lockfile',
      '',
      'Caused by:',
      '  no matching version `= 0.3.0` found for package `core`',
      'location searched: /build/source/core',
      'versions found: 0.3.1',
      'required by package `app v0.3.1 (/build/source/app)`',
      "consider running `cargo update` to update a path dependency's locked version",
    ].join('\n');
    assert.deepEqual(said(log), [['cargo-lock', 'locked-path-version', 'core', { kind: 'run', argv: ['cargo', 'update', '-p', 'core'] }, 'certain']]);
  });

  it('cargo 2023 on: `failed to select a version for the requirement` with the lock’s version', () => {
    const log = [
      'error: failed to select a version for the requirement `core = "=0.3.0"` (locked to 0.3.0)',
      "candidate versions found which didn't match: 0.3.1",
      'location searched: /build/source/core',
      'required by package `app v0.3.1 (/build/source/app)`',
    ].join('\n');
    assert.deepEqual(said(log), [['cargo-lock', 'locked-path-version', 'core', { kind: 'run', argv: ['cargo', 'update', '-p', 'core'] }, 'certain']]);
  });

  it('not a registry’s, a vendored directory’s or a git source’s location', () => {
    for (const where of ['registry `crates-io`', 'directory source `/build/cargo-vendor-dir`', 'file:///build/forks/a#e0456b62']) {
      const log = ['  no matching version `= 1.0.3` found for package `serde`', `location searched: ${where}`, 'versions found: 1.0.2'].join('\n');
      assert.ok(!diagnoseText(log).some((d) => d.details?.cause === 'locked-path-version'), where);
    }
  });

  it('a requirement of the manifest’s own (not exact) says nothing of a locked version', () => {
    const log = ['  no matching version `^0.4` found for package `core`', 'location searched: /build/source/core', 'versions found: 0.3.1'].join('\n');
    assert.ok(!diagnoseText(log).some((d) => d.details?.cause === 'locked-path-version'));
  });
});

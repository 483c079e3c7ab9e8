import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { spawnSync } from 'node:child_process';
import data from '../../../server/src/data/crateManifests.json';
import { recordedManifest, semverCompatible, type ManifestFacts } from '../../../server/src/infer/depManifests';
import { infer } from '../../../server/src/infer/infer';
import { resolveBuild } from '../../../server/src/infer/resolve';
import { memoryWorkspace } from './memoryWorkspace';
import { cargoTomlHunks, upstreamManifest } from '../../../scripts/infer/debianPatches';

const ws = memoryWorkspace;

// A winit application's lock as Cargo writes it (winit 0.30 locks smithay-client-toolkit, which
// locks xkbcommon and pkg-config because some build in the lock's resolution asked for them).
const WINIT_APP: [string, string, string[]][] = [
  ['winit', '0.30.5', ['smithay-client-toolkit', 'calloop', 'wayland-backend']],
  ['smithay-client-toolkit', '0.19.2', ['calloop', 'xkbcommon', 'pkg-config', 'wayland-backend', 'unlisted-helper']],
  ['xkbcommon', '0.7.0', []],
  ['pkg-config', '0.3.31', []],
  ['calloop', '0.13.0', []],
  ['wayland-backend', '0.3.10', ['wayland-sys']],
  ['wayland-sys', '0.31.5', ['pkg-config']],
  ['unlisted-helper', '1.0.0', []],
];

describe('recorded manifest facts (data/crateManifests.json)', () => {
  it('are semver-compatible only within a line: same leftmost non-zero part', () => {
    assert.ok(semverCompatible('0.30.9', '0.30.5'));
    assert.ok(semverCompatible('1.2.0', '1.9.3'));
    assert.ok(semverCompatible('0.11.0+8.1.1', '0.11.4'));
    assert.ok(!semverCompatible('0.30.9', '0.29.15'));
    assert.ok(!semverCompatible('0.21.0', '0.23.0'));
    assert.ok(!semverCompatible('1.0.0', '2.0.0'));
    assert.ok(!semverCompatible('0.0.3', '0.0.4'));
  });

  it('have the committed shape: a version, a known source and Debian package per entry, facts per dependency', () => {
    const d = data as unknown as { sources: string[]; crates: Record<string, ManifestFacts[]> };
    assert.ok(d.sources.length > 0 && d.sources.every((s) => /^Debian \w+$/.test(s)));
    const entries = Object.entries(d.crates);
    assert.ok(entries.length > 500, 'the table covers the crates that lead to native ones');
    for (const [name, versions] of entries) {
      assert.ok(versions.length > 0, name);
      for (const e of versions) {
        assert.match(e.v, /^\d+\.\d+\.\d+/, name);
        assert.ok(d.sources[e.s] !== undefined, name);
        assert.match(e.deb, /^librust-\S+-dev \S+$/, name);
        assert.ok(e.d.length > 0, `${name}: an entry says something the lock does not`);
        for (const x of e.d) assert.ok(x.n, name);
      }
      // One entry per semver line: two entries of one line would make the choice arbitrary.
      for (const a of versions) assert.equal(versions.filter((b) => semverCompatible(a.v, b.v)).length, 1, `${name} ${a.v}`);
    }
  });

  it('keep a lock edge off when the published manifest makes it optional and no feature asks for it (winit → smithay-client-toolkit without xkbcommon)', () => {
    const w = ws([{ name: 'winit', version: '0.30' }], WINIT_APP);
    const built = resolveBuild(w).crates;
    const sctk = built.get('smithay-client-toolkit@0.19.2');
    assert.ok(sctk, 'winit builds smithay-client-toolkit on Linux');
    assert.deepEqual([...sctk.features].sort(), ['calloop'], 'winit asks for calloop only, default features off');
    assert.equal(sctk.featuresKnown, true);
    assert.ok(!built.has('xkbcommon@0.7.0'), 'the xkbcommon feature is off: the crate is not built');
    assert.match(sctk.factsFrom?.join(' ') ?? '', /^winit 0\.30\.\d+ \(Debian \w+\)$/, 'the reason names where the facts were read');
    // The old reading (no facts: every lock edge built with default features) is what leave-one-out gives.
    const old = resolveBuild(w, { withoutData: new Set(['winit', 'smithay-client-toolkit']) }).crates;
    assert.ok(old.has('xkbcommon@0.7.0'));
  });

  it('leave a lock edge the entry does not name to the lock walk (a newer patch version, a dependency Debian dropped)', () => {
    const built = resolveBuild(ws([{ name: 'winit', version: '0.30' }], WINIT_APP)).crates;
    const c = built.get('unlisted-helper@1.0.0');
    assert.ok(c, 'built as before');
    assert.equal(c.guessed, true, 'and marked as read from the lock alone');
    assert.equal(built.get('smithay-client-toolkit@0.19.2')?.guessed, undefined, 'an edge the facts confirm is not a guess');
  });

  it('are not applied to a locked version of another semver line: its edges are walked as before', () => {
    assert.equal(recordedManifest('winit', '0.1.0'), undefined);
    const lock = WINIT_APP.map(([n, v, d]): [string, string, string[]] => [n, n === 'winit' ? '0.1.0' : v, d]);
    const built = resolveBuild(ws([{ name: 'winit', version: '0.1' }], lock)).crates;
    assert.ok(built.has('xkbcommon@0.7.0'));
  });

  it('keep the gates knowledge.ts writes for an edge Debian made plain (wayland-backend → wayland-sys needs client_system)', () => {
    const w = ws([{ name: 'wayland-backend', version: '0.3' }], WINIT_APP.slice(5));
    assert.ok(!resolveBuild(w).crates.has('wayland-sys@0.31.5'));
    const client = ws([{ name: 'wayland-backend', version: '0.3', features: ['client_system'] }], WINIT_APP.slice(5));
    const built = resolveBuild(client).crates.get('wayland-sys@0.31.5');
    assert.ok(built?.features.has('client'), 'client_system asks wayland-sys for client');
    assert.ok(infer(client).buildInputs.some((i) => i.attr === 'wayland'));
  });

  it('are not trusted for a crate asked for a feature they do not know (Debian dropped it, or the line moved): the lock decides', () => {
    const asked = ws([{ name: 'winit', version: '0.30', features: ['no-such-winit-feature'] }], WINIT_APP);
    const built = resolveBuild(asked).crates;
    assert.ok(built.has('xkbcommon@0.7.0'), 'every lock edge of winit is walked as before');
    assert.equal(built.get('smithay-client-toolkit@0.19.2')?.guessed, true);
    // A feature the entry knows by name only (it leads to nothing native) keeps the facts.
    const known = ws([{ name: 'winit', version: '0.30', features: ['serde'] }], WINIT_APP);
    assert.ok(recordedManifest('winit', '0.30.5')?.featureNames.has('serde'));
    assert.ok(!resolveBuild(known).crates.has('xkbcommon@0.7.0'));
  });

  it('are forgotten for the crates leave-one-out names', () => {
    assert.ok(recordedManifest('winit', '0.30.5'));
    assert.equal(recordedManifest('winit', '0.30.5', new Set(['winit'])), undefined);
  });
});

// The generator reverses patches with patch(1), part of Debian's base images; the tests say so when it is missing.
const noPatch = spawnSync('patch', ['--version']).status === 0 ? false : 'patch(1) is not installed';

describe('Debian patches reversed (scripts/infer/debianPatches.ts)', { skip: noPatch }, () => {
  const fixture = join(__dirname, '..', '..', 'fixtures', 'infer', 'debian-crate');

  it('keeps only the Cargo.toml sections of a patch', () => {
    const diff = '--- a/src/lib.rs\n+++ b/src/lib.rs\n@@ -1 +1 @@\n-x\n+y\n--- a/Cargo.toml\n+++ b/Cargo.toml\n@@ -1 +1 @@\n-a\n+b\n';
    assert.equal(cargoTomlHunks(diff), '--- a/Cargo.toml\n+++ b/Cargo.toml\n@@ -1 +1 @@\n-a\n+b\n');
    assert.equal(cargoTomlHunks('--- a/sub/Cargo.toml\n+++ b/sub/Cargo.toml\n'), '', 'another crate’s manifest is not this one');
  });

  it('gets the published manifest back: an optional dependency Debian made plain is optional again', () => {
    const up = upstreamManifest(fixture);
    assert.ok(up);
    assert.deepEqual(up.reversed, ['relax-deps.diff', 'remove-dlopen.diff']);
    assert.match(up.text, /\[dependencies\.demo-sys\]\nversion = "0\.31"\noptional = true\n/);
    assert.match(up.text, /version = "0\.4\.20"/);
    assert.match(up.text, /dlopen = \["demo-sys\/dlopen"\]/);
  });

  it('gives nothing when a patch does not reverse (the manifest is not what the patches say)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'debian-crate-'));
    try {
      cpSync(fixture, dir, { recursive: true });
      writeFileSync(join(dir, 'Cargo.toml'), '[package]\nname = "demo-backend"\nversion = "0.3.8"\n');
      assert.equal(upstreamManifest(dir), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import debian from '../../../server/src/data/crateManifests.json';
import upstream from '../../../server/src/data/crateManifestsUpstream.json';
import { recordedManifest, semverCompatible, type ManifestFacts, type UpstreamFacts } from '../../../server/src/infer/depManifests';
import { cargoCacheManifests } from '../../../server/src/infer/registry';
import { resolveBuild } from '../../../server/src/infer/resolve';
import { memoryWorkspace } from './memoryWorkspace';

const UP = (upstream as unknown as { crates: Record<string, UpstreamFacts[]> }).crates;
const DEB = (debian as unknown as { crates: Record<string, ManifestFacts[]> }).crates;

// rookie 0.5.6 asks rusqlite for its bundled SQLite (read from its repository's tag: Debian has no rookie).
const ROOKIE_APP: [string, string, string[]][] = [
  ['rookie', '0.5.6', ['rusqlite', 'eyre']],
  ['rusqlite', '0.31.0', ['libsqlite3-sys']],
  ['libsqlite3-sys', '0.28.0', ['cc', 'pkg-config']],
  ['eyre', '0.6.12', []],
  ['cc', '1.0.0', []],
  ['pkg-config', '0.3.31', []],
];

describe('upstream manifest facts (data/crateManifestsUpstream.json)', () => {
  it('have the committed shape: a version, a repository and tag, facts per dependency, the corpus crates that selected each entry', () => {
    const entries = Object.entries(UP);
    assert.ok(entries.length > 0);
    for (const [name, versions] of entries) {
      for (const e of versions) {
        assert.match(e.v, /^\d+\.\d+\.\d+/, name);
        assert.match(e.repo, /^[\w.-]+\/[\w.-]+$/, name);
        assert.ok(e.tag.includes(e.v.replace(/\+.*$/, '')) || /^[0-9a-f]{12}$/.test(e.tag), `${name}: a tag naming the version, or the commit that set it (${e.tag})`);
        assert.ok(e.d.length > 0 && e.d.every((x) => x.n), name);
        assert.ok(e.sel.length > 0, `${name}: which corpus crates selected it`);
      }
      for (const a of versions) assert.equal(versions.filter((b) => semverCompatible(a.v, b.v)).length, 1, `${name} ${a.v}: one entry per semver line`);
      // Only where Debian has nothing for the line: Debian's entry is read first anyway.
      for (const a of versions) assert.ok(!(DEB[name] ?? []).some((b) => semverCompatible(a.v, b.v)), `${name} ${a.v} is in the Debian table`);
    }
  });

  it('decide the edges of a crate Debian does not package, and the reason names the tag', () => {
    const rusqlite = resolveBuild(memoryWorkspace([{ name: 'rookie', version: '0.5' }], ROOKIE_APP)).crates.get('rusqlite@0.31.0');
    assert.ok(rusqlite);
    assert.ok(rusqlite.features.has('bundled'), 'rookie asks rusqlite for its bundled SQLite');
    assert.match(rusqlite.factsFrom?.join(' ') ?? '', /^rookie 0\.5\.6 \(thewh1teagle\/rookie tag v0\.5\.6\)$/);
    assert.equal(recordedManifest('rookie', '0.6.0'), undefined, 'another semver line gets no facts');
  });

  it("leave-one-out forgets the entries only the scored crate's build selected, and keeps those others' builds selected", () => {
    const app = memoryWorkspace([{ name: 'rookie', version: '0.5' }], ROOKIE_APP);
    const only = UP.rookie?.find((e) => semverCompatible(e.v, '0.5.6'))?.sel;
    assert.deepEqual(only, ['ytermusic'], 'the fixture relies on rookie being read for one corpus crate');
    const forgotten = resolveBuild(app, { withoutUpstreamOf: 'ytermusic' }).crates.get('rusqlite@0.31.0');
    assert.ok(forgotten && !forgotten.features.has('bundled'), 'without the entry the lock walk gives default features');
    const other = resolveBuild(app, { withoutUpstreamOf: 'some-other-crate' }).crates.get('rusqlite@0.31.0');
    assert.ok(other?.features.has('bundled'), 'scoring another crate keeps it');
    // An entry several corpus crates selected stays for each of them.
    const shared = Object.entries(UP).find(([, es]) => es.some((e) => e.sel.length > 1));
    assert.ok(shared);
    const [name, es] = shared;
    const e = es.find((x) => x.sel.length > 1)!;
    assert.ok(recordedManifest(name, e.v, undefined, e.sel[0]), `${name} ${e.v} stays for ${e.sel[0]}`);
  });

  describe('the cargo cache comes first', () => {
    it('a cached published manifest wins over recorded facts for the same crate', () => {
      const manifestOf = cargoCacheManifests(join(__dirname, '..', '..', 'fixtures', 'infer', 'cargo-home'));
      const c = resolveBuild(memoryWorkspace([{ name: 'rookie', version: '0.5' }], ROOKIE_APP), { manifestOf }).crates;
      const rusqlite = c.get('rusqlite@0.31.0');
      assert.ok(rusqlite);
      assert.deepEqual([...rusqlite.features], ['default'], 'the cached manifest (plain rusqlite) decides, not the recorded tag');
      assert.equal(rusqlite.factsFrom, undefined);
      assert.equal(rusqlite.featuresKnown, true);
    });
  });
});

describe('git dependencies from the cargo checkouts', () => {
  const GIT = 'git+https://example.invalid/widgets#d743e1a317fa0f01d1c4cadd96d277a1ec7b59d9';
  const lock = (source = GIT, version = '0.4.0'): [string, string, string[], string?][] => [
    ['widget', version, ['alsa', 'dbus'], source],
    ['alsa', '0.9.1', ['alsa-sys']],
    ['alsa-sys', '0.3.1', []],
    ['dbus', '0.9.7', ['libdbus-sys']],
    ['libdbus-sys', '0.2.5', []],
  ];
  const manifestOf = cargoCacheManifests(join(__dirname, '..', '..', 'fixtures', 'infer', 'cargo-home'));

  it("reads the crate's manifest in the checkout of its locked commit, inheriting from the checkout's workspace", () => {
    const m = manifestOf('widget', '0.4.0', GIT);
    assert.equal(m?.package?.name, 'widget');
    const dbus = m?.dependencies.find((d) => d.name === 'dbus');
    assert.deepEqual([dbus?.defaultFeatures, dbus?.features], [false, ['vendored']], 'default-features and features from [workspace.dependencies]');
    assert.equal(m?.dependencies.find((d) => d.name === 'alsa')?.optional, true, 'optional stays the member’s');
    assert.equal(manifestOf('widget', '0.5.0', GIT), undefined, 'another version: not this checkout');
    assert.equal(manifestOf('widget', '0.4.0', 'git+https://example.invalid/widgets#0123456789abcdef0123456789abcdef01234567'), undefined, 'another commit');
  });

  it('resolves a git crate from it like a published one; without it, every lock edge counts', () => {
    const w = memoryWorkspace([{ name: 'widget', git: { url: 'https://example.invalid/widgets' } }], lock());
    const guessed = resolveBuild(w).crates;
    assert.ok(guessed.has('alsa@0.9.1') && guessed.get('widget@0.4.0')?.guessed === undefined);
    const exact = resolveBuild(w, { manifestOf }).crates;
    assert.ok(!exact.has('alsa@0.9.1'), 'alsa is optional behind `sound`, which is off');
    const dbus = exact.get('dbus@0.9.7');
    assert.deepEqual([...(dbus?.features ?? [])], ['vendored']);
    assert.equal(dbus?.featuresKnown, true);
  });
});

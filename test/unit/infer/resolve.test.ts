import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { infer } from '../../../server/src/infer/infer';
import { join } from 'node:path';
import { cargoCacheManifests } from '../../../server/src/infer/registry';
import { resolveBuild } from '../../../server/src/infer/resolve';
import { memoryWorkspace, REG } from './memoryWorkspace';

const GIT = 'git+https://example.org/foo?rev=abc#abc0123';

const ws = memoryWorkspace;

describe('lock walk', () => {
  it('follows "name version (source)" entries to the right one of two same-version packages', () => {
    const w = ws(
      [{ name: 'foo', git: { url: 'https://example.org/foo' } }],
      [
        ['foo', '1.0.0', ['openssl-sys'], REG],
        ['foo', '1.0.0', ['bar'], GIT],
        ['bar', '0.2.0', []],
        ['openssl-sys', '0.9.104', ['pkg-config']],
        ['pkg-config', '0.3.31', []],
      ],
    );
    w.lock!.packages[0]!.dependencies = [`foo 1.0.0 (${GIT})`];
    const built = resolveBuild(w).crates;
    assert.ok(built.has('bar@0.2.0'));
    assert.ok(!built.has('openssl-sys@0.9.104'));
    assert.deepEqual(infer(w).buildInputs, []);
  });

  it('follows "name version" entries when several versions are locked', () => {
    const w = ws(
      [{ name: 'x', version: '2' }],
      [
        ['x', '1.0.0', ['libdbus-sys']],
        ['x', '2.1.0', ['libudev-sys']],
        ['libdbus-sys', '0.2.5', []],
        ['libudev-sys', '0.1.4', []],
      ],
    );
    w.lock!.packages[0]!.dependencies = ['x 2.1.0'];
    assert.deepEqual(
      infer(w).buildInputs.map((i) => i.attr),
      ['udev'],
    );
  });

  it('reads an entry naming a version no package has (one edited by hand, not its users) as the package still on its semver line', () => {
    const lock = (v2: string, entry: string) => {
      const w = ws(
        [{ name: 'x', version: '2' }],
        [
          ['x', '1.0.0', ['libdbus-sys']],
          ['x', v2, ['libudev-sys']],
          ['libdbus-sys', '0.2.5', []],
          ['libudev-sys', '0.1.4', []],
        ],
      );
      w.lock!.packages[0]!.dependencies = [entry];
      return infer(w).buildInputs.map((i) => i.attr);
    };
    // x 2.1.0 became 2.1.09 in its own block: `x 2.1.0` still means it, not the first x.
    assert.deepEqual(lock('2.1.09', 'x 2.1.0'), ['udev']);
    // Moved to another line: nothing of that line is left, so the first x as before.
    assert.deepEqual(lock('3.0.0', 'x 2.1.0'), ['dbus']);
  });

  it('picks the semver-compatible version for a member dependency when the lock has several', () => {
    const w = ws(
      [{ name: 'x', version: '1.0' }],
      [
        ['x', '1.3.0', ['libdbus-sys']],
        ['x', '2.1.0', ['libudev-sys']],
        ['libdbus-sys', '0.2.5', []],
        ['libudev-sys', '0.1.4', []],
      ],
    );
    w.lock!.packages[0]!.dependencies = [];
    assert.deepEqual(
      infer(w).buildInputs.map((i) => i.attr),
      ['dbus'],
    );
  });

  it('prunes crates that exist only for other platforms, and what hangs below them', () => {
    const w = ws(
      [{ name: 'native-tls' }],
      [
        ['native-tls', '0.2.12', ['openssl', 'schannel', 'security-framework']],
        ['openssl', '0.10.68', ['openssl-sys']],
        ['openssl-sys', '0.9.104', []],
        ['schannel', '0.1.27', ['windows-sys']],
        ['windows-sys', '0.59.0', []],
        ['security-framework', '2.11.1', ['core-foundation', 'security-framework-sys']],
        ['security-framework-sys', '2.12.1', []],
        ['core-foundation', '0.9.4', ['libc']],
        ['libc', '0.2.164', []],
      ],
    );
    const built = [...resolveBuild(w).crates.keys()].sort();
    assert.deepEqual(built, ['native-tls@0.2.12', 'openssl-sys@0.9.104', 'openssl@0.10.68']);
    const [openssl] = infer(w).buildInputs;
    assert.deepEqual(openssl?.because, 'openssl-sys 0.9.104 via native-tls → openssl: links the system library');
    // The reason chain keeps which published manifests confirmed the edges on the way.
    assert.deepEqual(
      openssl?.checkedAgainst?.map((f) => f.replace(/\d+\.\d+\.\d+ \(Debian \w+\)$/, 'V')),
      ['native-tls V', 'openssl V'],
    );
  });

  it("turns reqwest's TLS off with default-features = false and on with native-tls", () => {
    const lock: [string, string, string[]][] = [
      ['reqwest', '0.12.9', ['hyper-tls', 'native-tls', 'rustls']],
      ['hyper-tls', '0.6.0', ['native-tls']],
      ['native-tls', '0.2.12', ['openssl']],
      ['openssl', '0.10.68', ['openssl-sys']],
      ['openssl-sys', '0.9.104', []],
      ['rustls', '0.23.19', []],
    ];
    assert.deepEqual(infer(ws([{ name: 'reqwest', defaultFeatures: false, features: ['rustls-tls'] }], lock)).buildInputs, []);
    assert.deepEqual(
      infer(ws([{ name: 'reqwest', defaultFeatures: false, features: ['native-tls'] }], lock)).buildInputs.map((i) => i.attr),
      ['openssl'],
    );
    const vendored = infer(ws([{ name: 'reqwest', features: ['native-tls-vendored'] }], lock));
    assert.deepEqual(
      vendored.env.map((e) => [e.name, e.value]),
      [['OPENSSL_NO_VENDOR', true]],
    );
  });

  it('knows that reqwest 0.13 defaults to rustls', () => {
    const lock = (v: string): [string, string, string[]][] => [
      ['reqwest', v, ['hyper-tls', 'native-tls', 'rustls']],
      ['hyper-tls', '0.6.0', ['native-tls']],
      ['native-tls', '0.2.14', ['openssl']],
      ['openssl', '0.10.73', ['openssl-sys']],
      ['openssl-sys', '0.9.109', []],
      ['rustls', '0.23.31', []],
    ];
    assert.deepEqual(infer(ws([{ name: 'reqwest' }], lock('0.13.1'))).buildInputs, []);
    assert.deepEqual(
      infer(ws([{ name: 'reqwest', features: ['native-tls'] }], lock('0.13.1'))).buildInputs.map((i) => i.attr),
      ['openssl'],
    );
    assert.deepEqual(
      infer(ws([{ name: 'reqwest' }], lock('0.12.23'))).buildInputs.map((i) => i.attr),
      ['openssl'],
    );
  });

  it('skips optional dependencies of registry crates that the workspace names as features and leaves off', () => {
    // Nothing says mylib → libpulse-binding is optional, but the workspace names
    // `mylib/pulseaudio-backend` (off) and asks for `alsa-backend`.
    const lock: [string, string, string[]][] = [
      ['mylib', '1.0.0', ['alsa', 'libpulse-binding']],
      ['alsa', '0.9.1', ['alsa-sys']],
      ['alsa-sys', '0.3.1', []],
      ['libpulse-binding', '2.28.1', ['libpulse-sys']],
      ['libpulse-sys', '1.21.0', []],
    ];
    const w = ws([{ name: 'mylib', defaultFeatures: false, features: ['alsa-backend'] }], lock);
    w.rootManifest.features = { pulse: ['mylib/pulseaudio-backend'] };
    assert.deepEqual(
      infer(w).buildInputs.map((i) => i.attr),
      ['alsa-lib'],
    );
    assert.deepEqual(
      infer(w, { features: ['pulse'] }).buildInputs.map((i) => i.attr),
      ['alsa-lib', 'libpulseaudio'],
    );
  });
});

describe('published manifests from the cargo cache', () => {
  const lock: [string, string, string[]][] = [
    ['mylib', '1.0.0', ['alsa', 'dbus', 'libpulse-binding']],
    ['alsa', '0.9.1', ['alsa-sys']],
    ['alsa-sys', '0.3.1', []],
    ['libpulse-binding', '2.28.1', ['libpulse-sys']],
    ['libpulse-sys', '1.21.0', []],
    ['dbus', '0.9.7', ['libdbus-sys']],
    ['libdbus-sys', '0.2.5', []],
  ];
  const manifestOf = cargoCacheManifests(join(__dirname, '..', '..', 'fixtures', 'infer', 'cargo-home'));
  const attrs = (opts: Parameters<typeof infer>[1], deps: Parameters<typeof ws>[0] = [{ name: 'mylib' }]) => infer(ws(deps, lock), opts).buildInputs.map((i) => i.attr);

  it('reads the published Cargo.toml of a cached crate', () => {
    const m = manifestOf('mylib', '1.0.0');
    assert.equal(m?.package?.name, 'mylib');
    assert.equal(manifestOf('mylib', '9.9.9'), undefined);
  });

  it("resolves a cached crate's optional, target-specific and dev dependencies exactly", () => {
    // From the lock alone every edge counts.
    assert.deepEqual(attrs({}), ['alsa-lib', 'dbus', 'libpulseaudio']);
    // Its manifest says: ALSA by default, PulseAudio behind `pulse`, D-Bus only on macOS.
    assert.deepEqual(attrs({ manifestOf }), ['alsa-lib']);
    assert.deepEqual(attrs({ manifestOf }, [{ name: 'mylib', defaultFeatures: false, features: ['pulse'] }]), ['libpulseaudio']);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWorkspace } from '../../../server/src/model/workspace';
import { parseCargoLock, gitPackages } from '../../../server/src/model/cargoLock';
import { ModelError } from '../../../server/src/model/types';

const fx = (name: string) => join(__dirname, '..', '..', 'fixtures', 'model', name);

describe('single crate', () => {
  it('reads package metadata, targets, features and every dependency table', () => {
    const ws = loadWorkspace(fx('single'));
    assert.equal(ws.members.length, 1);
    const m = ws.members[0]!;
    assert.equal(m.package?.name, 'hello-web');
    assert.equal(m.package?.description, 'A "quoted" service ${not-interpolated}');
    assert.equal(m.package?.license, 'MIT OR Apache-2.0');
    assert.equal(m.package?.rustVersion, '1.80');
    assert.deepEqual(m.lib?.crateTypes, ['cdylib', 'rlib']);
    assert.deepEqual(m.bins.map((b) => b.name).sort(), ['extra', 'hello', 'tool']);
    assert.equal(m.buildScript, 'build.rs');
    assert.deepEqual(m.features.tls, ['dep:openssl']);
    const dep = (n: string) => m.dependencies.find((d) => d.name === n)!;
    assert.equal(dep('openssl').optional, true);
    assert.equal(dep('renamed').package, 'real-name');
    assert.equal(dep('renamed').defaultFeatures, false);
    assert.deepEqual(dep('gitdep').git, { url: 'https://github.com/example/gitdep', rev: 'abc123', tag: undefined, branch: undefined });
    assert.equal(dep('winapi').target, 'cfg(windows)');
    assert.equal(dep('tempfile').kind, 'dev');
    assert.equal(dep('cc').kind, 'build');
  });

  it('keeps source ranges of keys for diagnostics', () => {
    const m = loadWorkspace(fx('single')).members[0]!;
    assert.deepEqual(m.ranges.name, { start: { line: 1, character: 7 }, end: { line: 1, character: 18 } });
    assert.equal(m.ranges.rustVersion?.start.line, 6);
    const openssl = m.dependencies.find((d) => d.name === 'openssl')!;
    assert.deepEqual(openssl.range, { start: { line: 22, character: 0 }, end: { line: 22, character: 7 } });
    const winapi = m.dependencies.find((d) => d.name === 'winapi')!;
    assert.equal(winapi.range?.start.line, 28);
  });

  it('reads the lock, toolchain file and submodules', () => {
    const ws = loadWorkspace(fx('single'));
    assert.equal(ws.lock?.version, 4);
    assert.equal(ws.lock?.packages.length, 4);
    assert.deepEqual(
      gitPackages(ws.lock!).map((g) => [g.key, g.url, g.commit]),
      [['gitdep-0.1.0', 'https://github.com/example/gitdep', 'abc123def456']],
    );
    assert.equal(ws.toolchain?.channel, '1.82.0');
    assert.deepEqual(ws.toolchain?.targets, ['wasm32-unknown-unknown']);
    assert.deepEqual(ws.git.submodules, [{ path: 'vendor/lib', url: 'https://github.com/example/lib' }]);
  });
});

describe('workspace', () => {
  it('expands member globs, honours exclude, applies [workspace.package] and [workspace.dependencies]', () => {
    const ws = loadWorkspace(fx('ws'));
    assert.deepEqual(
      ws.members.map((m) => m.package?.name),
      ['ws-cli', 'ws-core', 'gen'],
    );
    const cli = ws.members.find((m) => m.package?.name === 'ws-cli')!;
    assert.equal(cli.package?.version, '1.2.3');
    assert.equal(cli.package?.license, 'GPL-3.0-or-later');
    assert.deepEqual(cli.package?.inherited.sort(), ['license', 'rustVersion', 'version']);
    const core = cli.dependencies.find((d) => d.name === 'core')!;
    assert.equal(core.package, 'ws-core');
    assert.equal(core.rootPath, 'crates/core');
    const tokio = ws.members.find((m) => m.package?.name === 'ws-core')!.dependencies.find((d) => d.name === 'tokio')!;
    assert.deepEqual(tokio.features, ['rt', 'macros']);
    assert.equal(tokio.optional, true);
    assert.deepEqual(ws.rootManifest.workspace?.defaultMembers, ['crates/cli']);
  });

  it('finds the workspace root from a member directory and focuses that member', () => {
    const ws = loadWorkspace(join(fx('ws'), 'crates', 'cli'));
    assert.equal(ws.root, fx('ws'));
    assert.equal(ws.focus, 'ws-cli');
  });
});

describe('bad input', () => {
  it('names the file and position of malformed TOML', () => {
    assert.throws(
      () => loadWorkspace(fx('bad')),
      (e: unknown) => {
        assert.ok(e instanceof ModelError);
        assert.match(e.message, /^Cargo\.toml:7:1: invalid TOML: expected comma/);
        assert.equal(e.file, 'Cargo.toml');
        return true;
      },
    );
  });

  it('names Cargo.lock when the lock is malformed', () => {
    assert.throws(() => loadWorkspace(fx('badlock')), /Cargo\.lock:5:11: invalid TOML/);
  });

  it('says clearly when there is no Cargo.toml', () => {
    assert.throws(() => loadWorkspace(fx('single/src')), /no Cargo\.toml here/);
  });

  it('reads v1 locks with checksums in [metadata]', () => {
    const lock = parseCargoLock(
      '[[package]]\nname = "a"\nversion = "1.0.0"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n\n[metadata]\n"checksum a 1.0.0 (registry+https://github.com/rust-lang/crates.io-index)" = "abcd"\n',
    );
    assert.equal(lock.version, 1);
    assert.equal(lock.packages[0]!.checksum, 'abcd');
  });
});

describe('folders of copies', () => {
  it('a member glob and the symlink scan pass over copies of a member (.cache, result, result-dev, .jj, node_modules, target, .direnv)', () => {
    const root = mkdtempSync(join(tmpdir(), 'nixify-ws-copies-'));
    try {
      writeFileSync(join(root, 'Cargo.toml'), '[workspace]\nmembers = ["*"]\nresolver = "2"\n');
      for (const d of ['app', '.cache', 'result', 'result-dev', '.jj', 'node_modules', 'target', '.direnv']) {
        mkdirSync(join(root, d, 'src'), { recursive: true });
        writeFileSync(join(root, d, 'Cargo.toml'), '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n');
        writeFileSync(join(root, d, 'src', 'main.rs'), 'fn main() {}\n');
        symlinkSync('main.rs', join(root, d, 'src', 'link.rs'));
      }
      const ws = loadWorkspace(root);
      assert.deepEqual(
        ws.members.map((m) => m.path),
        ['app/Cargo.toml'],
      );
      assert.deepEqual(ws.symlinks, ['app/src/link.rs']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

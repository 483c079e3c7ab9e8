import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { infer, inferenceToJson } from '../../../server/src/infer/infer';
import type { InferOptions } from '../../../server/src/infer/types';
import { loadWorkspace } from '../../../server/src/model/workspace';

const dir = (...p: string[]) => join(__dirname, '..', '..', 'fixtures', 'infer', ...p);
const json = (opts: InferOptions, ...p: string[]) => inferenceToJson(infer(loadWorkspace(dir(...p)), opts));

describe('workspaces', () => {
  it('builds every member of a virtual workspace by default, as cargo build does', () => {
    const r = json({}, 'workspace');
    assert.deepEqual(r.buildInputs, ['dbus', 'postgresql']);
    assert.deepEqual(r.nativeBuildInputs, ['pkg-config']);
  });

  it('counts a -sys crate of one member only when that member is built, naming the member path', () => {
    const cli = json({ members: ['cli'] }, 'workspace');
    assert.deepEqual(cli.buildInputs, ['postgresql']);
    assert.equal(cli.reasons.find((x) => x.input === 'postgresql')?.because, 'pq-sys 0.6.3 via core: links the system library');
    assert.deepEqual(json({ members: ['gui'] }, 'workspace').buildInputs, ['dbus']);
  });

  it('follows a feature from the built member into a path member (cli/audio → core/audio → dep:alsa-sys)', () => {
    const r = infer(loadWorkspace(dir('workspace')), { members: ['cli'], features: ['audio'] });
    const alsa = r.buildInputs.find((i) => i.attr === 'alsa-lib');
    assert.ok(alsa, 'alsa-lib inferred');
    assert.equal(alsa.linuxOnly, true);
    assert.deepEqual(alsa.via, ['core', 'alsa-sys']);
  });

  it('honours default-members', () => {
    const w = loadWorkspace(dir('workspace'));
    w.rootManifest.workspace!.defaultMembers = ['crates/gui'];
    assert.deepEqual(inferenceToJson(infer(w)).buildInputs, ['dbus']);
  });

  it('builds only the member whose directory was opened', () => {
    assert.deepEqual(json({}, 'workspace', 'crates', 'gui').buildInputs, ['dbus']);
  });
});

describe('versions and vendoring', () => {
  it('tells two locked versions of one crate apart and applies version-conditioned rows', () => {
    const r = infer(loadWorkspace(dir('versions')));
    assert.ok(r.builtCrates.includes('prost-build@0.10.4') && r.builtCrates.includes('prost-build@0.13.3'));
    assert.deepEqual(inferenceToJson(r), {
      nativeBuildInputs: ['protobuf'],
      buildInputs: [],
      env: { PROTOC: '${protobuf}/bin/protoc' },
      reasons: [
        { input: 'protobuf', because: 'prost-build 0.10.4 (a dependency of rpc): runs protoc; PROTOC stops it using its bundled one' },
        { input: 'env.PROTOC', because: 'prost-build 0.10.4 (a dependency of rpc)' },
      ],
    });
    assert.equal(r.env[0]!.nix, '"${protobuf}/bin/protoc"');
    // prost-build 0.10's cmake build-dependency never runs once PROTOC is set.
    assert.ok(!r.nativeBuildInputs.some((i) => i.attr === 'cmake'));
  });

  it("keeps zstd-sys' bundled zstd by default and links nixpkgs' one with vendored = all-system", () => {
    assert.deepEqual(json({}, 'versions').buildInputs, []);
    const r = json({ vendored: 'all-system' }, 'versions');
    assert.deepEqual(r.buildInputs, ['zstd']);
    assert.deepEqual(r.env, { PROTOC: '${protobuf}/bin/protoc', ZSTD_SYS_USE_PKG_CONFIG: true });
    assert.match(r.reasons.find((x) => x.input === 'zstd')!.because, /^zstd-sys 2\.0\.13\+zstd\.1\.5\.6 via zstd → zstd-safe/);
  });

  it('builds a vendored OpenSSL with perl and no library when asked to build bundled sources', () => {
    const r = json({ vendored: 'bundled' }, 'reqwest-vendored');
    assert.deepEqual([r.nativeBuildInputs, r.buildInputs, r.env], [['perl'], [], {}]);
    assert.match(r.reasons[0]!.because, /^openssl-sys 0\.9\.104 via reqwest → native-tls: builds the vendored OpenSSL/);
  });

  it('replaces bundled SQLite only with vendored = all-system', () => {
    assert.deepEqual(json({}, 'bundled').buildInputs, []);
    const r = json({ vendored: 'all-system' }, 'bundled');
    assert.deepEqual(r.buildInputs, ['sqlite']);
    assert.deepEqual(r.env, { LIBSQLITE3_SYS_USE_PKG_CONFIG: true });
  });

  it('is deterministic and de-duplicated', () => {
    const a = JSON.stringify(json({ vendored: 'all-system' }, 'bundled'));
    assert.equal(JSON.stringify(json({ vendored: 'all-system' }, 'bundled')), a);
    const r = json({}, 'bundled');
    // bindgen and clang-sys both imply the hook: listed once.
    assert.equal(r.nativeBuildInputs.filter((x) => x === 'rustPlatform.bindgenHook').length, 1);
  });
});

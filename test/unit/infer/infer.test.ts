import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { infer, inferenceToJson } from '../../../server/src/infer/infer';
import { targetApplies, targetsFor } from '../../../server/src/infer/cfg';
import { resolveMemberFeatures } from '../../../server/src/infer/features';
import { loadWorkspace } from '../../../server/src/model/workspace';

const fx = (n: string) => loadWorkspace(join(__dirname, '..', '..', 'fixtures', 'infer', n));
const json = (n: string, opts = {}) => inferenceToJson(infer(fx(n), opts));

describe('inference', () => {
  it('finds openssl through reqwest default TLS, with the path as the reason', () => {
    const r = json('reqwest-default');
    assert.deepEqual(r.buildInputs, ['openssl']);
    assert.deepEqual(r.nativeBuildInputs, ['pkg-config']);
    assert.deepEqual(r.env, {});
    assert.match(r.reasons[0]!.because, /^openssl-sys 0\.9\.104 via reqwest → (hyper-tls → )?native-tls/);
  });

  it('without Cargo.lock, reads the direct dependencies and says the result is partial', () => {
    const r = infer(fx('no-lock'));
    assert.equal(r.withoutLock, true);
    assert.deepEqual(
      r.nativeBuildInputs.map((i) => i.attr),
      ['pkg-config'],
    );
    assert.deepEqual(
      r.buildInputs.map((i) => i.attr),
      ['openssl'],
      'libsqlite3-sys sits below rusqlite, unknown without the lock; dev-only prost-build is not built',
    );
    assert.match(r.buildInputs[0]!.because, /^openssl-sys 0\.9 \(a dependency of unlocked\)/);
    assert.equal(infer(fx('reqwest-default')).withoutLock, undefined);
  });

  it('lists a library another one propagates (its .pc requires it) apart, with its reason', () => {
    const r = infer(fx('gtk4-app'));
    assert.deepEqual(
      r.buildInputs.map((i) => i.attr),
      ['gtk4'],
    );
    assert.deepEqual(
      r.propagated?.map((p) => [p.attr, p.by]),
      [
        ['cairo', 'gtk4'],
        ['gdk-pixbuf', 'gtk4'],
        ['glib', 'gtk4'],
        ['graphene', 'gtk4'],
        ['pango', 'gtk4'],
      ],
    );
    assert.match(r.propagated![0]!.because, /^cairo-sys-rs 0\.20\.7 via gtk4 → cairo-rs/);
    // Needed only at run time, a library is not taken as brought by one linked at build time.
    assert.ok(!infer(fx('gtk4-app'), { target: 'wasm32-unknown-unknown' }).propagated, 'a wasm32 build links none of them');
  });

  it('needs nothing for reqwest with default-features = false and rustls', () => {
    const r = json('reqwest-rustls');
    assert.deepEqual([r.nativeBuildInputs, r.buildInputs], [[], []]);
  });

  it('links the system OpenSSL when a vendored one is asked for, saying so with OPENSSL_NO_VENDOR', () => {
    const r = json('reqwest-vendored');
    assert.deepEqual(r.buildInputs, ['openssl']);
    assert.deepEqual(r.env, { OPENSSL_NO_VENDOR: true });
  });

  it('skips other targets, dev-dependencies and optional dependencies that are off', () => {
    const r = json('targets-dev-optional');
    assert.deepEqual(r.buildInputs, ['dbus'], 'cfg(unix) counts, cfg(windows), dev-only onig and off-by-default sqlite do not');
    assert.deepEqual(r.nativeBuildInputs, ['pkg-config']);
  });

  it('keeps bundled fallbacks, and knows which libraries a crate would pick up by itself', () => {
    const r = infer(fx('bundled-fallback'));
    assert.deepEqual(
      [...r.nativeBuildInputs, ...r.buildInputs].map((i) => i.attr),
      [],
      'libz-sys and zstd-sys build their own copies',
    );
    assert.deepEqual(r.alsoUsable, ['pkg-config', 'zlib'], 'libz-sys links a zlib pkg-config finds; zstd-sys only behind ZSTD_SYS_USE_PKG_CONFIG');
    const all = inferenceToJson(infer(fx('bundled-fallback'), { vendored: 'all-system' }));
    assert.deepEqual(all.buildInputs, ['zlib', 'zstd']);
    assert.deepEqual(all.env, { ZSTD_SYS_USE_PKG_CONFIG: true });
  });

  it('links no host C library for a wasm32 build, and reads cfg() for that target', () => {
    const wasm = targetsFor('wasm32-unknown-unknown');
    assert.equal(targetApplies('cfg(target_arch = "wasm32")', wasm), true);
    assert.equal(targetApplies('cfg(unix)', wasm), false);
    assert.equal(targetApplies('cfg(not(target_family = "wasm"))', wasm), false);
    assert.equal(targetApplies('cfg(not(target_family = "wasm"))'), true);
    assert.equal(targetApplies('cfg(target_os = "wasi")', targetsFor('wasm32-wasip1')), true);
    const r = json('reqwest-default', { target: 'wasm32-unknown-unknown' });
    assert.deepEqual([r.nativeBuildInputs, r.buildInputs, r.env], [[], [], {}], 'no openssl, no pkg-config');
    assert.deepEqual(json('reqwest-default').buildInputs, ['openssl']);
  });

  it('includes dev-dependencies on request, and optional ones when their feature is on', () => {
    assert.ok(infer(fx('targets-dev-optional'), { includeDev: true }).builtCrates.some((k) => k.startsWith('onig_sys@')));
    assert.ok(json('targets-dev-optional', { includeDev: true, vendored: 'all-system' }).buildInputs.includes('oniguruma'), 'onig_sys builds its bundled copy unless asked');
    assert.deepEqual(json('targets-dev-optional', { features: ['db'] }).buildInputs, ['dbus', 'sqlite']);
    const z = json('targets-dev-optional', { features: ['compress'] });
    assert.ok(z.buildInputs.includes('zstd'));
    assert.deepEqual(z.env, {}, 'the pkg-config feature already links the system zstd: no env needed');
  });

  it("builds bundled sqlite without the library, and finds tools of a workspace member's build script", () => {
    const r = json('bundled');
    assert.deepEqual(r.buildInputs, []);
    assert.deepEqual(r.nativeBuildInputs, ['cmake', 'rustPlatform.bindgenHook']);
    assert.ok(r.reasons.some((x) => x.input === 'rustPlatform.bindgenHook' && /via bindgen-user/.test(x.because)));
  });
});

describe('cfg and features', () => {
  it('evaluates cfg expressions for Linux', () => {
    assert.equal(targetApplies('cfg(unix)'), true);
    assert.equal(targetApplies('cfg(windows)'), false);
    assert.equal(targetApplies('cfg(all(target_os = "linux", not(target_env = "musl")))'), true);
    assert.equal(targetApplies('cfg(any(target_os = "macos", target_os = "ios"))'), false);
    assert.equal(targetApplies('cfg(target_arch = "aarch64")'), true);
    assert.equal(targetApplies('x86_64-pc-windows-msvc'), false);
    assert.equal(targetApplies('x86_64-unknown-linux-gnu'), true);
  });

  it('resolves dep:, dep/feature and dep?/feature like cargo', () => {
    const m = fx('targets-dev-optional').members[0]!;
    const f = resolveMemberFeatures({ ...m, features: { default: ['a'], a: ['dep:rusqlite', 'zstd?/x'], b: ['zstd/pkg-config'] } }, ['b'], true);
    assert.deepEqual([...f.optionalDeps].sort(), ['rusqlite', 'zstd']);
    assert.deepEqual([...f.depFeatures.get('zstd')!], ['pkg-config']);
    assert.deepEqual([...f.weakDepFeatures.get('zstd')!], ['x']);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout, round1 } from './helpers';

describe('openssl', () => {
  it('a proc-macro that cannot load libssl when rustc runs it → openssl inputs, no rustc error besides', () => {
    const log = 'error: /build/source/target/release/deps/libsqlx_macros-5d2c6d6f2b1c2d3e.so: libssl.so.3: cannot open shared object file: No such file or directory\n  --> src/db.rs:3:5\n';
    const ds = diagnoseText(log);
    assert.deepEqual(
      ds.map((d) => d.category),
      ['openssl'],
    );
    assert.match(ds[0]!.message, /proc-macro/);
    assert.deepEqual(ds[0]!.fixes, [{ kind: 'add-inputs', nativeBuildInputs: ['pkg-config'], buildInputs: ['openssl'] }]);
  });

  it('the linker without -lssl -lcrypto (anoma) → openssl', () => {
    assert.deepEqual(
      diagnoseText(round1('h18-openssl-ld-lssl-anoma-nix-shell.log')).map((d) => d.category),
      ['openssl'],
    );
  });

  it('a program from the store that cannot load its own libssl is a broken package, not a missing input', () => {
    assert.deepEqual(diagnoseText(round1('h19-other-cryptsetup-libssl-nixpkgs-regression-legacy.log')), []);
  });

  it("openssl-sys' build script output cut before its panic (only its env probing and cfg list, norgolith) → openssl", () => {
    const ds = diagnoseText(heldout(5, 'v01-openssl-cut-norgolith-nixos.log'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes]),
      [['openssl', [{ kind: 'add-inputs', nativeBuildInputs: ['pkg-config'], buildInputs: ['openssl'] }]]],
    );
    assert.deepEqual(ds[0]!.evidence, ['cargo:rustc-check-cfg=cfg(ossl101)']);
  });

  it('the same lines under `cargo -vv` (prefixed with the crate) are a successful build script, not a failure', () => {
    const log = '[openssl-sys 0.9.93] OPENSSL_LIB_DIR unset\n[openssl-sys 0.9.93] cargo:rustc-check-cfg=cfg(ossl300)\n';
    assert.deepEqual(diagnoseText(log), []);
  });

  it("pkg-config missing, said after the module was named (vertd's crane deps) → openssl alone, not a second pkg-config diagnosis", () => {
    assert.deepEqual(
      diagnoseText(heldout(5, 'v03-openssl-no-pkg-config-vertd-deps.log')).map((d) => [d.category, d.details?.pkgConfigMissing]),
      [['openssl', 'true']],
    );
  });

  it('a proc-macro failing to load libssl.so at build time, in a real flake build (hive) → openssl inputs', () => {
    assert.deepEqual(
      diagnoseText(round1('h17-openssl-libssl-so-hive-flake.log')).map((d) => [d.category, d.fixes]),
      [['openssl', [{ kind: 'add-inputs', nativeBuildInputs: ['pkg-config'], buildInputs: ['openssl'] }]]],
    );
  });
});

// openssl-sys-extras (0.7, beside openssl-sys 0.7) has one thing in its build script: compiling a C shim against the
// headers openssl-sys found (DEP_OPENSSL_INCLUDE, set only when pkg-config found OpenSSL). openssl-sys 0.7 itself
// does not fail without OpenSSL (it falls back to `-l ssl -l crypto`), so that shim is where a missing OpenSSL shows:
// its build script failing, cut before its stderr, is the openssl category with pkg-config and openssl.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const FIX = [{ kind: 'add-inputs', nativeBuildInputs: ['pkg-config'], buildInputs: ['openssl'] }];

describe('openssl: openssl-sys-extras’ build script', () => {
  it('round22 m06: cut in the shim’s compiler probing (a 2016 cargo) → openssl, pkg-config and openssl', () => {
    const ds = diagnoseText(heldout(22, 'm06.log'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes]),
      [['openssl', FIX]],
    );
    assert.match(ds[0]!.message, /openssl-sys-extras/);
  });

  it('cargo 1.95’s framing of the same failure in a Nix window (`Caused by:`, `process didn’t exit successfully`) → the same', () => {
    const log = [
      "error: builder for '/nix/store/00000000000000000000000000000000-demo-0.1.0.drv' failed with exit code 101;",
      '       last 10 log lines:',
      '       > error: failed to run custom build command for `openssl-sys-extras v0.7.14`',
      '       >',
      '       > Caused by:',
      "       >   process didn't exit successfully: `/build/source/target/release/build/openssl-sys-extras-5c7e4d8925825f00/build-script-build` (exit status: 101)",
      '       >   --- stdout',
      '       >   TARGET = Some("x86_64-unknown-linux-gnu")',
    ].join('\n');
    assert.deepEqual(
      diagnoseText(log).map((d) => [d.category, d.fixes]),
      [['openssl', FIX]],
    );
  });
});

// A -sys crate's build script failing with its output cut right after `Caused by:`, cargo having compiled the
// pkg-config crate just before: the lookup its recorded facts name is what failed, even for a crate with a bundled
// C fallback or env knobs (round11 b27, libsodium-sys with pkg-config in buildInputs instead of nativeBuildInputs).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import type { Diagnostic } from '../../../../server/src/diagnose/types';
import { heldout } from './helpers';

const summary = (ds: Diagnostic[]) => ds.map((d) => [d.category, d.fixes]);

function cut(crate: string, compiled: string[]): string {
  return [...compiled.map((c) => `   Compiling ${c}`), `   Compiling ${crate} v0.2.7`, `error: failed to run custom build command for \`${crate} v0.2.7\``, '', 'Caused by:'].join('\n');
}

describe('pkgconfig-lib: a -sys build script cut before its reason, the pkg-config crate compiled just before', () => {
  it('round11 b27: libsodium-sys → pkg-config in nativeBuildInputs, libsodium in buildInputs', () => {
    assert.deepEqual(summary(diagnoseText(heldout(11, 'b27-pkgconfig-lib-pkg-config-in-build-inputs-libsodium-sys-2020.log'))), [
      ['pkgconfig-lib', [{ kind: 'add-inputs', nativeBuildInputs: ['pkg-config'], buildInputs: ['libsodium'] }]],
    ]);
  });

  it('the same for another crate whose facts name a lookup beside a bundled build (libssh2-sys)', () => {
    const ds = diagnoseText(cut('libssh2-sys', ['pkg-config v0.3.31', 'libc v0.2.170', 'cc v1.2.16']));
    assert.deepEqual(
      ds.map((d) => d.category),
      ['pkgconfig-lib'],
    );
    assert.deepEqual(ds[0]!.fixes[0], { kind: 'add-inputs', nativeBuildInputs: ['pkg-config'], buildInputs: ['libssh2', 'openssl', 'zlib'] });
  });

  it('no pkg-config crate in view, or a crate that runs bindgen or CMake: nothing guessed', () => {
    assert.deepEqual(diagnoseText(cut('libsodium-sys', ['libc v0.2.35', 'byteorder v1.2.1'])), []);
    assert.deepEqual(diagnoseText(cut('zstd-sys', ['pkg-config v0.3.31', 'cc v1.2.16'])), []);
  });
});

// pkg-config missing a module whose `.pc` file the log shows in the store (round154 xw04): the library is built, its
// directory is not on the search path, which nixpkgs' pkg-config setup hook makes of the inputs of the derivation or
// shell pkg-config runs in — so pkg-config and the library are added together.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const summary = (text: string) => diagnoseText(text).map((d) => [d.category, d.fixes, d.confidence]);

describe('pkgconfig-lib: the missing module’s .pc in the store', () => {
  it('round154 xw04: pkg-config’s `No package` and find’s dbus-1.pc in a -dev output → pkg-config and dbus', () => {
    assert.deepEqual(summary(heldout(154, 'xw04.log')), [['pkgconfig-lib', [{ kind: 'add-inputs', nativeBuildInputs: ['pkg-config'], buildInputs: ['dbus'] }], 'certain']]);
  });

  it('another module’s .pc in the store, or none → the library alone, as before', () => {
    const miss = "Package dbus-1 was not found in the pkg-config search path.\nNo package 'dbus-1' found";
    const want = [['pkgconfig-lib', [{ kind: 'add-inputs', buildInputs: ['dbus'] }], 'certain']];
    assert.deepEqual(summary(miss), want);
    assert.deepEqual(summary(`/nix/store/${'a'.repeat(32)}-zlib-1.3.1-dev/lib/pkgconfig/zlib.pc\n${miss}`), want);
  });
});

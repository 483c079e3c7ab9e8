// The pkg-config crate's own words tell its program missing (`Could not run \`… pkg-config --libs --cflags x\`` then
// `The pkg-config command could not be found.`) from a module missing (`Package x was not found in the pkg-config
// search path`): with the program gone the module was never looked up. The diagnosis says so and puts pkg-config
// first (round19 j04: wayland-sys under crate2nix; round1 h06: glib-sys in crane's deps build); a module missing
// keeps `pkg-config cannot find`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout, round1 } from './helpers';

describe('pkgconfig-lib: the pkg-config program missing, not the module', () => {
  for (const [name, text, lib, attr] of [
    ['round19 j04', heldout(19, 'j04-missing-tool-pkg-config-not-found-wayland-sys-crate2nix-devenv-rust-import.log'), 'wayland-client', 'wayland'],
    ['round1 h06', round1('h06-pkgconfig-glib-no-pkg-config-nmrs-crane.log'), 'glib-2.0', 'glib'],
  ] as const) {
    it(`${name} → pkg-config and ${attr}, worded as the program missing`, () => {
      const ds = diagnoseText(text);
      assert.deepEqual(
        ds.map((d) => [d.category, d.fixes]),
        [['pkgconfig-lib', [{ kind: 'add-inputs', nativeBuildInputs: ['pkg-config'], buildInputs: [attr] }]]],
      );
      assert.match(ds[0]!.message, new RegExp(`^The pkg-config program is not on the build's PATH, so ${lib.replace('.', '\\.')} was never looked up`));
    });
  }

  it('a module pkg-config looked up and did not find keeps its wording, no pkg-config added', () => {
    const ds = diagnoseText(
      [
        "thread 'main' panicked at build.rs:10:47:",
        '`PKG_CONFIG_ALLOW_SYSTEM_CFLAGS=1 pkg-config --libs --cflags wayland-client` did not exit successfully: exit status: 1',
        "error: could not find system library 'wayland-client' required by the 'wayland-sys' crate",
        '',
        '--- stderr',
        'Package wayland-client was not found in the pkg-config search path.',
      ].join('\n'),
    );
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes]),
      [['pkgconfig-lib', [{ kind: 'add-inputs', buildInputs: ['wayland'] }]]],
    );
    assert.match(ds[0]!.message, /^pkg-config cannot find wayland-client/);
  });
});

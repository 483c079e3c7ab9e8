import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import DATA from '../../../../server/src/data/pkgConfigModules.json';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { pkgConfigAttr } from '../../../../server/src/diagnose/rules/pkgconfigLib';
import { round1 } from './helpers';

describe('pkgconfig-lib', () => {
  it("module names map through nixpkgs' own pkg-config table (its source is recorded)", () => {
    assert.equal(DATA.source.path, 'pkgs/top-level/pkg-config/pkg-config-data.json');
    assert.equal(pkgConfigAttr('nix-main'), 'nix');
    assert.equal(pkgConfigAttr('x11'), 'xorg.libX11');
    assert.equal(pkgConfigAttr('libudev'), 'systemd');
    assert.equal(pkgConfigAttr('pthread'), null);
    assert.equal(pkgConfigAttr('dbus-1'), 'dbus'); // not in nixpkgs' table: our own row
  });

  it('`Package nix-main was not found` → the attribute nix', () => {
    const [d] = diagnoseText("       > Package nix-main was not found in the pkg-config search path.\n       > Perhaps you should add the directory containing `nix-main.pc'\n");
    assert.deepEqual(d!.fixes, [{ kind: 'add-inputs', buildInputs: ['nix'] }]);
  });

  it('pkg-config missing for glib-2.0, Nix 2.30+ layout (nmrs, crane) → pkg-config and glib', () => {
    const ds = diagnoseText(round1('h06-pkgconfig-glib-no-pkg-config-nmrs-crane.log'));
    assert.deepEqual(
      ds.map((d) => d.category),
      ['pkgconfig-lib'],
    );
    assert.deepEqual(ds[0]!.fixes, [{ kind: 'add-inputs', nativeBuildInputs: ['pkg-config'], buildInputs: ['glib'] }]);
  });

  it("only the tail of pkg-config's advice (cargo2nix glib-sys) → pkg-config at least", () => {
    const ds = diagnoseText(round1('h08-pkgconfig-glib-sys-cargo2nix-nix23.log'));
    assert.deepEqual(ds[0]!.fixes, [{ kind: 'add-inputs', nativeBuildInputs: ['pkg-config'] }]);
    assert.equal(ds[0]!.details?.library, 'glib-sys');
  });

  it('a long evidence stream stays bounded (every line after pkg-config went missing was kept before)', () => {
    const lines = ['Package foo was not found in the pkg-config search path.'];
    for (let i = 0; i < 10000; i++) lines.push('The pkg-config command could not be found.');
    const [d] = diagnoseText(lines.join('\n') + '\n');
    assert.ok(d!.evidence.length <= 8);
  });
});

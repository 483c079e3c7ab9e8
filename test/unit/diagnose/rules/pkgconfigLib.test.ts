import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import DATA from '../../../../server/src/data/pkgConfigModules.json';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { pkgConfigAttr } from '../../../../server/src/diagnose/rules/pkgconfigLib';
import { DIAGNOSIS_ONLY_ROWS, linkLibAttr } from '../../../../server/src/diagnose/rules/tables';
import { attrForLinkName, attrForModule } from '../../../../server/src/infer/pkgConfig';
import { heldout, round1 } from './helpers';

const only = (log: string) => diagnoseText(log).map((d) => [d.category, d.fixes]);

describe('pkgconfig-lib', () => {
  it("module names map through nixpkgs' own pkg-config table (its source is recorded)", () => {
    assert.equal(DATA.source.path, 'pkgs/top-level/pkg-config/pkg-config-data.json');
    assert.equal(pkgConfigAttr('nix-main'), 'nix');
    assert.equal(pkgConfigAttr('x11'), 'xorg.libX11');
    assert.equal(pkgConfigAttr('pthread'), null);
    assert.equal(pkgConfigAttr('dbus-1'), 'dbus'); // not in nixpkgs' table: the inference's supplement
  });

  it("one table with the inference: the diagnosis' own rows are only ones the shared table does not answer", () => {
    for (const m of Object.keys(DIAGNOSIS_ONLY_ROWS.modules)) assert.equal(attrForModule(m), undefined, `${m} is in the shared table: drop it here`);
    for (const n of Object.keys(DIAGNOSIS_ONLY_ROWS.link)) {
      assert.equal(attrForModule(n), undefined, `-l${n} resolves through the shared table`);
      assert.equal(attrForModule(`lib${n}`), undefined, `-l${n} resolves through the shared table as lib${n}`);
    }
    // Where the diagnosis' own table used to answer alone: libudev is what the shared table says
    // (nixpkgs' consumer alias udev, systemd's libudev), -ludev alike; libmysqlclient was renamed.
    assert.equal(pkgConfigAttr('libudev'), attrForModule('libudev'));
    assert.equal(linkLibAttr('udev'), attrForModule('libudev'));
    assert.equal(linkLibAttr('mysqlclient'), 'mariadb-connector-c');
    assert.equal(pkgConfigAttr('gbm'), attrForModule('gbm'));
    // Link names through the module table: -lssl → libssl, -lpq → libpq, -lsqlite3 → sqlite3, -lxcb → xcb.
    assert.deepEqual(['ssl', 'pq', 'sqlite3', 'xcb', 'z', 'unwind'].map(linkLibAttr), ['openssl', 'postgresql', 'sqlite', 'xorg.libxcb', 'zlib', 'libunwind']);
    // The inference reads a build script's -l names through the same list: both agree on every library.
    const names = ['z', 'bz2', 'lzma', 'ssl', 'asound', 'gtk-3', 'gdk-3', 'Xss', 'X11', 'Xrandr', 'elf', 'dbus-1', 'unwind'];
    assert.deepEqual(
      names.map(linkLibAttr),
      names.map((n) => attrForLinkName(n) ?? undefined),
    );
    assert.deepEqual(names.map(linkLibAttr), ['zlib', 'bzip2', 'xz', 'openssl', 'alsa-lib', 'gtk3', 'gtk3', 'xorg.libXScrnSaver', 'xorg.libX11', 'xorg.libXrandr', 'elfutils', 'dbus', 'libunwind']);
  });

  it('libunwind, by any of its .pc files (bcachefs-tools under crane) → libunwind', () => {
    assert.deepEqual(only(round1('h07-pkgconfig-libunwind-bcachefs-crane.log')), [['pkgconfig-lib', [{ kind: 'add-inputs', buildInputs: ['libunwind'] }]]]);
    assert.equal(pkgConfigAttr('libunwind-generic'), 'libunwind');
  });

  it("alsa-sys' build script failed and the paste stops inside its env probing (argus) → what alsa-sys looks up, with pkg-config", () => {
    const ds = diagnoseText(heldout(5, 'v12-pkgconfig-alsa-sys-cut-argus-nixos.log'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes, d.details?.cause]),
      [['pkgconfig-lib', [{ kind: 'add-inputs', nativeBuildInputs: ['pkg-config'], buildInputs: ['alsa-lib'] }], 'cut']],
    );
  });

  it('a -sys build script that fails for a reason the log shows is not guessed at (cmake missing for a -sys crate)', () => {
    const log = 'error: failed to run custom build command for `libgit2-sys v0.14.2+1.5.1`\n  is `cmake` not installed?\n';
    assert.deepEqual(
      diagnoseText(log).map((d) => d.category),
      ['missing-tool'],
    );
  });

  it('a -sys crate that builds C itself is not guessed at when its failure is cut (zstd-sys)', () => {
    assert.deepEqual(diagnoseText('error: failed to run custom build command for `zstd-sys v2.0.9+zstd.1.5.5`\n'), []);
  });

  it('linker failures, GNU ld and Apple ld: -lsqlite3 (NixOS), -liconv (macOS), -lxcb, -lpq', () => {
    assert.deepEqual(only(heldout(5, 'v16-link-lsqlite3-rusqlite-nixos.log')), [['pkgconfig-lib', [{ kind: 'add-inputs', buildInputs: ['sqlite'] }]]]);
    assert.deepEqual(only(heldout(5, 'v15-link-liconv-rnix-lsp-macos.log')), [['pkgconfig-lib', [{ kind: 'add-inputs', buildInputs: ['libiconv'] }]]]);
    assert.deepEqual(diagnoseText(heldout(5, 'v27-link-lxcb-kmon-fedora.log'))[0]!.fixes, [{ kind: 'add-inputs', buildInputs: ['xorg.libxcb'] }]);
    assert.deepEqual(only(heldout(5, 'v31-link-lpq-diesel-kylyp.log')), [['pkgconfig-lib', [{ kind: 'add-inputs', buildInputs: ['postgresql'] }]]]);
  });

  it("libudev through hidapi's own wording and through the 2020 pkg-config crate → the shared table's attribute (udev)", () => {
    for (const f of ['v14-pkgconfig-libudev-hidapi-namada-shell.log', 'v30-pkgconfig-libudev-2020-work.log'])
      assert.deepEqual(
        diagnoseText(heldout(5, f)).flatMap((d) => d.fixes),
        [{ kind: 'add-inputs', buildInputs: ['udev'] }],
        f,
      );
  });

  it('`Package nix-main was not found` → the attribute nix', () => {
    const [d] = diagnoseText("       > Package nix-main was not found in the pkg-config search path.\n       > Perhaps you should add the directory containing `nix-main.pc'\n");
    assert.deepEqual(d!.fixes, [{ kind: 'add-inputs', buildInputs: ['nix'] }]);
  });

  it("`Package gtk-layer-shell-0 was not found` (eww's flake, two threads) → gtk-layer-shell, the attribute whose meson build installs that .pc", () => {
    for (const [round, file] of [
      [156, 'xy05.log'],
      [157, 'xz02.log'],
    ] as const) {
      const ds = diagnoseText(heldout(round, file));
      assert.deepEqual(
        ds.map((d) => [d.category, d.fixes]),
        [['pkgconfig-lib', [{ kind: 'add-inputs', buildInputs: ['gtk-layer-shell'] }]]],
        `round${round}/${file}`,
      );
    }
    assert.equal(attrForModule('gtk-layer-shell-0'), 'gtk-layer-shell');
  });

  it('pkg-config missing for glib-2.0, Nix 2.30+ layout (nmrs, crane) → pkg-config and glib', () => {
    const ds = diagnoseText(round1('h06-pkgconfig-glib-no-pkg-config-nmrs-crane.log'));
    assert.deepEqual(
      ds.map((d) => d.category),
      ['pkgconfig-lib'],
    );
    assert.deepEqual(ds[0]!.fixes, [{ kind: 'add-inputs', nativeBuildInputs: ['pkg-config'], buildInputs: ['glib'] }]);
  });

  it("only the tail of pkg-config's advice (cargo2nix glib-sys) → pkg-config, and what the crate's recorded facts say it looks up (glib)", () => {
    const log = round1('h08-pkgconfig-glib-sys-cargo2nix-nix23.log');
    const ds = diagnoseText(log);
    assert.deepEqual(ds[0]!.fixes, [{ kind: 'add-inputs', nativeBuildInputs: ['pkg-config'], buildInputs: ['glib'] }]);
    assert.equal(ds[0]!.details?.library, 'glib-sys');
    // A crate with no recorded facts: pkg-config alone, no library guessed.
    assert.deepEqual(diagnoseText(log.replace('glib-sys crate', 'nixify-unknown-sys crate'))[0]!.fixes, [{ kind: 'add-inputs', nativeBuildInputs: ['pkg-config'] }]);
  });

  it('a long evidence stream stays bounded (every line after pkg-config went missing was kept before)', () => {
    const lines = ['Package foo was not found in the pkg-config search path.'];
    for (let i = 0; i < 10000; i++) lines.push('The pkg-config command could not be found.');
    const [d] = diagnoseText(lines.join('\n') + '\n');
    assert.ok(d!.evidence.length <= 8);
  });

  it("a build script cut inside the pkg-config crate's env probing → the module it was probing (xkbcommon-sys; smithay-client-toolkit, not a -sys crate)", () => {
    for (const f of ['w01-pkgconfig-xkbcommon-sys-cut-rust-gpu.log', 'w03-pkgconfig-xkbcommon-sctk-cut-swww.log'])
      assert.deepEqual(only(heldout(6, f)), [['pkgconfig-lib', [{ kind: 'add-inputs', nativeBuildInputs: ['pkg-config'], buildInputs: ['libxkbcommon'] }]]], f);
  });

  it("openssl-sys' own probing is the openssl rule's, not a second diagnosis (gst-meet, nix-shell)", () => {
    assert.deepEqual(
      diagnoseText(heldout(6, 'w15-openssl-cut-env-probing-gst-meet-nix-shell.log')).map((d) => d.category),
      ['openssl'],
    );
  });

  it("rustup's rust-lld failing to load libstdc++ on NixOS is not a missing build input", () => {
    assert.deepEqual(diagnoseText(heldout(6, 'w17-other-rust-lld-libstdcxx-rustup-nixos.log')), []);
  });
});

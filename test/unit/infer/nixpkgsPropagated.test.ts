import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import propagatedData from '../../../server/src/data/nixpkgsPropagated.json';
import { initParsers } from '../../../server/src/parse/treeSitter';
import { linkedBy, NIXPKGS_ATTRS, propagatedBy, propagationRecorded } from '../../../server/src/infer/pkgConfig';
import { extractPropagated } from '../../../scripts/infer/nixPropagated';
import { spelling, type PropagatedEntry as Entry } from '../../../scripts/infer/gen-nixpkgs-propagated';

const entries = (propagatedData as { attrs: Record<string, Entry> }).attrs;
const sources = (
  JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'scripts', 'infer', 'nixpkgs-propagated-sources.json'), 'utf8')) as {
    attrs: Record<string, { path: string; commit: string; args?: Record<string, string>; scope?: string }>;
  }
).attrs;
const sorted = (s: ReadonlySet<string>) => [...s].sort();

describe("nixpkgs' own propagated inputs (data/nixpkgsPropagated.json)", () => {
  before(() => initParsers());

  it('records each listed attribute with the nixpkgs file and commit it was read at, names in Nixify spelling', () => {
    assert.deepEqual(Object.keys(entries).sort(), Object.keys(sources).sort(), 'every source read, nothing else');
    for (const [attr, e] of Object.entries(entries)) {
      assert.ok(Object.hasOwn(NIXPKGS_ATTRS, attr), attr);
      assert.equal(e.path, sources[attr]!.path);
      assert.match(e.commit, /^[0-9a-f]{40}$/);
      assert.match(e.path, /^pkgs\/\S+\.nix$/);
      for (const p of e.propagates) assert.match(p, /^[A-Za-z0-9_.+-]+$/, `${attr} → ${p}`);
      assert.ok(!e.propagates.includes(attr));
      // A by-name X library is written in the xorg set's spelling the tables use.
      for (const p of e.propagates) assert.ok(!/^libx[a-z]/.test(p) || !Object.keys(NIXPKGS_ATTRS).some((k) => k.toLowerCase() === `xorg.${p}`), `${attr} → ${p}`);
    }
    assert.ok((propagatedData as { $comment: string }).$comment.includes('gen-nixpkgs-propagated.ts'));
  });

  it("answers propagatedBy from nixpkgs' files where read: libdbusmenu-gtk3 does not bring gtk3, gtk4 brings what its file propagates", () => {
    // nixpkgs' libdbusmenu has gtk3 in buildInputs only, though dbusmenu-gtk3-0.4.pc requires gtk+-3.0.
    // It installs dbusmenu-glib-0.4 too (its meta.pkgConfigModules), libdbusmenu's module.
    assert.ok(propagationRecorded('libdbusmenu-gtk3'));
    assert.deepEqual(sorted(propagatedBy('libdbusmenu-gtk3')), ['libdbusmenu']);
    // gtk4's propagatedBuildInputs on Linux ("Required by pkg-config files", wayland with waylandSupport),
    // then what those propagate (pango → harfbuzz, cairo → freetype, fontconfig).
    const gtk4 = propagatedBy('gtk4');
    for (const a of ['cairo', 'gdk-pixbuf', 'glib', 'graphene', 'pango', 'wayland', 'harfbuzz', 'freetype', 'fontconfig']) assert.ok(gtk4.has(a), `gtk4 → ${a}`);
    assert.ok(!gtk4.has('gtk4') && !gtk4.has('gtk3'));
    assert.ok(propagatedBy('libadwaita').has('gtk4'));
    assert.ok(propagatedBy('gtk3').has('atk') && propagatedBy('gtk3').has('pango') && propagatedBy('gtk3').has('xorg.libXi'));
    // graphene-gobject-1.0.pc requires glib, but nixpkgs' graphene has glib in buildInputs only.
    assert.deepEqual(sorted(propagatedBy('graphene')), []);
    // nixpkgs' libX11 propagates xorgproto only (libxcb is a buildInput), which is no recorded attribute;
    // but it links libxcb (x11-xcb.pc requires xcb): a program that opens libX11 at run time has libxcb.
    assert.deepEqual(sorted(propagatedBy('xorg.libX11')), []);
    assert.ok(linkedBy('xorg.libX11').has('xorg.libxcb'));
    // gtk3 installs gdk-x11-3.0 on Linux (x11Support): what gtk3-x11 is named for in nixpkgs' module table.
    assert.ok(propagatedBy('gtk3').has('gtk3-x11'));
    // curl (curlMinimal called with brotli, http3, idn, psl, zstd on) propagates its TLS library and zlib;
    // libgit2 keeps zlib, libssh2, openssl in buildInputs; libssh2 propagates openssl (its Libs: line).
    for (const a of ['openssl', 'zlib', 'zstd', 'brotli', 'libssh2']) assert.ok(propagatedBy('curl').has(a), `curl → ${a}`);
    assert.deepEqual(sorted(propagatedBy('libgit2')), []);
    assert.deepEqual(sorted(propagatedBy('libssh2')), ['openssl']);
    // The variants of one file, with the arguments they are called with.
    assert.ok(propagatedBy('webkitgtk_4_1').has('gtk3') && propagatedBy('webkitgtk_4_1').has('libsoup_3'));
    assert.ok(propagatedBy('webkitgtk').has('gtk4') && !propagatedBy('webkitgtk').has('gtk3'));
    for (const a of Object.keys(NIXPKGS_ATTRS)) for (const p of propagatedBy(a)) assert.ok(Object.hasOwn(NIXPKGS_ATTRS, p), `${a} → ${p}`);
  });

  it('reads propagatedBuildInputs with the Nix parser: conditions on Linux, the variant’s arguments, outputs and overrides', () => {
    const text = `{ lib, stdenv, glib, cairo, gtk3, wayland, libxfoo, quartz, icu, gtkVersion ? null,
      x11Support ? !stdenv.hostPlatform.isDarwin, waylandSupport ? stdenv.hostPlatform.isLinux && x11Support,
      withIcu ? false, fancy ? lib.meta.availableOn stdenv.hostPlatform icu, mystery ? someFunction 3, ... }:
    let inherit (lib) optional optionals; onLinux = stdenv.isLinux; in
    stdenv.mkDerivation (finalAttrs: {
      buildInputs = [ cairo ];
      propagatedBuildInputs = [ glib.out (gtk3.override { inherit x11Support; }) ]
        ++ lib.optionals waylandSupport [ wayland ]
        ++ optional x11Support libxfoo
        ++ lib.optionals stdenv.hostPlatform.isDarwin [ quartz ]
        ++ optional withIcu icu
        ++ lib.optionals (gtkVersion != null) [ cairo ]
        ++ (if onLinux then [ (lib.getDev glib) ] else [ ])
        ++ lib.optionals mystery [ icu ];
    })`;
    const e = extractPropagated(text);
    assert.deepEqual(e.propagated, ['glib', 'gtk3', 'wayland', 'libxfoo']);
    assert.deepEqual(e.notOnLinux, [
      { name: 'quartz', when: 'stdenv.hostPlatform.isDarwin' },
      { name: 'icu', when: 'withIcu' },
      { name: 'cairo', when: '(gtkVersion != null)' },
    ]);
    // A function's result and a condition the reader cannot evaluate are kept apart, never propagated.
    assert.deepEqual(
      e.undecided.map((u) => u.name),
      ['lib.getDev glib', 'icu'],
    );
    assert.ok(e.hasBinding);
    // The variant's call: gtkVersion "3" switches the cairo entry on; gtk3 called as gtk4.
    const v = extractPropagated(text, { gtkVersion: '"3"', gtk3: 'gtk4' });
    assert.deepEqual(v.propagated, ['glib', 'gtk4', 'wayland', 'libxfoo', 'cairo']);
    // A file with no propagatedBuildInputs propagates nothing, whatever its buildInputs.
    assert.deepEqual(extractPropagated('{ stdenv, gtk3 }: stdenv.mkDerivation { buildInputs = [ gtk3 ]; }'), { propagated: [], notOnLinux: [], undecided: [], hasBinding: false });
    // The modules it installs: meta.pkgConfigModules under the same conditions, strings interpolated.
    const mods =
      '{ lib, gtkVersion ? null, x11Support ? true }: { meta = with lib; { pkgConfigModules = [ "glib-0.4" ] ++ lib.optional (gtkVersion == "3") "gtk${gtkVersion}-0.4" ++ lib.optionals (!x11Support) [ "quartz" ]; }; }';
    assert.deepEqual(extractPropagated(mods).installs, ['glib-0.4']);
    assert.deepEqual(extractPropagated(mods, { gtkVersion: '"3"' }).installs, ['glib-0.4', 'gtk3-0.4']);
    assert.throws(() => extractPropagated('{ }: { }', { x: 'in in' }), /not a Nix expression/);
    // `with stdenv.hostPlatform; …` defaults, `lib.elem stdenv.hostPlatform.system pkg.meta.platforms`, and a
    // list the derivation keeps under another name (finalAttrs.dlopenPropagatedBuildInputs).
    const sdl = `{ lib, stdenv, mesa, libGL, libX11, krb5, xorgproto,
      gss ? with stdenv.hostPlatform; !(isWindows || isCygwin) && !isStatic,
      gl ? lib.elem stdenv.hostPlatform.system mesa.meta.platforms, x11Support ? !stdenv.hostPlatform.isWindows }:
      stdenv.mkDerivation (finalAttrs: {
        dlopenPropagatedBuildInputs = lib.optional gl libGL ++ lib.optionals x11Support [ libX11 ];
        propagatedBuildInputs = [ xorgproto ] ++ finalAttrs.dlopenPropagatedBuildInputs ++ lib.optional gss krb5;
      })`;
    assert.deepEqual(extractPropagated(sdl).propagated, ['xorgproto', 'libGL', 'libX11', 'krb5']);
  });

  it('spells names as the tables do: the scope first, then the name, then the xorg set', () => {
    const known = new Set(['gst_all_1.gstreamer', 'glib', 'xorg.libXrender', 'xorg.libX11']);
    assert.equal(spelling('gstreamer', known, 'gst_all_1'), 'gst_all_1.gstreamer');
    assert.equal(spelling('glib', known, 'gst_all_1'), 'glib');
    assert.equal(spelling('libxrender', known), 'xorg.libXrender');
    assert.equal(spelling('libX11', known), 'xorg.libX11');
    assert.equal(spelling('xorgproto', known), 'xorgproto');
  });

  // The files read with the read_file tool live in a git-ignored folder; where they are, the committed
  // data must be what the generator makes of them.
  const cache = join(__dirname, '..', '..', '..', '.cache', 'nixpkgs');
  const have = Object.values(sources).every((s) => existsSync(join(cache, s.commit, s.path)));
  it('regenerates from the nixpkgs files where they were brought', { skip: have ? false : 'the nixpkgs files read for the generator are not in .cache/nixpkgs (a tool session brings them)' }, () => {
    const known = new Set([...Object.keys(NIXPKGS_ATTRS), ...Object.keys(sources)]);
    for (const [attr, s] of Object.entries(sources)) {
      const e = extractPropagated(readFileSync(join(cache, s.commit, s.path), 'utf8'), s.args);
      const got = [...new Set(e.propagated.map((n) => spelling(n, known, s.scope)))].filter((p) => p !== attr);
      assert.deepEqual(got, entries[attr]!.propagates, attr);
      assert.deepEqual(e.installs, entries[attr]!.installs, attr);
    }
  });
});

// The reader's evaluation against real Nix: each brought file called with nixpkgs' own lib, an
// x86_64-linux stdenv (lib.systems.elaborate) and every other formal a stand-in package named after
// the attribute it receives; what Nix makes of propagatedBuildInputs must be what the reader says.
describe("the reader against real Nix evaluating nixpkgs' files", () => {
  const repo = join(__dirname, '..', '..', '..');
  const cache = join(repo, '.cache', 'nixpkgs');
  const libDir = join(process.env.ORACLE_SRC ?? join(repo, '..', '.cache', 'oracles', 'src'), 'nixpkgs-lib', 'lib');
  const haveNix = (() => {
    try {
      execFileSync('nix-instantiate', ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  const have = Object.values(sources).every((s) => existsSync(join(cache, s.commit, s.path)));
  const skip = !haveNix
    ? 'nix-instantiate is not installed'
    : !existsSync(libDir)
      ? `nixpkgs' lib is not in ${libDir} (bring it with fetch, see ../shared/oracles/README.md)`
      : !have
        ? 'the nixpkgs files read for the generator are not in .cache/nixpkgs'
        : false;
  before(() => initParsers());

  it('gives the same propagated inputs and installed modules for every recorded attribute', { skip }, () => {
    // A call argument: an attribute name becomes the stand-in of that package, a literal stays.
    const argExpr = (v: string) => (/^[A-Za-z_][\w'-]*$/.test(v) && !['true', 'false', 'null'].includes(v) ? `pkg ${JSON.stringify(v)}` : v);
    const calls = Object.entries(sources).map(([attr, s]) => {
      const args = Object.entries(s.args ?? {})
        .map(([k, v]) => `${JSON.stringify(k)} = ${argExpr(v)};`)
        .join(' ');
      return `${JSON.stringify(attr)} = call ${JSON.stringify(join(cache, s.commit, s.path))} { ${args} };`;
    });
    const expr = `
      let
        lib = import ${JSON.stringify(libDir)};
        platform = lib.systems.elaborate "x86_64-linux";
        pkg = name: let self = { inherit name; pname = name; version = "1.0"; out = self; dev = self; lib = self; bin = self;
          override = _: self; overrideAttrs = _: self; meta.platforms = lib.platforms.all; meta.mainProgram = name;
          outPath = "/nix/store/" + name; type = "derivation"; }; in self;
        stdenv = platform // {
          hostPlatform = platform; buildPlatform = platform; targetPlatform = platform; shell = "/bin/sh";
          mkDerivation = f: let attrs = if builtins.isFunction f then f attrs else f; in attrs;
        };
        buildPackages = { stdenv = stdenv; writeShellScriptBin = n: _: pkg n; };
        given = { inherit lib stdenv buildPackages; config = { }; };
        call = file: args:
          let f = import file; drv = f (builtins.mapAttrs (n: _: given.\${n} or (pkg n)) (lib.filterAttrs (_: hasDefault: !hasDefault) (builtins.functionArgs f)) // args);
          in {
            propagates = map (p: p.name) (lib.flatten (drv.propagatedBuildInputs or [ ]));
            installs = drv.meta.pkgConfigModules or null;
          };
      in { ${calls.join('\n')} }`;
    const got = JSON.parse(execFileSync('nix-instantiate', ['--eval', '--strict', '--json', '-E', expr], { encoding: 'utf8', maxBuffer: 16 << 20 })) as Record<
      string,
      { propagates: string[]; installs: string[] | null }
    >;
    for (const [attr, s] of Object.entries(sources)) {
      const e = extractPropagated(readFileSync(join(cache, s.commit, s.path), 'utf8'), s.args);
      assert.deepEqual([...new Set(got[attr]!.propagates)], e.propagated, `${attr}: propagatedBuildInputs`);
      assert.deepEqual(got[attr]!.installs ?? undefined, e.installs, `${attr}: meta.pkgConfigModules`);
      assert.deepEqual(e.undecided, [], `${attr}: every condition decided`);
    }
  });
});

// pkg-config failing to find a library, told in a reporter's sentence (an issue's title over build progress, round75
// uv02): the library named, likely (the reporter's words, not the tool's). The tool's own line for the same library
// keeps its certainty; prose about pkg-config that names no failure says nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const read = (text: string) => diagnoseText(text).map((d) => [d.category, d.confidence, d.fixes.map((f) => JSON.stringify(f)).join()]);

describe('pkgconfig-lib: told in a sentence', () => {
  it("round75 uv02: `pkg-config can't find libsoup via nix` over vite's output → pkgconfig-lib libsoup, likely", () => {
    assert.deepEqual(read(heldout(75, 'uv02.log')), [['pkgconfig-lib', 'likely', JSON.stringify({ kind: 'add-inputs', buildInputs: ['libsoup'] })]]);
  });

  for (const line of ['pkgconfig cannot find the library gtk+-3.0', 'pkg-config could not find `glib-2.0` on NixOS.', "pkg-config doesn't find alsa"]) {
    it(`${line} → pkgconfig-lib, likely`, () => {
      const ds = diagnoseText(line);
      assert.deepEqual(
        ds.map((d) => [d.category, d.confidence]),
        [['pkgconfig-lib', 'likely']],
      );
    });
  }

  it("the sentence then the pkg-config crate's own words for the same module → certain", () => {
    const log = ["pkg-config can't find libsoup-3.0", 'The system library `libsoup-3.0` required by crate `soup3-sys` was not found.'].join('\n');
    assert.deepEqual(
      diagnoseText(log).map((d) => [d.category, d.confidence]),
      [['pkgconfig-lib', 'certain']],
    );
  });

  // nixpkgs' SDK framework lists (data/darwinFrameworks.json) tell a framework from any CamelCase word: a framework
  // they package gets its pre-24.11 attribute, any other name none.
  it("round68 uo07: `CoreFoundation framework can't be linked` over a cut linker command → the framework named, likely, its attribute", () => {
    const ds = diagnoseText(heldout(68, 'uo07.log'));
    assert.deepEqual(read(heldout(68, 'uo07.log')), [['pkgconfig-lib', 'likely', JSON.stringify({ kind: 'add-inputs', buildInputs: ['darwin.apple_sdk.frameworks.CoreFoundation'] })]]);
    assert.match(ds[0]!.message, /framework CoreFoundation/);
  });

  it("`MyWidget framework can't be linked` → no darwin.apple_sdk.frameworks.MyWidget offered", () => {
    assert.deepEqual(read("MyWidget framework can't be linked"), [['pkgconfig-lib', 'likely', '']]);
  });

  it("Apple's linker's own words for the framework after the sentence → certain, its attribute", () => {
    const log = ["Security framework can't be linked", 'ld: framework not found Security'].join('\n');
    assert.deepEqual(read(log), [['pkgconfig-lib', 'certain', JSON.stringify({ kind: 'add-inputs', buildInputs: ['darwin.apple_sdk.frameworks.Security'] })]]);
  });

  for (const prose of [
    'the web framework is not found in the docs',
    'Our framework is not linked to the crate',
    'pkg-config is installed but cargo still fails',
    'warning: pkg-config could not find libfoo, using the bundled copy',
    // Ordinary words in the name's slot: no table knows them as a library.
    "pkg-config can't find any package",
    'I think pkg-config fails to find it',
  ]) {
    it(`${prose} → nothing`, () => {
      assert.deepEqual(read(prose), []);
    });
  }
});

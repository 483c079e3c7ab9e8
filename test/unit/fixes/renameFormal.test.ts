import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renameFormal } from '../../../server/src/fixes/renameFormal';
import type { Range, TextEdit } from '../../../server/src/model/types';

function apply(text: string, e: TextEdit): string {
  const at = (p: { line: number; character: number }) => text.split('\n').slice(0, p.line).join('\n').length + (p.line ? 1 : 0) + p.character;
  return text.slice(0, at(e.range.start)) + e.newText + text.slice(at(e.range.end));
}

/** The range of the list item `name` inside `[ … ]`, as the Nix model gives it. */
function itemRange(text: string, name: string): Range {
  const o = text.indexOf(`[ ${name}`) + 2;
  const before = text.slice(0, o);
  const line = before.split('\n').length - 1;
  const character = o - (before.lastIndexOf('\n') + 1);
  return { start: { line, character }, end: { line, character: character + name.length } };
}

const body = (item: string) => `rustPlatform.buildRustPackage {\n  pname = "app";\n  nativeBuildInputs = [ ${item} ];\n}\n`;

describe("renameFormal: the replaced input's formal in a callPackage file", () => {
  it('one line: the old name becomes the new one in place', () => {
    const text = `{ lib, rustPlatform, pkgconfig, openssl }:\n${body('pkgconfig')}`;
    const e = renameFormal(text, 'pkgconfig', ['pkg-config'], itemRange(text, 'pkgconfig'))!;
    assert.equal(apply(text, e).split('\n')[0], '{ lib, rustPlatform, pkg-config, openssl }:');
  });

  it('nixfmt layout, trailing commas: one new name per line', () => {
    const text = `{\n  lib,\n  rustPlatform,\n  rustup,\n}:\n${body('rustup')}`;
    const e = renameFormal(text, 'rustup', ['cargo', 'rustc'], itemRange(text, 'rustup'))!;
    assert.equal(apply(text, e).split('\n').slice(0, 6).join('\n'), '{\n  lib,\n  rustPlatform,\n  cargo,\n  rustc,\n}:');
  });

  it('leading commas: one new name per line, comma first', () => {
    const text = `{ lib\n, rustPlatform\n, rustup\n}:\n${body('rustup')}`;
    const e = renameFormal(text, 'rustup', ['cargo', 'rustc'], itemRange(text, 'rustup'))!;
    assert.equal(apply(text, e).split('\n').slice(0, 5).join('\n'), '{ lib\n, rustPlatform\n, cargo\n, rustc\n}:');
  });

  it('kept when the file still uses the old name elsewhere (the fix then adds the new formal beside it)', () => {
    const text = `{ lib, rustPlatform, pkgconfig }:\n${body('pkgconfig')}# PKG_CONFIG = "\${pkgconfig}/bin/pkg-config";\nlet x = pkgconfig; in x\n`;
    assert.equal(renameFormal(text, 'pkgconfig', ['pkg-config'], itemRange(text, 'pkgconfig')), undefined);
  });

  it('a name that is only a default value or part of another name is not the formal', () => {
    const text = `{ lib, foo ? pkgconfig, pkgconfig-extra }:\n${body('pkgconfig')}`;
    assert.equal(renameFormal(text, 'pkgconfig', ['pkg-config'], itemRange(text, 'pkgconfig')), undefined);
  });

  it('dropped when every new name is already a formal: with its comma, on one line or its own line', () => {
    const one = `{ lib, pkgconfig, pkg-config }:\n${body('pkgconfig')}`;
    assert.equal(apply(one, renameFormal(one, 'pkgconfig', [], itemRange(one, 'pkgconfig'))!).split('\n')[0], '{ lib, pkg-config }:');
    const last = `{ lib, pkg-config, pkgconfig }:\n${body('pkgconfig')}`;
    assert.equal(apply(last, renameFormal(last, 'pkgconfig', [], itemRange(last, 'pkgconfig'))!).split('\n')[0], '{ lib, pkg-config }:');
    const own = `{\n  lib,\n  pkgconfig,\n  pkg-config,\n}:\n${body('pkgconfig')}`;
    assert.equal(
      apply(own, renameFormal(own, 'pkgconfig', [], itemRange(own, 'pkgconfig'))!)
        .split('\n')
        .slice(0, 4)
        .join('\n'),
      '{\n  lib,\n  pkg-config,\n}:',
    );
  });

  it('no formals (a flake or `with pkgs;` file): nothing', () => {
    const text = `with pkgs;\n${body('pkgconfig')}`;
    assert.equal(renameFormal(text, 'pkgconfig', ['pkg-config'], itemRange(text, 'pkgconfig')), undefined);
  });
});

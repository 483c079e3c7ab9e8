// The writer's layout (nixfmt-like) and escaping rules, checked on exact text.
// Round-trips through real Nix are in test/nix/generate/.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  attrKey,
  attrs,
  call,
  code,
  escapeIndented,
  escapeString,
  file,
  fn,
  istr,
  istrWith,
  kv,
  lambda,
  letIn,
  list,
  pathExpr,
  print,
  quotedKey,
  raw,
  str,
} from '../../../server/src/generate/nixWriter';

describe('escapeString', () => {
  it('escapes quotes, backslashes, interpolation and control characters, and nothing else', () => {
    assert.equal(escapeString('a"b\\c'), '"a\\"b\\\\c"');
    assert.equal(escapeString('${x} $y $${z} end$'), '"\\${x} $y $\\${z} end$"');
    assert.equal(escapeString('l1\nl2\r\tx'), '"l1\\nl2\\r\\tx"');
    assert.equal(escapeString('ünïcödé 😀'), '"ünïcödé 😀"');
  });
  it('refuses NUL, which no Nix string can hold', () => {
    assert.throws(() => escapeString('a\0b'), /NUL/);
    assert.throws(() => escapeIndented('a\0b', 0), /NUL/);
  });
});

describe('escapeIndented', () => {
  it('writes a shell script as nixpkgs does, escaping only what Nix would read', () => {
    assert.equal(escapeIndented('mkdir -p $out/share\ncp -r ${dir} $out/\n', 2), "''\n    mkdir -p $out/share\n    cp -r ''${dir} $out/\n  ''");
  });
  it("escapes '' and a quote before the closing quotes", () => {
    assert.equal(escapeIndented("a''b", 0), "''\n  a'''b''");
    assert.equal(escapeIndented("it'", 0), "''\n  it''\\'''");
  });
  it('keeps indentation that every line shares by escaping the first space', () => {
    assert.equal(escapeIndented('  a\n  b', 0), "''\n  ''\\  a\n    b''");
  });
});

describe('attribute names', () => {
  it("leaves identifiers bare (including - and ') and quotes keywords and the rest", () => {
    assert.equal(attrKey('foo-bar'), 'foo-bar');
    assert.equal(attrKey("x'"), "x'");
    assert.equal(attrKey('rec'), '"rec"');
    assert.equal(attrKey('or'), '"or"');
    assert.equal(attrKey('inherit'), '"inherit"');
    assert.equal(attrKey('1abc'), '"1abc"');
    assert.equal(attrKey('x86_64-linux'), 'x86_64-linux');
    assert.equal(attrKey('env.RUSTFLAGS'), 'env.RUSTFLAGS', 'dots make an attribute path');
    assert.equal(quotedKey('gitdep-0.1.0'), '"gitdep-0.1.0"', 'a single name with dots is quoted whole');
  });
});

describe('pathExpr', () => {
  it('uses a path literal when Nix allows one, else ./. + "…"', () => {
    assert.equal(pathExpr('src'), './src');
    assert.equal(pathExpr('.cargo/config.toml'), './.cargo/config.toml');
    assert.equal(pathExpr('my assets'), '(./. + "/my assets")');
    assert.equal(pathExpr('dollar${x}'), '(./. + "/dollar\\${x}")');
    assert.equal(pathExpr(''), './.');
  });
});

describe('layout', () => {
  it('prints a callPackage file like nixfmt: formals one per line, a blank line, let, the call', () => {
    const text = file(
      fn(
        ['lib', 'rustPlatform'],
        letIn(
          [kv('cargoToml', raw('lib.importTOML ./Cargo.toml'))],
          call('rustPlatform.buildRustPackage', lambda('finalAttrs', attrs([kv('pname', raw('cargoToml.package.name')), kv('doCheck', raw('false'), 'why')]))),
        ),
      ),
    );
    assert.equal(
      text,
      [
        '{',
        '  lib,',
        '  rustPlatform,',
        '}:',
        '',
        'let',
        '  cargoToml = lib.importTOML ./Cargo.toml;',
        'in',
        'rustPlatform.buildRustPackage (finalAttrs: {',
        '  pname = cargoToml.package.name;',
        '  # why',
        '  doCheck = false;',
        '})',
        '',
      ].join('\n'),
    );
  });
  it('keeps one simple item on the line and breaks longer lists with trailing comments', () => {
    assert.equal(print(list([str('a')])), '[ "a" ]');
    assert.equal(print(list([])), '[ ]');
    assert.equal(print(attrs([])), '{ }');
    assert.equal(print(list([raw('pkgs.openssl'), raw('pkgs.zlib')], ['openssl-sys', undefined])), '[\n  pkgs.openssl # openssl-sys\n  pkgs.zlib\n]');
  });
  it('parenthesises function applications inside lists and arguments', () => {
    assert.equal(print(list([raw('craneLib.fileset.commonCargoSources ./.'), raw('./assets')])), '[\n  (craneLib.fileset.commonCargoSources ./.)\n  ./assets\n]');
    assert.equal(print(call('f', call('g', raw('x')))), 'f (g x)');
  });
  it('prints multi-line comments as one # line each', () => {
    assert.equal(print(attrs([kv('a', raw('1'), 'one\ntwo')])), '{\n  # one\n  # two\n  a = 1;\n}');
  });
  it('prints a multi-line istr as an indented string at the entry', () => {
    assert.equal(print(attrs([kv('postInstall', istr('a\nb\n'))])), "{\n  postInstall = ''\n    a\n    b\n  '';\n}");
    assert.equal(print(istr('one line')), '"one line"');
  });
  it("continues an interpolation printed over several lines at its line's indentation, as nixfmt does", () => {
    const hole = code`\n  ${print(call('lib.makeLibraryPath', list([raw('a'), raw('b')])), 2)}\n`;
    assert.equal(
      print(attrs([kv('postFixup', istrWith(['for f in x; do\n  patchelf --add-rpath "', '" "$f"\ndone\n'], [hole]))])),
      `{\n  postFixup = ''\n    for f in x; do\n      patchelf --add-rpath "\${\n        lib.makeLibraryPath [\n          a\n          b\n        ]\n      }" "$f"\n    done\n  '';\n}`,
    );
  });
});

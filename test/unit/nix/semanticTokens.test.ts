// Nix semantic tokens over real tree-sitter-nix parses: what each token is, and
// the LSP encoding's invariants (one line each, in order, no overlap) on every
// Nix file of the repository's fixtures.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { encodeTokens, nixTokens, TOKEN_MODIFIERS, TOKEN_TYPES, type NixToken } from '../../../server/src/lsp/nixSemanticTokens';
import { initParsers, parserSync } from '../../../server/src/parse/treeSitter';

const SAMPLE = `# a package
{ lib, rustPlatform, pkg-config, ... }@args:
let
  version = "0.1.0";
  name = "demo-\${version}";
  flags = [ "--release" ] ++ lib.optional true "-v";
in
rustPlatform.buildRustPackage (finalAttrs: {
  pname = "demo";
  inherit version;
  src = ./.;
  nixpkgs = <nixpkgs>;
  postInstall = ''
    echo \${finalAttrs.pname} > $out/name
  '';
  meta.mainProgram = if args ? x then null else 1.5;
  passthru = import ./tests.nix { } // builtins.mapAttrs (n: v: v) { };
})
`;

function tokens(text: string): (NixToken & { text: string })[] {
  const tree = parserSync('nix').parse(text)!;
  const lines = text.split('\n');
  try {
    return nixTokens(tree, text).map((t) => ({ ...t, text: lines[t.line]!.slice(t.character, t.character + t.length) }));
  } finally {
    tree.delete();
  }
}

const find = (ts: ReturnType<typeof tokens>, text: string, n = 0) => ts.filter((t) => t.text === text)[n];
const kind = (t: NixToken | undefined) => (t ? [t.type, ...t.modifiers].join('.') : 'none');

before(() => initParsers());

describe('Nix semantic tokens', () => {
  let ts: ReturnType<typeof tokens>;
  before(() => {
    ts = tokens(SAMPLE);
  });

  it('colours comments, keywords, strings, numbers, paths and operators', () => {
    assert.equal(kind(find(ts, '# a package')), 'comment');
    for (const k of ['let', 'in', 'inherit', 'if', 'then', 'else']) assert.equal(kind(find(ts, k)), 'keyword', k);
    assert.equal(kind(find(ts, '"0.1.0"')), 'string');
    assert.equal(kind(find(ts, '"--release"')), 'string');
    assert.equal(kind(find(ts, '1.5')), 'number');
    assert.equal(kind(find(ts, './.')), 'string');
    assert.equal(kind(find(ts, '<nixpkgs>')), 'string');
    for (const op of ['++', '//', '?']) assert.equal(kind(find(ts, op)), 'operator', op);
    assert.equal(kind(find(ts, 'null')), 'keyword.readonly');
    assert.equal(kind(find(ts, 'true')), 'keyword.readonly');
  });

  it('tells parameters, let variables, attributes and called functions apart', () => {
    assert.equal(kind(find(ts, 'lib')), 'parameter.declaration', 'a formal');
    assert.equal(kind(find(ts, 'args')), 'parameter.declaration', 'the @-pattern');
    assert.equal(kind(find(ts, 'finalAttrs')), 'parameter.declaration', 'a lambda argument');
    assert.equal(kind(find(ts, 'version')), 'variable.declaration', 'a let binding');
    assert.equal(kind(find(ts, 'pname')), 'property.declaration', 'an attribute set key');
    assert.equal(kind(find(ts, 'mainProgram')), 'property', 'the second part of a dotted key');
    assert.equal(kind(find(ts, 'buildRustPackage')), 'function', 'the selected attribute that is applied');
    assert.equal(kind(find(ts, 'rustPlatform', 1)), 'variable', 'the set it is selected from');
    assert.equal(kind(find(ts, 'optional')), 'function');
    assert.equal(kind(find(ts, 'import')), 'function.defaultLibrary');
    assert.equal(kind(find(ts, 'builtins')), 'namespace.defaultLibrary');
    assert.equal(kind(find(ts, 'version', 1)), 'variable', 'used inside an interpolation');
  });

  it('colours string literals around interpolations, and the code inside them as code', () => {
    assert.equal(kind(find(ts, '"demo-')), 'string');
    assert.equal(kind(find(ts, '"', 0)), 'string', 'the closing quote after ${version}');
    // The indented string spans lines: one token per line, the interpolation left to its own tokens.
    const line = SAMPLE.split('\n').findIndex((l) => l.includes('echo'));
    const onLine = ts.filter((t) => t.line === line);
    assert.deepEqual(
      onLine.map((t) => [t.text, kind(t)]),
      [
        ['    echo ', 'string'],
        ['finalAttrs', 'variable'],
        ['pname', 'property'],
        [' > $out/name', 'string'],
      ],
    );
  });

  it('encodes relative positions, type indices and modifier bits', () => {
    const few = tokens('{ a = 1; }\n# c\n');
    const data = encodeTokens(few);
    assert.deepEqual(data, [
      0,
      2,
      1,
      TOKEN_TYPES.indexOf('property'),
      1 << TOKEN_MODIFIERS.indexOf('declaration'),
      0,
      4,
      1,
      TOKEN_TYPES.indexOf('number'),
      0,
      1,
      0,
      3,
      TOKEN_TYPES.indexOf('comment'),
      0,
    ]);
  });

  it('counts in UTF-16 code units, like LSP positions', () => {
    const t = tokens('{ s = "😀é"; n = 2; }');
    assert.equal(find(t, '"😀é"')!.length, 5, 'the emoji is two code units');
    assert.equal(find(t, '2')!.character, '{ s = "😀é"; n = '.length);
  });

  it('on every Nix file of the fixtures: single-line, ordered, non-overlapping tokens, every # line coloured', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir)) {
        const p = join(dir, e);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.nix')) files.push(p);
      }
    };
    walk(join(__dirname, '..', '..', 'fixtures'));
    assert.ok(files.length > 20, `found ${files.length} .nix fixtures`);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const lines = text.split('\n');
      const ts = tokens(text);
      let prev = { line: -1, end: 0 };
      for (const t of ts) {
        assert.ok(t.length > 0 && t.character + t.length <= lines[t.line]!.length, `${f}: token within its line`);
        assert.ok(t.line > prev.line || t.character >= prev.end, `${f}:${t.line + 1}: tokens in order, not overlapping`);
        prev = { line: t.line, end: t.character + t.length };
      }
      // A line starting with # is a comment, or a line of a '' string (a test script): coloured either way.
      lines.forEach((l, i) => {
        const at = l.search(/\S/);
        if (l[at] !== '#') return;
        assert.ok(
          ts.some((t) => t.line === i && t.character <= at && at < t.character + t.length && (t.type === 'comment' || t.type === 'string')),
          `${f}:${i + 1}: # line coloured`,
        );
      });
    }
  });
});

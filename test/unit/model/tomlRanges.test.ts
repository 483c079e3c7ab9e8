import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { locateToml, SEP } from '../../../server/src/model/tomlRanges';
import { defaultCargoHome } from '../../../server/src/infer/registry';
import { loadTomlOracle, locateTomlByTreeSitter } from './tomlRangesOracle';

before(() => loadTomlOracle());

const repo = join(__dirname, '..', '..', '..');

/** Every *.toml below a folder (no node_modules, target or .git). */
function tomlFiles(dir: string, out: string[] = []): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== 'target' && e.name !== '.git') tomlFiles(join(dir, e.name), out);
    } else if (e.isFile() && e.name.endsWith('.toml')) out.push(join(dir, e.name));
  }
  return out;
}

/** The scanner's entries in order, as the tree-sitter walk's: key, ranges and the order `under` yields them. */
function assertSame(text: string, what: string): void {
  const got = [...locateToml(text).entries()].map(([k, v]) => [k.join('.'), v]);
  const want = [...locateTomlByTreeSitter(text)].map(([k, v]) => [k.split(SEP).join('.'), v]);
  assert.deepEqual(got, want, what);
}

const accepted = (text: string) => {
  try {
    parse(text);
    return true;
  } catch {
    return false;
  }
};

describe('TOML key ranges (scanner) equal tree-sitter-toml’s', () => {
  it('on every TOML file of the fixtures, the examples, the corpus and the cargo cache', () => {
    const roots = [join(repo, 'test', 'fixtures'), join(repo, 'examples'), join(repo, '..', 'shared', 'corpus'), join(defaultCargoHome(), 'registry', 'src')];
    let n = 0;
    for (const root of roots.filter((r) => existsSync(r))) {
      for (const f of tomlFiles(root)) {
        const text = readFileSync(f, 'utf8');
        if (!accepted(text)) continue;
        assertSame(text, f);
        n++;
      }
    }
    assert.ok(n > 50, `only ${n} TOML files compared`);
  });

  it('on the shapes a manifest can take', () => {
    const cases = [
      'a = 1',
      'a = 1   ',
      'a = 1 # c',
      'a = 1\n# trailing comment',
      'a = 1\n   ',
      '[t]\n',
      '[t]',
      '[t]\nx = 1\n\n# c\n\n[u]\ny = 2\n# end',
      '[t]\r\nx = "a"\r\n[u]\r\ny = 2\r\n',
      '[ a . "b.c" . \'d\' ]\n k . "e\\u0041" = { f = 1, g = { h = [1, 2], i = "j" } }\n',
      '[[bin]]\nname = "a"\n[[bin]]\nname = "b"\n[[bin]]\n',
      'x = """\n[not]\n"quoted" ""\n"""""\ny = \'\'\'\n[no]\n\'\'\'\'\'\n[t]\nz = 1\n',
      'x = [\n  "a", # c ]\n  [1, 2],\n  { p = "q" },\n]\n[t]\n',
      'x = "é ü" # ü\ny = { a = "é", b = 1 }\n',
      'x = { a = "é", b = "ü" }\n',
      '"é" = { "ü" = 2 }\n',
      'd = 1979-05-27 07:32:00Z\ne = 1979-05-27\nf = 07:32:00\ng = 1979-05-27T07:32:00.999-07:00\n',
      'n = -inf\nm = +1_000\nh = 0xDEAD_beef\nfl = 6.626e-34\nb = true\n',
      'x = "a\\"b"\ny = \'c\\\'\n',
      'a.b.c = 1\na.d = 2\n',
      '\n\n  \n[t]  # header comment\n\tx=1\n',
      "x = '''a''b'''\n",
      'x = """a""b\\"""c"""\n',
      'x = []\ny = {}\nz = [ ]\n',
      '\ufeff[package]\nname = "a"\n[dependencies]\nb = "1"\n',
      '\ufeffx = 1\n',
      '[t]\nx = 1\n# a\u2028b',
      '[t]\nx = 1\n# a\u2029b',
      '[dependencies]\nfoo = { version = "1", features = ["a"] }\n[target.\'cfg(unix)\'.dependencies]\nbar = "2"\n[dependencies.baz]\nversion = "3"\n',
    ];
    for (const c of cases) {
      assert.ok(accepted(c), `not TOML: ${JSON.stringify(c)}`);
      assertSame(c, JSON.stringify(c));
    }
  });

  it('ends on a string of ten million characters, past its closing quote', () => {
    // The regex scan of a string overflowed the stack at this length; four shapes, each with an escape.
    const long = 'a'.repeat(10_000_000);
    for (const [open, body, close] of [
      ['"', `\\"${long}`, '"'],
      ["'", long, "'"],
      ['"""', `\\"""\n${long}`, '"""'],
      ["'''", `'\n${long}`, "'''"],
    ] as const) {
      const text = `x = ${open}${body}${close}\n[t]\n`;
      const r = locateToml(text);
      assert.deepEqual(
        [...r.entries()].map(([k]) => k.join('.')),
        ['x', 't'],
        open,
      );
      const end = text.length - '\n[t]\n'.length;
      const lastLine = text.lastIndexOf('\n', end - 1) + 1;
      assert.deepEqual(r.get('x')?.valueRange.end, { line: text.slice(0, end).split('\n').length - 1, character: end - lastLine }, open);
    }
  });

  it('ends on text that is not TOML (a cut-off manifest), with what it located', () => {
    // Exact entries: what a half-typed manifest still gives the editor (an unclosed header or value included).
    const cases: [string, string[]][] = [
      ['[', []],
      ['[[', []],
      ['x = ', ['x']],
      ['x = "', ['x']],
      ['x = [1, ', ['x']],
      ['x = {', ['x']],
      ['= 1', []],
      ['"a', []],
      ['[t\n x = 1', ['t', 't.x']],
      ['x = """', ['x']],
      ['\u0000\u0001', []],
      ['a = 1 2 3\nb = 2', ['a', 'b']],
      ['x = 1\n[t', ['x', 't']],
      ['x = { a = 1', ['x', 'x.a']],
    ];
    for (const [c, want] of cases) {
      const got = [...locateToml(c).entries()].map(([k]) => k.join('.'));
      assert.deepEqual(got, want, JSON.stringify(c));
    }
    assert.deepEqual(locateToml('x = 1\n[t').get('x')?.valueRange, { start: { line: 0, character: 4 }, end: { line: 0, character: 5 } });
  });
});

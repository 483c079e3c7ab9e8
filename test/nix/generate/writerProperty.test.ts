// Property test of the Nix writer with real Nix: thousands of hostile values
// through every way text reaches generated code (strings, indented strings,
// attribute names, paths, interpolated strings, comments), one file evaluated
// by one nix-instantiate call, every value read back exactly.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  attrs,
  call,
  code,
  escapeString,
  file,
  interpolated,
  istr,
  istrWith,
  kv,
  list,
  name,
  NixValueError,
  pathExpr,
  print,
  raw,
  refString,
  str,
  textStr,
} from '../../../server/src/generate/nixWriter';
import { nixEvalFileJson, nixParse } from '../nix';
import { hostileText, samples } from './hostileValues';

const tmp = mkdtempSync(join(tmpdir(), 'nixify-writer-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Values per form; six forms, so the run feeds 6 × N values (N = 2,000 in CI: 12,000). */
const N = Number(process.env.NIXIFY_PROPERTY_VALUES ?? 2000);

describe('the Nix writer on hostile values (real nix-instantiate)', () => {
  it(`reads back ${N} values per form exactly: "…", ''…'', names, paths, interpolations, comments`, () => {
    const values = samples(hostileText(), N, 1919);
    const withNul = samples(hostileText({ nul: true }), N, 2020);
    const pathNames = values.filter((v) => v !== '' && v !== '.' && v !== '..' && !v.includes('/'));
    const expr = attrs([
      kv('s', list(values.map(str))),
      kv('i', list(values.map((v) => istr(v)))),
      kv('k', list(values.map((v, i) => attrs([kv(name(v), raw(code`${escapeString(String(i))}`))])))),
      kv('p', call('map toString', list(pathNames.map((v) => raw(pathExpr(`crates/${v}`)))))),
      kv('t', list(values.map((v, i) => raw(interpolated([v, values[(i + 1) % values.length]!], [code`toString 7`]))))),
      kv('ti', list(values.map((v, i) => istrWith([v, values[(i + 1) % values.length]!], [code`toString 7`])))),
      kv('r', list(values.map((v) => raw(refString(v, () => code`"R"`))))),
      // Comments everywhere an entry or a list item can carry one, NUL included: none may change the value.
      kv('c', attrs(withNul.map((v, i) => kv(name(`c${i}`), list([textStr(v)], [v]), v))), withNul[0]),
      { comment: withNul.join('\n') },
    ]);
    const f = join(tmp, 'values.nix');
    writeFileSync(f, file(expr, withNul.slice(0, 50).join('\r')));
    nixParse(f);
    const got = nixEvalFileJson(f) as Record<string, unknown>;
    assert.deepEqual(got.s, values);
    assert.deepEqual(got.i, values);
    assert.deepEqual(
      got.k,
      values.map((v, i) => ({ [v]: String(i) })),
    );
    assert.deepEqual(
      (got.p as string[]).map((p) => p.slice(p.indexOf('/crates/') + '/crates/'.length)),
      pathNames,
    );
    assert.deepEqual(
      got.t,
      values.map((v, i) => `${v}7${values[(i + 1) % values.length]}`),
    );
    assert.deepEqual(
      got.ti,
      values.map((v, i) => `${v}7${values[(i + 1) % values.length]}`),
    );
    // refString turns `${a.b}` holes into references; everything else is text.
    assert.deepEqual(
      got.r,
      values.map((v) => v.replace(/\$\{([A-Za-z_][\w'-]*(?:\.[A-Za-z_][\w'-]*)*)\}/g, 'R')),
    );
    assert.deepEqual(Object.keys(got.c as object).length, withNul.length);
    for (const [i, v] of withNul.entries()) assert.deepEqual((got.c as Record<string, unknown>)[`c${i}`], [v.replace(/\0/g, '')]);
  });

  it('refuses NUL in a string with a message that shows the value, and never emits it', () => {
    assert.throws(
      () => print(str('a\0b')),
      (e) => e instanceof NixValueError && /NUL/.test(e.message) && e.message.includes('a\\u0000b'),
    );
    assert.throws(() => print(istr('a\0b')), NixValueError);
  });

  it('comments cannot end early on CR, LF, U+2028/2029 or NEL', () => {
    for (const brk of ['\r', '\n', '\r\n', '\u2028', '\u2029', '\u0085', '\u000b', '\u000c']) {
      const text = print(attrs([kv('a', raw('1'), `license: Foo${brk}b = builtins.abort "x";`)]));
      assert.doesNotMatch(text, /^\s*b = /m, JSON.stringify(brk));
      assert.equal(
        text
          .split('\n')
          .filter((l) => l.includes('b = builtins'))
          .every((l) => l.trim().startsWith('#')),
        true,
      );
    }
  });
});

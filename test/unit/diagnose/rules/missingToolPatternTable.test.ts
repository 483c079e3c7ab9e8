// missing-tool joins its PATTERNS into one pre-test per line. A pattern that cannot join (a flag other than `i`, a
// backreference whose group number the join would change) used to throw when the module was imported, which broke
// every diagnosis, not only this rule's: it is now this test's finding, and the rule tries such a pattern apart.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LINE_GATE, PATTERNS, patternProblems, preTest } from '../../../../server/src/diagnose/rules/missingTool/patterns';

describe('missing-tool: the pattern table', () => {
  it('every pattern joins the pre-test (no flag but i, no backreference in a joined expression)', () => {
    assert.deepEqual(patternProblems(PATTERNS), []);
  });

  it('a pattern that cannot join is named, and still found by the pre-test (tried apart, every line alike)', () => {
    const bad = [{ re: /make: (\w+): \1 not found/ }, { re: /is `(\w+)` not installed\?/g, hint: 'not installed?' }, { re: /command not found: (\w+)/ }];
    assert.equal(patternProblems(bad).length, 2);
    const test = preTest(bad);
    assert.equal(test('make: go: go not found'), true);
    // A global expression's lastIndex does not carry over: the same line matches twice in a row.
    assert.equal(test('is `cmake` not installed?'), true);
    assert.equal(test('is `cmake` not installed?'), true);
    assert.equal(test('command not found: protoc'), true);
    assert.equal(test('Compiling foo v0.1.0'), false);
  });

  it('a hint stands for its pattern only when the pattern is case-sensitive; an empty table matches nothing', () => {
    assert.deepEqual(patternProblems([{ re: /(a)\1/, hint: 'aa' }]), []);
    assert.equal(patternProblems([{ re: /(a)\1/i, hint: 'aa' }]).length, 1);
    assert.equal(preTest([])('anything'), false);
  });

  // A hint is a promise: a line without any of its words is never tried against the pattern. Every alternative of
  // the patterns whose hint is a list, in its own words, and every line of the corpus and of the fixture logs
  // (not the held-out rounds) that a hinted pattern matches, holds one of its words.
  it("every match of a hinted pattern holds one of the hint's words", () => {
    const words = (h: string | readonly string[]) => (typeof h === 'string' ? [h] : h);
    const samples = [
      'Could not find `protoc` installation and this build crate cannot proceed without',
      'it, you can set the `PROTOC` environment variable with the specific path to your',
      'failed to invoke protoc (hint: https://docs.rs/prost-build/#sourcing-protoc): No such file or directory (os error 2)',
      'Failed to find the protoc binary. The PROTOC environment variable is not set, there is no bundled protoc',
      'failed to execute command: No such file or directory (os error 2) is `cmake` not installed?',
      'Missing dependency: cmake',
      "Unable to find libclang: \"couldn't find any valid shared libraries matching: ['libclang.so']\"",
      'Error configuring OpenSSL build:',
      "Can't locate FindBin.pm in @INC (you may need to install the FindBin module)",
      'failed to execute "perl": No such file or directory (os error 2)',
      'error: could not exec the linker `cc`: No such file or directory (os error 2)',
      "error: linker 'cc' not found",
    ];
    const lines = [...samples];
    const walk = (d: string): void => {
      if (!existsSync(d)) return;
      for (const f of readdirSync(d)) {
        const p = join(d, f);
        if (statSync(p).isDirectory()) {
          if (f !== 'heldout') walk(p);
        } else if (f.endsWith('.log')) lines.push(...readFileSync(p, 'utf8').split('\n'));
      }
    };
    const root = join(__dirname, '..', '..', '..', '..');
    walk(join(root, '..', 'shared', 'corpus', 'logs'));
    walk(join(root, 'test', 'fixtures', 'logs'));
    let matched = 0;
    for (const p of PATTERNS) {
      const re = new RegExp(p.re.source, p.re.flags.replace(/[gy]/g, ''));
      if (!p.hint) {
        for (const l of lines) if (re.test(l)) assert.ok(LINE_GATE.test(l), `the rule's first test lets through what ${p.re} matches: ${l}`);
        continue;
      }
      for (const l of lines) {
        if (!re.test(l)) continue;
        matched++;
        assert.ok(LINE_GATE.test(l), `the rule's first test lets through what ${p.re} matches: ${l}`);
        assert.ok(
          words(p.hint).some((w) => l.includes(w)),
          `${p.re} matches a line with none of ${JSON.stringify(p.hint)}: ${l}`,
        );
      }
    }
    for (const s of samples) {
      assert.ok(
        PATTERNS.some((p) => p.hint && p.re.test(s)),
        `a hinted pattern matches ${s}`,
      );
      assert.ok(preTest(PATTERNS)(s), `the pre-test passes ${s}`);
    }
    assert.ok(matched >= samples.length, `${matched} matches checked`);
  });
});

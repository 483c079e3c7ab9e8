// missing-tool joins its PATTERNS into one pre-test per line. A pattern that cannot join (a flag other than `i`, a
// backreference whose group number the join would change) used to throw when the module was imported, which broke
// every diagnosis, not only this rule's: it is now this test's finding, and the rule tries such a pattern apart.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PATTERNS, patternProblems, preTest } from '../../../../server/src/diagnose/rules/missingTool';

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
});

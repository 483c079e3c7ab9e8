// ofborg's report of a `passthru.tests` it could not instantiate (`Cannot nix-instantiate \`x.passthru.tests' because:`
// and the error under it, to a blank line) is a probe of an optional attribute, not the failure: the package's own build
// follows (round132 xa04). The same report of the package itself, or an evaluation error after the blank line, is still read.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Diagnoser } from '../../../../server/src/diagnose/diagnoser';
import { categories, heldout } from './helpers';

const probe = (attr: string, after: string[] = []) => [`Cannot nix-instantiate \`${attr}' because:`, `error: attribute 'tests' in selection path '${attr}' not found`, '', ...after].join('\n');

describe('eval-error: ofborg’s probe of passthru.tests', () => {
  it('round132 xa04 → no eval-error', () => {
    assert.ok(!categories(heldout(132, 'xa04.log')).includes('eval-error'));
  });

  it('either quoting ofborg has used → no eval-error', () => {
    assert.ok(!categories(probe('demo.passthru.tests')).includes('eval-error'));
    assert.ok(!categories(probe('demo.passthru.tests').replace("tests'", 'tests`')).includes('eval-error'));
  });

  it('the package itself not instantiable → eval-error', () => {
    assert.deepEqual(categories(probe('demo')), ['eval-error']);
  });

  it('an evaluation error after the probe’s blank line → eval-error', () => {
    assert.deepEqual(categories(probe('demo.passthru.tests', ["error: undefined variable 'foo'"])), ['eval-error']);
  });

  it('an evaluation error after the probe’s blank line → eval-error, read from bytes too (the blank line ends the probe)', () => {
    const d = new Diagnoser();
    d.push(Buffer.from(`${probe('demo.passthru.tests', ["error: undefined variable 'foo'"])}\n`));
    assert.deepEqual(
      d.end().map((x) => x.category),
      ['eval-error'],
    );
  });
});

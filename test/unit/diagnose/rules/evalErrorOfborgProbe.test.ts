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

  it('the probe’s block ends at its first line that is not Nix’s (no blank line after it, as round132 xa04 shows), whose error is read', () => {
    const text = [`Cannot nix-instantiate \`demo.passthru.tests' because:`, "error: attribute 'tests' in selection path 'demo.passthru.tests' not found", "error: undefined variable 'foo'", ''].join(
      '\n',
    );
    assert.deepEqual(categories(text), ['eval-error']);
    const d = new Diagnoser();
    d.push(Buffer.from(text));
    assert.deepEqual(
      d.end().map((x) => x.category),
      ['eval-error'],
    );
  });

  it('Nix 2.20+’s block under the probe, blank lines between its frames, is all the probe’s → no eval-error', () => {
    const text = [
      `Cannot nix-instantiate \`demo.passthru.tests' because:`,
      'error:',
      "       … while evaluating the attribute 'passthru.tests'",
      '         at /nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-source/pkgs/demo/package.nix:9:3:',
      '',
      "       error: attribute 'nixos' missing",
      '',
      "building '/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-demo-0.1.0.drv'...",
      '',
    ].join('\n');
    assert.ok(!categories(text).includes('eval-error'));
  });
});

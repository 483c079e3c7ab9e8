// The Rust toolchain's make-based build (mk/tests.mk, before x.py) ran each crate's suite as a make target
// `check-stage<N>-T-<target>-H-<host>-<crate>`, and make names it right after libtest's summary when it fails. Those are
// rustc's own tests (round28 s01: nixpkgs' 2016 rustc on darwin), no package's check phase and no checkFlags' skip.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';

const ROUND28 = join(__dirname, '..', '..', '..', 'fixtures', 'logs', 'heldout', 'round28');
const suite = (after: string[]) =>
  [
    'running 3 tests',
    'test io::tests::read ... ok',
    'test net::tcp::tests::connect ... FAILED',
    '',
    'failures:',
    '    net::tcp::tests::connect',
    '',
    'test result: FAILED. 2 passed; 1 failed; 0 ignored; 0 measured',
    ...after,
  ].join('\n');

describe("test-failure: the toolchain's own suite in its make-based build is no package's", () => {
  it("round 28's s01 → no diagnosis", () => {
    assert.deepEqual(diagnoseText(readFileSync(join(ROUND28, 's01.log'), 'utf8')), []);
  });

  it("make's `recipe for target` / `make: ***` line naming a check-stage target drops the failures above", () => {
    for (const make of [
      "/build/rustc-1.9.0-src/mk/tests.mk:447: recipe for target 'tmp/check-stage2-T-x86_64-unknown-linux-gnu-H-x86_64-unknown-linux-gnu-std.ok' failed",
      'make: *** [tmp/check-stage1-T-i686-unknown-linux-gnu-H-i686-unknown-linux-gnu-collections.ok] Error 101',
    ]) {
      assert.deepEqual(diagnoseText(suite([' ', make])), [], make);
    }
  });

  it("a package's suite, then cargo's rerun line or anything else, is still the package's, with the same fix", () => {
    for (const after of [[], ['error: test failed, to rerun pass `--lib`'], ['', 'make: *** [Makefile:12: test] Error 101']]) {
      assert.deepEqual(
        diagnoseText(suite(after)).map((d) => [d.category, d.fixes]),
        [['test-failure', [{ kind: 'skip-tests', tests: ['net::tcp::tests::connect'] }]]],
        after.join('|'),
      );
    }
  });
});

// Cargo's rust-version check (cargo 1.56–1.7x: `error: package \`builtin v0.0.0 (/build/source/crates/builtin)\` cannot
// be built because it requires rustc 1.65 or newer, while the currently active rustc version is 1.62.0`) cut inside or
// just after the package's id. Cargo 1.95 here words the check anew (`rustc 1.95.0 is not supported by the following
// package:`) and reports a `links` key without a build script under `failed to parse manifest` with no id, so a
// headline naming a whole id (`name vX.Y.Z (source)`) is this check's. Round 27's r05 is cut inside the id.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';

const ROUND27 = join(__dirname, '..', '..', '..', 'fixtures', 'logs', 'heldout', 'round27');
const window = (last: string) =>
  [
    "error: builder for '/nix/store/0k4q7d3m9x2v6b1n5c8z4p7r2s6t3w9y-demo-0.1.0.drv' failed with exit code 101;",
    '       last 3 log lines:',
    '       > Executing cargoBuildHook',
    '       > cargo build -j 4 --target x86_64-unknown-linux-gnu --frozen --release',
    `       > ${last}`,
  ].join('\n');
const summary = (log: string) => diagnoseText(log).map((d) => [d.category, d.fixes.map((f) => f.kind)]);

describe("rustc-too-old: cargo's rust-version headline cut at the package's id", () => {
  it("round 27's r05: cut inside the id's source path", () => {
    assert.deepEqual(summary(readFileSync(join(ROUND27, 'r05.log'), 'utf8')), [['rustc-too-old', ['rust-toolchain']]]);
  });

  it("cargo's sentence cut after the id, after `cannot`, after `cannot be`", () => {
    for (const cut of [
      'error: package `builtin v0.0.0 (/build/source/crates/builtin)`',
      'error: package `clap v4.5.0` cannot',
      'error: package `clap v4.5.0` cannot be',
      'error: package `builtin v0.0.0 (/build/sou',
    ]) {
      const d = diagnoseText(window(cut));
      assert.deepEqual(
        d.map((x) => [x.category, x.details?.package]),
        [['rustc-too-old', cut.includes('clap') ? 'clap v4.5.0' : 'builtin v0.0.0']],
        cut,
      );
    }
  });

  it('not a bare name (`cannot be tested …` names the package so), nor an id followed by other words', () => {
    assert.deepEqual(summary(window('error: package `builtin`')), []);
    const links = summary(window('error: package `builtin v0.0.0 (/build/source)` specifies that it links to `z` but does not have a custom build script'));
    assert.ok(!links.some(([c]) => c === 'rustc-too-old'));
  });
});

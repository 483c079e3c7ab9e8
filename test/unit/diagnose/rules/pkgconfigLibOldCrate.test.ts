// The pkg-config crate ≤ 0.3.20 without pkg-config on PATH (its lib.rs at the 0.3.14–0.3.20 tags): Display
// `Failed to run \`"pkg-config" "--libs" "--cflags" "alsa"\`: No such file or directory (os error 2)`, derived
// Debug (0.3.15–0.3.20, what unwrap() prints) `Command { command: "\"pkg-config\" …", cause: Os { … NotFound … } }`.
// Debian has only 0.3.25 here, so the lines are the crate's format strings around cargo's real framing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';

const script = (panic: string) =>
  [
    'error: failed to run custom build command for `alsa-sys v0.1.2`',
    '',
    'Caused by:',
    "  process didn't exit successfully: `/build/source/target/release/build/alsa-sys-0a1b2c3d4e5f6789/build-script-build` (exit code: 101)",
    '--- stderr',
    `thread 'main' panicked at ${panic}`,
  ].join('\n');

const outcome = (text: string) => diagnoseText(text).map((d) => [d.category, d.fixes]);
const FIX = [['pkgconfig-lib', [{ kind: 'add-inputs', nativeBuildInputs: ['pkg-config'], buildInputs: ['alsa-lib'] }]]];

describe('pkgconfig-lib: the pkg-config crate ≤ 0.3.20 without pkg-config', () => {
  it("unwrap()'s Debug names the module and NotFound → pkg-config and the library (not a program missing-tool cannot name)", () => {
    const log = script(
      '\'called `Result::unwrap()` on an `Err` value: Command { command: "\\"pkg-config\\" \\"--libs\\" \\"--cflags\\" \\"alsa\\"", cause: Os { code: 2, kind: NotFound, message: "No such file or directory" } }\', src/libcore/result.rs:1165:5',
    );
    assert.deepEqual(outcome(log), FIX);
  });

  it("the Display in an expect()'s words → the same", () => {
    assert.deepEqual(outcome(script('\'Failed to run `"pkg-config" "--libs" "--cflags" "alsa"`: No such file or directory (os error 2)\', build.rs:5:5')), FIX);
  });

  it('the same Debug for another program (a build script running git) → missing-tool git, not the field name `cause`', () => {
    const log = script(
      '\'called `Result::unwrap()` on an `Err` value: Command { command: "\\"git\\" \\"submodule\\" \\"update\\" \\"--init\\"", cause: Os { code: 2, kind: NotFound, message: "No such file or directory" } }\', build.rs:12:10',
    );
    assert.deepEqual(outcome(log), [['missing-tool', [{ kind: 'add-inputs', nativeBuildInputs: ['git'] }]]]);
  });
});

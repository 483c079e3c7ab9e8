// A build script that could not run a library's own configuration program (wx-config) and says so without std's
// error: the program, added where programs go. Wordings from espanso-modulo's build.rs (its Linux build_native):
// before 2024 `\`wx-config\` cannot be executed`, since then `cannot execute wx-config or wx-config-gtk3 or wx-config-qt`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const summary = (text: string) => diagnoseText(text).map((d) => [d.category, d.details?.tool, d.fixes]);
const WX = [['missing-tool', 'wx-config', [{ kind: 'add-inputs', nativeBuildInputs: ['wxGTK32'] }]]];

describe('missing-tool: a library configuration program a build script cannot execute', () => {
  it("espanso-modulo's `wx-config` cannot be executed (round173 yp01, a real nixpkgs build) → wxGTK32 in nativeBuildInputs", () => {
    assert.deepEqual(summary(heldout(173, 'yp01.log')), WX);
  });

  it("the script's newer sentence listing the names it tried → the first, the usual one", () => {
    const log = ["  thread 'main' panicked at espanso-modulo/build.rs:470:9:", '  wxWidgets is not installed, cannot execute wx-config or wx-config-gtk3 or wx-config-qt'].join('\n');
    assert.deepEqual(summary(log), WX);
  });

  it('prose about something that cannot be executed, and a shell refusing a foreign binary, say nothing', () => {
    for (const t of [
      'Tasks prefixed with `_` cannot be executed directly',
      'Without credentials, `terraform plan` and `terraform apply` cannot be executed.',
      '`DISCARD ALL` cannot be executed inside a transaction block.',
      'bash: ./target/release/foo: cannot execute binary file: Exec format error',
    ]) {
      assert.deepEqual(diagnoseText(t), [], t);
    }
  });
});

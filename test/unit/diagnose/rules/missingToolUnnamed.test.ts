// rustc's missing linker as pasted with other quotes, and a build script unwrapping std's NotFound for a
// program it runs (round10 a15, a08; a real cargo 1.95 build script without git).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import type { Diagnostic } from '../../../../server/src/diagnose/types';
import { heldout, wordingSource as source } from './helpers';

const summary = (ds: Diagnostic[]) => ds.map((d) => [d.category, d.fixes]);

describe('missing-tool: rustc’s linker, and a build script’s unnamed spawn failure', () => {
  it('round10 a15: `linker `cc` not found` quoted in an issue’s text with single quotes → gcc', () => {
    assert.deepEqual(summary(diagnoseText(heldout(10, 'a15-missing-tool-linker-cc-dev-shell-one-line-stash.log'))), [['missing-tool', [{ kind: 'add-inputs', nativeBuildInputs: ['gcc'] }]]]);
    for (const line of ['error: linker ‘cc’ not found', 'error: could not exec the linker "cc"']) {
      assert.deepEqual(summary(diagnoseText(line)), [['missing-tool', [{ kind: 'add-inputs', nativeBuildInputs: ['gcc'] }]]], line);
    }
  });

  it('round10 a08 and a real cargo 1.95 build script without git: std’s NotFound unwrapped in a build script → missing-tool naming the script’s line, no program guessed', () => {
    for (const [log, where] of [
      [heldout(10, 'a08-missing-tool-build-rs-spawn-notfound-git-nixos-rebuild-lan-mouse.log'), 'build.rs:11:10'],
      [source('s48-build-script-unwrap-notfound.log'), 'build.rs:3:72'],
      [source('s49-build-script-unwrap-notfound-before-1.73.log'), 'build.rs:3:72'],
    ] as const) {
      const ds = diagnoseText(log);
      assert.deepEqual(summary(ds), [['missing-tool', []]]);
      assert.equal(ds[0]!.details?.buildScript, where);
    }
  });

  it('the same error from a program’s own main (a test binary, `Error: Os { … NotFound … }`) is no build script’s', () => {
    const log = [
      'running 1 test',
      'Error: Os { code: 2, kind: NotFound, message: "No such file or directory" }',
      "thread 'main' panicked at src/main.rs:3:5:",
      'called `Result::unwrap()` on an `Err` value: Os { code: 2, kind: NotFound, message: "No such file or directory" }',
    ].join('\n');
    assert.ok(!diagnoseText(log).some((d) => d.category === 'missing-tool'));
  });
});

// ring ≤ 0.16's build script (and those that copied its run_command) panics `failed to execute [{:?}]: {}` with the
// Command's Debug (`"musl-gcc" "-O3" …`; Rust ≥ 1.7x puts set variables first, `CFLAGS="-O2" "musl-gcc" …`) and std's
// spawn error: the program is the first quoted word. Round21 l15 (nixpacks, ring for x86_64-unknown-linux-musl
// spawning musl-gcc) and real cargo 1.95 output of a build script panicking the same way.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout, wordingSource } from './helpers';

const summary = (text: string) => diagnoseText(text).map((d) => [d.category, d.fixes]);
const MUSL = [['missing-tool', [{ kind: 'add-inputs', nativeBuildInputs: ['musl.dev'] }]]];

describe('missing-tool: a build script panicking with the Command it could not spawn', () => {
  it('round21 l15: ring 0.16 spawning musl-gcc → musl.dev (nixpkgs moves musl-gcc to its dev output)', () => {
    assert.deepEqual(summary(heldout(21, 'l15.log')), MUSL);
  });

  it('c195-build-script-spawn-debug-command-not-found.log (real cargo 1.95, a variable before the program) → the same', () => {
    assert.deepEqual(summary(wordingSource('c195-build-script-spawn-debug-command-not-found.log')), MUSL);
  });

  it('the program given by path, and a program nixpkgs names otherwise (nasm, as ring runs it for Windows targets)', () => {
    assert.deepEqual(summary('failed to execute ["/usr/bin/nasm" "-o" "out.o"]: No such file or directory (os error 2)\n'), [['missing-tool', [{ kind: 'add-inputs', nativeBuildInputs: ['nasm'] }]]]);
  });

  it('the program ran and failed (`execution failed`), or another error than a missing program: no missing tool', () => {
    assert.deepEqual(summary("thread 'main' panicked at 'execution failed', build.rs:656:9\n"), []);
    assert.deepEqual(summary('failed to execute ["musl-gcc" "-c" "x.S"]: Permission denied (os error 13)\n'), []);
  });
});

// Rounds 114–129's over-claims and wrong categories by mechanism, against real cargo/rustc 1.95 output
// (wordings/sources/c195-*, a project in a temporary directory, its path replaced by /home/user/demo) and the rounds' logs:
// a standard-library item rustc cannot find (round121 wp05: `core::arch::naked_asm` on an older std) is the toolchain's
// age, unless a per-crate builder compiled it (round128 ww06: anyhow's backtrace probe under buildRustCrate) or the item
// is a platform module / cfg'd out of this target; a build script saying it could not set the variable an `env!` then
// misses (round114 wi05, vergen without `.git`); LLVM's assembler errors with no Rust span (round120 wo04); cargo's
// closing line alone with no target named (round116 wk02); a test failing on two glibcs mixed (round129 wx07).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout, wordingSource } from './helpers';

const read = (text: string) => diagnoseText(text).map((d) => [d.category, d.confidence, d.fixes.map((f) => f.kind)]);

describe('rustc-too-old: a standard-library item rustc cannot find', () => {
  for (const [name, log] of [
    ['round121 wp05 (E0433 could not find `naked_asm` in `arch`)', heldout(121, 'wp05.log')],
    ['real rustc 1.95, E0433 `cannot find` with core::arch in the source line', wordingSource('c195-std-item-e0433-core-arch.log')],
    ['real rustc 1.95, E0432 unresolved import of a std module', wordingSource('c195-std-item-e0432-std-module.log')],
    ['real rustc 1.95, E0425 a function in module std::iter', wordingSource('c195-std-item-e0425-std-function.log')],
  ] as const)
    it(`${name} → rustc-too-old, likely, rust-toolchain`, () => {
      assert.deepEqual(read(log), [['rustc-too-old', 'likely', ['rust-toolchain']]]);
    });

  it('rustc suggesting a name one edit away (real rustc 1.95: `HashMapp`, `spin_lopp`, `backtrac`) → a misspelling, the code’s error; further away (`repeat_n_new` → `repeat_n`) the toolchain’s, the message saying both', () => {
    const log = [
      '   Compiling ty v0.1.0 (/build/ty)',
      'error[E0432]: unresolved import `std::collections::HashMapp`',
      ' --> src/main.rs:1:5',
      '  |',
      '1 | use std::collections::HashMapp;',
      '  |     ^^^^^^^^^^^^^^^^^^^^^^^^^^ no `HashMapp` in `collections`',
      '  |',
      'help: a similar name exists in the module',
      '  |',
      '1 - use std::collections::HashMapp;',
      '1 + use std::collections::HashMap;',
      '  |',
      '',
      'error: could not compile `ty` (bin "ty") due to 1 previous error',
    ].join('\n');
    assert.deepEqual(read(log), [['rust-compile-error', 'certain', []]]);
    for (const n of ['c195-std-item-e0425-misspelt.log', 'c195-std-item-e0432-misspelt.log']) assert.deepEqual(read(wordingSource(n)), [['rust-compile-error', 'certain', []]], n);
    const [d] = diagnoseText(wordingSource('c195-std-item-e0425-std-function.log'));
    assert.equal(d?.category, 'rustc-too-old');
    assert.match(d!.message, /or the name is misspelt \(rustc suggests a similar one\)\.$/);
    assert.doesNotMatch(diagnoseText(wordingSource('c195-std-item-e0433-core-arch.log'))[0]!.message, /misspelt/);
  });

  it('a platform module cfg-d out of this target (real rustc 1.95: std::os::windows on Linux) stays the code’s', () => {
    assert.deepEqual(read(wordingSource('c195-std-item-e0433-platform-module.log')), [['rust-compile-error', 'certain', []]]);
  });

  it('round128 ww06: under buildRustCrate (a per-crate derivation) → nothing (the builder’s cfgs), not the code’s either', () => {
    assert.deepEqual(read(heldout(128, 'ww06.log')), []);
  });

  it('the crate’s own path of the same name (no std root in the source line) stays the code’s', () => {
    const log = [
      'demo> error[E0433]: failed to resolve: could not find `naked_asm` in `arch`',
      'demo>  --> src/main.rs:2:17',
      'demo>   |',
      'demo> 2 |     crate::arch::naked_asm!("nop");',
      'demo>   |                 ^^^^^^^^^ could not find `naked_asm` in `arch`',
      'demo> ',
    ].join('\n');
    assert.deepEqual(read(log), [['rust-compile-error', 'certain', []]]);
  });
});

describe('rust-compile-error: errors that are not the package’s code', () => {
  it('real cargo 1.95 and round114 wi05: env! of a variable the build script just said it could not set → nothing', () => {
    assert.deepEqual(read(wordingSource('c195-env-unset-by-build-script.log')), []);
    assert.deepEqual(read(heldout(114, 'wi05.log')), []);
    // With no build script's word about the variable, rustc's error is the code's.
    const bare = wordingSource('c195-env-unset-by-build-script.log').replace(/^.*Unable to set.*\n/gm, '');
    assert.deepEqual(read(bare), [['rust-compile-error', 'certain', []]]);
  });

  it('a warning naming the variable that is rustc’s own (its span on the next line), not a build script’s relay → the code’s error', () => {
    const lint = wordingSource('c195-env-unset-by-build-script.log')
      .replace(/^.*Unable to set.*\n/gm, '')
      .replace('demo> error: environment variable', 'demo> warning: constant `DEMO_GIT_DESCRIBE` is never used\ndemo>  --> src/main.rs:1:7\ndemo> error: environment variable');
    assert.deepEqual(read(lint), [['rust-compile-error', 'certain', []]]);
    // cargo < 1.75's relay, the bare message with no span after it → nothing, as the relayed form.
    const old = wordingSource('c195-env-unset-by-build-script.log').replace(/warning: demo@0\.1\.0: /g, 'warning: ');
    assert.deepEqual(read(old), []);
  });

  it('LLVM assembler errors with no Rust span (real rustc 1.95 global_asm!, round120 wo04) → nothing; an asm! with its span stays', () => {
    assert.deepEqual(read(wordingSource('c195-global-asm-unplaced.log')), []);
    assert.deepEqual(read(heldout(120, 'wo04.log')), []);
    assert.deepEqual(read(wordingSource('c195-inline-asm-own-span.log')), [['rust-compile-error', 'certain', []]]);
  });

  it('round116 wk02: cargo’s closing line naming no target, the derivation not named after the crate → nothing', () => {
    assert.deepEqual(read(heldout(116, 'wk02.log')), []);
  });
});

describe('test-failure: two glibcs mixed in a program a test runs', () => {
  it('round129 wx07 (symbol lookup error … version GLIBC_PRIVATE) → nothing', () => {
    assert.deepEqual(read(heldout(129, 'wx07.log')), []);
    // The same test failing on its own assertion is the test's.
    const own = heldout(129, 'wx07.log').replace(/symbol lookup error.*GLIBC_PRIVATE/, 'assertion failed');
    assert.deepEqual(
      read(own).map((x) => x[0]),
      ['test-failure'],
    );
  });
});

describe("test-failure: stdenv's install check failing", () => {
  it('round124 ws07 (`running install tests`, then the program’s `Error: …`) → test-failure, likely, doInstallCheck = false', () => {
    assert.deepEqual(
      diagnoseText(heldout(124, 'ws07.log')).map((d) => [d.category, d.confidence, d.fixes]),
      [['test-failure', 'likely', [{ kind: 'set-attr', name: 'doInstallCheck', nix: 'false' }]]],
    );
  });

  it('nixpkgs ≥ 23.05’s header; no error after it, or no build failed → nothing', () => {
    const log = (tail: string) =>
      `error: builder for '/nix/store/${'a'.repeat(32)}-demo-0.1.0.drv' failed with exit code 1;\n       last 3 log lines:\n       > Running phase: installCheckPhase\n${tail}`;
    assert.deepEqual(
      diagnoseText(log('       > Error: the installed demo exited 2\n')).map((d) => d.category),
      ['test-failure'],
    );
    assert.deepEqual(diagnoseText(log('       > checking the installed demo\n')), []);
    // The check passed and the next phase (stdenv's distPhase, after it) failed: not the check's.
    assert.deepEqual(diagnoseText(log('       > Running phase: distPhase\n       > Error: dist failed\n')), []);
    assert.deepEqual(diagnoseText('running install tests\nError: boom\n'), []);
    // round118 wm04's lines in a failed build: the error follows another phase's hook (postAutoPatchelf), not the check.
    const hook = `error: builder for '/nix/store/${'a'.repeat(32)}-foundry-0.0.0.drv' failed with exit code 1;\n${heldout(118, 'wm04.log')}`;
    assert.deepEqual(diagnoseText(hook), []);
  });
});

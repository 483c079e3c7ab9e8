// rustbuild (the Rust toolchain's own build) announces its steps in bootstrap's words (`Building stage1 tool X (target)`,
// `Copying stage2 library from stage1 (…)`, `Uplifting stage1 library (…)`, `Assembling stage1 compiler`): a log that
// shows them is that build, so an E0463 for std or a compile error there is neither a target the package's toolchain
// lacks nor the package's code (round20 k07: nixpkgs' cross rustc 1.68.2 building its rust-analyzer-proc-macro-srv).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const ERRORS = [
  "error[E0463]: can't find crate for `std`",
  '  |',
  '  = note: the `aarch64-unknown-linux-gnu` target may not be installed',
  '',
  'error: could not compile `libc` due to previous error',
];

describe('rustbuild’s own steps: the toolchain’s build, no package’s', () => {
  it('round20 k07 and round62 ui05 → nothing', () => {
    assert.deepEqual(diagnoseText(heldout(20, 'k07.log')), []);
    assert.deepEqual(diagnoseText(heldout(62, 'ui05.log')), []);
  });

  for (const step of [
    'Building stage2 tool rust-analyzer-proc-macro-srv (aarch64-unknown-linux-gnu)',
    'Building stage 2 tool cargo using stage 1 sysroot (aarch64-unknown-linux-gnu)',
    'Assembling stage1 compiler (x86_64-unknown-linux-gnu)',
    'Uplifting stage1 library (x86_64-unknown-linux-gnu -> aarch64-unknown-linux-gnu)',
    // Bootstrap since 2024 (round62 ui05).
    'Building tool llvm-bitcode-linker (stage0 -> stage1, x86_64-unknown-linux-gnu)',
    'Building stage1 compiler artifacts (stage0 -> stage1, x86_64-unknown-linux-gnu)',
    "Creating a sysroot for stage1 compiler (use `rustup toolchain link 'name' build/host/stage1`)",
  ]) {
    it(`\`${step.slice(0, 40)}…\` before the errors → nothing`, () => {
      assert.deepEqual(diagnoseText([step, '   Compiling libc v0.2.135', ...ERRORS].join('\n')), []);
    });
  }

  it('the same errors without rustbuild’s steps keep their reading (a package without the target)', () => {
    assert.deepEqual(
      diagnoseText(['   Compiling libc v0.2.135', ...ERRORS].join('\n')).map((d) => d.category),
      ['rust-target-missing'],
    );
    assert.deepEqual(
      diagnoseText('Building stage for the docs\n' + ['   Compiling libc v0.2.135', ...ERRORS].join('\n')).map((d) => d.category),
      ['rust-target-missing'],
    );
  });
});

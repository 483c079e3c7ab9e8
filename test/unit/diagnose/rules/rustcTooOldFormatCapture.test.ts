// rustc before 1.58 refusing an implicit capture in a literal format string (`there is no argument named`): the
// toolchain is older than the code; a 1.58+ rustc prints the words only for a macro-expanded format string, with notes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

// Real rustc 1.95, `rustc --edition 2021 m.rs` of `println!(concat!("{x}", "!"));` with `x` in scope.
const RUSTC_195_MACRO = `error: there is no argument named \`x\`
 --> m.rs:4:14
  |
4 |     println!(concat!("{x}", "!"));
  |              ^^^^^^^^^^^^^^^^^^^
  |
  = note: did you intend to capture a variable \`x\` from the surrounding scope?
  = note: to avoid ambiguity, \`format_args!\` cannot capture variables when the format string is expanded from a macro

error: aborting due to 1 previous error
`;

describe('rustc-too-old: an implicit format capture an older rustc refuses', () => {
  it('round174 yq02 (pgx-pg-sys 0.4.5 from the registry, four names) → rustc-too-old, Rust 1.58', () => {
    const ds = diagnoseText(heldout(174, 'yq02.log'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.fixes, d.details?.package, d.confidence]),
      [['rustc-too-old', [{ kind: 'rust-toolchain', rustVersion: '1.58' }], 'pgx-pg-sys', 'likely']],
    );
    assert.ok(ds[0]!.evidence.some((e) => e.includes('pgx-pg-sys-0.4.5/src/submodules/guard.rs:275:21')));
  });

  it('real rustc 1.95 on a macro-expanded format string (its capture notes) → the code’s compile error, no toolchain', () => {
    assert.deepEqual(
      diagnoseText(RUSTC_195_MACRO).map((d) => d.category),
      ['rust-compile-error'],
    );
  });
});

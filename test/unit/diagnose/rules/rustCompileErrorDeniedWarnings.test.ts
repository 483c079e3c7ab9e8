// A lint the crate's own `#![deny(warnings)]` made an error is code meeting a toolchain other than its authors' (the
// labelling guide's `other`), not an error in code the toolchain supports; `-D warnings` on the command line is left as it is.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const cats = (log: string) => diagnoseText(log).map((d) => d.category);

// Real rustc 1.95, `rustc w.rs` of `#![deny(warnings)]` over `fn main() { let x = 1; }`.
const RUSTC_195_DENY_ATTRIBUTE = `error: unused variable: \`x\`
 --> w.rs:3:9
  |
3 |     let x = 1;
  |         ^ help: if this is intentional, prefix it with an underscore: \`_x\`
  |
note: the lint level is defined here
 --> w.rs:1:9
  |
1 | #![deny(warnings)]
  |         ^^^^^^^^
  = note: \`#[deny(unused_variables)]\` implied by \`#[deny(warnings)]\`

error: aborting due to 1 previous error
`;
// Real rustc 1.95, `rustc -D warnings w2.rs` of the same function without the attribute.
const RUSTC_195_DENY_FLAG = `error: unused variable: \`x\`
 --> w2.rs:2:9
  |
2 |     let x = 1;
  |         ^ help: if this is intentional, prefix it with an underscore: \`_x\`
  |
  = note: \`-D unused-variables\` implied by \`-D warnings\`
  = help: to override \`-D warnings\` add \`#[allow(unused_variables)]\`

error: aborting due to 1 previous error
`;

describe('rust-compile-error: a lint made fatal by the crate’s own deny(warnings)', () => {
  it('round165 yh03 (`non_fmt_panic` under libflux’s `deny(warnings)`) → no rust-compile-error', () => {
    assert.deepEqual(cats(heldout(165, 'yh03.log')), []);
  });

  it('real rustc 1.95, `#![deny(warnings)]` → nothing claimed; `-D warnings` → still the code’s error', () => {
    assert.deepEqual(cats(RUSTC_195_DENY_ATTRIBUTE), []);
    assert.deepEqual(cats(RUSTC_195_DENY_FLAG), ['rust-compile-error']);
  });
});

// rustc's `couldn't read` of a file under cargo's target directory (a build script's OUT_DIR, `target/<profile>/build/
// <pkg>-<hash>/out/…`): the build's own output, which its build script did not write — never a file of src, nor an error
// of the code (the labelling guide's generated-file cases: `other`). Real cargo 1.95 of a crate whose `include_bytes!`
// reads `$OUT_DIR/policy.bpf` that its build script never writes (its directory replaced by `/build/source`), and
// round159 yb01 (crosvm's seccomp policies left unwritten by the environment's compiler flags).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

// Real cargo 1.95 output, inlined (a fixture file would change the joined logs markers.test.ts builds).
const REAL = [
  '   Compiling demo v0.1.0 (/build/source)',
  "error: couldn't read `/build/source/target/debug/build/demo-7144df01b6689c94/out/policy.bpf`: No such file or directory (os error 2)",
  ' --> src/main.rs:1:24',
  '  |',
  '1 | static POLICY: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/policy.bpf")); fn main() { println!("{}", POLICY.len()); }',
  '  |                        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
  '',
  'error: could not compile `demo` (bin "demo") due to 1 previous error',
].join('\n');
const summary = (text: string) => diagnoseText(text).map((d) => [d.category, d.fixes.map((f) => f.kind)]);

describe("rust-compile-error: a file of the build's own output is no src file", () => {
  it('real cargo 1.95, OUT_DIR never written → nothing (no include-in-src of target/…)', () => {
    assert.deepEqual(summary(REAL), []);
  });

  it('round159 yb01 (a cross target directory, the span in a generated file) → nothing', () => {
    assert.deepEqual(summary(heldout(159, 'yb01.log')), []);
  });

  it('the same read of a file in the source tree is still a file src dropped', () => {
    const own = REAL.replace(/target\/debug\/build\/demo-[0-9a-f]+\/out\/policy\.bpf/, 'policy/policy.bpf');
    assert.deepEqual(summary(own), [['rust-compile-error', ['include-in-src']]]);
  });
});

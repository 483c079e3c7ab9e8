// The cmake crate's spawn failure told by its panic's place (round146 xo01): cmake-rs' `run` spawns only cmake, so
// `failed to execute command: No such file or directory` located in the crate's own src/lib.rs is cmake missing,
// whether or not its next line (`is \`cmake\` not installed?`) is in view. The same words elsewhere name no program.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const summary = (text: string) => diagnoseText(text).map((d) => [d.category, d.fixes, d.confidence]);
const cmake = [['missing-tool', [{ kind: 'add-inputs', nativeBuildInputs: ['cmake'] }], 'certain']];

describe('missing-tool: the cmake crate’s spawn failure, by its panic’s place', () => {
  it('round146 xo01 (Rust ≥ 1.73: the place before the message, the message’s second line elided) → cmake', () => {
    assert.deepEqual(summary(heldout(146, 'xo01.log')), cmake);
  });

  it('Rust < 1.73: the place after cmake-rs’ fail() message, the hint line lost → cmake', () => {
    const log = [
      "  thread 'main' panicked at '",
      '  failed to execute command: No such file or directory (os error 2)',
      '',
      "  build script failed, must exit now', /home/user/.cargo/registry/src/github.com-1ecc6299db9ec823/cmake-0.1.48/src/lib.rs:975:5",
      '  note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace',
    ];
    assert.deepEqual(summary(log.join('\n')), cmake);
  });

  it('the same words at another crate’s or script’s place → not cmake', () => {
    for (const at of ["  thread 'main' panicked at build.rs:40:9:", "  thread 'main' panicked at /build/cargo-vendor-dir/cc-1.0.41/src/lib.rs:2480:5:"]) {
      const ds = diagnoseText([at, '  failed to execute command: No such file or directory (os error 2)'].join('\n'));
      assert.ok(!ds.some((d) => JSON.stringify(d.fixes).includes('cmake')), at);
    }
  });
});

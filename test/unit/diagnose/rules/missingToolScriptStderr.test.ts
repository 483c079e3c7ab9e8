// A build script's panic on std's unnamed NotFound whose cargo header (`failed to run custom build command for …`) a
// window cut: cargo's `--- stderr` section still says it is a build script's (cargo-util's ProcessError lists a
// process's captured output under `--- stdout`/`--- stderr`, which cargo captures for build scripts; rustc's output is
// streamed). Round13 d09 (rama-boring-sys' `build/main.rs`, vendored) and real cargo 1.95 with `build = "build/main.rs"`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout, wordingSource as source } from './helpers';

const read = (text: string) => diagnoseText(text).map((d) => [d.category, d.details?.buildScript]);
const REAL = source('c195-build-script-main-rs-unwrap-notfound.log').trimEnd().split('\n');

describe('missing-tool: a build script’s unnamed NotFound under cargo’s `--- stderr`', () => {
  it('round13 d09 (the header cut, the script at a vendored crate’s build/main.rs) → missing-tool, the script’s place named', () => {
    assert.deepEqual(read(heldout(13, 'd09-missing-tool-rama-boring-sys-boringssl-cmake-go-codex-flake.log')), [
      ['missing-tool', '/build/cargo-vendor-dir/rama-boring-sys-0.5.10/build/main.rs:680:37'],
    ]);
  });

  it('real cargo 1.95, `build = "build/main.rs"`: whole, and cut after cargo’s header (from `--- stderr` on) → the same', () => {
    assert.deepEqual(read(REAL.join('\n')), [['missing-tool', 'build/main.rs:2:81']]);
    const cut = REAL.slice(REAL.findIndex((l) => l.includes('--- stderr')));
    assert.doesNotMatch(cut.join('\n'), /custom build command/);
    assert.deepEqual(read(cut.join('\n')), [['missing-tool', 'build/main.rs:2:81']]);
  });

  it('the same panic without cargo’s report of a build script (a program’s own panic at a Rust file) → nothing guessed', () => {
    const panic = REAL.filter((l) => /panicked at|Result::unwrap/.test(l)).map((l) => l.replace(/^demo-sys>\s+/, ''));
    assert.equal(panic.length, 2);
    assert.deepEqual(read(panic.join('\n')), []);
  });
});

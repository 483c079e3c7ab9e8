// rustc killed by a signal (the OOM killer, a crash) or its wrapper panicking over it (nixpkgs' cargo-auditable:
// `rustc was terminated by a deadly signal`) printed no error of the code's: neither a compile error of the package
// nor, for a test target, tests that do not compile. cargo says it under `could not compile` as `Caused by:` and
// cargo-util's ProcessError (``process didn't exit successfully: `<rustc command>` (signal: 9, SIGKILL: kill)``); a
// paste may drop the long command. The cargo lines are real cargo 1.95 output: a RUSTC_WRAPPER that SIGKILLs itself
// for the crate (`cargo build`) or for its test target only (`cargo test --no-run`); the temporary directory is /build.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { categories, heldout } from './helpers';

const KILLED_CMD =
  '/build/killtest.sh /root/.rustup/toolchains/stable-x86_64-unknown-linux-gnu/bin/rustc --crate-name tc --edition=2024 src/lib.rs ' +
  '--error-format=json --json=diagnostic-rendered-ansi,artifacts,future-incompat --emit=dep-info,link -C embed-bitcode=no -C debuginfo=2 ' +
  "--test --check-cfg 'cfg(docsrs,test)' --check-cfg 'cfg(feature, values())' -C metadata=b54a88e99962414f -C extra-filename=-c4340e4f3157a841 " +
  '--out-dir /build/tc/target/debug/deps -C incremental=/build/tc/target/debug/incremental -L dependency=/build/tc/target/debug/deps ' +
  '--extern dep=/build/tc/target/debug/deps/libdep-9517d73897b5767e.rlib';
const TEST_KILLED = [
  '   Compiling tc v0.1.0 (/build/tc)',
  'error: could not compile `tc` (lib test)',
  '',
  'Caused by:',
  `  process didn't exit successfully: \`${KILLED_CMD}\` (signal: 9, SIGKILL: kill)`,
  'warning: build failed, waiting for other jobs to finish...',
];

describe('rust-compile-error / test-failure: rustc killed or its wrapper panicking is no error of the code', () => {
  it("round 34's z13: `could not compile` over a SIGKILL whose command the paste dropped → nothing claimed", () => {
    assert.deepEqual(categories(heldout(34, 'z13.log')), []);
  });

  it("round 38's k13: cargo-auditable's wrapper panicking (rustc killed) for a test target → no test failure", () => {
    assert.deepEqual(categories(heldout(38, 'k13.log')), []);
  });

  it('real cargo 1.95: the test target killed → nothing claimed, with or without the command in the paste', () => {
    assert.deepEqual(categories(TEST_KILLED.join('\n')), []);
    const elided = TEST_KILLED.map((l) => l.replace(/: `[^`]*`/, ''));
    assert.deepEqual(categories(elided.join('\n')), []);
  });

  it('the library killed, its command elided → nothing', () => {
    const lib = ['   Compiling tc v0.1.0 (/build/tc)', 'error: could not compile `tc` (lib)', '', 'Caused by:', "  process didn't exit successfully (signal: 9, SIGKILL: kill)"];
    assert.deepEqual(categories(lib.join('\n')), []);
  });

  it('a test target whose errors the window hid is still said, cut at its summary or followed by other lines', () => {
    assert.deepEqual(categories(TEST_KILLED.slice(0, 2).join('\n')), ['test-failure']);
    assert.deepEqual(
      categories([...TEST_KILLED.slice(0, 2), 'warning: build failed, waiting for other jobs to finish...', 'error: could not compile `tc` (lib) due to 2 previous errors'].join('\n')).includes(
        'test-failure',
      ),
      true,
    );
  });
});

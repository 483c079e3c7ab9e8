// Round18's category misses by mechanism: protoc-rust's `Protoc::version()` not finding protoc on PATH (i20), rustc
// without the target's std as mozbuild's configure logs it (i11), and cargo fetching a git dependency inside a Nix
// build whose cause the paste cut (i08). Variants: the protoc crate's own error shapes, real rustc 1.95's E0463
// (wordings/sources s81) behind mozbuild's prefix, and a real Nix 2.8 + cargo 1.95 build of a git dependency (s79).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout, wordingSource as source } from './helpers';

const summary = (text: string) => diagnoseText(text).map((d) => [d.category, d.fixes]);

describe('missing-tool: the protoc crate’s version check (protoc-rust, protoc-rust-grpc)', () => {
  const RUN =
    'Running rustc --crate-name build_script_build build.rs --crate-type bin --out-dir target/build/app --extern protoc_rust_grpc=/nix/store/f2q18n4d63jxrlj5s41ivgzz3ql88nn7-rust_protoc-rust-grpc-0.6.2-lib/lib/libprotoc_rust_grpc.rlib';
  const ADD = [['missing-tool', [{ kind: 'add-inputs', nativeBuildInputs: ['protobuf'] }]]];

  it('round18 i20 (cut after `error:`) → protobuf', () => {
    assert.deepEqual(summary(heldout(18, 'i20-missing-tool-protoc-not-found-crate2nix-build-script-protoc-rust-grpc.log')), ADD);
  });

  it('the whole Custom error (the spawn’s kind kept, its message `failed to spawn`) and the older Os form → protobuf', () => {
    const custom = `${RUN}\nthread 'main' panicked at 'protoc version: Custom { kind: NotFound, error: "failed to spawn \`\\"protoc\\" \\"--version\\"\`: No such file or directory (os error 2)" }', build.rs:4:5\n`;
    assert.deepEqual(summary(custom), ADD);
    const os = `${RUN}\nthread 'main' panicked at 'protoc version: Os { code: 2, kind: NotFound, message: "No such file or directory" }', build.rs:4:5\n`;
    assert.deepEqual(summary(os), ADD);
  });

  it('protoc found but failing (`Other`, the crate’s own errors) is not a missing protoc', () => {
    const other = `${RUN}\nthread 'main' panicked at 'protoc version: Custom { kind: Other, error: "protoc failed with error" }', build.rs:4:5\n`;
    assert.deepEqual(
      summary(other).filter(([c]) => c === 'missing-tool'),
      [],
    );
  });
});

describe('rust-target-missing: rustc’s E0463 for std as mozbuild’s configure logs it', () => {
  it('round18 i11 (pkgsCross spidermonkey, rustc 1.48) → the target the check asked for', () => {
    assert.deepEqual(summary(heldout(18, 'i11-rust-target-missing-e0463-std-pkgscross-spidermonkey-configure-rustc-check.log')), [
      ['rust-target-missing', [{ kind: 'rust-toolchain', targets: ['x86_64-unknown-linux-gnu'] }]],
    ]);
  });

  it('real rustc 1.95’s output behind `DEBUG: | ` with the command above → the same reading', () => {
    const err = source('s81-rustc-e0463-std-target-not-installed-staticlib.log').trimEnd().split('\n');
    const log = [
      'DEBUG: Executing: `/nix/store/wgy1kkbzi0ccm5zavxsnf9rhrhzlv30h-rustc-1.95.0/bin/rustc --crate-type staticlib --target=aarch64-unknown-linux-gnu -o /build/conftest.rlib /build/conftest.rs`',
      'DEBUG: The command returned non-zero exit status 1.',
      'DEBUG: Its error output was:',
      ...err.map((l) => `DEBUG: | ${l}`),
    ].join('\n');
    assert.deepEqual(summary(log), [['rust-target-missing', [{ kind: 'rust-toolchain', targets: ['aarch64-unknown-linux-gnu'] }]]]);
  });

  it('another rustc error behind the same prefix is not a missing target', () => {
    assert.deepEqual(summary('DEBUG: | error[E0308]: mismatched types\nDEBUG: |  --> /build/conftest.rs:1:20\n'), []);
  });
});

describe('git-deps: cargo fetching a git dependency inside a Nix build', () => {
  it('round18 i08 (dream2nix; the cause under `Caused by:` cut) → git-deps, no fix named', () => {
    assert.deepEqual(summary(heldout(18, 'i08-git-deps-dream2nix-failed-to-get-git-dependency-of-subdirectory-package.log')), [['git-deps', []]]);
  });

  it('real Nix 2.8 + cargo 1.95 (no retries): one git-deps with the cause in view, and the same when cut after `failed to get`', () => {
    const log = source('s79-cargo-git-dependency-no-retry-L.log');
    assert.deepEqual(summary(log), [['git-deps', []]]);
    const cut = log.split('\n').slice(0, 3).join('\n');
    assert.match(cut, /app> error: failed to get `hello` as a dependency of package/);
    const ds = diagnoseText(cut);
    assert.deepEqual(
      ds.map((d) => [d.category, d.details?.source]),
      [['git-deps', 'https://nixify-test.invalid/hello.git']],
    );
  });

  it('not cargo run outside a Nix build (no framing), nor a file:// repository (readable in the sandbox)', () => {
    const cut = source('s79-cargo-git-dependency-no-retry-L.log').split('\n').slice(1, 3);
    assert.deepEqual(summary(cut.map((l) => l.replace(/^app> /, '')).join('\n')), []);
    const file = source('s79-cargo-git-dependency-no-retry-L.log').split('\n').slice(0, 3).join('\n').replace('https://nixify-test.invalid/hello.git', 'file:///build/source/hello');
    assert.deepEqual(summary(file), []);
  });
});

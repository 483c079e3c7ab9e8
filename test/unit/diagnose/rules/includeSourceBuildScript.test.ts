// A source file the package's own build script hands a program (a .proto to protoc, a .c to cc), named by its
// absolute path under the unpacked source with the C library's `No such file or directory`: the src filter dropped
// it (round11 b16, crane's cleanCargoSource; real cargo 1.95 with protoc 3.21 and GCC).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import type { Diagnostic } from '../../../../server/src/diagnose/types';
import { heldout, wordingSource as source } from './helpers';

const summary = (ds: Diagnostic[]) => ds.map((d) => [d.category, d.fixes.map((f) => (f.kind === 'include-in-src' ? f.path : f.kind))]);

describe('rust-compile-error: a file the build script reads is missing from src', () => {
  it('round11 b16: protoc on proto/example.proto under crane → keep it in src', () => {
    assert.deepEqual(summary(diagnoseText(heldout(11, 'b16-src-filter-proto-file-missing-build-script-protoc-crane.log'))), [['rust-compile-error', ['proto/example.proto']]]);
  });

  it('real cargo 1.95: protoc 3.21 and GCC naming the missing source file', () => {
    assert.deepEqual(summary(diagnoseText(source('s54-build-script-protoc-source-missing.log'))), [['rust-compile-error', ['proto/example.proto']]]);
    assert.deepEqual(summary(diagnoseText(source('s55-build-script-cc-source-missing.log'))), [['rust-compile-error', ['csrc/shim.c']]]);
  });

  it('not a src filter’s doing: a registry or vendored crate’s build script, a path under target/, a file outside the source', () => {
    const block = (header: string, path: string) =>
      [
        `error: failed to run custom build command for \`${header}\``,
        '',
        'Caused by:',
        '  --- stderr',
        "  thread 'main' panicked at build.rs:11:9:",
        `  protoc failed: Could not make proto path relative: ${path}: No such file or directory`,
      ].join('\n');
    assert.deepEqual(diagnoseText(block('prost-demo v0.1.0', '/build/cargo-vendor-dir/prost-demo-0.1.0/proto/a.proto')), []);
    assert.deepEqual(diagnoseText(block('app v0.1.0 (/build/source)', '/build/source/target/release/build/app-1/out/a.proto')), []);
    assert.deepEqual(diagnoseText(block('app v0.1.0 (/build/source)', '/usr/include/google/protobuf/descriptor.proto')), []);
    // The same line with no build script failing around it (a test's output) is not read.
    assert.deepEqual(diagnoseText('Could not make proto path relative: /build/source/proto/a.proto: No such file or directory'), []);
  });
});

// A build script running `zig build` inside a Nix build, zig finding no build.zig in its working directory or any
// directory above it (zig's own words, stage1's and later: its build command walks up to the filesystem's root): the
// build's tree is the unpacked src, so the project's build.zig is what the src lacks. Round12 c23 (roc, crane) and the
// later zig wording under a Rust ≥ 1.73 panic, `-L` framed; not zig run by hand outside a build.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { placeDiagnostics } from '../../../../server/src/diagnose/place';
import { initParsers } from '../../../../server/src/parse/treeSitter';
import { heldout, ws } from './helpers';

before(async () => {
  await initParsers();
});

const read = (text: string) => diagnoseText(text).map((d) => [d.category, d.fixes, d.details?.missingFile]);
const C23 = heldout(12, 'c23-rust-compile-error-src-filter-build-zig-parent-dir-build-script-crane.log');
const LATER = [
  'error: failed to run custom build command for `roc_builtins v0.0.1 (/build/source/crates/compiler/builtins)`',
  '',
  'Caused by:',
  "  process didn't exit successfully: `/build/source/target/release/build/roc_builtins-4f1c/build-script-build` (exit status: 101)",
  '  --- stderr',
  '',
  "  thread 'main' (4021) panicked at crates/compiler/builtins/build.rs:60:9:",
  '  zig build failed:',
  "  info: initialize build.zig template file with 'zig init'",
  "  info: see 'zig --help' for more options",
  '  error: no build.zig file found, in the current directory or any parent directories',
];

describe('rust-compile-error: zig build finding no build.zig in the build’s src', () => {
  it('round12 c23 (stage1’s wording in a `last 10 log lines` tail) → rust-compile-error, the file src lacks named', () => {
    assert.deepEqual(read(C23), [['rust-compile-error', [], 'build.zig']]);
  });

  it('the later wording under cargo’s report, `-L` framed → the same; zig run by hand (no build) → nothing', () => {
    const framed = ["building '/nix/store/hnwpzrlviwz05z2yvjfs75iwwcl41xz7-roc-0.0.1.drv'...", ...LATER.map((l) => `roc> ${l}`.trimEnd())];
    assert.deepEqual(read(framed.join('\n')), [['rust-compile-error', [], 'build.zig']]);
    assert.deepEqual(read(LATER.slice(-3).join('\n')), []);
  });

  it('placed on the builder’s src, where the fix goes', () => {
    const pkg = '{ rustPlatform }:\n\nrustPlatform.buildRustPackage {\n  pname = "roc";\n  version = "0.0.1";\n  src = ./.;\n  cargoLock.lockFile = ./Cargo.lock;\n}\n';
    const { files, nixFiles } = ws({ 'package.nix': pkg });
    const [d] = placeDiagnostics(diagnoseText(C23), nixFiles, files);
    assert.equal(d!.file, 'package.nix');
    assert.equal(d!.range?.start.line, 5);
  });
});

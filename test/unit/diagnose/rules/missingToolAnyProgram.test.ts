// A program the build runs and cannot find, named by the words that say so (a shell's sentence with its frame, env's
// and make's, a build script's verb of running or its `… is in your PATH` advice before std's error, cargo-llvm-cov's
// component): said whether or not a nixpkgs attribute is known for it — with the attribute as the fix when one is,
// with no input guessed otherwise. Real bash 5.2, dash 0.5.12, GNU env 9.1, GNU make 4.3 and cargo 1.95 output
// (test/fixtures/logs/wordings/sources/README.md, s95–s99), and the rounds' pastes (round44 c06, round117 wl04,
// round118 wm02, round119 wn03, round128 ww02). No attribute is known for crate2nix: nixpkgs' by-name data comes only
// whole (data/nixpkgsPrograms.json), so it is named with the advice to add its package.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout, wordingSource as source } from './helpers';

const summary = (text: string) => diagnoseText(text).map((d) => [d.category, d.details?.tool, d.fixes, d.confidence]);
const ADD = (attr: string) => [{ kind: 'add-inputs', nativeBuildInputs: [attr] }];

describe('missing-tool: any program the build runs and cannot find', () => {
  it("real bash's and dash's sentences for a script's program (util-linux's rev) → util-linux", () => {
    assert.deepEqual(summary(source('s95-bash-script-command-not-found.log'))[0], ['missing-tool', 'rev', ADD('util-linux'), 'certain']);
    // dash reports find and cut first (the whole PATH was empty): named with no input, no attribute being known for them.
    assert.deepEqual(summary(source('s96-dash-script-not-found.log')), [
      ['missing-tool', 'find', [], 'likely'],
      ['missing-tool', 'cut', [], 'likely'],
      ['missing-tool', 'rev', ADD('util-linux'), 'certain'],
    ]);
    assert.deepEqual(summary(heldout(118, 'wm02.log')), [['missing-tool', 'rev', ADD('util-linux'), 'certain']]);
  });

  it('named by the shell, env and make whether or not an attribute is known: nothing gives crate2nix or glslc (real output; round44 c06)', () => {
    assert.deepEqual(summary(source('s99-shells-env-make-unknown-program.log')), [
      ['missing-tool', 'crate2nix', [], 'likely'],
      ['missing-tool', 'glslc', [], 'likely'],
    ]);
    assert.deepEqual(summary(heldout(44, 'c06.log')), [['missing-tool', 'crate2nix', [], 'likely']]);
    assert.deepEqual(summary('zsh: command not found: glslc'), [['missing-tool', 'glslc', [], 'likely']]);
  });

  it('not a shell’s frame: a bare `x: command not found` names only a known program; a number is no program', () => {
    assert.deepEqual(summary('use_std: command not found'), []);
    assert.deepEqual(summary('/nix/store/x-stdenv-darwin/setup: line 1267: 1: command not found'), []);
    assert.deepEqual(summary('make: config.mk: No such file or directory'), []);
    // Real GNU make 4.3 for `make -f Makefile` with no such file: a makefile, not a program.
    assert.deepEqual(summary("make: Makefile: No such file or directory\nmake: *** No rule to make target 'Makefile'.  Stop."), []);
    assert.deepEqual(summary("make: GNUmakefile: No such file or directory\nmake: *** No rule to make target 'GNUmakefile'.  Stop."), []);
    // Real GNU make 4.3 for `make -f buildrules` with no such file: make's next line tries to remake the same name, so it
    // was a makefile whatever its name; a recipe's program is followed by the recipe's `*** [Makefile:2: all] Error 127`.
    assert.deepEqual(summary("make: buildrules: No such file or directory\nmake: *** No rule to make target 'buildrules'.  Stop."), []);
    assert.deepEqual(summary('make: protoc: No such file or directory\nmake: *** [Makefile:2: all] Error 127'), [['missing-tool', 'protoc', ADD('protobuf'), 'certain']]);
  });

  it("bindgen's clang missing any library's header (round138 xg01, round122 wq02) → bindgenHook; dx's pinned wasm-bindgen (round143 xl05)", () => {
    const hook = [['missing-tool', 'libclang', ADD('rustPlatform.bindgenHook'), 'likely']];
    assert.deepEqual(summary(heldout(138, 'xg01.log')), hook);
    assert.deepEqual(summary(heldout(122, 'wq02.log')), hook);
    // A header alone is not bindgen's: a C compile's own missing header says nothing about bindgen.
    assert.deepEqual(summary("foo.c:1:10: fatal error: 'security/pam_appl.h' file not found"), []);
    assert.deepEqual(
      summary(heldout(143, 'xl05.log')).map((d) => d.slice(0, 2)),
      [['missing-tool', 'wasm-bindgen']],
    );
  });

  it("a setup hook's program (round119 wn03's `auto-patchelf: command not found`) → the hook that propagates it", () => {
    assert.deepEqual(summary(heldout(119, 'wn03.log')), [['missing-tool', 'auto-patchelf', ADD('autoPatchelfHook'), 'certain']]);
  });

  it("a build script's words before std's error (real cargo 1.95: `could not run`/`failed to execute`, `… is in your PATH` then `Caused by:`)", () => {
    assert.deepEqual(summary(source('s97-build-script-in-your-path-caused-by.log')), [['missing-tool', 'glslc', [], 'likely']]);
    assert.deepEqual(summary(source('s98-build-script-expect-spawn-notfound.log')), [['missing-tool', 'glslc', [], 'likely']]);
    assert.deepEqual(summary('could not run `protoc`: No such file or directory (os error 2)'), [['missing-tool', 'protoc', ADD('protobuf'), 'certain']]);
    // A name with a file extension (a manifest, a config) is a file the script meant to read or pass, not a program: said
    // only when an attribute provides a program of that name; a version suffix (`python3.11`) is a program's. Real cargo
    // 1.95 build scripts spawning the name (`panic!("could not run \`{}\`: {}", …)` and `.expect("failed to execute …")`
    // on std's NotFound), their panics as cargo prints them under `--- stderr`.
    const panic = (at: string, words: string) => `  thread 'main' (9564) panicked at build.rs:${at}:\n  ${words}`;
    assert.deepEqual(summary(panic('7:17', 'could not run `config.toml`: No such file or directory (os error 2)')), []);
    assert.deepEqual(summary(panic('11:42', 'failed to execute wrapper.h: Os { code: 2, kind: NotFound, message: "No such file or directory" }')), []);
    // A program's variant named after its program (binutils' ld.gold, mold's ld.mold) is a program: named, no input
    // guessed (the same build script, run with a PATH that lacks either).
    for (const ld of ['ld.gold', 'ld.mold']) {
      assert.deepEqual(summary(panic('7:17', `could not run \`${ld}\`: No such file or directory (os error 2)`)), [['missing-tool', ld, [], 'likely']], ld);
    }
    // round117 wl04: candle-kernels' probe of nvidia-smi, named; the thread's fix (CUDA_COMPUTE_CAP) is not in the log's words.
    assert.deepEqual(summary(heldout(117, 'wl04.log')), [['missing-tool', 'nvidia-smi', [], 'likely']]);
  });

  it("anyhow's numbered chain: the spawn named one entry above std's error (round195 zl03, libbpf-cargo's `0: Failed to execute clang`)", () => {
    assert.deepEqual(summary(heldout(195, 'zl03.log')), [['missing-tool', 'clang', ADD('clang'), 'certain']]);
    // Not a quoted command line (protoc-bin-vendored's prebuilt protoc, round93 vn01: `other`), not an entry numbered
    // otherwise, not a file's name, not an I/O error with no spawn (dioxus-cli, round29 t03: `other`).
    assert.deepEqual(summary(heldout(93, 'vn01.log')), []);
    assert.deepEqual(summary(heldout(29, 't03.log')), []);
    const chain = (above: string, below: string) => `  Caused by:\n      ${above}\n      ${below}`;
    assert.deepEqual(summary(chain('0: Failed to execute clang', '2: No such file or directory (os error 2)')), []);
    assert.deepEqual(summary(chain('0: failed to run wrapper.h', '1: No such file or directory (os error 2)')), []);
    assert.deepEqual(summary(chain('0: failed to spawn glslc', '1: No such file or directory (os error 2)')), [['missing-tool', 'glslc', [], 'likely']]);
  });

  it('the advice alone, or after a program that ran and failed, is not enough', () => {
    assert.deepEqual(summary('Ensure that `glslc` is in your PATH.'), []);
    assert.deepEqual(summary('Ensure that `glslc` is in your PATH.\nCaused by:\n    exit status: 1'), []);
    assert.deepEqual(summary('could not run `glslc`: exit status: 1'), []);
  });

  it("cargo-llvm-cov without the toolchain's llvm-tools component (round128 ww02) → named, the component to ask for", () => {
    const ds = diagnoseText(heldout(128, 'ww02.log'));
    assert.deepEqual(
      ds.map((d) => [d.category, d.details?.tool, d.fixes]),
      [['missing-tool', 'llvm-tools-preview', []]],
    );
    assert.match(ds[0]!.message, /llvm-tools/);
  });
});

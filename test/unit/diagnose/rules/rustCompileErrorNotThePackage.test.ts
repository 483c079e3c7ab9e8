// rust-compile-error needs the error to be in the package's own code, not rustc's shape alone: crane's
// dependencies-only derivation (`<pname>-deps-<version>`, built from mkDummySrc's source where every target and
// build script of the workspace is a dummy) compiles no code of the package's, and rustc's crate-type refusals are
// about what rustc was asked to produce (the builder, the target), not the code. The `-deps` name alone does not
// say the first: an error in a crate of the workspace's own sources cannot come from such a build, so it is the
// package's whatever its derivation is called (a package named `foo-deps`, nixpkgs' `cargo-deps`). Round18 i07, i18,
// i19; real Nix 2.8 + cargo 1.95 builds of the same failing workspace under a `-deps` name (s74–s76, s90–s92: a
// derivation really named `foo-deps-0.1.0`) and under the package's (s77, s78), real rustc 1.95 for the crate-type
// wording (s80).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout, wordingSource as source, categories } from './helpers';

describe('rust-compile-error: crane’s dependencies-only derivation compiles no code of the package’s', () => {
  it('round18 i07 (summary only) and i19 (a vendored crate’s span wrapped by the paste) → nothing', () => {
    assert.deepEqual(categories(heldout(18, 'i07-other-crane-deps-rustc-failed-compiling-cargo-lib-linker-plugin-lto-nix-init.log')), []);
    assert.deepEqual(categories(heldout(18, 'i19-other-proc-macro2-unknown-feature-span-shrink-nightly-crane-utils-deps.log')), []);
  });

  it('the same logs under the package’s own derivation name keep today’s reading', () => {
    // Its failing crate is `cargo` (lib): under a derivation named after it, the package's; under nix-init's, a dependency's.
    const i07 = heldout(18, 'i07-other-crane-deps-rustc-failed-compiling-cargo-lib-linker-plugin-lto-nix-init.log');
    assert.deepEqual(categories(i07.replaceAll('nix-init-deps-0.2.4', 'cargo-0.2.4')), ['rust-compile-error']);
    assert.deepEqual(categories(i07.replaceAll('nix-init-deps-0.2.4', 'nix-init-0.2.4')), []);
    // i19's span, cut before its `:line:col`, lies in the vendored proc-macro2: a published crate's error under any name.
    const i19 = heldout(18, 'i19-other-proc-macro2-unknown-feature-span-shrink-nightly-crane-utils-deps.log').replaceAll('crane-utils-deps-0.1.0', 'crane-utils-0.1.0');
    assert.deepEqual(categories(i19), []);
  });

  it('real Nix 2.8 + cargo 1.95, a workspace crate’s own error under a `-deps` name (nix-build, nix build -L, nix build) → the package’s, naming that derivation', () => {
    const logs = [
      ['s74-crane-deps-only-derivation-crate-error-legacy.log', /-demo-deps-0\.1\.0\.drv$/],
      ['s75-crane-deps-only-derivation-crate-error-L.log', /-demo-deps-0\.1\.0\.drv$/],
      ['s76-crane-deps-only-derivation-crate-error-tail.log', /-demo-deps-0\.1\.0\.drv$/],
      ['s90-package-named-deps-crate-error-legacy.log', /-foo-deps-0\.1\.0\.drv$/],
      ['s91-package-named-deps-crate-error-L.log', /-foo-deps-0\.1\.0\.drv$/],
      ['s92-package-named-deps-crate-error-tail.log', /-foo-deps-0\.1\.0\.drv$/],
    ] as const;
    for (const [name, drv] of logs) {
      const ds = diagnoseText(source(name));
      assert.deepEqual(
        ds.map((d) => [d.category, d.details?.code]),
        [['rust-compile-error', 'E0308']],
        name,
      );
      assert.match(ds[0]!.drv ?? '', drv, name);
    }
  });

  it('the same build named like nixpkgs’ `cargo-deps` → the package’s', () => {
    for (const name of ['s77-package-derivation-crate-error-legacy.log', 's78-package-derivation-crate-error-tail.log']) {
      assert.deepEqual(categories(source(name).replaceAll('-demo-0.1.0', '-cargo-deps-0.1.0')), ['rust-compile-error'], name);
    }
  });

  it('in a `-deps` derivation, an error the log does not place in the workspace → nothing; cargo compiling its crate from the workspace → the package’s', () => {
    const log = (compiling: string, span: string[]) =>
      [
        "building '/nix/store/q55413l9dk8wlaf3dglwrammy1blix5y-demo-deps-0.1.0.drv'...",
        ...Array.from({ length: 3 }, (_, i) => `   Compiling filler${i} v1.0.${i}`),
        compiling,
        'error[E0433]: failed to resolve: use of undeclared crate or module `sys`',
        ...span,
        'error: could not compile `foo` (lib) due to 1 previous error',
        "error: builder for '/nix/store/q55413l9dk8wlaf3dglwrammy1blix5y-demo-deps-0.1.0.drv' failed with exit code 101",
      ].join('\n');
    // A registry or vendored crate (cargo shows no path), its span in the vendor directory or cut away.
    assert.deepEqual(categories(log('   Compiling foo v1.2.3', [])), []);
    assert.deepEqual(categories(log('   Compiling foo v1.2.3', ['  --> /nix/store/0n6hvvhp9ql8cpfgnj2m5pbk5n9kq0yx-vendor-cargo-deps/c19b/foo-1.2.3/src/lib.rs:3:5'])), []);
    // A git crate: cargo shows its URL, not a path.
    assert.deepEqual(categories(log('   Compiling foo v1.2.3 (https://github.com/o/foo?rev=abc#abcdef12)', [])), []);
    // A crate of the workspace, however far its `Compiling` line is (its span cut away by the paste).
    assert.deepEqual(categories(log('   Compiling foo v0.1.0 (/build/source/foo)', [])), ['rust-compile-error']);
  });

  it('in a `-deps` derivation, cargo’s summary alone: a crate the log does not show → nothing; a crate of the workspace → the package’s', () => {
    const log = (compiling: string) =>
      [
        "building '/nix/store/q55413l9dk8wlaf3dglwrammy1blix5y-demo-deps-0.1.0.drv'...",
        compiling,
        'warning: unused variable: `x`',
        'error: could not compile `foo` (lib) due to 3 previous errors',
        "error: builder for '/nix/store/q55413l9dk8wlaf3dglwrammy1blix5y-demo-deps-0.1.0.drv' failed with exit code 101",
      ].join('\n');
    assert.deepEqual(categories(log('   Compiling bar v1.0.0')), []);
    assert.deepEqual(categories(log('   Compiling foo v1.0.0')), []);
    assert.deepEqual(categories(log('   Compiling foo v0.1.0 (/build/source/foo)')), ['rust-compile-error']);
  });

  it('real Nix 2.8 + cargo 1.95, the same build as the package’s derivation → rust-compile-error naming that derivation', () => {
    for (const name of ['s77-package-derivation-crate-error-legacy.log', 's78-package-derivation-crate-error-tail.log']) {
      const ds = diagnoseText(source(name));
      assert.deepEqual(
        ds.map((d) => d.category),
        ['rust-compile-error'],
        name,
      );
      assert.equal(ds[0]!.details?.code, 'E0308');
      assert.match(ds[0]!.drv ?? '', /-demo-0\.1\.0\.drv$/, name);
    }
  });

  it('a name merely containing `deps` is not the dependencies-only build', () => {
    const log = source('s77-package-derivation-crate-error-legacy.log').replaceAll('demo-0.1.0', 'depsolver-0.1.0');
    assert.deepEqual(categories(log), ['rust-compile-error']);
  });

  it('a file missing from src is still found in a `-deps` derivation (its fix is the src filter’s, not the code’s)', () => {
    const log = [
      "building '/nix/store/q55413l9dk8wlaf3dglwrammy1blix5y-demo-deps-0.1.0.drv'...",
      'demo-deps>    Compiling app v0.1.0 (/build/source/app)',
      "demo-deps> error: couldn't read `app/src/../schema.graphql`: No such file or directory (os error 2)",
      'demo-deps>  --> app/src/main.rs:1:20',
      'demo-deps> error: could not compile `app` (bin "app") due to 1 previous error',
      "error: builder for '/nix/store/q55413l9dk8wlaf3dglwrammy1blix5y-demo-deps-0.1.0.drv' failed with exit code 101",
    ].join('\n');
    assert.deepEqual(categories(log), ['rust-compile-error']);
  });
});

describe('rust-compile-error: rustc’s crate-type refusals are not the code', () => {
  it('round18 i18 (crate2nix cross with crt-static, a bare rustc block) → nothing', () => {
    assert.deepEqual(categories(heldout(18, 'i18-other-crate2nix-cross-crt-static-proc-macro-attribute-crate-type.log')), []);
  });

  it('real rustc 1.95 on a proc macro compiled as `lib`, and `cannot mix` → nothing', () => {
    const log = source('s80-rustc-proc-macro-attribute-crate-type-lib.log');
    assert.match(log, /only usable with crates of the `proc-macro` crate type/);
    assert.deepEqual(categories(log), []);
    assert.deepEqual(categories('error: cannot mix `proc-macro` crate type with others\n\nerror: aborting due to 1 previous error\n'), []);
  });

  it('an ordinary error beside them is still the code’s', () => {
    const log = source('s80-rustc-proc-macro-attribute-crate-type-lib.log').replace(
      /^error: aborting/m,
      ['error[E0308]: mismatched types', ' --> src/lib.rs:9:20', '  |', '9 | fn g() -> u8 { "x" }', '  |                ^^^ expected `u8`, found `&str`', '', 'error: aborting'].join('\n'),
    );
    assert.deepEqual(categories(log), ['rust-compile-error']);
  });
});

describe('rust-compile-error: buildRustCrate enabling a crate’s feature without passing the crate', () => {
  const log = () => source('s82-rustc-e0658-rustc-private-feature-without-extern-build-rust-crate.log');

  it('round16 g09 (carnix, num-complex’s rustc-serialize) and real rustc 1.95 with buildRustCrate’s arguments → nothing', () => {
    assert.deepEqual(categories(heldout(16, 'g09-other-carnix-num-complex-rustc-serialize-sysroot-e0658.log')), []);
    assert.match(log(), /--cfg feature="libc"/);
    assert.doesNotMatch(log(), /--extern libc=/);
    assert.deepEqual(categories(log()), []);
  });

  it('the crate passed (`--extern libc=…`), or its feature off: the code’s own `extern crate` → rust-compile-error, never rustc-too-old', () => {
    const passed = log().replace('--cap-lints allow', '--extern libc=/nix/store/8j3a9q8gjsf4l5iyn84x72ycnj9zdpwj-rust_libc-0.2.40/lib/liblibc-cd53366641.rlib --cap-lints allow');
    assert.deepEqual(categories(passed), ['rust-compile-error']);
    const off = log().replace('--cfg feature="libc" ', '');
    assert.deepEqual(categories(off), ['rust-compile-error']);
  });

  it('E0463 and E0433 for a crate whose feature is on and that is not passed → nothing; another crate’s → the code’s', () => {
    const run = 'Running rustc --crate-name demo src/lib.rs --crate-type lib --cfg feature="serde" --out-dir target/lib -L dependency=target/deps --cap-lints allow';
    const e0463 = [
      run,
      "error[E0463]: can't find crate for `serde`",
      ' --> src/lib.rs:2:1',
      '  |',
      '2 | extern crate serde;',
      "  | ^^^^^^^^^^^^^^^^^^^ can't find crate",
      '',
      'error: aborting due to 1 previous error',
    ].join('\n');
    assert.deepEqual(categories(e0463), []);
    const e0433 = [run, 'error[E0433]: failed to resolve: could not find `serde` in the list of imported crates', ' --> src/lib.rs:3:10', '', 'error: aborting due to 1 previous error'].join('\n');
    assert.deepEqual(categories(e0433), []);
    assert.deepEqual(categories(e0463.replaceAll('`serde`', '`log`').replace('extern crate serde', 'extern crate log')), ['rust-compile-error']);
  });
});

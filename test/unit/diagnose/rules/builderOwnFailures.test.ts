// A builder's or generator's own failure whose words read like a cause the package could fix (issue 15): a per-crate
// builder's derivation resolving against its own rewritten manifest and lock, build-std's vendoring, a removed locator
// code for two rlibs passed under one name, libtest missing for a target, a `.pc` file pkg-config found but cannot
// read. Held-out logs (rounds 84–97, developed on after their first run) and real Nix 2.8 / 2.26 output
// (wordings/sources/README.md); each beside the same words where the package is at fault, still told.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { categories, heldout, wordingSource } from './helpers';

describe("a builder's own failure is not the package's", () => {
  it("round84 ve07: cargo2nix's crate-frunk_core derivation cannot resolve serde offline → nothing (other)", () => {
    assert.deepEqual(categories(heldout(84, 've07.log')), []);
  });

  it('real Nix 2.8 and 2.26: the same lines in a derivation named crate-<name>-<version> → nothing; named for the package → cargo-lock', () => {
    assert.deepEqual(categories(wordingSource('n28-per-crate-drv-unresolved.log')), []);
    assert.deepEqual(categories(wordingSource('n226-per-crate-drv-unresolved.L.log')), []);
    assert.deepEqual(categories(wordingSource('n28-plain-drv-unresolved.log')), ['cargo-lock']);
  });

  it("round90 vk03: build-std's compiler_builtins required by the toolchain's std, cargo naming the registry → nothing", () => {
    assert.deepEqual(categories(heldout(90, 'vk03.log')), []);
  });

  it('round97 vr05: E0465 (multiple rlib candidates, buildRustCrate passing two --extern for one name) → nothing', () => {
    assert.deepEqual(categories(heldout(97, 'vr05.log')), []);
    const own = ['error[E0433]: failed to resolve: use of undeclared crate or module `futures01`', ' --> src/main.rs:1:5', 'error: could not compile `app` (bin "app") due to 1 previous error'].join(
      '\n',
    );
    assert.deepEqual(categories(own), ['rust-compile-error']);
  });

  it("round91 vl02: crane's deps build for a no_std target, E0463 for std and test (libtest) → nothing", () => {
    assert.deepEqual(categories(heldout(91, 'vl02.log')), []);
  });

  it('round89 vj08: pkg-config found xi.pc but it is empty (`has no Name: field`) → nothing; the module not found → pkgconfig-lib', () => {
    assert.deepEqual(categories(heldout(89, 'vj08.log')), []);
    const missing = heldout(89, 'vj08.log')
      .split('\n')
      .filter((l) => !/appears to be empty|has no Name: field/.test(l))
      .join('\n');
    assert.deepEqual(categories(missing), ['pkgconfig-lib']);
  });

  it('a generator on the command line with its cargo too old (round96 vq04 cargo2nix, round97 vr02 crate2nix, round40 m02) → nothing; the same inside the generating derivation (round96 vq02) → rustc-too-old', () => {
    assert.deepEqual(categories(heldout(96, 'vq04.log')), []);
    assert.deepEqual(categories(heldout(97, 'vr02.log')), []);
    assert.deepEqual(categories(heldout(40, 'm02.log')), []);
    assert.deepEqual(categories(heldout(96, 'vq02.log')), ['rustc-too-old']);
    // Without the generator's own line, the same cargo words are the build's toolchain.
    const bare = heldout(97, 'vr02.log')
      .split('\n')
      .map((l) => l.replace(/^Error: while retrieving metadata about \S+ `cargo metadata` exited with an error: /, ''))
      .join('\n');
    assert.deepEqual(categories(bare), ['rustc-too-old']);
  });

  it("a derive macro's expansion that does not resolve (round12 c06, round59 uf07, real rustc 1.95) → possible; the package's own unresolved path (real rustc 1.95) → certain", () => {
    const said = (log: string) => diagnoseText(log).map((d) => [d.category, d.confidence]);
    assert.deepEqual(said(heldout(12, 'c06-other-crate2nix-zvariant-derive-unresolved-crate-ashpd.log')), [['rust-compile-error', 'possible']]);
    // The third error's excerpt is cut before its note; it sits at the span of the two the note puts in the derive.
    assert.deepEqual(said(heldout(59, 'uf07.log')), Array(3).fill(['rust-compile-error', 'possible']));
    assert.deepEqual(said(wordingSource('r195-derive-expansion-unresolved-crate.log')), [['rust-compile-error', 'possible']]);
    assert.deepEqual(said(wordingSource('r195-own-code-unresolved-crate.log')), [['rust-compile-error', 'certain']]);
  });

  it("round46 e09: a span the paste cut before its line in the vendored time crate (a published crate's error) → nothing; the same span whole → nothing; in the package's own src → rust-compile-error", () => {
    assert.deepEqual(categories(heldout(46, 'e09.log')), []);
    const log = (span: string) => ['error[E0282]: type annotations needed for `Box<_>`', `  --> ${span}`, '   |', '83 |     let items = format_items', ''].join('\n');
    assert.deepEqual(categories(log('/build/cargo-vendor-dir/time-0.3.31/src/format_description/parse/mod.rs:83:9')), []);
    assert.deepEqual(categories(log('src/format/parse/mod.rs:83:9')), ['rust-compile-error']);
  });
});

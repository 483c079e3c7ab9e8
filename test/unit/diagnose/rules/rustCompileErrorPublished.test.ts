// An error in a published crate's source is not an error in the package's code:
// that source compiled when it was published (rustCompileError.ts says why).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const RUN = (crate: string, dir: string) =>
  `  Running rustc --crate-name ${crate} src/lib.rs --out-dir target/lib --emit=dep-info,link -L dependency=target/deps --cap-lints allow -C opt-level=3 --crate-type lib -L /build/${dir}/target/build/${crate}.out --color always`;
// Nix 2.3's failure header: the indented lines after it are the build's last lines.
const HEAD = (drv: string) => `builder for '/nix/store/qzmcgmdyl3vhsj3y5gzfc1miqjxmddxn-rust_${drv}.drv' failed with exit code 1; last 10 log lines:`;
const PARSE_ERROR = [
  '  error: expected one of `!` or `::`, found `{`',
  '   --> src/version.rs:1:9',
  '    |',
  '  1 | Version {',
  '    |         ^ expected one of `!` or `::`',
  '',
  '  error: aborting due to previous error',
];

describe('rust-compile-error: errors in published crates', () => {
  it("round8 y04: buildRustCrate let rustversion's build script overwrite src/version.rs → no compile error claimed", () => {
    assert.deepEqual(diagnoseText(heldout(8, 'y04-other-rustversion-build-rs-overwrites-src-crate2nix-2020.log')), []);
  });

  it("a crates.io archive's `<name>-<version>` source directory (dashes in the package name) is published (synthesised)", () => {
    assert.deepEqual(diagnoseText([HEAD('foo-bar-0.3.1-rc.2'), '  Building src/lib.rs (foo-bar)', RUN('foo_bar', 'foo-bar-0.3.1-rc.2'), ...PARSE_ERROR, ''].join('\n')), []);
  });

  it("the package's own crate (its source unpacked to `source`) keeps its compile error", () => {
    const ds = diagnoseText([HEAD('mycrate-0.1.0'), '  Building src/lib.rs (mycrate)', RUN('mycrate', 'source'), ...PARSE_ERROR, ''].join('\n'));
    assert.deepEqual(
      ds.map((d) => d.category),
      ['rust-compile-error'],
    );
    assert.equal(ds[0]!.location?.path, 'src/version.rs');
  });

  it('a directory named for another crate and a version is not the compiled crate', () => {
    assert.deepEqual(
      diagnoseText([HEAD('mycrate-0.1.0'), RUN('mycrate', 'other-1.0.0'), ...PARSE_ERROR, ''].join('\n')).map((d) => d.category),
      ['rust-compile-error'],
    );
  });

  it("cargo's vendored dependency: no error claimed, nor the `could not compile` summary in its place", () => {
    const log = [
      'error: expected one of `.`, `;`, `?`, `else`, or an operator, found keyword `else`',
      '  --> /build/cargo-vendor-dir/foo-1.2.3/src/lib.rs:10:20',
      '',
      'error: could not compile `foo` (lib) due to 1 previous error',
      '',
    ].join('\n');
    assert.ok(!diagnoseText(log).some((d) => d.category === 'rust-compile-error'));
  });

  it('a coded error (type error) in a published crate is not the package’s either: buildRustCrate’s archive, a vendored, registry or git checkout path', () => {
    const log = [HEAD('foo-1.0.0'), RUN('foo', 'foo-1.0.0'), '  error[E0308]: mismatched types', '   --> src/lib.rs:3:5', ''].join('\n');
    assert.deepEqual(diagnoseText(log), []);
    for (const path of [
      '/build/cargo-vendor-dir/time-0.3.34/src/format_description/parse/mod.rs',
      '/home/user/.cargo/registry/src/index.crates.io-6f17d22bba15001f/time-0.3.34/src/format_description/parse/mod.rs',
      '/home/user/.cargo/git/checkouts/foo-0123456789abcdef/1a2b3c4/src/lib.rs',
    ]) {
      const cargo = ['error[E0282]: type annotations needed for `Box<_>`', `   --> ${path}:83:9`, '', 'error: could not compile `time` (lib) due to 1 previous error', ''].join('\n');
      assert.deepEqual(diagnoseText(cargo), [], path);
    }
  });

  it('the same error in the package’s own source is its compile error', () => {
    const log = ['error[E0282]: type annotations needed for `Box<_>`', '   --> /build/source/src/main.rs:83:9', '', 'error: could not compile `app` (bin "app") due to 1 previous error', ''].join(
      '\n',
    );
    assert.deepEqual(
      diagnoseText(log).map((d) => [d.category, d.location?.path]),
      [['rust-compile-error', '/build/source/src/main.rs']],
    );
  });
});

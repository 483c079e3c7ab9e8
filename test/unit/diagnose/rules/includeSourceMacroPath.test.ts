// A proc macro reading a directory at compile time (include_dir!) panicking on a path under the unpacked source that is
// not there (round142 xk03): the src filter dropped it — include-in-src with the workspace path. A path outside the
// source (a system directory) or a panic naming no path stays a macro's own failure (nothing said).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { heldout } from './helpers';

const panic = (help: string) =>
  [
    'error: proc macro panicked',
    '  --> crates/demo/src/lib.rs:3:24',
    '   |',
    '3 | static ASSETS: Dir = include_dir!("$CARGO_MANIFEST_DIR/../../assets");',
    '   |                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
    '   |',
    `   = help: message: ${help}`,
    '',
    'error: could not compile `demo` (lib) due to 1 previous error',
  ].join('\n');
const fixes = (text: string) => diagnoseText(text).map((d) => [d.category, d.fixes.map((f) => (f.kind === 'include-in-src' ? f.path : f.kind))]);

describe('rust-compile-error: a proc macro’s missing path under the source', () => {
  it('round142 xk03 → include-in-src sdk/python/librefang', () => {
    assert.deepEqual(fixes(heldout(142, 'xk03.log')), [['rust-compile-error', ['sdk/python/librefang']]]);
  });

  it('`is not a directory` / `does not exist` under /build/source → include-in-src, the path normalised', () => {
    assert.deepEqual(fixes(panic('"/build/source/crates/demo/../../assets" is not a directory')), [['rust-compile-error', ['assets']]]);
    assert.deepEqual(fixes(panic('Path "/build/source/crates/demo/../../assets" does not exist')), [['rust-compile-error', ['assets']]]);
  });

  it('a path outside the source, or none → nothing said', () => {
    assert.deepEqual(fixes(panic('"/usr/share/assets" is not a directory')), []);
    assert.deepEqual(fixes(panic('called `Option::unwrap()` on a `None` value')), []);
  });
});

describe('rust-compile-error: a path dependency resolved above the build directory', () => {
  const log = (path: string) =>
    ['error: failed to load manifest for dependency `dep`', '', 'Caused by:', `  failed to read \`${path}/Cargo.toml\``, '', 'Caused by:', '  No such file or directory (os error 2)'].join('\n');
  it('round139 xh02 (`/crates/rsk-slip39`) → include-in-src crates/rsk-slip39', () => {
    assert.deepEqual(fixes(heldout(139, 'xh02.log')), [['rust-compile-error', ['crates/rsk-slip39']]]);
  });
  it('the same path in a log with no Nix build (a CI checkout at `/builds/…`, `/app`) → no include-in-src', () => {
    for (const p of ['/builds/group/project/crates/dep', '/app/crates/dep']) assert.ok(!fixes(log(p)).some(([, f]) => (f as string[]).length), p);
    const drv = `/nix/store/${'a'.repeat(32)}-demo-0.1.0.drv`;
    const framed = [
      `error: builder for '${drv}' failed with exit code 101;`,
      '       last 10 log lines:',
      ...log('/crates/dep')
        .split('\n')
        .map((x) => `       > ${x}`),
    ].join('\n');
    assert.deepEqual(fixes(framed), [['rust-compile-error', ['crates/dep']]]);
  });
  it('a system or store path → not a workspace path', () => {
    for (const p of ['/usr/share/dep', '/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-dep', '/homeless-shelter/dep']) assert.ok(!fixes(log(p)).some(([, f]) => (f as string[]).length), p);
  });
});

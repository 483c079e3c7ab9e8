// One definition of where a build's unpacked source lies, for the include-source rule and build-script panics.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SOURCE_ROOT } from '../../../server/src/diagnose/sourceRoot';

describe('SOURCE_ROOT', () => {
  it('the build directory of each Nix era and platform, and a store source path: the root alone', () => {
    for (const [path, root] of [
      ['/build/source/app/build.rs', '/build/source'],
      ['/build/source', '/build/source'],
      ['/nix/var/nix/builds/nix-1234-5678/source/src/main.rs', '/nix/var/nix/builds/nix-1234-5678/source'],
      ['/private/tmp/nix-build-demo-0.1.0.drv-0/source/src/lib.rs', '/private/tmp/nix-build-demo-0.1.0.drv-0/source'],
      ['/nix/store/0123456789abcdfghijklmnpqrsvwxyz-source/Cargo.toml', '/nix/store/0123456789abcdfghijklmnpqrsvwxyz-source'],
    ] as const) {
      assert.equal(SOURCE_ROOT.exec(path)?.[0], root, path);
    }
  });

  it('not a vendored dependency’s store path, a system file, or a prefix of a longer name', () => {
    for (const path of ['/nix/store/0123456789abcdfghijklmnpqrsvwxyz-demo-0.1.0-vendor/gitver-1.0.3/build.rs', '/usr/include/stdio.h', '/buildx/source/a']) {
      assert.equal(SOURCE_ROOT.exec(path), null, path);
    }
  });
});

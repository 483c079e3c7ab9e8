// Cargo loading a crate of the workspace (a member, a path dependency) whose Cargo.toml the unpacked source lacks:
// ``failed to read `<src>/<dir>/Cargo.toml` `` over `No such file or directory (os error 2)` (cargo-util's paths::read,
// under `failed to load manifest for workspace member` or `… for dependency`). The src filter dropped that crate's
// directory: keep the directory (cargo reports only the first file it misses; the crate's sources are gone with it).
// Real Nix 2.8 + cargo 1.95 (n28) and round14 e31 (hacl-star, two make jobs interleaved; labelled with the
// manifest's path, doubtful).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { placeDiagnostics } from '../../../../server/src/diagnose/place';
import { unreadManifestDir } from '../../../../server/src/diagnose/rules/includeSource';
import { fixesFor } from '../../../../server/src/diagnose/toFixes';
import { applyEdits } from '../../../../server/src/fixes/nixEdits';
import { initParsers } from '../../../../server/src/parse/treeSitter';
import { heldout, ws } from './helpers';

const SOURCES = join(__dirname, '..', '..', '..', 'fixtures', 'logs', 'wordings', 'sources');
const n28 = readFileSync(join(SOURCES, 'n28-cargo-workspace-member-manifest-missing.log'), 'utf8');
const BECAUSE = 'a crate of the workspace cargo loads';

const FILESET_PKG = `{ lib, rustPlatform }:

rustPlatform.buildRustPackage {
  pname = "app";
  version = "0.1.0";
  src = lib.fileset.toSource {
    root = ./.;
    fileset = lib.fileset.unions [
      ./Cargo.toml
      ./Cargo.lock
      ./app
    ];
  };
  cargoLock.lockFile = ./Cargo.lock;
}
`;

before(async () => {
  await initParsers();
});

describe('include-in-src: a crate manifest cargo could not read', () => {
  it('the directory under every source root; not the root manifest, a dependency’s, or a deps-only dummy source', () => {
    const cases: [string, string | undefined][] = [
      ['  failed to read `/build/source/crates/extra/Cargo.toml`', 'crates/extra'],
      ['hacl-star>   failed to read `/build/source/dist/rs/krml/Cargo.toml`', 'dist/rs/krml'],
      ['  failed to read `/tmp/nix-build-app-0.1.0.drv-0/source/crates/extra/Cargo.toml`', 'crates/extra'],
      ['  failed to read `/build/source/Cargo.toml`', undefined],
      ['  failed to read `/build/cargo-vendor-dir/foo-1.0.0/Cargo.toml`', undefined],
      // naersk's and crane's deps-only builds unpack their own copy of the manifests (round9 z22: naersk 2019 left a path dependency out).
      ['  failed to read `/build/dummy-src/chain-deps/cardano-legacy-address/Cargo.toml`', undefined],
      ['  failed to read `crates/extra/Cargo.toml`', undefined],
    ];
    for (const [line, want] of cases) assert.equal(unreadManifestDir(line), want, line);
  });

  it('real Nix 2.8 + cargo 1.95 and round14 e31 (interleaved make jobs) → rust-compile-error keeping the member directory', () => {
    for (const text of [n28, heldout(14, 'e31-rust-compile-error-workspace-member-manifest-outside-src-filter-hacl-star.log')]) {
      const ds = diagnoseText(text);
      assert.equal(ds.length, 1);
      assert.equal(ds[0]!.category, 'rust-compile-error');
    }
    assert.deepEqual(diagnoseText(n28)[0]!.fixes, [{ kind: 'include-in-src', path: 'crates/extra', because: BECAUSE }]);
    assert.deepEqual(diagnoseText(heldout(14, 'e31-rust-compile-error-workspace-member-manifest-outside-src-filter-hacl-star.log'))[0]!.fixes, [
      { kind: 'include-in-src', path: 'dist/rs/krml', because: BECAUSE },
    ]);
  });

  it('not absent (another OS error), or naersk’s dummy source (round9 z22) → nothing', () => {
    const denied = [
      'error: failed to load manifest for workspace member `/build/source/crates/extra`',
      'Caused by:',
      '  failed to read `/build/source/crates/extra/Cargo.toml`',
      'Caused by:',
      '  Permission denied (os error 13)',
    ];
    assert.deepEqual(diagnoseText(denied.join('\n')), []);
    assert.deepEqual(diagnoseText(heldout(9, 'z22-other-path-dependency-missing-from-dummy-src-naersk-2019.log')), []);
  });

  it('the fix joins the member directory to the fileset union, placed on src', () => {
    const { files, nixFiles } = ws({ 'package.nix': FILESET_PKG, 'Cargo.toml': '', 'crates/extra/Cargo.toml': '', 'crates/extra/src/lib.rs': '' });
    const [d, ...rest] = placeDiagnostics(diagnoseText(n28), nixFiles, files);
    assert.equal(rest.length, 0);
    assert.equal(d?.file, 'package.nix');
    assert.equal(d.range!.start.line, 5);
    const [fix] = fixesFor(d, nixFiles, files);
    assert.equal(fix?.title, 'Keep crates/extra in src (in the fileset union)');
    const after = applyEdits(FILESET_PKG, fix.edits[0]!.edits!);
    assert.ok(after.includes(`./app\n      # ${BECAUSE}\n      ./crates/extra\n    ];`), after);
  });
});

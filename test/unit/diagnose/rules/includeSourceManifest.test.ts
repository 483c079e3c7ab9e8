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
import { unfoundTargetPath, unreadManifestDir } from '../../../../server/src/diagnose/rules/includeSource';
import { fixesFor } from '../../../../server/src/diagnose/toFixes';
import { applyEdits } from '../../../../server/src/fixes/nixEdits';
import { initParsers } from '../../../../server/src/parse/treeSitter';
import { heldout, ws } from './helpers';

const SOURCES = join(__dirname, '..', '..', '..', 'fixtures', 'logs', 'wordings', 'sources');
const n28 = readFileSync(join(SOURCES, 'n28-cargo-workspace-member-manifest-missing.log'), 'utf8');
const bench = readFileSync(join(SOURCES, 'n28-cargo-bench-target-source-missing.log'), 'utf8');
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

  it('cargo’s target discovery without the target’s source (util/toml/targets.rs): the directory of a bin, bench, example or test, the library’s file, under the manifest’s package', () => {
    const at = (pkg: string) => [`error: failed to parse manifest at \`${pkg}\``, '', 'Caused by:'];
    const cases: [string, string[], string | undefined][] = [
      ["  can't find `speed` bench at `benches/speed.rs` or `benches/speed/main.rs`. Please specify bench.path if you want to use a non-default path.", at('/build/source/Cargo.toml'), 'benches'],
      [
        "  can't find `tool` bin at `src/bin/tool.rs` or `src/bin/tool/main.rs`. Please specify bin.path if you want to use a non-default path.",
        at('/build/source/crates/x/Cargo.toml'),
        'crates/x/src/bin',
      ],
      ["  can't find library `x`, rename file to `src/lib.rs` or specify lib.path", at('/build/source/crates/x/Cargo.toml'), 'crates/x/src/lib.rs'],
      // Newer cargo names the manifest, relative to the workspace, on the same line.
      [
        "error: crates/demo/Cargo.toml: can't find `demo` example at `examples/demo.rs` or `examples/demo/main.rs`. Please specify example.path if you want to use a non-default path.",
        [],
        'crates/demo/examples',
      ],
      // No manifest in view (which package?), a deps-only dummy source, a file found elsewhere: nothing.
      ["  can't find `speed` bench at `benches/speed.rs` or `benches/speed/main.rs`. Please specify bench.path if you want to use a non-default path.", [], undefined],
      ["  can't find `speed` bench at `benches/speed.rs` or `benches/speed/main.rs`. Please specify bench.path if you want to use a non-default path.", at('/build/dummy-src/Cargo.toml'), undefined],
      ["can't find `speed` bench at default paths, but found a file at `bench/speed.rs`.", at('/build/source/Cargo.toml'), undefined],
    ];
    for (const [line, before, want] of cases) assert.equal(unfoundTargetPath(line, before), want, line);
  });

  it('real Nix 2.8 + cargo 1.95, a `[[bench]]` whose file the source lacks → rust-compile-error keeping benches', () => {
    assert.deepEqual(
      diagnoseText(bench).map((d) => [d.category, d.fixes]),
      [['rust-compile-error', [{ kind: 'include-in-src', path: 'benches', because: 'a target cargo finds by its path' }]]],
    );
  });
});

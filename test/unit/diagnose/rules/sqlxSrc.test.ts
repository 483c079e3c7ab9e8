// sqlx's offline cache must be in the builder's src: the fix widens the
// source filter the way the file writes it. The edits are checked as text,
// and — when the Nix 2.26 chroot with the real nixpkgs lib and crane is here
// (../shared/oracles/README.md) — by listing the store copy each widened src
// makes, next to the one the original src made.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { placeDiagnostics } from '../../../../server/src/diagnose/place';
import { fixesFor } from '../../../../server/src/diagnose/toFixes';
import { applyEdits } from '../../../../server/src/fixes/nixEdits';
import { initParsers } from '../../../../server/src/parse/treeSitter';
import { round1, ws } from './helpers';
import { srcOracleWhy, storeFilesOf } from './srcOracle';

const REPO = join(__dirname, '..', '..', '..', '..');

const CRANE_FLAKE = `{
  inputs.crane.url = "github:ipetkov/crane";
  outputs =
    { nixpkgs, crane, ... }:
    let
      pkgs = nixpkgs.legacyPackages.x86_64-linux;
      craneLib = crane.mkLib pkgs;
      src = craneLib.cleanCargoSource ./.;
      commonArgs = {
        inherit src;
        strictDeps = true;
      };
    in
    {
      packages.x86_64-linux.default = craneLib.buildPackage (
        commonArgs
        // {
          cargoArtifacts = craneLib.buildDepsOnly commonArgs;
        }
      );
    };
}
`;

// The layout generate/src.ts writes for buildRustPackage.
const FILESET_PKG = `{ lib, rustPlatform }:

rustPlatform.buildRustPackage {
  pname = "martin";
  version = "0.9.1";
  src = lib.fileset.toSource {
    root = ./.;
    fileset = lib.fileset.unions [
      ./Cargo.toml
      ./Cargo.lock
      ./src
    ];
  };
  cargoLock.lockFile = ./Cargo.lock;
}
`;

const REGEX_PKG = `{ lib, rustPlatform }:
rustPlatform.buildRustPackage {
  pname = "martin";
  version = "0.9.1";
  src = lib.sourceByRegex ./. [ "^Cargo\\\\.(toml|lock)$" "^src(/.*)?$" ];
  cargoLock.lockFile = ./Cargo.lock;
}
`;

const LOG = () => round1('h01-sqlx-online-martin-nixpkgs.log');

/** The sqlx diagnosis of the martin log against `file` with a committed .sqlx: its fixes, and the text after the src fix. */
function srcFix(path: string, text: string) {
  const { files, nixFiles } = ws({ [path]: text, 'Cargo.toml': '', '.sqlx/query-1.json': '{}' });
  const [d] = placeDiagnostics(diagnoseText(LOG()), nixFiles, files);
  const fixes = fixesFor(d!, nixFiles, files);
  const widen = fixes.find((f) => f.title.startsWith('Keep .sqlx in src'));
  return { d: d!, fixes, after: widen && applyEdits(text, widen.edits[0]!.edits!) };
}

before(async () => {
  await initParsers();
});

describe('sqlx-offline: .sqlx in src', () => {
  it("crane's cleanCargoSource in a let, `inherit src;` in commonArgs → placed on the let binding; crane's filter widened, preferred", () => {
    const { d, fixes, after } = srcFix('flake.nix', CRANE_FLAKE);
    assert.equal(d.range!.start.line, 7);
    assert.deepEqual(
      fixes.map((f) => [f.title, f.preferred]),
      [
        ['Set SQLX_OFFLINE = "true" in the build environment', false],
        ["Keep .sqlx in src (beside crane's Cargo filter)", true],
      ],
    );
    assert.ok(
      after!.includes(
        [
          '      src = pkgs.lib.cleanSourceWith {',
          '        src = ./.;',
          '        filter =',
          '          path: type:',
          '          craneLib.filterCargoSources path type || builtins.match ".*/\\\\.sqlx(/.*)?" path != null;',
          '      };',
        ].join('\n'),
      ),
      after,
    );
  });

  it('a fileset union (the layout Nixify generates) → ./.sqlx joins it with its reason', () => {
    const { after } = srcFix('package.nix', FILESET_PKG);
    assert.ok(after!.includes("      ./src\n      # sqlx's offline query cache (SQLX_OFFLINE)\n      ./.sqlx\n    ];"), after);
  });

  it('sourceByRegex → a regex for .sqlx and what it holds', () => {
    const { after } = srcFix('package.nix', REGEX_PKG);
    assert.ok(after!.includes('[ "^Cargo\\\\.(toml|lock)$" "^src(/.*)?$" "\\\\.sqlx(/.*)?" ]'), after);
  });

  it('src = ./. already holds .sqlx: no src edit, the env var is the fix', () => {
    const { fixes } = srcFix('package.nix', FILESET_PKG.replace(/src = lib\.fileset\.toSource \{[\s\S]*?\n {2}\};/, 'src = ./.;'));
    assert.deepEqual(
      fixes.map((f) => [f.title, f.preferred]),
      [['Set SQLX_OFFLINE = "true" in the build environment', true]],
    );
  });

  it("a member's own cache (crates/db/.sqlx) is the path kept", () => {
    const { files, nixFiles } = ws({ 'package.nix': FILESET_PKG, 'crates/db/.sqlx/query-1.json': '{}' });
    const [d] = placeDiagnostics(diagnoseText(LOG()), nixFiles, files);
    assert.ok(fixesFor(d!, nixFiles, files).some((f) => f.title === 'Keep crates/db/.sqlx in src (in the fileset union)'));
  });

  it('without a cache yet: prepare and stage it, and the src that will have to keep it', () => {
    const { files, nixFiles } = ws({ 'package.nix': FILESET_PKG });
    const [d] = placeDiagnostics(diagnoseText(LOG()), nixFiles, files);
    assert.deepEqual(
      fixesFor(d!, nixFiles, files).map((f) => f.title),
      ['Set SQLX_OFFLINE = "true" in the build environment', 'Keep .sqlx in src (in the fileset union)', 'Run `cargo sqlx prepare --workspace`', 'git add .sqlx'],
    );
  });
});

describe('sqlx-offline: the widened src with the real nixpkgs lib and crane (Nix 2.26 chroot)', { skip: srcOracleWhy() }, () => {
  let dir = '';
  before(() => {
    mkdirSync(join(REPO, '.cache'), { recursive: true });
    dir = mkdtempSync(join(REPO, '.cache', 'sqlx-src-'));
    for (const [p, t] of Object.entries({
      'Cargo.toml': '[package]\nname = "martin"\nversion = "0.9.1"\n',
      'Cargo.lock': 'version = 3\n',
      'src/main.rs': 'fn main() {}\n',
      '.sqlx/query-1.json': '{}\n',
      'README.md': 'not for the build\n',
    })) {
      mkdirSync(join(dir, p, '..'), { recursive: true });
      writeFileSync(join(dir, p), t);
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('every form keeps .sqlx/query-1.json after the fix and not before (README.md stays out)', () => {
    // Each form as a function of { lib, craneLib } returning its src, before and after the fix.
    const srcOf = (text: string) => /\n(\s*)src = ([\s\S]*?);\n\1(?:commonArgs|cargoLock|[a-z]+ =)/.exec(text)![2]!;
    const forms: Record<string, string> = {};
    const crane = srcFix('flake.nix', CRANE_FLAKE);
    forms['crane-before'] = srcOf(CRANE_FLAKE).replace('pkgs.lib', 'lib');
    forms['crane-after'] = srcOf(crane.after!).replace('pkgs.lib', 'lib');
    for (const [name, text] of [
      ['fileset', FILESET_PKG],
      ['regex', REGEX_PKG],
    ] as const) {
      forms[`${name}-before`] = srcOf(text);
      forms[`${name}-after`] = srcOf(srcFix('package.nix', text).after!);
    }
    const files = storeFilesOf(dir, forms);
    for (const form of ['crane', 'fileset', 'regex']) {
      assert.ok(!files(`${form}-before`).includes('.sqlx/query-1.json'), `${form} before: ${files(`${form}-before`).join(', ')}`);
      assert.ok(files(`${form}-after`).includes('.sqlx/query-1.json'), `${form} after: ${files(`${form}-after`).join(', ')}`);
      assert.ok(files(`${form}-after`).includes('src/main.rs') && !files(`${form}-after`).includes('README.md'), `${form} after: ${files(`${form}-after`).join(', ')}`);
    }
  });
});

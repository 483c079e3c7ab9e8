import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { placeDiagnostics } from '../../../../server/src/diagnose/place';
import { fixesFor } from '../../../../server/src/diagnose/toFixes';
import { applyEdits } from '../../../../server/src/fixes/nixEdits';
import { initParsers } from '../../../../server/src/parse/treeSitter';
import { round1, ws } from './helpers';

const PKG = '{ rustPlatform }:\n\nrustPlatform.buildRustPackage {\n  pname = "martin";\n  version = "0.9.1";\n  src = ./.;\n  cargoHash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";\n}\n';

before(async () => {
  await initParsers();
});

describe('sqlx-offline', () => {
  it('query macros online in a Nix build (martin, nixpkgs) → SQLX_OFFLINE, cargo sqlx prepare, git add .sqlx; no rustc error besides', () => {
    const ds = diagnoseText(round1('h01-sqlx-online-martin-nixpkgs.log'));
    assert.deepEqual(
      ds.map((d) => d.category),
      ['sqlx-offline'],
    );
    const { files, nixFiles } = ws({ 'package.nix': PKG });
    const [d] = placeDiagnostics(ds, nixFiles, files);
    const fixes = fixesFor(d!, nixFiles, files);
    assert.deepEqual(
      fixes.map((f) => f.title),
      ['Set SQLX_OFFLINE = "true" in the build environment', 'Run `cargo sqlx prepare --workspace`', 'git add .sqlx'],
    );
    assert.match(applyEdits(PKG, fixes[0]!.edits[0]!.edits!), /env = \{\n    SQLX_OFFLINE = "true";\n  \};/);
  });

  it('with .sqlx committed, the fix is the env var alone (preferred) and it lands on src', () => {
    const { files, nixFiles } = ws({ 'package.nix': PKG, '.sqlx/query-1.json': '{}' });
    const [d] = placeDiagnostics(diagnoseText(round1('h01-sqlx-online-martin-nixpkgs.log')), nixFiles, files);
    assert.equal(d!.range!.start.line, 5);
    const fixes = fixesFor(d!, nixFiles, files);
    assert.deepEqual(
      fixes.map((f) => [f.title, f.preferred]),
      [['Set SQLX_OFFLINE = "true" in the build environment', true]],
    );
  });

  it('SQLX_OFFLINE=true with a stale cache → prepare again (no env change)', () => {
    const [d] = diagnoseText(round1('h02-sqlx-offline-no-cache-lmnr-docker.log'));
    assert.equal(d?.category, 'sqlx-offline');
    assert.deepEqual(
      d!.fixes.map((f) => f.kind),
      ['run', 'git-add'],
    );
  });
});

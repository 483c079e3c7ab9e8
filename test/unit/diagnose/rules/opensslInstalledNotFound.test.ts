// openssl-sys' panic when neither the environment nor pkg-config gave it a directory: `Could not find directory of
// OpenSSL installation … If OpenSSL is installed and this crate had trouble finding it, you can set the
// \`OPENSSL_DIR\` environment variable`. Adding pkg-config and openssl is the fix — unless the builder lists both
// already, when pkg-config's lookup itself failed (round16 g03/g04, stalwart on Hydra, fixed by setting OPENSSL_*):
// then the directories, which openssl-sys reads before it asks pkg-config, are the fix offered. Real Nix 2.8 with
// Debian's openssl-sys (corpus real-nix-2.8/debian-rustc-1.63/rust-openssl-no-libssl.L.log).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { diagnoseText } from '../../../../server/src/diagnose/diagnoser';
import { placeDiagnostics } from '../../../../server/src/diagnose/place';
import { fixesFor } from '../../../../server/src/diagnose/toFixes';
import { applyEdits } from '../../../../server/src/fixes/nixEdits';
import { initParsers } from '../../../../server/src/parse/treeSitter';
import { heldout, ws } from './helpers';

const REAL = join(__dirname, '..', '..', '..', '..', '..', 'shared', 'corpus', 'logs', 'real-nix-2.8', 'debian-rustc-1.63', 'rust-openssl-no-libssl.L.log');

const pkg = (inputs: string) => `{ lib, rustPlatform, pkg-config, openssl }:

rustPlatform.buildRustPackage {
  pname = "stalwart";
  version = "0.16.10";
  src = ./.;
  cargoLock.lockFile = ./Cargo.lock;
${inputs}}
`;
const LISTED = pkg('  nativeBuildInputs = [ pkg-config ];\n  buildInputs = [ openssl ];\n');
const BARE = pkg('');

before(async () => {
  await initParsers();
});

function fixTitles(log: string, text: string) {
  const { files, nixFiles } = ws({ 'package.nix': text, 'Cargo.lock': 'version = 3\n' });
  const [d] = placeDiagnostics(diagnoseText(log), nixFiles, files);
  return fixesFor(d!, nixFiles, files).map((f) => ({ title: f.title, preferred: f.preferred, out: applyEdits(text, f.edits[0]!.edits!) }));
}

describe('openssl: not found with the inputs already listed', () => {
  it('round16 g03/g04: the intents carry the directories beside the inputs', () => {
    for (const f of ['g03-openssl-openssl-sys-not-found-hydra-darwin-stalwart-0-16.log', 'g04-openssl-openssl-sys-not-found-hydra-stalwart-0-15.log'])
      assert.deepEqual(
        diagnoseText(heldout(16, f)).map((d) => d.fixes.map((x) => (x.kind === 'set-env' ? x.name : x.kind))),
        [['add-inputs', 'OPENSSL_LIB_DIR', 'OPENSSL_INCLUDE_DIR']],
        f,
      );
  });

  it('a builder lacking the inputs is offered the inputs alone', () => {
    const fixes = fixTitles(heldout(16, 'g03-openssl-openssl-sys-not-found-hydra-darwin-stalwart-0-16.log'), BARE);
    assert.deepEqual(
      fixes.map((f) => f.title),
      ['Add pkg-config to nativeBuildInputs and openssl to buildInputs'],
    );
  });

  it('a builder listing both is offered the two directories in one env edit, preferred', () => {
    const fixes = fixTitles(heldout(16, 'g03-openssl-openssl-sys-not-found-hydra-darwin-stalwart-0-16.log'), LISTED);
    assert.equal(fixes.length, 1, JSON.stringify(fixes));
    assert.equal(fixes[0]!.preferred, true);
    assert.match(
      fixes[0]!.out,
      /env = \{ OPENSSL_LIB_DIR = "\$\{lib\.getLib openssl\}\/lib"; OPENSSL_INCLUDE_DIR = "\$\{lib\.getDev openssl\}\/include"; \};|OPENSSL_LIB_DIR = "\$\{lib\.getLib openssl\}\/lib";[\s\S]*OPENSSL_INCLUDE_DIR = "\$\{lib\.getDev openssl\}\/include";/,
    );
  });

  it(
    'real Nix 2.8 + openssl-sys without pkg-config finding libssl: the same intents; pkg-config itself missing is the inputs alone',
    { skip: !existsSafe(REAL) && 'the shared corpus is not beside the repository' },
    () => {
      assert.deepEqual(
        diagnoseText(readFileSync(REAL, 'utf8')).map((d) => d.fixes.map((x) => (x.kind === 'set-env' ? x.name : x.kind))),
        [['add-inputs', 'OPENSSL_LIB_DIR', 'OPENSSL_INCLUDE_DIR']],
      );
      const noPkgConfig = readFileSync(REAL.replace('no-libssl', 'no-pkg-config'), 'utf8');
      assert.deepEqual(
        diagnoseText(noPkgConfig).map((d) => d.fixes.map((x) => x.kind)),
        [['add-inputs']],
      );
    },
  );
});

function existsSafe(p: string): boolean {
  try {
    readFileSync(p);
    return true;
  } catch {
    return false;
  }
}

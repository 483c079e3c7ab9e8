// Checks over real Nix files (parsed with tree-sitter), each fix applied and the
// result checked again: a fixed workspace must raise no false alarm.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkContext } from '../../../server/src/check/context';
import { lockDigest } from '../../../server/src/check/hashes';
import { runChecks } from '../../../server/src/check/run';
import type { CheckState, Finding } from '../../../server/src/check/types';
import { applyEdits } from '../../../server/src/fixes/nixEdits';
import { loadWorkspace, nodeFs } from '../../../server/src/model/workspace';
import { initParsers } from '../../../server/src/parse/treeSitter';
import { NIX_MISSING, nixParse } from '../../nix/nix';

const fixtures = join(__dirname, '..', '..', 'fixtures');
const tmp = mkdtempSync(join(tmpdir(), 'nixify-checks-'));
before(() => initParsers());
after(() => rmSync(tmp, { recursive: true, force: true }));

function workspace(fixture: string, files: Record<string, string>) {
  const dir = join(tmp, `${fixture.replace('/', '-')}-${Math.random().toString(36).slice(2)}`);
  cpSync(join(fixtures, fixture), dir, { recursive: true });
  for (const [p, t] of Object.entries(files)) writeFileSync(join(dir, p), t);
  return dir;
}
const check = (dir: string, state?: CheckState) => runChecks(checkContext(loadWorkspace(dir), nodeFs(dir), { state }));
const codes = (fs: Finding[]) => fs.map((f) => `${f.file}:${f.code}:${f.severity}`).sort();

const PACKAGE = `{
  lib,
  rustPlatform,
  pkg-config,
  sqlite,
}:

rustPlatform.buildRustPackage (finalAttrs: {
  pname = "svc";
  version = "0.1.0";
  src = lib.fileset.toSource {
    root = ./.;
    fileset = lib.fileset.unions [ ./Cargo.toml ./Cargo.lock ./src ];
  };
  cargoLock.lockFile = ./Cargo.lock;
  nativeBuildInputs = [
    pkg-config
    sqlite
  ];
})
`;

/** Drops a package (and the edges to it) from the workspace's Cargo.lock. */
function withoutLockPackage(dir: string, name: string) {
  const lock = nodeFs(dir).readFile('Cargo.lock')!;
  const kept = lock
    .split('\n[[package]]\n')
    .filter((block) => !block.startsWith(`name = "${name}"\n`))
    .join('\n[[package]]\n')
    .replace(new RegExp(`\\n "${name}[^"]*",`, 'g'), '');
  writeFileSync(join(dir, 'Cargo.lock'), kept);
}

function applyFix(dir: string, f: Finding, text: string) {
  const fix = f.fixes[0]!;
  const out = applyEdits(
    text,
    fix.edits.flatMap((e) => e.edits ?? []),
  );
  writeFileSync(join(dir, f.file), out);
  nixParse(join(dir, f.file));
  return out;
}

describe('native inputs', () => {
  it('flags openssl missing for reqwest, with a hint on the dependency, and its fix leaves nothing to flag but unused inputs', { skip: NIX_MISSING }, () => {
    const dir = workspace('infer/reqwest-default', { 'package.nix': PACKAGE });
    // As cargo writes it when nothing asks for a vendored OpenSSL: no openssl-src.
    withoutLockPackage(dir, 'openssl-src');
    const found = check(dir);
    assert.deepEqual(codes(found), ['Cargo.toml:missing-native-input:hint', 'package.nix:missing-native-input:error', 'package.nix:unused-native-input:hint']);
    const missing = found.find((f) => f.severity === 'error')!;
    assert.match(missing.message, /needs openssl \(buildInputs\)\. Why: openssl-sys 0\.9\.104 via reqwest/);
    assert.equal(missing.related?.[0]?.file, 'Cargo.toml');
    const hint = found.find((f) => f.file === 'Cargo.toml')!;
    assert.equal(hint.range.start.line, 6, 'on the reqwest line');
    const fixed = applyFix(dir, missing, PACKAGE);
    assert.match(fixed, /^  openssl,$/m, 'openssl joins the formals');
    assert.match(fixed, /buildInputs = \[ openssl \];/);
    const unused = check(dir).find((f) => f.code === 'unused-native-input')!;
    assert.match(unused.message, /sqlite/);
    applyFix(dir, unused, fixed);
    assert.deepEqual(check(dir), []);
  });

  it('stays quiet about bundled sqlite and dev-only crates, and finds build-script tools', () => {
    const dir = workspace('infer/bundled', { 'package.nix': PACKAGE.replace('    sqlite\n', '').replace('"svc"', '"db"') });
    const f = check(dir).filter((x) => x.file === 'package.nix');
    assert.deepEqual(codes(f), ['package.nix:missing-native-input:error', 'package.nix:unused-native-input:hint']);
    const missing = f.find((x) => x.severity === 'error')!;
    assert.match(missing.message, /cmake \(nativeBuildInputs\), rustPlatform\.bindgenHook \(nativeBuildInputs\)/);
    assert.doesNotMatch(missing.message, /sqlite/);
    assert.match(f.find((x) => x.code === 'unused-native-input')!.message, /pkg-config/, 'bundled sqlite needs no pkg-config');
  });

  it('takes what a library propagates as provided, and what it brings as not unused (gtk4 and cairo)', () => {
    const pkgNix = (build: string) =>
      PACKAGE.replace('  sqlite,\n', `  wrapGAppsHook4,\n  ${build.split(' ').join(',\n  ')},\n`)
        .replace('    pkg-config\n    sqlite\n', '    pkg-config\n    wrapGAppsHook4\n')
        .replace('  cargoLock.lockFile', `  buildInputs = [ ${build} ];\n  cargoLock.lockFile`);
    const quiet = check(workspace('infer/gtk4-app', { 'package.nix': pkgNix('gtk4 cairo glib') })).filter((f) => /native-input/.test(f.code));
    assert.deepEqual(codes(quiet), [], 'gtk4 brings cairo, glib, pango, gdk-pixbuf and graphene; listing cairo and glib too is not unused');
    const noGtk = check(workspace('infer/gtk4-app', { 'package.nix': pkgNix('cairo glib pango') })).filter((f) => f.code === 'missing-native-input' && f.file === 'package.nix');
    assert.match(noGtk[0]?.message ?? '', /The build needs gtk4 \(buildInputs\)/, 'cairo does not bring gtk4');
  });

  it('sees inputs declared in a crane commonArgs', () => {
    const flake = `{
  outputs = { self, nixpkgs, crane }:
    let
      pkgs = nixpkgs.legacyPackages.x86_64-linux;
      craneLib = crane.mkLib pkgs;
      commonArgs = {
        src = craneLib.cleanCargoSource ./.;
        nativeBuildInputs = [ pkgs.pkg-config ];
        buildInputs = [ pkgs.openssl ];
      };
      cargoArtifacts = craneLib.buildDepsOnly commonArgs;
    in {
      packages.x86_64-linux.default = craneLib.buildPackage (commonArgs // { inherit cargoArtifacts; });
    };
}
`;
    const dir = workspace('infer/reqwest-default', { 'flake.nix': flake });
    assert.deepEqual(check(dir), []);
  });
});

describe('hashes', { skip: NIX_MISSING }, () => {
  it('asks for an outputHashes entry per git dependency and fills it with lib.fakeHash', () => {
    const pkg = PACKAGE.replace('  sqlite,\n', '').replace('    sqlite\n', '').replace('"svc"', '"hello-web"').replace('"0.1.0"', '"0.3.1"');
    const dir = workspace('model/single', { 'package.nix': pkg });
    const f = check(dir).find((x) => x.code === 'git-dep-no-hash')!;
    assert.match(f.message, /gitdep 0\.1\.0/);
    const fixed = applyFix(dir, f, pkg);
    assert.match(fixed, /cargoLock\.outputHashes = \{\n    "gitdep-0\.1\.0" = lib\.fakeHash;\n  \};/);
    assert.equal(check(dir).filter((x) => x.code === 'git-dep-no-hash').length, 0);
  });

  it('calls cargoHash stale only when Cargo.lock changed since the last successful build', () => {
    const pkg = PACKAGE.replace('cargoLock.lockFile = ./Cargo.lock;', 'cargoHash = "sha256-BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=";');
    const dir = workspace('infer/reqwest-default', { 'package.nix': pkg });
    const lock = nodeFs(dir).readFile('Cargo.lock')!;
    const same: CheckState = { lockDigestAtLastBuild: new Map([['package.nix', lockDigest(lock)]]) };
    assert.equal(check(dir, same).filter((x) => x.code === 'stale-cargo-hash').length, 0);
    const older: CheckState = { lockDigestAtLastBuild: new Map([['package.nix', 'an older lock']]) };
    const f = check(dir, older).find((x) => x.code === 'stale-cargo-hash')!;
    assert.equal(f.fixes.length, 2);
    applyFix(dir, f, pkg);
  });
});

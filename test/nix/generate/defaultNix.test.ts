// default.nix imports whatever `<nixpkgs>` is: it states the nixpkgs package.nix
// needs and stops with that message on an older one, evaluated by real Nix
// against the stub nixpkgs and, when it has been brought, the real nixpkgs lib.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { nixpkgsNeeded } from '../../../server/src/generate/buildRustPackage';
import { planInit } from '../../../server/src/generate/plan';
import { infer } from '../../../server/src/infer/infer';
import { loadWorkspace } from '../../../server/src/model/workspace';
import { ensureParser, initParsers } from '../../../server/src/parse/treeSitter';
import { NIX_ENV, nixEvalJson } from '../nix';

const repo = join(__dirname, '..', '..', '..');
const fixtures = join(repo, 'test', 'fixtures');
const stub = join(fixtures, 'generate', 'stub-nixpkgs', 'stub.nix');
const realLib = join(process.env.ORACLE_SRC ?? join(repo, '..', '.cache', 'oracles', 'src'), 'nixpkgs-lib', 'lib');
const tmp = mkdtempSync(join(tmpdir(), 'nixify-default-'));
before(() => Promise.all([initParsers(), ensureParser('rust')]));
after(() => rmSync(tmp, { recursive: true, force: true }));

function generate(fixture: string): string {
  const dir = join(tmp, fixture.replace(/\//g, '-'));
  cpSync(join(fixtures, fixture), dir, { recursive: true });
  const ws = loadWorkspace(dir);
  const plan = planInit(ws, infer(ws), { builder: 'buildRustPackage', flake: false, vendoring: 'cargoLock' }, (p) => existsSync(join(dir, p)));
  for (const f of plan.files) writeFileSync(join(dir, f.path), f.content);
  return dir;
}

const evalIn = (dir: string, expr: string) => spawnSync('nix-instantiate', ['--eval', '--strict', '--json', '--expr', expr], { cwd: dir, env: NIX_ENV, encoding: 'utf8' });

describe('default.nix and the nixpkgs it needs', () => {
  it('names the oldest release for what package.nix uses', () => {
    assert.equal(nixpkgsNeeded('{ lib }: lib.importTOML ./Cargo.toml'), undefined);
    assert.deepEqual(nixpkgsNeeded('src = lib.fileset.toSource { };'), { release: '23.11', what: ['lib.fileset'] });
    assert.deepEqual(nixpkgsNeeded('lib.fileset.fileFilter (file: file.hasExt "proto") ./.'), { release: '24.05', what: ["lib.fileset.fileFilter's file.hasExt"] });
    assert.deepEqual(nixpkgsNeeded('rustPlatform.buildRustPackage (finalAttrs: { src = lib.fileset.toSource { }; })'), {
      release: '25.05',
      what: ['rustPlatform.buildRustPackage (finalAttrs: …)'],
    });
  });

  it('builds with a new enough nixpkgs and stops on an older one, saying which it needs and which it got (stub nixpkgs)', () => {
    const dir = generate('lsp/service');
    const ok = nixEvalJson(`(import ./default.nix { pkgs = (import ${stub} { }).pkgs; }).pname`, dir);
    assert.equal(ok, 'forum');
    const old = evalIn(dir, `let s = import ${stub} { }; in (import ./default.nix { pkgs = s.pkgs // { lib = s.lib // { version = "23.05.5"; }; }; }).pname`);
    assert.notEqual(old.status, 0);
    assert.match(old.stderr, /package\.nix needs nixpkgs 23\.11 or later \(lib\.fileset\); <nixpkgs> here is 23\.05\.5/);
  });

  it(
    "realLib: the check is the real lib's assertMsg and versionAtLeast",
    { skip: existsSync(realLib) ? false : `the real nixpkgs lib is not in ${realLib} (bring it with fetch, see ../shared/oracles/README.md)` },
    () => {
      const dir = generate('model/ws');
      const pkgs = (version: string) => `{ lib = import ${realLib} // { version = "${version}"; }; callPackage = f: args: "called"; }`;
      assert.equal(nixEvalJson(`import ./default.nix { pkgs = ${pkgs('24.11')}; }`, dir), 'called');
      const old = evalIn(dir, `import ./default.nix { pkgs = ${pkgs('23.05')}; }`);
      assert.notEqual(old.status, 0);
      assert.match(old.stderr, /package\.nix needs nixpkgs 23\.11 or later/);
    },
  );
});

// Adding the service outputs to a flake the user wrote: the edit keeps their
// outputs and merges the new ones, checked by evaluating with real Nix.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { extendFlakeOutputs } from '../../server/src/generate/flakeEdit';
import { planService } from '../../server/src/generate/service';
import { applyEdits } from '../../server/src/fixes/nixEdits';
import { loadWorkspace } from '../../server/src/model/workspace';
import { ensureParser, initParsers } from '../../server/src/parse/treeSitter';
import { nixEvalFileJson, nixParse } from './nix';

const fixtures = join(__dirname, '..', 'fixtures');
const stub = join(fixtures, 'generate', 'stub-nixpkgs', 'stub.nix');
const tmp = mkdtempSync(join(tmpdir(), 'nixify-flake-edit-'));
before(() => Promise.all([initParsers(), ensureParser('rust')]));
after(() => rmSync(tmp, { recursive: true, force: true }));

const USER_FLAKE = `{
  description = "my service";
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
  outputs = { nixpkgs, ... }:
    let
      forAll = nixpkgs.lib.genAttrs [ "x86_64-linux" "aarch64-linux" ];
    in
    {
      packages = forAll (system: {
        default = nixpkgs.legacyPackages.\${system}.rustPlatform.buildRustPackage {
          pname = "gallery";
          version = "0.1.0";
          meta.mainProgram = "gallery";
        };
      });
      mine = true;
    };
}
`;

describe('extending an existing flake', () => {
  it('keeps the user outputs and adds the module, the image and the VM test', () => {
    const dir = join(tmp, 'gallery');
    cpSync(join(fixtures, 'service', 'assets'), dir, { recursive: true });
    writeFileSync(join(dir, 'flake.nix'), USER_FLAKE);
    const plan = planService(loadWorkspace(dir), { module: true, docker: true, vmTest: true, nginxPath: '/forum/', virtualHost: 'example.org' });
    const r = extendFlakeOutputs(USER_FLAKE, plan.flakeAdditions);
    assert.ok('edits' in r, 'error' in r ? r.error : '');
    const text = applyEdits(USER_FLAKE, r.edits);
    writeFileSync(join(dir, 'flake.nix'), text);
    for (const f of plan.files) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.content);
    }
    nixParse(join(dir, 'flake.nix'));
    assert.match(text, /outputs = \{ self, nixpkgs, \.\.\. \}:/, 'self joins the formals');
    writeFileSync(
      join(dir, 'eval.nix'),
      `let s = import ${stub} { }; flake = import ./flake.nix; self = flake.outputs { inherit self; inherit (s) nixpkgs; }; in {
        mine = self.mine;
        systems = builtins.attrNames self.packages;
        pkgs = builtins.attrNames self.packages.x86_64-linux;
        keeps = self.packages.aarch64-linux.default.pname;
        module = builtins.isFunction self.nixosModules.default;
        checks = builtins.attrNames self.checks.x86_64-linux;
      }\n`,
    );
    const e = nixEvalFileJson(join(dir, 'eval.nix')) as Record<string, unknown>;
    assert.equal(e.mine, true);
    assert.deepEqual(e.pkgs, ['default', 'docker']);
    assert.equal(e.keeps, 'gallery');
    assert.equal(e.module, true);
    assert.deepEqual(e.checks, ['nixos']);
    assert.ok((e.systems as string[]).includes('x86_64-linux'));
  });

  it('explains instead of guessing when the outputs take one @-argument', () => {
    const r = extendFlakeOutputs('{ outputs = inputs: { }; }', { topLevel: [] });
    assert.ok('error' in r && /one argument/.test(r.error));
    const bad = extendFlakeOutputs('{ outputs = { self }: { ; }', {});
    assert.ok('error' in bad && /syntax error/.test(bad.error));
  });
});

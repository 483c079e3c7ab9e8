// Workspace members, evaluated with real Nix against the strict stub nixpkgs:
// each member package has its own version, description, license and binary;
// naersk names each derivation from `name` (it does not read pname) and builds
// one package per binary member; crate2nix's mainProgram is the real binary,
// not buildRustCrate's crate name; the Docker image and the NixOS service run
// that binary. The fixture's binaries are named unlike their packages.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BUILDER_NAMES, type Builder } from '../../../server/src/builders';
import { loadWorkspace, nodeFs } from '../../../server/src/model/workspace';
import { ensureParser, initParsers } from '../../../server/src/parse/treeSitter';
import { nixify } from '../../../server/src/pipeline/nixify';
import { nixEvalFileJson, nixEvalJson } from '../nix';

const fixtures = join(__dirname, '..', '..', 'fixtures');
const stub = join(fixtures, 'generate', 'stub-nixpkgs', 'stub.nix');
const serviceStub = join(fixtures, 'service', 'stub', 'stubs.nix');
const tmp = mkdtempSync(join(tmpdir(), 'nixify-members-'));
before(() => Promise.all([initParsers(), ensureParser('rust')]));
after(() => rmSync(tmp, { recursive: true, force: true }));

function generate(builder: Builder, service = false): string {
  const dir = join(tmp, `${builder}${service ? '-service' : ''}`);
  cpSync(join(fixtures, 'generate', 'cases', 'members'), dir, { recursive: true });
  const ws = loadWorkspace(dir);
  const r = nixify(ws, { builder, ...(service ? { module: true, docker: true, vmTest: false } : {}) }, { exists: (p) => existsSync(join(dir, p)), fs: nodeFs(dir) });
  for (const f of r.files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.content);
  }
  return dir;
}

function evalFlake(dir: string, select: string): any {
  const file = join(dir, 'eval.nix');
  writeFileSync(
    file,
    `let s = import ${stub} { }; flake = import ./flake.nix; inputs = { inherit self; inherit (s) nixpkgs crane rust-overlay naersk crate2nix; advisory-db = ./.; }; self = flake.outputs (builtins.intersectAttrs (builtins.functionArgs flake.outputs) inputs); in ${select}\n`,
  );
  return nixEvalFileJson(file);
}

const member = (p: string) =>
  `{ name = ${p}.name or ${p}.pname; version = ${p}.version; main = ${p}.meta.mainProgram; description = ${p}.meta.description or null; license = ${p}.meta.license.shortName or null; }`;

describe('workspace members (stub nixpkgs)', () => {
  for (const builder of BUILDER_NAMES) {
    it(`${builder}: one package per binary member, each with its own version, meta and binary`, () => {
      const dir = generate(builder);
      const p = evalFlake(
        dir,
        `let ps = self.packages.x86_64-linux; in { names = builtins.attrNames ps; app = ${member('ps.default')}; tool = ${member('ps.tool')}; exe = self.apps.x86_64-linux.default.program; }`,
      );
      assert.deepEqual(p.names, ['default', 'tool']);
      assert.equal(p.app.name, 'app');
      assert.equal(p.app.version, '1.0.0');
      assert.equal(p.app.main, 'app-server');
      assert.equal(p.tool.name, 'tool');
      assert.equal(p.tool.version, '2.5.0');
      assert.equal(p.tool.main, 'toolctl');
      assert.match(p.exe, /\/bin\/app-server$/);
      if (builder !== 'crate2nix') {
        // crate2nix packages are buildRustCrate's derivations, with buildRustCrate's meta.
        assert.deepEqual([p.app.description, p.app.license], ['The web app', 'mit']);
        assert.deepEqual([p.tool.description, p.tool.license], ['Its command-line tool', 'asl20']);
      }
    });
  }

  for (const builder of BUILDER_NAMES) {
    it(`${builder}: the Docker image and the NixOS service start the package's real binary`, () => {
      const dir = generate(builder, true);
      const entry = evalFlake(dir, 'builtins.head self.packages.x86_64-linux.docker.config.Entrypoint');
      assert.match(entry, /\/bin\/app-server$/);
      const exec = nixEvalJson(
        `let g = import ${stub} { }; s = import ${serviceStub}; flake = import ${join(dir, 'flake.nix')}; inputs = { inherit self; inherit (g) nixpkgs crane rust-overlay naersk crate2nix; advisory-db = ${dir}; }; self = flake.outputs (builtins.intersectAttrs (builtins.functionArgs flake.outputs) inputs); m = self.nixosModules.default { inherit (s) lib; pkgs = s.pkgs; }; r = s.evalModule { module = import ${join(dir, 'nixos', 'module.nix')}; name = "app-server"; settings = { package = m.services.app-server.package.content; }; }; in r.config.content.systemd.services.app-server.serviceConfig.ExecStart`,
      ) as string;
      assert.match(exec, /\/bin\/app-server\b/);
    });
  }
});

// A real cargo build inside the Nix sandbox whose build script runs git (not on the sandbox's
// PATH) and unwraps std's NotFound, reported to the real language server: the diagnosis reads
// the workspace's build.rs at the panic's line and offers git on the package's call.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { resolveNix, type NixInfo } from '../../../client/src/run/resolveNix';
import { repoRoot } from '../../lsp/client';
import { failedBuildReported } from './failedBuild';
import { nixConfig, rustSysroot } from '../diagnose/runNix';

const SYSROOT = rustSysroot();
const HARNESS = join(repoRoot, 'test', 'fixtures', 'nix-builds', 'rust');
const CRATE = join(repoRoot, 'test', 'fixtures', 'logs', 'build-script', 'spawn-git');

// Not evaluated by the flake: the package's call as a user's workspace would have it, where the fix goes.
const PACKAGE = `{ lib, rustPlatform }:
rustPlatform.buildRustPackage {
  pname = "spawn-git";
  version = "0.1.0";
  src = ./.;
  cargoLock.lockFile = ./Cargo.lock;
  nativeBuildInputs = [ ];
}
`;

describe('a build script spawning a program the sandbox lacks, over the language server', { skip: !SYSROOT && 'no Rust toolchain' }, () => {
  let nix: NixInfo;
  let dir: string;
  const env = { ...process.env, NIX_CONFIG: nixConfig({ sandboxPaths: SYSROOT ? [SYSROOT] : [] }) };
  before(async () => {
    nix = await resolveNix({ env });
    dir = mkdtempSync(join(tmpdir(), 'nixify-rust-build-script-'));
    cpSync(CRATE, dir, { recursive: true });
    for (const f of ['flake.nix', 'builder.sh']) cpSync(join(HARNESS, f), join(dir, f));
    writeFileSync(join(dir, 'options.nix'), `{ name = "spawn-git"; bin = ${JSON.stringify(join(SYSROOT!, 'bin'))}; }\n`);
    writeFileSync(join(dir, 'package.nix'), PACKAGE);
    execFileSync('git', ['init', '-q', dir]);
    execFileSync('git', ['-C', dir, 'add', '.']);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('`panicked at app/build.rs:10:10` → git, named from the Command::new(GIT) three lines up, with its quick fix', async () => {
    const lsp = await failedBuildReported(dir, nix, env);
    try {
      const uri = `file://${dir}/package.nix`;
      const ds = await lsp.waitForDiagnostics(uri, (d) => d.some((x: any) => x.code === 'missing-tool'));
      const d = ds.find((x: any) => x.code === 'missing-tool');
      assert.match(d.message, /runs git \(app\/build\.rs:7\)/);
      assert.deepEqual(d.data.intents, [{ kind: 'add-inputs', nativeBuildInputs: ['git'] }]);
      assert.equal(d.relatedInformation?.[0]?.location.uri, `file://${dir}/app/build.rs`);
      const actions: any[] = await lsp.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
      const add = actions.find((a) => a.title === 'Add git to nativeBuildInputs');
      assert.ok(add?.isPreferred, JSON.stringify(actions.map((a) => a.title)));
    } finally {
      await lsp.close();
    }
  });
});

// The CLI (`nixify init --dry-run --json`, the real bundle) and the editor
// (nixify/nixifyChoices + nixify/nixifyPlan on the real server over stdio) go
// through one pipeline: on the same crate and the same choices they must
// produce the same files and the same warnings.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BUILDER_NAMES } from '../../server/src/builders';
import { repoRoot, startLsp, type LspSession } from './client';

const fixtures = join(repoRoot, 'test', 'fixtures');
const BUILDERS = BUILDER_NAMES;

interface Files {
  files: Record<string, string>;
  warnings: string[];
}

// Both doors are told the same Nix (the CLI would ask `nix --version`, the extension its resolved Nix).
const NIX_VERSION = '2.8.0';

function cli(dir: string, args: string[]): Files {
  const r = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'init', dir, '--dry-run', '--json', '--nix-version', NIX_VERSION, ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { files: { path: string; content: string }[]; warnings: string[] };
  return { files: Object.fromEntries(out.files.map((f) => [f.path, f.content])), warnings: out.warnings };
}

async function editor(lsp: LspSession, cargoToml: string, options: Record<string, unknown>): Promise<Files> {
  const uri = `file://${cargoToml}`;
  const choices: any = await lsp.conn.sendRequest('nixify/nixifyChoices', { uri });
  // What the quick pick sends when the person accepts the defaults and picks these.
  const plan: any = await lsp.conn.sendRequest('nixify/nixifyPlan', { uri, options: { ...choices.defaults, nixVersion: NIX_VERSION, ...options } });
  const root = plan.rootUri as string;
  const files: Record<string, string> = {};
  for (const c of plan.edit.documentChanges) {
    if (c.kind) continue;
    files[c.textDocument.uri.slice(root.length + 1)] = c.edits.map((e: any) => e.newText).join('');
  }
  return { files, warnings: plan.warnings };
}

describe('nixify init and "Nixify this crate" give the same files', () => {
  let tmp: string;
  let lsp: LspSession;
  const crates: Record<string, string> = {};

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'nixify-doors-'));
    for (const [name, fixture] of [
      ['single', 'model/single'],
      ['ws', 'model/ws'],
      ['wasm', 'generate/cases/wasm'],
      ['service', 'service/port-env'],
      ['assets', 'service/assets'],
    ] as const) {
      crates[name] = join(tmp, name);
      cpSync(join(fixtures, fixture), crates[name]!, { recursive: true });
    }
    // A top-level symlink: the build sees it only if src lists it, and it may dangle.
    crates.symlink = join(tmp, 'symlink');
    cpSync(join(fixtures, 'model/single'), crates.symlink, { recursive: true });
    mkdirSync(join(crates.symlink, 'config'));
    writeFileSync(join(crates.symlink, 'config', 'default.toml'), 'port = 8080\n');
    symlinkSync('config/default.toml', join(crates.symlink, 'settings.toml'));
    appendFileSync(join(crates.symlink, 'src', 'main.rs'), '\nconst SETTINGS: &str = include_str!("../settings.toml");\n');
    lsp = await startLsp(tmp, { trusted: true });
  });

  after(async () => {
    await lsp.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  for (const builder of BUILDERS) {
    it(`${builder}: a single crate, a workspace, a wasm member`, async () => {
      for (const name of ['single', 'ws', 'wasm']) {
        const dir = crates[name]!;
        assert.deepEqual(await editor(lsp, join(dir, 'Cargo.toml'), { builder }), cli(dir, ['--builder', builder]), `${name} with ${builder}`);
      }
    });
  }

  it('a workspace member opened on its own Cargo.toml packages that member in both', async () => {
    const dir = join(crates.ws!, 'crates', 'cli');
    const viaCli = cli(dir, ['--builder', 'buildRustPackage']);
    assert.deepEqual(await editor(lsp, join(dir, 'Cargo.toml'), { builder: 'buildRustPackage' }), viaCli);
  });

  it('without a flake, and vendoring with cargoHash', async () => {
    const dir = crates.single!;
    assert.deepEqual(
      await editor(lsp, join(dir, 'Cargo.toml'), { builder: 'buildRustPackage', flake: false, vendoring: 'cargoHash' }),
      cli(dir, ['--builder', 'buildRustPackage', '--no-flake', '--vendoring', 'cargoHash']),
    );
  });

  it('with the NixOS module, nginx under a subdirectory and Docker', async () => {
    for (const name of ['service', 'assets']) {
      for (const builder of ['buildRustPackage', 'crane']) {
        const dir = crates[name]!;
        const viaEditor = await editor(lsp, join(dir, 'Cargo.toml'), { builder, module: true, docker: true, nginxPath: '/app/', virtualHost: 'example.org' });
        const viaCli = cli(dir, ['--builder', builder, '--module', '--docker', '--nginx-path', '/app/', '--virtual-host', 'example.org']);
        assert.ok(viaCli.files['nixos/module.nix'], 'the module is generated');
        assert.deepEqual(viaEditor, viaCli, `${name} with ${builder}`);
      }
    }
  });

  it('a crate that reads a top-level symlink: both keep the link and its target in src', async () => {
    const dir = crates.symlink!;
    const viaCli = cli(dir, ['--builder', 'buildRustPackage']);
    assert.match(viaCli.files['package.nix']!, /\.\/settings\.toml/);
    assert.match(viaCli.files['package.nix']!, /\.\/config\/default\.toml # target of the symlink settings\.toml/);
    assert.deepEqual(await editor(lsp, join(dir, 'Cargo.toml'), { builder: 'buildRustPackage' }), viaCli);
  });

  it('both refuse the same impossible request with the same reason', async () => {
    const dir = crates.single!;
    const r = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'init', dir, '--dry-run', '--json', '--builder', 'crane', '--no-flake'], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    await assert.rejects(lsp.conn.sendRequest('nixify/nixifyPlan', { uri: `file://${dir}/Cargo.toml`, options: { builder: 'crane', flake: false } }), (e: Error) => r.stderr.includes(e.message));
  });
});

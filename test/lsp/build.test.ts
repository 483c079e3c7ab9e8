// Real builds with real Nix, run through the task runner's process layer, then
// reported to the real server over stdio: diagnostics come back where the fix
// goes, and their quick fixes edit exactly there.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { applyEdits } from '../../server/src/fixes/nixEdits';
import type { NixTaskDefinition } from '../../client/src/run/command';
import { resolveNix, type NixInfo } from '../../client/src/run/resolveNix';
import { runNixTask } from '../../client/src/run/runner';
import { NIX_ENV, NIX_MISSING } from '../nix/nix';
import { repoRoot, startLsp, type LspSession } from './client';

async function build(dir: string, def: NixTaskDefinition, nix: NixInfo) {
  const run = runNixTask(def, { cwd: dir, nix, env: NIX_ENV });
  return { run, result: await run.done };
}

describe('build diagnostics over the language server', { skip: NIX_MISSING }, () => {
  let nix: NixInfo;
  const dirs: string[] = [];
  const sessions: LspSession[] = [];
  const fixture = (name: string) => {
    const dir = mkdtempSync(join(tmpdir(), `nixify-build-${name}-`));
    cpSync(join(repoRoot, 'test', 'fixtures', 'run', name), dir, { recursive: true });
    dirs.push(dir);
    return dir;
  };
  const lspAt = async (dir: string) => {
    const s = await startLsp(dir);
    sessions.push(s);
    return s;
  };

  before(async () => {
    nix = await resolveNix({ env: NIX_ENV });
  });
  after(async () => {
    for (const s of sessions) await s.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('puts a fixed-output hash mismatch on the hash, replaces it with the reported one, and the rebuild clears it', async () => {
    const dir = fixture('hash');
    const lsp = await lspAt(dir);
    const uri = `file://${dir}/default.nix`;
    const def: NixTaskDefinition = { command: 'build', installable: 'default.nix', args: ['--no-out-link'] };
    const { run, result } = await build(dir, def, nix);
    assert.notEqual(result.code, 0);

    const t0 = performance.now();
    await lsp.conn.sendNotification('nixify/buildFinished', { rootUri: `file://${dir}`, installable: run.installable, exitCode: result.code, logPath: run.logPath });
    const ds = await lsp.waitForDiagnostics(uri, (d) => d.length > 0);
    console.log(`  build failure → diagnostics: ${(performance.now() - t0).toFixed(1)} ms`);
    assert.equal(ds.length, 1);
    assert.equal(ds[0].code, 'hash-mismatch');
    const text = readFileSync(join(dir, 'default.nix'), 'utf8');
    const line = text.split('\n')[ds[0].range.start.line]!;
    assert.equal(line.slice(ds[0].range.start.character, ds[0].range.end.character), 'sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');

    const actions: any[] = await lsp.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: ds[0].range, context: { diagnostics: ds } });
    const replace = actions.find((a) => a.isPreferred);
    assert.ok(replace, `a preferred fix among ${actions.map((a) => a.title).join(', ')}`);
    assert.match(replace.title, /^Replace the hash with sha256-/);
    assert.ok(actions.some((a) => a.command?.command === 'nixify.showLog' && a.command.arguments[0] === run.logPath));
    const edits = replace.edit.documentChanges[0].edits;
    assert.equal(replace.edit.documentChanges[0].textDocument.uri, uri);
    writeFileSync(join(dir, 'default.nix'), applyEdits(text, edits));

    const again = await build(dir, def, nix);
    assert.equal(again.result.code, 0, 'the fixed derivation builds');
    await lsp.conn.sendNotification('nixify/buildStarted', { rootUri: `file://${dir}`, installable: run.installable });
    await lsp.waitForDiagnostics(uri, (d) => d.length === 0);
  });

  it('reports an untracked file of a flake where the flake reads it, with a git add that goes through the asking client command', async () => {
    const dir = fixture('untracked');
    execFileSync('git', ['init', '-q', dir]);
    execFileSync('git', ['-C', dir, 'add', 'flake.nix', 'Cargo.toml']);
    const lsp = await lspAt(dir);
    const def: NixTaskDefinition = { command: 'build', installable: '.#default', args: ['--no-link'] };
    const { run, result } = await build(dir, def, nix);
    assert.notEqual(result.code, 0);
    assert.ok(run.invocation.json, 'Nix ≥ 2.4 logs internal-json');
    await lsp.conn.sendNotification('nixify/buildFinished', { rootUri: `file://${dir}`, installable: run.installable, exitCode: result.code, logPath: run.logPath });
    const uri = `file://${dir}/flake.nix`;
    const ds = await lsp.waitForDiagnostics(uri, (d) => d.some((x: any) => x.code === 'flake-untracked'));
    const d = ds.find((x: any) => x.code === 'flake-untracked');
    const text = readFileSync(join(dir, 'flake.nix'), 'utf8');
    const line = text.split('\n')[d.range.start.line]!;
    assert.equal(line.slice(d.range.start.character, d.range.end.character), './data.txt');
    const actions: any[] = await lsp.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    // Protocol-level id (the VS Code client maps it to nixify.gitAdd), root first.
    const add = actions.find((a) => a.command?.command === 'git-add');
    assert.deepEqual(add.command.arguments, [dir, 'data.txt']);
    assert.equal(add.edit, undefined, 'git add is a command the client confirms, never an edit');
  });

  it('a failure it does not recognise: the failing step as information on the derivation’s name, with no quick fix', async () => {
    const dir = fixture('fail');
    const lsp = await lspAt(dir);
    const uri = `file://${dir}/default.nix`;
    const { run, result } = await build(dir, { command: 'build', installable: 'default.nix', args: ['--no-out-link'] }, nix);
    assert.equal(result.code, 100);
    await lsp.conn.sendNotification('nixify/buildFinished', { rootUri: `file://${dir}`, installable: run.installable, exitCode: result.code, logPath: run.logPath });
    const ds = await lsp.waitForDiagnostics(uri, (d) => d.length > 0);
    assert.equal(ds.length, 1);
    assert.equal(ds[0].code, 'failing-step');
    assert.equal(ds[0].severity, 3, 'Information');
    assert.match(ds[0].message, /^`nixify-fail-demo` failed with exit code 3; the last lines it printed: .*something went wrong/);
    const text = readFileSync(join(dir, 'default.nix'), 'utf8');
    assert.match(text.split('\n')[ds[0].range.start.line]!, /name = "nixify-fail-demo";/);
    const actions: any[] = await lsp.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: ds[0].range, context: { diagnostics: ds } });
    assert.ok(!actions.some((a) => a.edit), actions.map((a) => a.title).join(', '));
    // The same log said to come from a build that succeeded: no failing step to show, so the finding goes.
    await lsp.conn.sendNotification('nixify/buildFinished', { rootUri: `file://${dir}`, installable: run.installable, exitCode: 0, logPath: run.logPath });
    assert.deepEqual(await lsp.waitForDiagnostics(uri, (d) => d.length === 0), []);
  });

  it('a check phase failing with no test named (round105 vz03, a real paste): a quick fix that turns the check phase off, said to skip every test, not preferred; the edited file parses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nixify-build-checkoff-'));
    dirs.push(dir);
    const pkg = '{ lib, rustPlatform }:\n\nrustPlatform.buildRustPackage {\n  pname = "cargo-semver-checks";\n  version = "0.34.0";\n  src = ./.;\n  cargoHash = lib.fakeHash;\n}\n';
    writeFileSync(join(dir, 'package.nix'), pkg);
    const logPath = join(dir, 'build.log');
    cpSync(join(repoRoot, 'test', 'fixtures', 'logs', 'heldout', 'round105', 'vz03.log'), logPath);
    const lsp = await lspAt(dir);
    const uri = `file://${dir}/package.nix`;
    await lsp.conn.sendNotification('nixify/buildFinished', { rootUri: `file://${dir}`, installable: 'package.nix', exitCode: 1, logPath });
    const ds = await lsp.waitForDiagnostics(uri, (d) => d.length > 0);
    assert.deepEqual(
      ds.map((d: any) => d.code),
      ['test-failure'],
    );
    const actions: any[] = await lsp.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: ds[0].range, context: { diagnostics: ds } });
    const off = actions.filter((a) => a.edit);
    assert.deepEqual(
      off.map((a) => [a.title, !!a.isPreferred]),
      [['Turn the check phase off (doCheck = false): skips every test, not only the failing one', false]],
    );
    const edited = applyEdits(
      pkg,
      off[0].edit.documentChanges.flatMap((c: any) => (c.textDocument?.uri === uri ? c.edits : [])),
    );
    assert.equal(edited, pkg.replace('cargoHash = lib.fakeHash;', 'cargoHash = lib.fakeHash;\n  doCheck = false;'));
    writeFileSync(join(dir, 'package.nix'), edited);
    execFileSync('nix-instantiate', ['--parse', join(dir, 'package.nix')], { env: NIX_ENV, stdio: ['ignore', 'ignore', 'pipe'] });
  });
});

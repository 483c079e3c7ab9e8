// The server's own commands through `workspace/executeCommand`, driven by a
// plain JSON-RPC client (no VS Code), as Neovim or Helix would: "Nixify this
// crate" comes back as a `workspace/applyEdit` the client performs, a quick fix
// (git add of the new flake.nix) runs on the server and clears its finding, a
// build log is diagnosed into diagnostics, and what needs an editor says so.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { NIX_MISSING, nixParse } from '../nix/nix';
import { repoRoot, startLsp, type LspSession } from './client';

/** Performs a WorkspaceEdit the way an editor does: creates files (never over an existing one), applies text edits. */
function applyToDisk(edit: { documentChanges?: any[] }): string[] {
  const touched: string[] = [];
  for (const c of edit.documentChanges ?? []) {
    if (c.kind === 'create') {
      const p = fileURLToPath(c.uri);
      if (existsSync(p)) throw new Error(`${p} exists`);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, '');
      touched.push(p);
    } else if (c.textDocument) {
      const p = fileURLToPath(c.textDocument.uri);
      let text = readFileSync(p, 'utf8');
      for (const e of c.edits) {
        assert.deepEqual(
          [e.range.start, e.range.end],
          [
            { line: 0, character: 0 },
            { line: 0, character: 0 },
          ],
          'new files are written from their start',
        );
        text = e.newText + text;
      }
      writeFileSync(p, text);
    } else throw new Error(`unexpected change ${JSON.stringify(c)}`);
  }
  return touched;
}

describe('workspace/executeCommand from a plain LSP client', () => {
  let dir: string;
  let lsp: LspSession;
  const applied: any[] = [];
  const messages: string[] = [];
  const git = (...a: string[]) => execFileSync('git', ['-C', dir, ...a], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nixify-exec-'));
    cpSync(join(repoRoot, 'examples', 'axum-openssl'), dir, { recursive: true });
    git('init', '-q');
    git('add', '-A');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-q', '-m', 'crate');
    lsp = await startLsp(dir);
    lsp.conn.onRequest('workspace/applyEdit', (p: { label?: string; edit: any }) => {
      applied.push(p);
      applyToDisk(p.edit);
      return { applied: true };
    });
    lsp.conn.onNotification('window/showMessage', (m: { message: string }) => void messages.push(m.message));
  });
  after(async () => {
    await lsp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('advertises its commands, and Nix semantic tokens, to a client that is not the VS Code extension', async () => {
    const caps = lsp.initializeResult.capabilities;
    for (const c of ['nixify.nixify', 'git-add', 'nixify.diagnoseBuildLog', 'nixify.showInferredInputs']) assert.ok(caps.executeCommandProvider.commands.includes(c), c);
    assert.ok(caps.semanticTokensProvider.legend.tokenTypes.includes('keyword'));
    // The VS Code extension registers these commands itself, and turns tokens off when nix-ide colours Nix.
    const vscodeLike = await startLsp(dir, { trusted: true, clientCommands: true, nixSemanticTokens: false });
    try {
      assert.equal(vscodeLike.initializeResult.capabilities.executeCommandProvider, undefined);
      assert.equal(vscodeLike.initializeResult.capabilities.semanticTokensProvider, undefined);
    } finally {
      await vscodeLike.close();
    }
  });

  it('"Nixify this crate": the server sends the files as one workspace/applyEdit and reports them', async () => {
    const cargo = pathToFileURL(join(dir, 'Cargo.toml')).href;
    const r: any = await lsp.conn.sendRequest('workspace/executeCommand', { command: 'nixify.nixify', arguments: [cargo] });
    assert.equal(r.done, true);
    assert.deepEqual(r.files.map((f: any) => `${f.action} ${f.path}`).sort(), ['create default.nix', 'create flake.nix', 'create package.nix']);
    assert.equal(applied.length, 1);
    // Plain clients may not support change annotations: none are sent.
    assert.doesNotMatch(JSON.stringify(applied[0].edit), /annotationId|changeAnnotations/);
    const pkg = readFileSync(join(dir, 'package.nix'), 'utf8');
    assert.match(pkg, /rustPlatform\.buildRustPackage/);
    assert.match(pkg, /nativeBuildInputs = \[\s*pkg-config\b/);
    assert.match(pkg, /buildInputs = \[\s*openssl\b/);
    assert.match(readFileSync(join(dir, 'flake.nix'), 'utf8'), /callPackage \.\/package\.nix/);
    if (!NIX_MISSING) for (const f of ['package.nix', 'default.nix', 'flake.nix']) nixParse(join(dir, f));
    assert.ok(
      messages.some((m) => /package\.nix/.test(m)),
      `a message names the files: ${messages.join(' | ')}`,
    );
    // Again: nothing is overwritten; the new version would go beside the existing file.
    const again: any = await lsp.conn.sendRequest('workspace/executeCommand', { command: 'nixify.nixify', arguments: [cargo] });
    assert.ok(again.files.some((f: any) => f.action === 'skip' && f.path === 'flake.nix'));
    assert.ok(existsSync(join(dir, 'nixify', 'flake.nix')));
  });

  it('a quick fix through executeCommand: `git add` of the untracked flake.nix clears its finding', async () => {
    const flake = pathToFileURL(join(dir, 'flake.nix')).href;
    // An editor's file watcher reports the files the edit created.
    await lsp.conn.sendNotification('workspace/didChangeWatchedFiles', {
      changes: ['flake.nix', 'package.nix', 'default.nix'].map((f) => ({ uri: pathToFileURL(join(dir, f)).href, type: 1 })),
    });
    const ds = await lsp.waitForDiagnostics(flake, (d) => d.some((x) => x.code === 'untracked-file'), 20_000);
    const untracked = ds.filter((x) => x.code === 'untracked-file');
    const actions: any[] = await lsp.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri: flake },
      range: untracked[0]!.range,
      context: { diagnostics: untracked },
    });
    const fix = actions.find((a) => a.command?.command === 'git-add');
    assert.ok(fix, `a git add quick fix: ${JSON.stringify(actions.map((a) => a.title))}`);
    const r: any = await lsp.conn.sendRequest('workspace/executeCommand', fix.command);
    assert.equal(r.done, true);
    assert.ok(git('ls-files').split('\n').includes('flake.nix'), 'flake.nix staged');
    await lsp.waitForDiagnostics(flake, (d) => !d.some((x) => x.code === 'untracked-file'), 20_000);
  });

  it('"Add CI workflow" on the flake: the workflow file through the same applyEdit path', async () => {
    const r: any = await lsp.conn.sendRequest('workspace/executeCommand', { command: 'nixify.addCiWorkflow', arguments: [pathToFileURL(join(dir, 'flake.nix')).href] });
    assert.equal(r.done, true);
    assert.match(readFileSync(join(dir, '.github', 'workflows', 'nix.yml'), 'utf8'), /nix (flake check|build)/);
  });

  it('semantic tokens for an open .nix file', async () => {
    const uri = pathToFileURL(join(dir, 'package.nix')).href;
    await lsp.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'nix', version: 1, text: readFileSync(join(dir, 'package.nix'), 'utf8') } });
    const r: any = await lsp.conn.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } });
    assert.ok(r.data.length > 50 && r.data.length % 5 === 0, `${r.data.length} integers`);
  });

  it('a build log on disk, diagnosed through nixify.diagnoseBuildLog, lands where the fix goes', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'nixify-exec-log-'));
    try {
      cpSync(join(repoRoot, 'test', 'fixtures', 'logs', 'workspaces', 'crate'), ws, { recursive: true });
      const log = join(repoRoot, 'test', 'fixtures', 'logs', '2.8-rust-openssl-no-pkg-config.L.log');
      const pkg = pathToFileURL(join(ws, 'package.nix')).href;
      const r: any = await lsp.conn.sendRequest('workspace/executeCommand', { command: 'nixify.diagnoseBuildLog', arguments: [log, ws] });
      assert.equal(r.done, true);
      assert.equal(r.diagnostics[0].code, 'openssl');
      const published = await lsp.waitForDiagnostics(pkg, (d) => d.some((x) => x.code === 'openssl'));
      // Its quick fix is a plain edit any client applies.
      const actions: any[] = await lsp.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: pkg }, range: published[0].range, context: { diagnostics: published } });
      assert.ok(
        actions.some((a) => /openssl/.test(a.title) && a.edit),
        JSON.stringify(actions.map((a) => a.title)),
      );
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });

  it('commands that need the editor answer with what to do instead', async () => {
    const r: any = await lsp.conn.sendRequest('workspace/executeCommand', { command: 'nixify.build', arguments: [] });
    assert.equal(r.done, false);
    assert.match(r.message, /nix build -L 2>&1 \| tee build\.log/);
    assert.match(r.message, /nixify\.diagnoseBuildLog/);
    const flakes: any = await lsp.conn.sendRequest('workspace/executeCommand', { command: 'enable-experimental-features', arguments: [dir, ['nix-command', 'flakes']] });
    assert.equal(flakes.done, false);
    assert.match(flakes.message, /experimental-features = nix-command flakes/);
  });
});

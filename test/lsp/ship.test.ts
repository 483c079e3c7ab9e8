// "Add CI workflow" and "Prepare for nixpkgs" through the real bundled server:
// the code actions on flake.nix, the requests behind the client's commands, and
// that an existing file is never replaced.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { repoRoot, startLsp } from './client';

const FLAKE = '{\n  outputs = { self, nixpkgs }: {\n    packages.x86_64-linux.docker = nixpkgs.legacyPackages.x86_64-linux.hello;\n  };\n}\n';

describe('CI workflow and nixpkgs package over the language server', () => {
  it('offers both on flake.nix, plans the workflow for that flake, and skips a file that exists', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nixify-lsp-ship-'));
    cpSync(join(repoRoot, 'test', 'fixtures', 'lsp', 'service'), dir, { recursive: true });
    writeFileSync(join(dir, 'flake.nix'), FLAKE);
    const lsp = await startLsp(dir, { trusted: false });
    try {
      const uri = `file://${dir}/flake.nix`;
      await lsp.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'nix', version: 1, text: FLAKE } });
      const actions: any[] = await lsp.conn.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [] },
      });
      const commands = actions.map((a) => a.command?.command);
      assert.ok(commands.includes('nixify.addCiWorkflow'));
      assert.ok(commands.includes('nixify.prepareNixpkgs'));

      const r: any = await lsp.conn.sendRequest('nixify/ciWorkflow', { uri, forge: 'github', cachix: 'forum-cache' });
      assert.deepEqual(r.files, [{ path: '.github/workflows/nix.yml', action: 'create' }]);
      assert.equal(r.edit.changeAnnotations['nixify.ship'].needsConfirmation, true);
      const text = r.edit.documentChanges.find((c: any) => c.textDocument?.uri?.endsWith('.github/workflows/nix.yml')).edits[0].newText;
      const doc = parse(text);
      assert.ok(doc.jobs['publish-image'], 'the docker package of the flake is published');
      assert.ok(r.warnings.some((w: string) => /CACHIX_AUTH_TOKEN/.test(w)));

      mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
      writeFileSync(join(dir, '.github', 'workflows', 'nix.yml'), 'mine\n');
      const again: any = await lsp.conn.sendRequest('nixify/ciWorkflow', { uri, forge: 'github' });
      assert.equal(again.files[0].action, 'skip');
      assert.equal(again.edit.documentChanges.length, 0, 'nothing would be written');

      await assert.rejects(lsp.conn.sendRequest('nixify/ciWorkflow', { uri, forge: 'bitbucket' }), /--ci must be one of github, gitlab/);

      // Untrusted: no git, no nix; the source comes from Cargo.toml alone, and the person is told.
      const n: any = await lsp.conn.sendRequest('nixify/nixpkgsPackage', { uri: `file://${dir}/Cargo.toml` });
      assert.deepEqual(n.files, [{ path: 'pkgs/by-name/fo/forum/package.nix', action: 'create' }]);
      assert.ok(n.warnings[0].startsWith('git was not run'));
    } finally {
      await lsp.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('in a trusted workspace reads the remote and tags, and hashes the release tag', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nixify-lsp-nixpkgs-'));
    cpSync(join(repoRoot, 'test', 'fixtures', 'nixpkgs', 'cli'), dir, { recursive: true });
    const git = (...a: string[]) => execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@t', ...a], { stdio: 'ignore' });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'release');
    git('tag', 'v1.4.2');
    git('remote', 'add', 'origin', 'https://gitlab.com/notes/tidy.git');
    const lsp = await startLsp(dir, { trusted: true });
    try {
      const n: any = await lsp.conn.sendRequest('nixify/nixpkgsPackage', { uri: `file://${dir}/Cargo.toml` });
      const text = n.edit.documentChanges.find((c: any) => c.textDocument?.uri?.endsWith('package.nix')).edits[0].newText;
      assert.match(text, /src = fetchFromGitLab \{\n    owner = "notes";\n    repo = "tidy";\n    tag = "v\$\{finalAttrs\.version\}";/);
      assert.match(text, /hash = "sha256-[A-Za-z0-9+/]{43}=";/, 'the tag exists locally: its hash is filled in');
    } finally {
      await lsp.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

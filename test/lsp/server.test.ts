// Drives the real bundled server (dist/cli.js lsp --stdio) like Neovim or Helix would.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { repoRoot, startLsp, type LspSession } from './client';

describe('language server over stdio', () => {
  let dir: string;
  let lsp: LspSession;
  let cargoUri: string;
  let cargoText: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nixify-lsp-'));
    cpSync(join(repoRoot, 'test', 'fixtures', 'lsp', 'service'), dir, { recursive: true });
    lsp = await startLsp(dir, { trusted: false });
    cargoUri = `file://${dir}/Cargo.toml`;
    cargoText = readFileSync(join(dir, 'Cargo.toml'), 'utf8');
    await lsp.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: cargoUri, languageId: 'toml', version: 1, text: cargoText } });
  });

  after(async () => {
    await lsp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('offers "Nixify this crate" and the inferred inputs as code lenses on [package]', async () => {
    const lenses: any[] = await lsp.conn.sendRequest('textDocument/codeLens', { textDocument: { uri: cargoUri } });
    assert.equal(lenses[0].command.command, 'nixify.nixify');
    assert.deepEqual(lenses[0].range.start, { line: 0, character: 0 });
    const inputs = lenses.find((l) => l.command.title.startsWith('Nix inputs'));
    assert.ok(inputs, 'an inputs lens');
    assert.match(inputs.command.title, /openssl/);
    assert.match(inputs.command.title, /pkg-config/);
    assert.doesNotMatch(inputs.command.title, /sqlite/, 'dev-only -sys crates are not build inputs');
  });

  it('answers the custom nixify/infer request', async () => {
    const r: any = await lsp.conn.sendRequest('nixify/infer', { uri: cargoUri });
    assert.ok(r.buildInputs.includes('openssl'));
    assert.ok(r.nativeBuildInputs.includes('pkg-config'));
    assert.ok(r.reasons.some((x: any) => x.input === 'openssl' && /reqwest/.test(x.because)));
  });

  it('explains on hover which inputs a dependency brings in', async () => {
    const h: any = await lsp.conn.sendRequest('textDocument/hover', { textDocument: { uri: cargoUri }, position: { line: 8, character: 2 } });
    assert.match(h.contents.value, /openssl/);
    const dev: any = await lsp.conn.sendRequest('textDocument/hover', { textDocument: { uri: cargoUri }, position: { line: 12, character: 3 } });
    assert.match(dev.contents.value, /dev-dependency/);
  });

  it('reports malformed TOML in an unsaved buffer at its position, and clears it when fixed', async () => {
    const broken = cargoText.replace('serde = "1"', 'serde = { version = "1"');
    await lsp.conn.sendNotification('textDocument/didChange', { textDocument: { uri: cargoUri, version: 2 }, contentChanges: [{ text: broken }] });
    const ds = await lsp.waitForDiagnostics(cargoUri, (d) => d.length > 0);
    assert.equal(ds[0].source, 'nixify');
    assert.match(ds[0].message, /invalid TOML/);
    assert.ok(ds[0].range.start.line >= 9, `error placed at line ${ds[0].range.start.line}`);
    await lsp.conn.sendNotification('textDocument/didChange', { textDocument: { uri: cargoUri, version: 3 }, contentChanges: [{ text: cargoText }] });
    const cleared = await lsp.waitForDiagnostics(cargoUri, (d) => d.length === 0);
    assert.deepEqual(cleared, []);
  });

  it('offers "Nixify this crate" as a source action on Cargo.toml', async () => {
    const actions: any[] = await lsp.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri: cargoUri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source'] },
    });
    assert.deepEqual(
      actions.map((a) => [a.kind, a.command.command]),
      [['source.nixify', 'nixify.nixify']],
    );
  });

  it('advertises every code action kind it produces, so "Refactor…" and "Source Action…" list them', () => {
    const kinds: string[] = lsp.initializeResult.capabilities.codeActionProvider.codeActionKinds;
    for (const k of ['quickfix', 'source.nixify', 'refactor.nixify']) assert.ok(kinds.includes(k), `${k} in ${kinds.join(', ')}`);
  });

  it('plans "Nixify this crate" as an edit that creates files only after confirmation', async () => {
    const r: any = await lsp.conn.sendRequest('nixify/nixifyPlan', { uri: cargoUri, options: { builder: 'buildRustPackage', flake: true } });
    const creates = r.edit.documentChanges.filter((c: any) => c.kind === 'create');
    assert.ok(creates.some((c: any) => c.uri.endsWith('/flake.nix')));
    assert.ok(creates.every((c: any) => c.options.overwrite === false && c.annotationId));
    assert.equal(r.edit.changeAnnotations[creates[0].annotationId].needsConfirmation, true);
  });
});

describe('checks over the language server', () => {
  let dir: string;
  let lsp: LspSession;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nixify-lsp-checks-'));
    cpSync(join(repoRoot, 'test', 'fixtures', 'lsp', 'service'), dir, { recursive: true });
    writeFileSync(
      join(dir, 'package.nix'),
      '{ lib, rustPlatform, pkg-config }:\n\nrustPlatform.buildRustPackage {\n  pname = "forum";\n  version = "0.4.0";\n  src = ./.;\n  cargoLock.lockFile = ./Cargo.lock;\n  nativeBuildInputs = [ pkg-config ];\n}\n',
    );
    lsp = await startLsp(dir, { trusted: false });
  });

  after(async () => {
    await lsp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes missing inputs on the Nix file and offers the fix as a code action', async () => {
    const uri = `file://${dir}/package.nix`;
    await lsp.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'nix', version: 1, text: readFileSync(join(dir, 'package.nix'), 'utf8') } });
    const ds = await lsp.waitForDiagnostics(uri, (d) => d.some((x: any) => x.code === 'missing-native-input'));
    const missing = ds.find((x: any) => x.code === 'missing-native-input');
    assert.equal(missing.range.start.line, 7);
    const actions: any[] = await lsp.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: missing.range, context: { diagnostics: [missing] } });
    assert.equal(actions[0].kind, 'quickfix');
    assert.equal(actions[0].isPreferred, true);
    const edits = actions[0].edit.documentChanges[0].edits.map((e: any) => e.newText).join('');
    assert.match(edits, /openssl/);
  });

  it('answers every code action sent behind lock edits, in order, with the fix', async () => {
    const uri = `file://${dir}/package.nix`;
    const ds = await lsp.waitForDiagnostics(uri, (d) => d.some((x: any) => x.code === 'missing-native-input'));
    const missing = ds.find((x: any) => x.code === 'missing-native-input');
    const lockUri = `file://${dir}/Cargo.lock`;
    const lock = readFileSync(join(dir, 'Cargo.lock'), 'utf8');
    await lsp.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: lockUri, languageId: 'toml', version: 1, text: lock } });
    await lsp.nextPublication();
    // A run publishes every file back to back: once a request's answer is back, all of that run's came.
    await lsp.conn.sendRequest('nixify/noop').catch(() => undefined);
    // What an editor sends while someone types in Cargo.lock: each change, then at once the lightbulb's
    // request. Written in one piece, so the server reads them all together: the later requests wait behind
    // the earlier edits' analysis unless the server answers them first.
    const frame = (m: object) => {
      const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...m }));
      return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]);
    };
    const batch: Buffer[] = [];
    for (let i = 0; i < 5; i++) {
      const change = { range: { start: { line: i, character: 0 }, end: { line: i, character: 0 } }, text: `# edit ${i}\n` };
      batch.push(frame({ method: 'textDocument/didChange', params: { textDocument: { uri: lockUri, version: 2 + i }, contentChanges: [change] } }));
      batch.push(frame({ id: `behind-${i}`, method: 'textDocument/codeAction', params: { textDocument: { uri }, range: missing.range, context: { diagnostics: [missing] } } }));
    }
    // The server's messages in the order it wrote them (the client's connection reads the same stream).
    const chunks: Buffer[] = [];
    const read = (d: Buffer) => chunks.push(d);
    lsp.proc.stdout.on('data', read);
    const published = lsp.nextPublication();
    lsp.proc.stdin.write(Buffer.concat(batch));
    await published;
    await lsp.conn.sendRequest('nixify/noop').catch(() => undefined);
    lsp.proc.stdout.off('data', read);
    const messages: any[] = [];
    for (let all = Buffer.concat(chunks), at = 0; at < all.length;) {
      const head = all.indexOf('\r\n\r\n', at);
      const length = Number(/Content-Length: (\d+)/.exec(all.subarray(at, head).toString())![1]);
      messages.push(JSON.parse(all.subarray(head + 4, head + 4 + length).toString('utf8')));
      at = head + 4 + length;
    }
    // All answered, in order. A publication may come between them: the analysis runs on its own thread, and that
    // of the first edit can end before this thread reads the last request. That the answers never wait for an
    // analysis step is shown without a race in analysisThread.test.ts, which holds the analysis inside a step.
    const order = messages.flatMap((m) => (typeof m.id === 'string' && m.id.startsWith('behind-') ? [m.id] : []));
    assert.deepEqual(order, ['behind-0', 'behind-1', 'behind-2', 'behind-3', 'behind-4']);
    assert.ok(messages.some((m) => m.method === 'textDocument/publishDiagnostics'));
    for (const m of messages.filter((x) => typeof x.id === 'string' && x.id.startsWith('behind-'))) assert.match(JSON.stringify(m.result[0].edit), /openssl/, m.id);
  });

  it('follows changes made on disk (git checkout, cargo update) through file watching', async () => {
    const uri = `file://${dir}/package.nix`;
    await lsp.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    const fixed = readFileSync(join(dir, 'package.nix'), 'utf8')
      .replace('{ lib, rustPlatform, pkg-config }', '{ lib, rustPlatform, pkg-config, openssl }')
      .replace('nativeBuildInputs = [ pkg-config ];', 'nativeBuildInputs = [ pkg-config ];\n  buildInputs = [ openssl ];');
    writeFileSync(join(dir, 'package.nix'), fixed);
    await lsp.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
    const ds = await lsp.waitForDiagnostics(uri, (d) => !d.some((x: any) => x.code === 'missing-native-input'));
    assert.ok(!ds.some((x: any) => x.severity === 1), 'no error left once the file on disk provides openssl');
    writeFileSync(join(dir, 'package.nix'), fixed.replace('  buildInputs = [ openssl ];\n', ''));
    await lsp.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
    await lsp.waitForDiagnostics(uri, (d) => d.some((x: any) => x.code === 'missing-native-input'));
    await lsp.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'nix', version: 3, text: readFileSync(join(dir, 'package.nix'), 'utf8') } });
  });

  it('explains an input on hover in the Nix file', async () => {
    const uri = `file://${dir}/package.nix`;
    const h: any = await lsp.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 7, character: 26 } });
    assert.match(h.contents.value, /pkg-config\*\* is needed by the Rust build/);
    assert.match(h.contents.value, /openssl-sys .* via reqwest/);
  });
});

describe('nixify plan next to existing files', () => {
  it('never overwrites: an existing flake.nix stays, the generated one goes to nixify/flake.nix with the reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nixify-lsp-exist-'));
    cpSync(join(repoRoot, 'test', 'fixtures', 'lsp', 'service'), dir, { recursive: true });
    writeFileSync(join(dir, 'flake.nix'), '{ outputs = _: { }; }\n');
    const lsp = await startLsp(dir, { trusted: false });
    try {
      const r: any = await lsp.conn.sendRequest('nixify/nixifyPlan', { uri: `file://${dir}/Cargo.toml`, options: { builder: 'buildRustPackage', flake: true } });
      const created = r.edit.documentChanges.filter((c: any) => c.kind === 'create').map((c: any) => c.uri.slice(dir.length + 8));
      assert.deepEqual(created.sort(), ['default.nix', 'nixify/flake.nix', 'package.nix']);
      assert.ok(r.warnings.some((w: string) => /flake\.nix already exists.*nixify\/flake\.nix/.test(w)));
      assert.equal(readFileSync(join(dir, 'flake.nix'), 'utf8'), '{ outputs = _: { }; }\n');
    } finally {
      await lsp.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('service additions on an existing flake', () => {
  it('offers the module, nginx and Docker actions on flake.nix and plans the files plus a flake edit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nixify-lsp-service-'));
    cpSync(join(repoRoot, 'test', 'fixtures', 'service', 'assets'), dir, { recursive: true });
    const flake = '{\n  outputs = { nixpkgs, ... }: {\n    packages.x86_64-linux.default = nixpkgs.legacyPackages.x86_64-linux.hello;\n  };\n}\n';
    writeFileSync(join(dir, 'flake.nix'), flake);
    const lsp = await startLsp(dir, { trusted: false });
    try {
      const uri = `file://${dir}/flake.nix`;
      await lsp.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'nix', version: 1, text: flake } });
      const actions: any[] = await lsp.conn.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [] },
      });
      const service = actions.filter((a) => a.command?.command === 'nixify.addService').map((a) => a.command.arguments[1]);
      assert.deepEqual(service, ['module', 'nginx', 'docker']);
      const r: any = await lsp.conn.sendRequest('nixify/serviceAddition', { uri, module: true, docker: false, nginxPath: '/forum/', virtualHost: 'example.org' });
      assert.deepEqual(r.files.map((f: any) => `${f.action} ${f.path}`).sort(), ['create nixos/module.nix', 'create nixos/test.nix', 'edit flake.nix']);
      assert.equal(r.edit.changeAnnotations['nixify.service'].needsConfirmation, true);
      assert.ok(
        r.warnings.some((w: string) => /postInstall/.test(w)),
        'asset install is explained for an existing package',
      );
      const moduleText = r.edit.documentChanges.find((c: any) => c.textDocument?.uri?.endsWith('nixos/module.nix')).edits[0].newText;
      assert.match(moduleText, /path = lib.mkOption \{[^}]*default = "\/forum\/";/);
      assert.match(moduleText, /virtualHost = lib.mkOption \{[^}]*default = "example.org";/);
    } finally {
      await lsp.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('git state over the language server', () => {
  it('flags files a flake cannot see, and clears them when they are staged in a terminal (.git/index changes)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nixify-lsp-git-'));
    cpSync(join(repoRoot, 'test', 'fixtures', 'lsp', 'service'), dir, { recursive: true });
    const flake = '{\n  outputs = _: { };\n}\n';
    writeFileSync(join(dir, 'flake.nix'), flake);
    const git = (...a: string[]) => execFileSync('git', ['-C', dir, ...a], { stdio: 'ignore' });
    git('init', '-q');
    git('add', 'Cargo.toml', 'Cargo.lock', 'src');
    const lsp = await startLsp(dir, { trusted: true });
    try {
      const uri = `file://${dir}/flake.nix`;
      await lsp.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'nix', version: 1, text: flake } });
      const ds = await lsp.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'untracked-file'));
      assert.match(ds.find((x) => x.code === 'untracked-file').message, /flake\.nix is not tracked by git/);
      const r: any = await lsp.conn.sendRequest('nixify/nixifyPlan', { uri: `file://${dir}/Cargo.toml`, options: { builder: 'buildRustPackage', flake: false } });
      assert.equal(r.rootUri, pathToFileURL(dir).href, 'the plan says where its paths are relative to');
      git('add', 'flake.nix');
      await lsp.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(dir, '.git', 'index')).href, type: 2 }] });
      await lsp.waitForDiagnostics(uri, (d) => !d.some((x) => x.code === 'untracked-file'));
    } finally {
      await lsp.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

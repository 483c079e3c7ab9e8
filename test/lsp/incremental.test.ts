// What the server publishes after each edit, computed incrementally (lock
// blocks re-read where they changed, the inference kept, mapped onto new
// versions or resolved again), must be what a server started on the same
// texts publishes. One edit of each kind the server treats apart, on the
// sample crate with a package.nix that lists no inputs and an old version (so
// findings exist, and package.nix has one after every edit):
// the real server over stdio, compared with a fresh one after every edit.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RequestThreadTrace } from '../../server/src/lsp/requestTrace';
import type { TracedRun } from '../../server/src/lsp/trace';
import { repoRoot, startLsp, type LspSession } from './client';

const PACKAGE_NIX =
  '{ lib, rustPlatform }:\n\nrustPlatform.buildRustPackage (finalAttrs: {\n  pname = "forum";\n  version = "0.0.1";\n  src = ./.;\n  cargoLock.lockFile = ./Cargo.lock;\n  nativeBuildInputs = [ ];\n  buildInputs = [ ];\n})\n';

type Texts = { lock: string; toml: string };

/** Every diagnostic published, by file name (URIs made relative), the cleared ones left out. */
function published(lsp: LspSession, dir: string): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const [uri, p] of lsp.diagnostics) if (p.diagnostics.length) out[uri.slice(`file://${dir}/`.length)] = JSON.parse(JSON.stringify(p.diagnostics).replaceAll(dir, '<dir>'));
  return out;
}

/** Opens both files (as an editor would) and resolves once the diagnostics for them came. */
async function openAll(lsp: LspSession, dir: string, t: Texts): Promise<void> {
  const seen = lsp.nextPublication();
  await lsp.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: `file://${dir}/Cargo.lock`, languageId: 'toml', version: 1, text: t.lock } });
  await lsp.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: `file://${dir}/Cargo.toml`, languageId: 'toml', version: 1, text: t.toml } });
  await seen;
  await settled(lsp);
}

/**
 * A run publishes every file's diagnostics back to back: a request's answer comes after all of them,
 * so once it is back, the client has handled every notification sent before it. (The disk holds the
 * same texts as the buffers, so a run that read one file from the disk published the same.)
 */
async function settled(lsp: LspSession): Promise<void> {
  await lsp.conn.sendRequest('nixify/noop').catch(() => undefined);
}

describe('incremental diagnostics over stdio', () => {
  let dir: string;
  let lsp: LspSession;
  let base: Texts;
  let trace = '';

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nixify-lsp-incr-'));
    cpSync(join(repoRoot, 'examples', 'axum-openssl'), dir, { recursive: true });
    writeFileSync(join(dir, 'package.nix'), PACKAGE_NIX);
    base = { lock: readFileSync(join(dir, 'Cargo.lock'), 'utf8'), toml: readFileSync(join(dir, 'Cargo.toml'), 'utf8') };
    // The server says how each run's inference came about (lsp/trace.ts): every path must be taken here.
    process.env.NIXIFY_LSP_TRACE = '1';
    lsp = await startLsp(dir, { trusted: false });
    delete process.env.NIXIFY_LSP_TRACE;
    lsp.proc.stderr.on('data', (d: Buffer) => (trace += d.toString('utf8')));
    await openAll(lsp, dir, base);
  });

  after(async () => {
    await lsp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes after every kind of edit what a server started on the edited texts publishes', async () => {
    const ssl = 'name = "openssl-sys"\nversion = "0.9.117"';
    assert.ok(base.lock.includes(ssl) && base.lock.includes(' "openssl-sys",\n'));
    // [what, the texts after it]: kept, mapped onto new versions, resolved again, manifest edits.
    const steps: [string, Texts][] = [
      ['a comment in Cargo.lock', { ...base, lock: `# note\n${base.lock}` }],
      ['a checksum changed', { ...base, lock: base.lock.replace(/checksum = "([0-9a-f])/, (_, c) => `checksum = "${c === 'a' ? 'b' : 'a'}`) }],
      ["openssl-sys's version edited by hand", { ...base, lock: base.lock.replace(ssl, 'name = "openssl-sys"\nversion = "0.9.1179"') }],
      ['a typo that breaks the lock', { ...base, lock: base.lock.replace(ssl, `${ssl}9`) }],
      ['undone', base],
      ['openssl-sys on a new major version', { ...base, lock: base.lock.replace(ssl, 'name = "openssl-sys"\nversion = "1.0.0"') }],
      ['the edges to openssl-sys dropped', { ...base, lock: base.lock.replaceAll(' "openssl-sys",\n', '') }],
      ['back to the original lock', base],
      ['a comment in Cargo.toml', { ...base, toml: `# note\n${base.toml}` }],
      ['reqwest without its default features (no native-tls)', { ...base, toml: base.toml.replace('features = ["json"] }', 'features = ["json"], default-features = false }') }],
      ['back to the original manifest', base],
    ];
    let cur = base;
    const versions = { lock: 2, toml: 2 };
    const distinct = new Set<string>();
    for (const [what, next] of steps) {
      const seen = lsp.nextPublication();
      for (const k of ['lock', 'toml'] as const) {
        if (next[k] === cur[k]) continue;
        const uri = `file://${dir}/${k === 'lock' ? 'Cargo.lock' : 'Cargo.toml'}`;
        await lsp.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: versions[k]++ }, contentChanges: [{ text: next[k] }] });
      }
      await seen;
      await settled(lsp);
      cur = next;
      const fresh = mkdtempSync(join(tmpdir(), 'nixify-lsp-fresh-'));
      try {
        cpSync(dir, fresh, { recursive: true });
        writeFileSync(join(fresh, 'Cargo.lock'), next.lock);
        writeFileSync(join(fresh, 'Cargo.toml'), next.toml);
        const other = await startLsp(fresh, { trusted: false });
        try {
          await openAll(other, fresh, next);
          const got = published(lsp, dir);
          assert.deepEqual(got, published(other, fresh), `after ${what}`);
          distinct.add(JSON.stringify(got));
        } finally {
          await other.close();
        }
      } finally {
        rmSync(fresh, { recursive: true, force: true });
      }
    }
    // The edits changed what is published (an input found missing, then not), not only left it alone.
    assert.ok(distinct.size > 2, [...distinct].join('\n'));
    const paths = async () => new Set([...trace.matchAll(/"inference":"(\w+)"/g)].map((m) => m[1]));
    // Trace lines come once the server has been quiet for a moment.
    for (let i = 0; i < 100 && (await paths()).size < 3; i++) await new Promise((r) => setTimeout(r, 50));
    for (const p of ['kept', 'mapped', 'resolved']) assert.ok((await paths()).has(p), `${p}: ${trace}`);

    // Each run says what it posted to the request thread; a manifest edit that moves every range carries a view.
    const runs = trace.split('\n').flatMap((l) => (l.startsWith('{"nixifyRun":') ? [JSON.parse(l).nixifyRun as TracedRun] : []));
    assert.ok(runs.length && runs.every((r) => r.posted && r.posted.bytes > 0), trace);
    assert.ok(runs.some((r) => r.posted?.view));
    // The request thread's own line (requestTrace.ts): what held it, task by task, on the epoch clock.
    const began = Date.now();
    await lsp.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri: `file://${dir}/package.nix` },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [] },
    });
    const threads = () => trace.split('\n').flatMap((l) => (l.startsWith('{"nixifyRequestThread":') ? [JSON.parse(l).nixifyRequestThread as RequestThreadTrace] : []));
    for (let i = 0; i < 100 && !threads().some((t) => t.tasks.some((k) => k.what === 'codeAction')); i++) await new Promise((r) => setTimeout(r, 50));
    const tasks = threads().flatMap((t) => t.tasks);
    for (const what of ['change', 'diagnostics', 'write', 'codeAction'])
      assert.ok(
        tasks.some((k) => k.what === what),
        `${what}: ${JSON.stringify(threads())}`,
      );
    const asked = tasks.find((k) => k.what === 'codeAction')!;
    assert.ok(asked.at >= began - 1000 && asked.at <= Date.now() && asked.ms >= 0, JSON.stringify(asked));
  });
});

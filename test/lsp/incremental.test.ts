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

// An edit of a manifest's comments and blank lines keeps the last load and inference and takes that
// manifest's positions from its new text: every range published after it must be the one a server
// started on the new texts publishes. Edits as an editor sends them (ranges), after lock edits that
// keep and map the inference, on a single crate and on a workspace whose member's manifest holds the
// dependency that needs OpenSSL, inherited from the root's [workspace.dependencies] (both edited).
// Each step's diagnostics are read once its own run published: the wait is set before the change (a
// wait for a file that already has diagnostics would return at once, with those from before the edit).
describe('comment-only manifest edits over stdio', () => {
  const layouts = [
    { what: 'a single crate', manifests: ['Cargo.toml'], deps: 'Cargo.toml' },
    { what: 'a workspace member', manifests: ['Cargo.toml', 'forum/Cargo.toml'], deps: 'forum/Cargo.toml' },
  ];
  for (const layout of layouts) {
    it(`${layout.what}: lines added above and between the dependencies move every published range`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'nixify-lsp-trivia-'));
      const crate = join(repoRoot, 'examples', 'axum-openssl');
      if (layout.deps === 'Cargo.toml') cpSync(crate, dir, { recursive: true });
      else {
        cpSync(crate, join(dir, 'forum'), { recursive: true });
        cpSync(join(dir, 'forum', 'Cargo.lock'), join(dir, 'Cargo.lock'));
        rmSync(join(dir, 'forum', 'Cargo.lock'));
        // The member inherits reqwest from [workspace.dependencies]: its hint is on the member's key.
        const member = join(dir, 'forum', 'Cargo.toml');
        const reqwest = /^reqwest = (.*)$/m.exec(readFileSync(member, 'utf8'))!;
        writeFileSync(member, readFileSync(member, 'utf8').replace(reqwest[0], 'reqwest = { workspace = true }'));
        writeFileSync(join(dir, 'Cargo.toml'), `[workspace]\nmembers = ["forum"]\nresolver = "2"\n\n[workspace.dependencies]\nreqwest = ${reqwest[1]}\nserde = "1"\n`);
      }
      writeFileSync(join(dir, 'package.nix'), PACKAGE_NIX);
      const files = ['Cargo.lock', ...layout.manifests];
      const texts = Object.fromEntries(files.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
      const versions = Object.fromEntries(files.map((f) => [f, 2]));
      const open = async (lsp: LspSession, at: string, now: Record<string, string>) => {
        const seen = lsp.nextPublication();
        for (const f of files) await lsp.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: `file://${at}/${f}`, languageId: 'toml', version: 1, text: now[f] } });
        await seen;
        await settled(lsp);
      };
      const steps: { what: string; texts: Record<string, string>; got: Record<string, unknown[]> }[] = [];
      const lsp = await startLsp(dir, { trusted: false });
      try {
        await open(lsp, dir, texts);
        const edit = async (file: string, from: number, to: number, text: string) => {
          const t = texts[file]!;
          const seen = lsp.nextPublication();
          const range = { start: position(t, from), end: position(t, to) };
          texts[file] = t.slice(0, from) + text + t.slice(to);
          await lsp.conn.sendNotification('textDocument/didChange', { textDocument: { uri: `file://${dir}/${file}`, version: versions[file]!++ }, contentChanges: [{ range, text }] });
          await seen;
          await settled(lsp);
          // Compared once every edit was made: the edits follow each other with no idle time between them.
          steps.push({ what: `${file} ${JSON.stringify(text)} at ${JSON.stringify(range.start)}`, texts: { ...texts }, got: published(lsp, dir) });
        };
        const lock = () => texts['Cargo.lock']!;
        await edit('Cargo.lock', 0, 0, '# a comment\n');
        const sum = lock().indexOf('checksum = "') + 'checksum = "'.length;
        await edit('Cargo.lock', sum, sum + 1, lock()[sum] === 'a' ? 'b' : 'a');
        const ver = /^name = "openssl-sys"\nversion = "[^"]+/m.exec(lock())!;
        const end = ver.index + ver[0].length;
        await edit('Cargo.lock', end, end, '9');
        await edit('Cargo.lock', end, end + 1, '');
        for (const m of layout.manifests) {
          await edit(m, 0, 0, '# a comment\n');
          // Above the dependency the hint sits on, and below it (between the dependencies).
          for (const key of ['reqwest =', 'serde =']) {
            const at = texts[m]!.indexOf(`\n${key}`) + 1;
            if (at > 0) await edit(m, at, at, '\n# between the dependencies\n');
          }
          if (m === 'Cargo.toml' && layout.deps !== m) await edit(m, texts[m]!.indexOf('\nresolver') + 1, texts[m]!.indexOf('\nresolver') + 1, '# above resolver\n\n');
        }
        for (const step of steps) {
          const fresh = mkdtempSync(join(tmpdir(), 'nixify-lsp-fresh-'));
          try {
            cpSync(dir, fresh, { recursive: true });
            for (const f of files) writeFileSync(join(fresh, f), step.texts[f]!);
            const other = await startLsp(fresh, { trusted: false });
            try {
              await open(other, fresh, step.texts);
              assert.deepEqual(step.got, published(other, fresh), `after ${step.what}`);
              // Not vacuous: the hint on the dependency that needs OpenSSL is among them, on its line.
              const line = step.texts[layout.deps]!.split('\n').findIndex((l) => l.startsWith('reqwest ='));
              const hints = (step.got[layout.deps] ?? []) as { code: string; range: { start: { line: number } } }[];
              assert.ok(
                hints.some((d) => d.code === 'missing-native-input' && d.range.start.line === line),
                JSON.stringify(step.got),
              );
            } finally {
              await other.close();
            }
          } finally {
            rmSync(fresh, { recursive: true, force: true });
          }
        }
      } finally {
        await lsp.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

function position(text: string, offset: number) {
  const lines = text.slice(0, offset).split('\n');
  return { line: lines.length - 1, character: lines.at(-1)!.length };
}

// The analysis thread's state driven in-process (AnalysisHost, as analysisWorker.ts
// feeds it): an untrusted workspace is analysed without running git, the trust
// granted later loads it again with git's view, every view it makes carries a
// higher number than the one before (the request thread keeps the latest made),
// and a view sends only the parts that read differently from the ones sent before.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AnalysisHost } from '../../../server/src/lsp/analysisHost';
import type { FromAnalysis } from '../../../server/src/lsp/analysisMessages';
import { ViewStore } from '../../../server/src/lsp/viewParts';
import type { SentView, WorkspaceView } from '../../../server/src/lsp/workspaceView';

/** A whole view (a call's reply) put together as the request thread does. */
function whole(view: SentView): WorkspaceView {
  const store = new ViewStore();
  store.keep(view);
  return store.view()!;
}

let hasGit = true;
try {
  execFileSync('git', ['--version'], { stdio: 'ignore' });
} catch {
  hasGit = false;
}

describe('the analysis host', { skip: !hasGit && 'git is not installed' }, () => {
  let root: string;
  const toml = '[package]\nname = "a"\nversion = "0.1.0"\nedition = "2021"\n';

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'nixify-host-'));
    writeFileSync(join(root, 'Cargo.toml'), toml);
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, 'src', 'main.rs'), 'fn main() {}\n');
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: root, stdio: 'ignore' });
    git('init', '-q');
    git('add', '.');
  });

  after(() => rmSync(root, { recursive: true, force: true }));

  it('runs no git until the workspace is trusted, then loads it again with git', async () => {
    const posted: FromAnalysis[] = [];
    let arrived: (() => void) | undefined;
    const host = new AnalysisHost((m) => {
      posted.push(m);
      arrived?.();
    });
    const next = async (t: FromAnalysis['t']) => {
      const seen = posted.length;
      while (!posted.slice(seen).some((m) => m.t === t)) await new Promise<void>((r) => (arrived = r));
    };

    const analysed = next('diagnostics');
    host.handle({ t: 'trust', trusted: false });
    host.handle({ t: 'open', uri: `file://${root}/Cargo.toml`, path: join(root, 'Cargo.toml'), languageId: 'toml', version: 1, text: toml });
    await analysed;
    // Loaded, without git's view: the repository's git never ran.
    assert.equal(host.index.get(root).ws?.git.isRepo, false);

    const again = next('diagnostics');
    host.handle({ t: 'trust', trusted: true });
    await again;
    assert.equal(host.index.get(root).ws?.git.isRepo, true);

    // Views asked for are numbered after every view made before them.
    const views = async () => {
      const id = posted.length + 1000;
      const replied = next('reply');
      host.handle({ t: 'call', id, name: 'view', args: [root] });
      await replied;
      const r = posted.find((m) => m.t === 'reply' && m.id === id);
      return (r as { result: SentView }).result;
    };
    const made = posted.flatMap((m) => (m.t === 'diagnostics' && m.view ? [m.view.seq] : []));
    const [a, b] = [await views(), await views()];
    assert.ok(made.every((s) => s < a.seq) && a.seq < b.seq, JSON.stringify({ made, a: a.seq, b: b.seq }));
    assert.equal(whole(a).loaded, true);
  });

  it('sends a view again only when it reads differently: a comment after the manifest does not, one above it does', async () => {
    const posted: FromAnalysis[] = [];
    let arrived: (() => void) | undefined;
    const host = new AnalysisHost((m) => {
      posted.push(m);
      arrived?.();
    });
    const analysed = async () => {
      const seen = posted.length;
      while (!posted.slice(seen).some((m) => m.t === 'diagnostics')) await new Promise<void>((r) => (arrived = r));
      return posted.slice(seen).find((m) => m.t === 'diagnostics') as Extract<FromAnalysis, { t: 'diagnostics' }>;
    };
    const path = join(root, 'Cargo.toml');
    let version = 1;
    const edit = (line: number, text: string) => {
      const at = { line, character: 0 };
      host.handle({ t: 'change', path, version: ++version, changes: [{ range: { start: at, end: at }, text }] });
    };

    let next = analysed();
    host.handle({ t: 'trust', trusted: true });
    host.handle({ t: 'open', uri: `file://${path}`, path, languageId: 'toml', version, text: toml });
    const first = (await next).view;
    assert.ok(first, 'the first analysis sends a view');
    const store = new ViewStore();
    store.keep(first);
    assert.deepEqual(store.view()?.members[0]?.package?.start.line, 0);

    // The manifest is read again (new objects), to the same view: nothing to send.
    next = analysed();
    edit(4, '# a comment at the end\n');
    assert.equal((await next).view, undefined);

    // Every range moves down a line: the member's part is sent (alone), numbered after the first.
    next = analysed();
    edit(0, '# a comment at the top\n');
    const moved = (await next).view;
    assert.ok(moved && moved.seq > first.seq);
    assert.deepEqual(
      moved.parts.map(([key]) => key),
      ['member Cargo.toml'],
    );
    store.keep(moved);
    assert.deepEqual(store.view()?.members[0]?.package?.start.line, 1);
  });
});

// The analysis thread's state driven in-process (AnalysisHost, as analysisWorker.ts
// feeds it): an untrusted workspace is analysed without running git, the trust
// granted later loads it again with git's view, and every view it makes carries a
// higher number than the one before (the request thread keeps the latest made).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AnalysisHost } from '../../../server/src/lsp/analysisHost';
import type { FromAnalysis } from '../../../server/src/lsp/analysisMessages';
import type { WorkspaceView } from '../../../server/src/lsp/workspaceView';

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
      return (r as { result: WorkspaceView }).result;
    };
    const made = posted.flatMap((m) => (m.t === 'diagnostics' && m.view ? [m.view.seq] : []));
    const [a, b] = [await views(), await views()];
    assert.ok(made.every((s) => s < a.seq) && a.seq < b.seq, JSON.stringify({ made, a: a.seq, b: b.seq }));
    assert.equal(a.loaded, true);
  });
});

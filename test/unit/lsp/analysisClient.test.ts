// The request thread's handle on the analysis thread, with a stand-in thread
// (test/fixtures/lsp/fakeAnalysisWorker.mjs): calls are answered, a thread that
// dies fails the calls in flight, is started again and told what the dead one
// knew (trust, open documents), and dispose() ends it.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { AnalysisClient } from '../../../server/src/lsp/analysisClient';
import type { ToAnalysis } from '../../../server/src/lsp/analysisMessages';

const entry = join(__dirname, '..', '..', 'fixtures', 'lsp', 'fakeAnalysisWorker.mjs');

describe('analysis client', () => {
  it('answers calls, restarts a thread that died with what it knew, and ends it on dispose', async () => {
    const seen: string[] = [];
    const logs: string[] = [];
    let arrived: (() => void) | undefined;
    const replay: ToAnalysis[] = [
      { t: 'trust', trusted: true },
      { t: 'open', uri: 'file:///ws/Cargo.toml', path: '/ws/Cargo.toml', languageId: 'toml', version: 3, text: '[package]\n' },
    ];
    // The client unrefs its thread (in the server, the editor's connection keeps the process alive):
    // here a timer does, or the test runner sees an empty event loop while the thread restarts.
    const alive = setInterval(() => {}, 1000);
    const client = new AnalysisClient({
      entry,
      log: (m) => logs.push(m),
      replay: () => replay,
      onDiagnostics: (root) => {
        seen.push(root);
        arrived?.();
      },
    });
    try {
      assert.deepEqual(await client.call('infer', '/ws'), { name: 'infer', args: ['/ws'] });

      // The thread dies before it answers the call sent behind the message that kills it.
      client.send({ t: 'close', path: '/ws/Cargo.toml' });
      await assert.rejects(client.call('view', '/ws'), /analysis thread stopped/);
      while (seen.length < 2) await new Promise<void>((r) => (arrived = r));
      assert.deepEqual(seen, ['trust', 'open /ws/Cargo.toml']);
      assert.ok(
        logs.some((l) => /stopped \(exit code 3\); starting it again/.test(l)),
        logs.join('\n'),
      );
      // The new thread answers.
      assert.deepEqual(await client.call('nixifyChoices', '/ws'), { name: 'nixifyChoices', args: ['/ws'] });
    } finally {
      await client.dispose();
      clearInterval(alive);
    }
    await assert.rejects(client.call('infer', '/ws'), /not running/);
  });

  it('keeps the latest view made, not the latest arrived', async () => {
    let arrived: (() => void) | undefined;
    const client = new AnalysisClient({ entry, log: () => {}, replay: () => [], onDiagnostics: () => arrived?.() });
    try {
      // The diagnostics' view (older) arrives before the reply's (newer): the reply's is kept.
      const first = await client.view('/raced');
      assert.equal(first?.members[0]?.path, 'newer');
      assert.equal((client.view('/raced') as { members: { path: string }[] }).members[0]?.path, 'newer');
      // A view made after it replaces it.
      const next = new Promise<void>((r) => (arrived = r));
      client.send({ t: 'git', root: '/raced' });
      await next;
      assert.equal((client.view('/raced') as { members: { path: string }[] }).members[0]?.path, 'latest');
    } finally {
      await client.dispose();
    }
  });
});

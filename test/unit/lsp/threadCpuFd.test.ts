// The traced analysis thread reads its CPU through a file descriptor it opens once and keeps
// (lsp/threadCpu.ts). A thread that dies is started again (analysisClient.ts); what it opened
// must not outlive it, or each restart leaves one open in the server's process.
import assert from 'node:assert/strict';
import { readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { AnalysisClient } from '../../../server/src/lsp/analysisClient';

const entry = join(__dirname, '..', '..', 'fixtures', 'lsp', 'cpuReadingWorker.mjs');

/** The process's open file descriptors on a thread's schedstat. */
function schedstatFds(): number {
  let n = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`).endsWith('/schedstat')) n++;
    } catch {
      // The descriptor readdir itself used, closed by now.
    }
  }
  return n;
}

describe('the analysis thread’s CPU reading', () => {
  it('leaves no file descriptor behind when the thread dies and is started again', { timeout: 60_000 }, async (t) => {
    if (process.platform !== 'linux') return t.skip('per-thread CPU is read from Linux procfs only');
    const before = schedstatFds();
    let arrived: (() => void) | undefined;
    const seen: string[] = [];
    // The client unrefs its thread; a timer keeps the test's event loop alive while it restarts.
    const alive = setInterval(() => {}, 1000);
    const client = new AnalysisClient({
      entry,
      log: () => {},
      replay: () => [{ t: 'trust', trusted: true }],
      onDiagnostics: (root) => {
        seen.push(root);
        arrived?.();
      },
    });
    const next = async (n: number) => {
      while (seen.length < n) await new Promise<void>((r) => (arrived = r));
    };
    try {
      client.send({ t: 'trust', trusted: true });
      await next(1);
      assert.equal(schedstatFds(), before + 1, 'the live thread holds one');
      // Three deaths and restarts (each restart is told the trust again, which it answers).
      for (let i = 2; i <= 4; i++) {
        client.send({ t: 'close', path: '/ws/Cargo.toml' });
        await next(i);
      }
      assert.equal(schedstatFds(), before + 1, 'only the live thread’s is open');
    } finally {
      await client.dispose();
      clearInterval(alive);
    }
    assert.equal(schedstatFds(), before);
  });
});

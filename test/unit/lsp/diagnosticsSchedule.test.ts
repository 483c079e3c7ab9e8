// Diagnostics are computed off the request path: in steps (load, infer,
// check + publish) with the event loop free between them, a burst of edits
// coalesced into one run, and a newer edit cancelling the older run before it
// publishes anything stale.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { Diagnostics, type RunTrace } from '../../../server/src/lsp/diagnostics';
import { threadCpuMs } from '../../../server/src/lsp/threadCpu';
import type { WorkspaceIndex } from '../../../server/src/lsp/workspaceIndex';

const ROOT = '/ws';

function harness(graceMs?: number) {
  const log: string[] = [];
  let version = 0;
  const published: string[] = [];
  const sink = (_root: string, byUri: Map<string, { message: unknown }[]>) => {
    for (const ds of byUri.values()) published.push(ds.map((d) => String(d.message)).join());
  };
  let loaded = -1;
  const index = {
    // Like the real index: a load per change, cached until the next one.
    get: () => {
      if (loaded !== version) log.push('load');
      loaded = version;
      return { root: ROOT, generation: version };
    },
    inferred: () => {
      log.push('infer');
      return undefined;
    },
  } as unknown as WorkspaceIndex;
  const d = new Diagnostics(sink, index, graceMs);
  d.addProducer('test', () => {
    log.push('check');
    return new Map([[`file://${ROOT}/package.nix`, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: `v${version}` }]]]);
  });
  return { d, log, published, edit: () => version++ };
}

const turn = () => new Promise<void>((r) => setImmediate(r));

/** A harness whose runs are traced and whose infer step first spends `ms` of CPU and of wall time on the main thread. */
/** The process's CPU in ms: every thread's, the GC's and the compiler's helpers included. */
const processCpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * The infer step burns `ms` of the CPU `cpuMs` counts. A test about the analysing thread's own CPU burns by that
 * thread's clock: under load the process's helper threads take part of the process's CPU, so a burn counted by the
 * process can leave the thread with less than asked.
 */
function tracedWithInferBurning(ms: number, cpuMs: () => number = processCpuMs): { h: ReturnType<typeof harness>; runs: RunTrace[] } {
  const h = harness();
  const runs: RunTrace[] = [];
  h.d.onRun = (t) => runs.push(t);
  const index = h.d['index'] as unknown as { inferred: () => unknown };
  const inferred = index.inferred;
  index.inferred = () => {
    const [t0, c0] = [performance.now(), cpuMs()];
    const spent = () => Math.min(performance.now() - t0, cpuMs() - c0);
    while (spent() < ms);
    return inferred();
  };
  return { h, runs };
}

describe('diagnostics scheduling', () => {
  it('coalesces a burst of edits into one run', async () => {
    const h = harness();
    for (let i = 0; i < 5; i++) {
      h.edit();
      h.d.schedule(ROOT);
    }
    await h.d.idle(ROOT);
    assert.deepEqual(h.log, ['load', 'infer', 'check']);
    assert.deepEqual(h.published, ['v5']);
  });

  it('answers what arrived meanwhile between its steps', async () => {
    const h = harness();
    h.d.schedule(ROOT);
    setImmediate(() => h.log.push('request'));
    await h.d.idle(ROOT);
    // Before the checks at least (here even before the load: the run yields before its first step too).
    const at = h.log.indexOf('request');
    assert.ok(at >= 0 && at < h.log.indexOf('check'), h.log.join(' '));
  });

  it('answers a message read while a step ran before the next step', async () => {
    // A connected socket stands in for the editor's pipe: bytes written to it during the step are in
    // the kernel when the step returns, so the next poll phase reads them whatever the machine's load
    // (a thread-pool completion, as a file read is, may not be ready yet on a busy machine).
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const client = connect((server.address() as AddressInfo).port, '127.0.0.1');
    const [peer] = await Promise.all([once(server, 'connection') as Promise<[Socket]>, once(client, 'connect')]).then(([[p]]) => [p]);
    const h = harness();
    // The JSON-RPC reader queues a message it has read with setImmediate.
    peer!.on('data', () => setImmediate(() => h.log.push('request')));
    let first = true;
    const index = h.d['index'] as unknown as { get: () => unknown };
    const get = index.get;
    index.get = () => {
      if (first) {
        first = false;
        client.write('x');
      }
      return get();
    };
    try {
      h.d.schedule(ROOT);
      await h.d.idle(ROOT);
      assert.deepEqual(h.log, ['load', 'request', 'infer', 'check']);
    } finally {
      client.destroy();
      peer!.destroy();
      server.close();
    }
  });

  it('lets a request sent right behind the edit go before the analysis', async () => {
    // A longer grace than the server's 1 ms, so that the timers' order is certain here.
    const h = harness(10);
    h.d.schedule(ROOT);
    // The editor's code action request, written a moment after its change.
    setTimeout(() => h.log.push('request'), 1);
    await h.d.idle(ROOT);
    assert.deepEqual(h.log, ['request', 'load', 'infer', 'check']);
  });

  it('starts over when a newer edit comes during a run, publishing only the newest state', async () => {
    const h = harness();
    h.d.schedule(ROOT);
    while (!h.log.includes('load')) await turn();
    h.edit();
    h.d.schedule(ROOT);
    await h.d.idle(ROOT);
    assert.equal(h.d.cancelled, 1);
    assert.deepEqual(h.log, ['load', 'load', 'infer', 'check']);
    assert.deepEqual(h.published, ['v1']);
  });

  it('traces each published run once (NIXIFY_LSP_TRACE): its restarts, wall time and the CPU of each step', async () => {
    // The infer step burns 15 ms of CPU (and of wall time): the trace must put it there, not in the load or the checks.
    const { h, runs } = tracedWithInferBurning(15);
    h.d.schedule(ROOT);
    while (!h.log.includes('load')) await turn();
    h.edit();
    h.d.schedule(ROOT);
    await h.d.idle(ROOT);
    assert.equal(runs.length, 1);
    const [t] = runs as [RunTrace];
    assert.equal(t.restarts, 1);
    assert.ok(t.cpuMs[1] >= 15 && t.cpuMs[1] > t.cpuMs[0] && t.cpuMs[1] > t.cpuMs[2], JSON.stringify(t));
    assert.ok(t.wallMs >= 15, JSON.stringify(t));
  });

  it("puts the analysing thread's own CPU beside the process's in the trace (Linux), so background compiles and GC show as the difference", async (ctx) => {
    if (threadCpuMs() === undefined) return ctx.skip('no /proc/thread-self/schedstat on this platform');
    // 30 ms of CPU on the main thread in the infer step; the kernel's figure moves by scheduler ticks (≤ 4 ms), so half is asked.
    const { h, runs } = tracedWithInferBurning(30, () => threadCpuMs()!);
    h.d.schedule(ROOT);
    await h.d.idle(ROOT);
    const [t] = runs as [RunTrace];
    assert.ok(t.threadCpuMs, JSON.stringify(t));
    assert.ok(t.threadCpuMs[1] >= 15 && t.threadCpuMs[1] > t.threadCpuMs[0] && t.threadCpuMs[1] > t.threadCpuMs[2], JSON.stringify(t));
    // A part of the process: never more than its CPU, give or take a tick at each end of the step.
    assert.ok(
      t.threadCpuMs.every((x, i) => x >= 0 && x <= t.cpuMs[i]! + 8),
      JSON.stringify(t),
    );
  });
});

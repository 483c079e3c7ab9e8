import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readdirSync, readFileSync } from 'node:fs';
import { isAlive, pidNamespacePrefix, spawnGroup } from '../../../client/src/run/process';

describe('process group', () => {
  it('streams output and reports the exit code', async () => {
    let out = '';
    let err = '';
    const p = spawnGroup('/bin/sh', ['-c', 'echo out; echo err >&2; exit 7'], { cwd: '/', onStdout: (c) => (out += c), onStderr: (c) => (err += c) });
    assert.deepEqual(await p.exited, { code: 7, signal: null, cancelled: false });
    assert.equal(out, 'out\n');
    assert.equal(err, 'err\n');
  });

  it('does not use a shell: arguments reach the program verbatim', async () => {
    let out = '';
    const p = spawnGroup('/bin/echo', ['$HOME;', '`id`'], { cwd: '/', onStdout: (c) => (out += c) });
    await p.exited;
    assert.equal(out, '$HOME; `id`\n');
  });

  it('cancel kills the whole group, including a child that ignores SIGTERM and one that left the group', async () => {
    let out = '';
    // Prints its own pid and two children's: one ignoring TERM, one in a new session (like a Nix builder).
    const script = 'trap "" TERM; sleep 300 & echo $!; setsid sleep 301 & echo $!; echo $$; wait';
    // Without a PID namespace: the group kill and the /proc walk alone (the pids printed are the host's).
    const p = spawnGroup('/bin/sh', ['-c', script], { cwd: '/', onStdout: (c) => (out += c), contain: false });
    while (out.split('\n').filter(Boolean).length < 3) await new Promise((r) => setTimeout(r, 20));
    const pids = out.split('\n').filter(Boolean).map(Number);
    assert.ok(pids.every(isAlive));
    await p.cancel(300);
    const status = await p.exited;
    assert.equal(status.cancelled, true);
    // SIGKILL is delivered asynchronously: give the kernel a moment, not the processes.
    for (let i = 0; i < 40 && pids.some(isAlive); i++) await new Promise((r) => setTimeout(r, 25));
    assert.deepEqual(pids.filter(isAlive), [], 'no process survives cancel');
  });

  it('reports a missing program as exit 127 with a message, not a crash', async () => {
    let err = '';
    const p = spawnGroup('/nonexistent/nix', [], { cwd: '/', onStderr: (c) => (err += c) });
    assert.equal((await p.exited).code, 127);
    assert.match(err, /cannot run \/nonexistent\/nix/);
  });

  it(
    'nothing outlives a cancel, not even a double-forked child that ignores TERM and left the session',
    { skip: pidNamespacePrefix() ? false : 'no PID namespace here (unshare missing or forbidden): see README, Cancel' },
    async () => {
      // The grandchild is reparented away from its parent before the cancel: neither the group
      // kill nor the /proc walk can see it; only the namespace does.
      const marker = `${process.pid}${Date.now() % 100000}`;
      const script = `(trap "" TERM; setsid sh -c 'trap "" TERM; exec sleep ${marker}' &); trap "" TERM; exec sleep 300`;
      const p = spawnGroup('/bin/sh', ['-c', script], { cwd: '/' });
      const orphans = () => withMarker(marker);
      for (let i = 0; i < 200 && !orphans().length; i++) await new Promise((r) => setTimeout(r, 25));
      assert.equal(orphans().length, 1, 'the double-forked child runs');
      await p.cancel(300);
      await p.exited;
      for (let i = 0; i < 40 && orphans().length; i++) await new Promise((r) => setTimeout(r, 25));
      assert.deepEqual(orphans(), [], 'the double-forked child is gone');
    },
  );
});

/** Host pids of processes whose command line holds the marker. */
function withMarker(marker: string): number[] {
  const out: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      if (readFileSync(`/proc/${e}/cmdline`, 'utf8').split('\0').includes(marker) && isAlive(Number(e))) out.push(Number(e));
    } catch {
      // Gone while we looked.
    }
  }
  return out;
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAlive, spawnGroup } from '../../../client/src/run/process';

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
    const p = spawnGroup('/bin/sh', ['-c', script], { cwd: '/', onStdout: (c) => (out += c) });
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
});

// The traces' one scheduler (lsp/quietFlush.ts): lines wait for a quiet moment, and a client that
// never pauses still gets them once enough are pending. On mocked timers: nothing here is timed.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { QuietFlush } from '../../../server/src/lsp/quietFlush';

describe('quiet flush', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  it('writes once nothing was added for the quiet time, each addition putting it off again', () => {
    const flushed: number[] = [];
    let pending = 0;
    const q = new QuietFlush(() => flushed.push(pending), 100, 50);
    for (let i = 0; i < 5; i++) {
      q.added(++pending);
      mock.timers.tick(49);
    }
    assert.deepEqual(flushed, [], 'an addition every 49 ms keeps it waiting');
    mock.timers.tick(1);
    assert.deepEqual(flushed, [5]);
    mock.timers.tick(500);
    assert.deepEqual(flushed, [5], 'one flush per quiet moment');
  });

  it('writes at once when the bound is reached, and not again when the quiet time ends', () => {
    const flushed: number[] = [];
    let pending = 0;
    const q = new QuietFlush(() => (flushed.push(pending), (pending = 0)), 3, 50);
    q.added(++pending);
    q.added(++pending);
    assert.deepEqual(flushed, []);
    q.added(++pending);
    assert.deepEqual(flushed, [3]);
    mock.timers.tick(500);
    assert.deepEqual(flushed, [3], 'the timer armed before the bound was dropped');
    q.added(++pending);
    mock.timers.tick(50);
    assert.deepEqual(flushed, [3, 1]);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RequestTrace, type RequestThreadTrace } from '../../../server/src/lsp/requestTrace';

describe('request trace: writes to stdout', () => {
  it('marks the JSON-RPC header write apart from the body, whatever the body length (the bench finds the answer by it)', async () => {
    const lines: string[] = [];
    const trace = new RequestTrace((t) => lines.push(t));
    const written: unknown[] = [];
    const stream = { write: (c: unknown) => (written.push(c), true) } as unknown as NodeJS.WriteStream;
    trace.watchWrites(stream);
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, result: 'x'.repeat(1200) });
    stream.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n`);
    stream.write(body);
    stream.write(Buffer.from('Content-Length: 12\r\n\r\n'));
    stream.write(Buffer.from('{"id":2}    '));
    await new Promise((r) => setTimeout(r, 120));
    assert.equal(written.length, 4);
    const tasks = lines.map((l) => (JSON.parse(l) as { nixifyRequestThread: RequestThreadTrace }).nixifyRequestThread).flatMap((l) => l.tasks);
    assert.deepEqual(
      tasks.map((t) => [t.what, t.detail?.startsWith('header ')]),
      [
        ['write', true],
        ['write', false],
        ['write', true],
        ['write', false],
      ],
    );
  });
});

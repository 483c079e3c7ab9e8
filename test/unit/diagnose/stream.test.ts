import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Diagnoser } from '../../../server/src/diagnose/diagnoser';
import { LineSplitter, LogDecoder } from '../../../server/src/diagnose/stream';
import { screenText } from '../../../server/src/diagnose/text';
import type { BuildEvent, LogLine } from '../../../server/src/diagnose/types';

function decode(text: string): { lines: LogLine[]; events: BuildEvent[] } {
  const lines: LogLine[] = [];
  const events: BuildEvent[] = [];
  const d = new LogDecoder(
    (l) => lines.push(l),
    (e) => e.type !== 'log' && events.push(e),
  );
  d.push(text);
  d.end();
  return { lines, events };
}

const A = '/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-first-1.0.drv';
const B = '/nix/store/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb-second-1.0.drv';

describe('internal-json', () => {
  it('keeps activity ids beyond 2^53 apart (JSON.parse alone would merge them)', () => {
    const { lines } = decode(
      [
        `@nix {"action":"start","fields":["${A}","",1,1],"id":9007199254740992,"level":3,"text":"building","type":105}`,
        `@nix {"action":"start","fields":["${B}","",1,1],"id":9007199254740993,"level":3,"text":"building","type":105}`,
        '@nix {"action":"result","fields":["from second"],"id":9007199254740993,"type":101}',
        '@nix {"action":"result","fields":["from first"],"id":9007199254740992,"type":101}',
      ].join('\n'),
    );
    assert.deepEqual(lines, [
      { text: 'from second', source: 'build', drv: B },
      { text: 'from first', source: 'build', drv: A },
    ]);
  });

  it('emits build, phase, progress and expected events', () => {
    const { events } = decode(
      [
        '@nix {"action":"start","id":7,"level":0,"text":"","type":104}',
        '@nix {"action":"result","fields":[105,3],"id":6,"type":106}',
        `@nix {"action":"start","fields":["${A}","",1,1],"id":8,"level":3,"text":"building","type":105}`,
        '@nix {"action":"result","fields":["buildPhase"],"id":8,"type":104}',
        '@nix {"action":"result","fields":[1,3,1,0],"id":7,"type":105}',
        '@nix {"action":"stop","id":8}',
        '@nix {"action":"setPhase","phase":"checkPhase"}',
      ].join('\n'),
    );
    assert.deepEqual(events, [
      { type: 'expected', activity: 'builds', expected: 3 },
      { type: 'build-started', drv: A, name: 'first-1.0' },
      { type: 'phase', drv: A, name: 'first-1.0', phase: 'buildPhase' },
      { type: 'progress', done: 1, expected: 3, running: 1, failed: 0 },
      { type: 'build-stopped', drv: A, name: 'first-1.0' },
      { type: 'phase', phase: 'checkPhase' },
    ]);
  });

  it('error messages are split into ANSI-free lines', () => {
    const { lines, events } = decode('@nix {"action":"msg","level":0,"msg":"\\u001b[31;1merror:\\u001b[0m first\\n       second"}');
    assert.deepEqual(
      lines.map((l) => l.text),
      ['error: first', '       second'],
    );
    assert.deepEqual(events, [{ type: 'nix-error', message: 'error: first\n       second' }]);
  });

  it('a broken @nix line is shown as text', () => {
    assert.deepEqual(decode('@nix {"action": "setPha').lines, [{ text: '@nix {"action": "setPha', source: 'nix' }]);
    // Cut after its closing brace, or padded with whitespace JSON allows or does not: as JSON.parse decides.
    for (const [raw, json] of [
      ['@nix { "action": "setPhase", "phase": "x" } \t', true],
      ['@nix \u00a0{ "action": "setPhase", "phase": "x" }', false],
      ['@nix { "action": "setPhase", "phase": "x" }\u00a0', false],
      ['@nix { "action": "setPhase", "phase": "x" }}', false],
      ['@nix [1, 2', false],
    ] as const) {
      assert.deepEqual(decode(raw).lines, json ? [] : [{ text: raw, source: 'nix' }], JSON.stringify(raw));
    }
  });

  it('without progress listeners, records read without JSON.parse give the lines and failures JSON.parse gives', () => {
    // What the diagnoser keeps from a decoder: its lines and the failures.
    const read = (text: string, progressEvents: boolean) => {
      const lines: LogLine[] = [];
      const failed: BuildEvent[] = [];
      const d = new LogDecoder(
        (l) => lines.push(l),
        (e) => (e.type === 'build-failed' || e.type === 'nix-error') && failed.push(e),
        undefined,
        false,
        progressEvents,
      );
      d.push(text);
      d.end();
      return { lines, failed };
    };
    const start = (id: string, drv: string) => `@nix {"action":"start","fields":["${drv}","",1,1],"id":${id},"level":3,"parent":0,"text":"building","type":105}`;
    const records = [
      start('7', A),
      start('9007199254740993', B),
      '@nix {"action":"result","fields":["plain"],"id":7,"type":101}',
      '@nix {"action":"result","fields":[""],"id":7,"type":101}',
      '@nix {"action":"result","fields":["\\u001b[1m\\u001b[92m   Compiling\\u001b[0m x\\r\\n\\"q\\" \\\\ \\/ \\t"],"id":9007199254740993,"type":107}',
      '@nix {"action":"result","fields":["raw\ttab"],"id":7,"type":101}',
      '@nix {"action":"result","fields":["bad \\x escape"],"id":7,"type":101}',
      '@nix {"action":"result","fields":["\\ud83d\\ude00 \\"id\\":5"],"id":7,"type":101}',
      '@nix {"action":"result","fields":["two","fields"],"id":7,"type":101}',
      '@nix {"action":"result","fields":["phase"],"id":7,"type":104}',
      '@nix {"action":"result","fields":[3,-1,0,0],"id":7,"type":105}',
      '@nix {"action":"result","fields":[01],"id":7,"type":105}',
      '@nix {"action":"result","fields":[],"id":7,"type":101}',
      '@nix {"action":"result","fields":["x"],"id":07,"type":101}',
      '@nix {"action":"result","fields":["x"],"id":8,"type":101}',
      '@nix {"action":"result","fields":["cr"],"id":7,"type":101}\r',
      '@nix {"action":"start","id":11,"level":0,"text":"","type":104}',
      '@nix {"action":"start","id":12,"level":6,"parent":11,"text":"querying \\"x\\"","type":105}',
      '@nix {"action":"result","fields":["from a build without fields"],"id":12,"type":101}',
      '@nix {"action":"start","id":13,"level":0,"text":"raw\ttab","type":0}',
      '@nix {"action":"start","id":14,"level":0,"text":"","type":0,"extra":1}',
      '@nix {"action":"stop","id":9007199254740993}',
      '@nix {"action":"result","fields":["after stop"],"id":9007199254740993,"type":101}',
      '@nix {"action":"stop","id":7} ',
      '@nix {"action":"stop","id":7}',
      '@nix {"action":"result","fields":["after stop"],"id":7,"type":101}',
      '@nix {"action":"msg","level":0,"msg":"error: builder for \'' + A + '\' failed with exit code 1"}',
      '@nix {"action":"msg","level":-0,"msg":"\\u001b[31;1merror:\\u001b[0m two\\nlines \\"q\\" \\\\ \\/"}',
      '@nix {"action":"msg","level":1,"msg":"\\u001b[35;1mwarning:\\u001b[0m Git tree \'/x\' is dirty"}',
      '@nix {"action":"msg","level":4,"msg":"evaluating file \'/nix/store/x-source/flake.nix\'"}',
      '@nix {"action":"msg","level":0,"msg":""}',
      '@nix {"action":"msg","level":0,"msg":"bad \\x escape"}',
      '@nix {"action":"msg","level":0,"msg":"raw\ttab"}',
      '@nix {"action":"msg","level":00,"msg":"not canonical"}',
      '@nix {"action":"msg","level":0,"msg":"cr"}\r',
      '@nix {"action":"msg","column":3,"file":"/f.nix","level":0,"line":2,"msg":"error: positioned","raw_msg":"positioned"}',
      '@nix {"action":"msg","column":null,"file":null,"level":0,"line":null,"msg":"error: builder for \'' + B + '\' failed with exit code 2","raw_msg":"x"}',
      '@nix {"action":"msg","column":40,"file":"/nix/store/q-source/flake.nix","level":0,"line":3,"msg":"\\u001b[31;1merror:\\u001b[0m syntax error","raw_msg":"syntax error"}',
      '@nix {"action":"msg","column":-0,"file":"/a\\"b.nix","level":0,"line":12,"msg":"error: at /a\\"b.nix:12","raw_msg":""}',
      '@nix {"action":"msg","column":null,"file":"/c.nix","level":1,"line":null,"msg":"warning: w","raw_msg":"w"}',
      '@nix {"action":"msg","column":1,"file":null,"level":0,"line":1,"msg":"error: no file","raw_msg":"no file"}',
      '@nix {"action":"msg","column":1,"file":"/d.nix","level":0,"line":01,"msg":"error: not canonical","raw_msg":""}',
      '@nix {"action":"msg","column":1,"file":"/d.nix","level":0,"line":1,"msg":"error: with a trace","raw_msg":"","trace":[]}',
      start('21', `/nix/store/${'e'.repeat(32)}-esc\\u0061ped.drv`),
      '@nix {"action":"result","fields":["from an escaped drv"],"id":21,"type":101}',
      '@nix {"action":"start","fields":["' + A + '"],"id":22,"level":3,"text":"building","type":105}',
      '@nix {"action":"result","fields":["from fields of one"],"id":22,"type":101}',
      '@nix {"action":"start","fields":["' + A + '",-1,"x"],"id":23,"level":3,"parent":1,"text":"copying","type":100}',
      '@nix {"action":"result","fields":["from a copy"],"id":23,"type":101}',
      '@nix {"action":"start","fields":[1,"' + A + '"],"id":24,"level":3,"text":"building","type":105}',
      '@nix {"action":"result","fields":["from a build whose first field is a number"],"id":24,"type":101}',
      '@nix {"action":"start","fields":[""],"id":25,"level":3,"text":"building","type":105}',
      '@nix {"action":"result","fields":["from an empty drv"],"id":25,"type":101}',
      '@nix {"action":"start","fields":["' + B + '"],"id":026,"level":3,"text":"building","type":105}',
      '@nix {"action":"result","fields":["from a non-canonical id"],"id":26,"type":101}',
    ].join('\n');
    const slow = read(records, true);
    assert.deepEqual(read(records, false), slow);
    assert.ok(slow.lines.some((l) => l.text === 'lines "q" \\ /'));
    assert.equal(slow.failed.filter((e) => e.type === 'nix-error').length, 10, 'level 0 and -0 messages are errors (not those that are no JSON)');
    assert.deepEqual(
      slow.lines.find((l) => l.text === 'from an escaped drv'),
      { text: 'from an escaped drv', source: 'build', drv: `/nix/store/${'e'.repeat(32)}-escaped.drv` },
    );
    assert.ok(
      slow.lines.some((l) => l.text === '       at /d.nix:1:1:'),
      'a position only in the fields becomes a line',
    );
    assert.deepEqual(
      slow.lines.filter((l) => l.text === 'after stop'),
      [
        { text: 'after stop', source: 'build' },
        { text: 'after stop', source: 'build' },
      ],
      'a stopped activity names no derivation',
    );
    assert.deepEqual(
      slow.lines.find((l) => l.text.includes('Compiling')),
      { text: '   Compiling x', source: 'build', drv: B },
    );
    assert.ok(
      slow.lines.some((l) => l.text.startsWith('@nix ') && l.text.includes('raw\ttab')),
      'invalid JSON stays text',
    );
  });
});

describe('plain formats', () => {
  it('-L prefixes and the `last N log lines` tail carry the derivation', () => {
    const { lines, events } = decode(
      [
        `building '${A}'...`,
        'first-1.0> compiling',
        `error: builder for '${A}' failed with exit code 2;`,
        '       last 1 log lines:',
        '       > boom',
        `       For full logs, run 'nix log ${A}'.`,
      ].join('\n'),
    );
    assert.deepEqual(
      lines.filter((l) => l.source === 'build'),
      [
        { text: 'compiling', source: 'build', drv: A },
        { text: 'boom', source: 'build', drv: A },
      ],
    );
    assert.deepEqual(events, [
      { type: 'build-started', drv: A, name: 'first-1.0' },
      { type: 'build-failed', drv: A, name: 'first-1.0', exitCode: 2 },
    ]);
  });

  it('the newer `Cannot build` layout reports the failure with its exit code', () => {
    const { events } = decode([`error: Cannot build '${B}'.`, '       Reason: builder failed with exit code 101.'].join('\n'));
    assert.deepEqual(events, [{ type: 'build-failed', drv: B, name: 'second-1.0', exitCode: 101 }]);
  });

  it('terminal redraws and colours are removed', () => {
    assert.equal(screenText('[1/0/2 built] building\r\x1b[K\x1b[1m\x1b[91merror\x1b[0m: x\r'), 'error: x');
    assert.equal(screenText('test a ... FAILED\x1b(B'), 'test a ... FAILED');
  });
});

describe('bounded memory', () => {
  it('caps a very long line and keeps the following ones intact', () => {
    const out: string[] = [];
    const s = new LineSplitter((l) => out.push(l), 1000);
    const big = 'x'.repeat(10_000);
    for (let i = 0; i < big.length; i += 333) s.push(big.slice(i, i + 333));
    s.push('\nnext line\n');
    s.end();
    assert.deepEqual(
      out.map((l) => l.length),
      [1000, 9],
    );
  });

  it('diagnostics are capped', () => {
    const d = new Diagnoser({ maxDiagnostics: 3 });
    for (let i = 0; i < 10; i++) d.push(`error[E0425]: cannot find value \`v${i}\`\n --> src/main.rs:${i + 1}:1\n\n`);
    assert.equal(d.end().length, 3);
  });
});

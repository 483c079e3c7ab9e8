import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LogDecoder } from '../../../server/src/diagnose/stream';
import { BuildView, toTerminal } from '../../../client/src/run/view';

const D1 = '/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-dep-1.0.drv';
const D2 = '/nix/store/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb-app-0.1.0.drv';
const rec = (o: object) => `@nix ${JSON.stringify(o)}\n`;
// The shape Nix ≥ 2.4 prints with --log-format internal-json (ids as Nix writes them, > 2^53).
const LOG = [
  rec({ action: 'start', id: 9007199254740993, level: 0, text: '', type: 104 }),
  rec({ action: 'result', fields: [0, 2, 0, 0], id: 9007199254740993, type: 105 }),
  rec({ action: 'start', fields: [D1, '', 1, 1], id: 9007199254740995, level: 3, text: `building '${D1}'`, type: 105 }),
  rec({ action: 'result', fields: ['buildPhase'], id: 9007199254740995, type: 104 }),
  rec({ action: 'result', fields: ['\u001b[32mcompiling\u001b[0m dep'], id: 9007199254740995, type: 101 }),
  rec({ action: 'stop', id: 9007199254740995 }),
  rec({ action: 'result', fields: [1, 2, 0, 0], id: 9007199254740993, type: 105 }),
  rec({ action: 'start', fields: [D2, '', 1, 1], id: 9007199254740997, level: 3, text: `building '${D2}'`, type: 105 }),
  rec({ action: 'result', fields: ['installPhase'], id: 9007199254740997, type: 104 }),
  rec({ action: 'stop', id: 9007199254740997 }),
  rec({ action: 'result', fields: [1, 2, 0, 1], id: 9007199254740993, type: 105 }),
  rec({ action: 'msg', level: 4, msg: "evaluating file '/x/flake.nix'" }),
  rec({ action: 'msg', level: 0, msg: `\u001b[31;1merror:\u001b[0m builder for '${D2}' failed with exit code 2` }),
].join('');

function run(log: string) {
  const view = new BuildView(false);
  const lines: string[] = [];
  const statuses: string[] = [];
  const dec = new LogDecoder(
    () => {},
    (e) => {
      lines.push(...view.event(e));
      statuses.push(view.statusText());
    },
  );
  dec.push(log);
  dec.end();
  return { view, lines, statuses };
}

describe('build view', () => {
  it('shows builds, phases, progress and the failure like a build monitor', () => {
    const { view, lines, statuses } = run(LOG);
    assert.deepEqual(lines, [
      '▶ building dep-1.0  [0/2]',
      '  dep-1.0: buildPhase',
      'dep-1.0> compiling dep',
      '✓ built dep-1.0  [1/2]',
      '▶ building app-0.1.0  [1/2]',
      '  app-0.1.0: installPhase',
      '✗ app-0.1.0 failed (exit code 2)',
      `error: builder for '${D2}' failed with exit code 2`,
    ]);
    assert.ok(statuses.includes('0/2 built · dep-1.0 (buildPhase)'), statuses.join('\n'));
    assert.equal(view.statusText(), '1/2 built · 1 failed');
    assert.deepEqual(view.finish(1, false, 2500), ['✗ exit code 1 after 2.5s (1/2 built, failed: app-0.1.0)']);
  });

  it('counts plain (nix-build) output from its building lines', () => {
    const { view } = run(`building '${D1}'...\ncompiling\n`);
    assert.deepEqual(view.finish(0, false, 100), ['✓ done in 0.1s (1/1 built)']);
  });

  it('reports a cancelled run as cancelled', () => {
    const { view } = run(`building '${D1}'...\n`);
    assert.match(view.finish(null, true, 1000)[0]!, /^■ cancelled after 1\.0s/);
  });

  it('writes CRLF line endings for the pseudoterminal, also inside multi-line text', () => {
    assert.equal(toTerminal(['a', 'b\nc']), 'a\r\nb\r\nc\r\n');
  });

  it('colours failures when asked to', () => {
    const v = new BuildView(true);
    assert.match(v.event({ type: 'build-failed', drv: D2, name: 'app-0.1.0', exitCode: 1 })[0]!, /\x1b\[31m/);
  });
});

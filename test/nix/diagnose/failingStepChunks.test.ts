// The failing step's phase headers read on their bytes (diagnoser.ts's phaseLine) against real Nix 2.8 `nix build -L`
// output of fixtures/nix-builds/failing-step: the byte path, fed in chunks of 1 byte to 64 KB, says exactly what
// decoding every line says — for each failing phase, for the runs one after another (several derivations' headers in
// one log) and for that log cut after each of its lines (a paste that ends in some phase).
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Diagnoser, diagnoseText } from '../../../server/src/diagnose/diagnoser';
import type { Diagnostic } from '../../../server/src/diagnose/types';
import { runNix } from './runNix';

const FIXTURE = join(__dirname, '..', '..', 'fixtures', 'nix-builds', 'failing-step');
const CHUNKS = [1, 2, 3, 7, 64, 1000, 4096, 65536];
// The headers the prefilter reads on their bytes (PHASE_MARKERS alone on the line; libtest's `running N tests` also starts the test harness's output, so it is decoded).
const HEADER = /^(?:Running phase: |Executing cargo\w+Hook$)/;
let dir = '';
let output = '';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nixify-step-chunks-'));
  cpSync(FIXTURE, dir, { recursive: true });
  const outs: string[] = [];
  for (const phase of ['buildPhase', 'checkPhase', 'installPhase']) {
    const r = await runNix(['build', '-L', '-f', 'default.nix', '--argstr', 'phase', phase, '--no-link'], { cwd: dir });
    assert.notEqual(r.code, 0, r.output);
    outs.push(r.output.endsWith('\n') ? r.output : `${r.output}\n`);
  }
  output = outs.join('');
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** The byte path's diagnostics for `bytes` fed in `size`-byte chunks, and the texts of the lines it decoded. */
function bytePath(bytes: Buffer, size: number, jsScan = false): { found: Diagnostic[]; decoded: string[] } {
  const d = new Diagnoser({ failingStep: true, jsScan });
  // The engine's line reader is private; the test records the lines the decoder hands it.
  const own = d as unknown as { line: (l: { text: string }) => void };
  const line = own.line.bind(d);
  const decoded: string[] = [];
  own.line = (l) => (decoded.push(l.text), line(l));
  for (let i = 0; i < bytes.length; i += size) d.push(bytes.subarray(i, i + size));
  return { found: d.end(), decoded };
}

describe('failing step: phase headers read on their bytes, real Nix 2.8 `nix build -L` output in chunks', () => {
  it('the three failing builds, one after another: the same diagnostics as decoding every line, in every chunk size; no header decoded', () => {
    const bytes = Buffer.from(output);
    const want = diagnoseText(output, { noPrefilter: true, failingStep: true });
    assert.equal(want.length, 1, output);
    assert.equal(want[0]!.details?.phase, 'installPhase', output);
    assert.equal(want[0]!.details?.hook, 'cargoInstallHook', output);
    const headers = output.split('\n').filter((l) => HEADER.test(l.replace(/^demo-tool> /, '')));
    assert.ok(headers.length >= 10, output);
    for (const size of CHUNKS) {
      for (const jsScan of [false, true]) {
        const got = bytePath(bytes, size, jsScan);
        assert.deepEqual(got.found, want, `chunks of ${size}${jsScan ? ', JavaScript scan' : ''}`);
        assert.deepEqual(
          got.decoded.filter((t) => HEADER.test(t)),
          [],
          `chunks of ${size}`,
        );
      }
    }
  });

  it('that log cut after each of its lines: the same finding (phase, hook, cut) as decoding every line', () => {
    const lines = output.split('\n').slice(0, -1);
    let phases = 0;
    for (let k = 1; k <= lines.length; k++) {
      const text = lines.slice(0, k).join('\n') + '\n';
      const want = diagnoseText(text, { noPrefilter: true, failingStep: true });
      if (want[0]?.details?.phase) phases++;
      for (const size of [1, 13, 65536]) assert.deepEqual(bytePath(Buffer.from(text), size).found, want, `${k} lines, chunks of ${size}`);
    }
    assert.ok(phases > lines.length / 2, output);
  });
});

// The failing-step finding on real Nix 2.8 runs (builtins.derivation, sandboxed, no nixpkgs): a builder
// that fails in its build, check or install phase with an error no rule knows, built by `nix build`
// (tail), `nix build -L`, internal-json and legacy `nix-build`; then the same output cut before the
// builder's error. Placed on the `name = "…"` that makes the failing derivation (no recognised call).
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Diagnoser } from '../../../server/src/diagnose/diagnoser';
import { isFailingStep } from '../../../server/src/diagnose/failingStep';
import { placeDiagnostics } from '../../../server/src/diagnose/place';
import { fixesFor } from '../../../server/src/diagnose/toFixes';
import { initParsers } from '../../../server/src/parse/treeSitter';
import { diagnosisWorkspace } from '../../../server/src/pipeline/diagnose';
import { runNix } from './runNix';

const FIXTURE = join(__dirname, '..', '..', 'fixtures', 'nix-builds', 'failing-step');
let dir = '';

before(async () => {
  await initParsers();
  dir = mkdtempSync(join(tmpdir(), 'nixify-step-'));
  cpSync(FIXTURE, dir, { recursive: true });
});
after(() => rmSync(dir, { recursive: true, force: true }));

function finding(output: string) {
  const d = new Diagnoser({ failingStep: true });
  d.push(Buffer.from(output));
  const ds = d.end();
  assert.equal(ds.length, 1, output);
  assert.ok(isFailingStep(ds[0]!));
  return ds[0]!;
}

const RUNS = {
  tail: { command: 'nix', args: (p: string) => ['build', '-f', 'default.nix', '--argstr', 'phase', p, '--no-link'] },
  L: { command: 'nix', args: (p: string) => ['build', '-L', '-f', 'default.nix', '--argstr', 'phase', p, '--no-link'] },
  json: { command: 'nix', args: (p: string) => ['build', '--log-format', 'internal-json', '-v', '-f', 'default.nix', '--argstr', 'phase', p, '--no-link'] },
  legacy: { command: 'nix-build', args: (p: string) => ['default.nix', '--argstr', 'phase', p, '--no-out-link'] },
} as const;

describe('failing step on real Nix 2.8 output', () => {
  for (const [phase, words, code, error] of [
    ['buildPhase', 'build', '1', 'error: linker `xyz` said: something unusual happened'],
    ['checkPhase', 'check', '3', 'Error: the frobnicator refused: quota exceeded (code 7)'],
    ['installPhase', 'install', '2', undefined],
  ] as const) {
    for (const [how, run] of Object.entries(RUNS)) {
      it(`${phase}, ${how}: derivation, phase, exit code and last error; cut before the error: said as cut`, async () => {
        const r = await runNix(run.args(phase), { cwd: dir, command: run.command });
        assert.notEqual(r.code, 0, r.output);
        const f = finding(r.output);
        assert.equal(f.details?.name, 'demo-tool-1.2.3', r.output);
        assert.equal(f.details?.phase, phase, r.output);
        assert.equal(f.details?.exitCode, code);
        assert.equal(f.details?.lastError, error);
        assert.equal(f.details?.cut, undefined, r.output);
        assert.match(f.message, new RegExp(`^\`demo-tool-1\\.2\\.3\` failed in its ${words} phase \\(cargo\\w+Hook\\) with exit code ${code}; `));

        const ws = diagnosisWorkspace(dir);
        const [placed] = placeDiagnostics([f], ws.nixFiles, ws.files, { root: dir });
        assert.equal(placed?.file, 'default.nix');
        assert.match(ws.files.read('default.nix')!.split('\n')[placed!.range!.start.line]!, /name = "demo-tool-1\.2\.3";/);
        assert.deepEqual(fixesFor(placed!, ws.nixFiles, ws.files, { root: dir }), []);

        if (how !== 'legacy' && how !== 'L') return;
        // The streamed output cut before the builder's error (or before its last line, when it printed none).
        const lines = r.output.split('\n');
        const at = error ? lines.findIndex((l) => l.includes(error)) : lines.findIndex((l) => l.includes('Executing cargoInstallHook')) + 1;
        assert.ok(at > 0, r.output);
        const cut = finding(lines.slice(0, at).join('\n') + '\n');
        // It shows no failure (it may be a build that succeeded): what to run if it failed, not said as cut.
        assert.equal(cut.details?.cut, undefined);
        assert.equal(cut.details?.phase, phase);
        assert.match(cut.message, /If the build failed, this log ends before the build's own error: run `nix log \/nix\/store\/\S+-demo-tool-1\.2\.3\.drv` or paste from the first `error`\.$/);
      });
    }
  }
});

describe('only Nix’s own closing line closes the log (real Nix 2.8; the builder’s tools print `… failed with exit code 1`)', () => {
  const TOOLS = join(__dirname, '..', '..', 'fixtures', 'nix-builds', 'tool-says-failed');
  for (const [how, run] of Object.entries(RUNS)) {
    it(`${how}: whole, not cut${how === 'legacy' || how === 'L' ? '; cut before Nix’s `error: builder for …`, said as cut' : ''}`, async () => {
      // Not a function: Nix ignores the `--argstr phase`.
      const r = await runNix(run.args('buildPhase'), { cwd: TOOLS, command: run.command });
      assert.notEqual(r.code, 0, r.output);
      assert.match(r.output, /Command failed with exit code 1/);
      const f = finding(r.output);
      assert.equal(f.details?.name, 'demo-linker-0.1.0', r.output);
      assert.equal(f.details?.cut, undefined, r.output);
      if (how !== 'legacy' && how !== 'L') return;
      const lines = r.output.split('\n');
      const at = lines.findIndex((l) => l.startsWith('error: builder for'));
      assert.ok(at > 0, r.output);
      assert.equal(finding(lines.slice(0, at).join('\n') + '\n').details?.cut, 'end', r.output);
    });
  }
});

// Real failing builds through the task runner's process layer, diagnosed and
// placed exactly as the server does it: the right category at the right range.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { diagnosisWorkspace as diskWorkspace } from '../../../server/src/pipeline/diagnose';
import { diagnoseStream } from '../../../server/src/diagnose/diagnoser';
import { placeDiagnostics } from '../../../server/src/diagnose/place';
import type { BuildEvent } from '../../../server/src/diagnose/types';
import { initParsers } from '../../../server/src/parse/treeSitter';
import { withExperimentalFeatures, type NixTaskDefinition } from '../../../client/src/run/command';
import { currentSystem } from '../../../client/src/run/detect';
import { resolveNix, type NixInfo } from '../../../client/src/run/resolveNix';
import { runNixTask } from '../../../client/src/run/runner';
import { BuildView } from '../../../client/src/run/view';
import { repoRoot } from '../../lsp/client';
import { NIX_ENV } from '../nix';

const NO_FLAKES = { ...NIX_ENV, NIX_CONFIG: NIX_ENV.NIX_CONFIG!.replace('experimental-features = nix-command flakes', 'experimental-features =') };

describe('real builds through the process layer', () => {
  let nix: NixInfo;
  const dirs: string[] = [];
  before(async () => {
    nix = await resolveNix({ env: NIX_ENV });
    await initParsers();
  });
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  function fixture(name: string, asFlake = false): string {
    const dir = mkdtempSync(join(tmpdir(), `nixify-run-${name}-`));
    dirs.push(dir);
    cpSync(join(repoRoot, 'test', 'fixtures', 'run', name), dir, { recursive: true });
    if (asFlake) {
      writeFileSync(join(dir, 'flake.nix'), `{\n  outputs = { self }: {\n    packages.${currentSystem()}.default = import ./default.nix { system = "${currentSystem()}"; };\n  };\n}\n`);
      execFileSync('git', ['init', '-q', dir]);
      execFileSync('git', ['-C', dir, 'add', '.']);
    }
    return dir;
  }

  async function run(dir: string, def: NixTaskDefinition, env = NIX_ENV, extraArgs: string[] = []) {
    const events: BuildEvent[] = [];
    const view = new BuildView(false);
    const lines: string[] = [];
    const r = runNixTask(def, { cwd: dir, nix, env, extraArgs, onEvent: (e) => (events.push(e), lines.push(...view.event(e))) });
    const result = await r.done;
    const found = await diagnoseStream(createReadStream(r.logPath));
    const { files, nixFiles } = diskWorkspace(dir);
    const placed = placeDiagnostics(found, nixFiles, files, { root: dir });
    return { r, result, events, lines, placed, view };
  }

  const textAt = (dir: string, file: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }) =>
    readFileSync(join(dir, file), 'utf8').split('\n')[range.start.line]!.slice(range.start.character, range.end.character);

  it('a failing builder (nix-build, plain output): the failure is shown, and no cause is guessed', async () => {
    const dir = fixture('fail');
    const { result, events, lines, placed } = await run(dir, { command: 'build', installable: 'default.nix', args: ['--no-out-link'] });
    assert.equal(result.code, 100);
    assert.ok(events.some((e) => e.type === 'build-failed' && e.exitCode === 3 && e.name === 'nixify-fail-demo'));
    assert.ok(lines.includes('nixify-fail-demo> something went wrong'), lines.join('\n'));
    assert.deepEqual(placed, []);
  });

  it('a failing builder (nix build, internal-json): builder lines are attributed to their derivation', async () => {
    const dir = fixture('fail', true);
    const { r, result, events, lines, view } = await run(dir, { command: 'build', installable: '.#default', args: ['--no-link'] });
    assert.equal(r.invocation.json, true);
    assert.equal(result.code, 1);
    assert.ok(events.some((e) => e.type === 'progress' && e.expected === 1));
    assert.ok(lines.includes('nixify-fail-demo> compiling nixify-fail-demo'), lines.join('\n'));
    assert.deepEqual(view.summary().failed, ['nixify-fail-demo']);
  });

  it('a fixed-output hash mismatch (internal-json) lands on the hash string', async () => {
    const dir = fixture('hash', true);
    const { result, placed } = await run(dir, { command: 'build', installable: '.#default', args: ['--no-link'] });
    assert.equal(result.code, 1);
    assert.equal(placed.length, 1);
    assert.equal(placed[0]!.category, 'hash-mismatch');
    assert.equal(placed[0]!.file, 'default.nix');
    assert.equal(textAt(dir, 'default.nix', placed[0]!.range!), 'sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
    const fix = placed[0]!.fixes[0]!;
    assert.equal(fix.kind, 'replace-hash');
    assert.match(fix.kind === 'replace-hash' ? fix.got : '', /^sha256-[A-Za-z0-9+/]{43}=$/);
  });

  it('flakes switched off: diagnosed as flake-experimental, and the fix (extra args for the task) makes the build run', async () => {
    const dir = fixture('fail', true);
    const off = await run(dir, { command: 'build', installable: '.#default', args: ['--no-link'] }, NO_FLAKES);
    assert.equal(off.placed.length, 1);
    assert.equal(off.placed[0]!.category, 'flake-experimental');
    const fix = off.placed[0]!.fixes[0]!;
    assert.equal(fix.kind, 'enable-flakes');
    const features = fix.kind === 'enable-flakes' ? fix.features : [];
    // What the client's "enable for the task" command writes into nixify.nix.extraArgs.
    const on = await run(dir, { command: 'build', installable: '.#default', args: ['--no-link'] }, NO_FLAKES, withExperimentalFeatures([], features));
    assert.ok(
      on.events.some((e) => e.type === 'build-started'),
      'with the features enabled the build starts (and then fails on its own)',
    );
    assert.ok(!on.placed.some((d) => d.category === 'flake-experimental'));
  });

  it('the log file keeps the complete raw output', async () => {
    const dir = fixture('fail');
    const { r } = await run(dir, { command: 'build', installable: 'default.nix', args: ['--no-out-link'] });
    const log = readFileSync(r.logPath, 'utf8');
    assert.match(log, /compiling nixify-fail-demo/);
    assert.match(log, /failed with exit code 3/);
  });
});

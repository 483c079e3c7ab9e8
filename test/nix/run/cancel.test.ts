// Cancelling a real Nix build leaves no process behind: not nix, not the
// builder, with and without the sandbox, for nix-build and for `nix build`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { NixTaskDefinition } from '../../../client/src/run/command';
import { currentSystem } from '../../../client/src/run/detect';
import { resolveNix, type NixInfo } from '../../../client/src/run/resolveNix';
import { runNixTask } from '../../../client/src/run/runner';
import { repoRoot } from '../../lsp/client';
import { NIX_ENV } from '../nix';

const SANDBOXED = { ...NIX_ENV, NIX_CONFIG: NIX_ENV.NIX_CONFIG!.replace('sandbox = false', 'sandbox = true\nsandbox-fallback = true') };

/** Processes whose command line mentions the marker (ps sees into the sandbox's pid namespace). */
function processesWith(marker: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.includes(marker) && !l.includes('ps -eo'));
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(f: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await wait(25)) if (f()) return true;
  return f();
}

describe('cancelling a real build', () => {
  let nix: NixInfo;
  let dir: string;
  before(async () => {
    nix = await resolveNix({ env: NIX_ENV });
    dir = mkdtempSync(join(tmpdir(), 'nixify-cancel-'));
    cpSync(join(repoRoot, 'test', 'fixtures', 'run', 'sleep'), dir, { recursive: true });
    // The same builder as a flake, for `nix build` with the JSON logger.
    writeFileSync(
      join(dir, 'flake.nix'),
      `{ outputs = { self }: { packages.${currentSystem()} = builtins.listToAttrs (map (m: { name = "s" + m; value = import ./default.nix { marker = m; system = "${currentSystem()}"; }; }) [ "7303" "7304" ]); }; }\n`,
    );
    execFileSync('git', ['init', '-q', dir]);
    execFileSync('git', ['-C', dir, 'add', '.']);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const cases: { name: string; marker: string; def: NixTaskDefinition; env: NodeJS.ProcessEnv }[] = [
    { name: 'nix-build, no sandbox', marker: '7301', def: { command: 'build', installable: 'default.nix', args: ['--argstr', 'marker', '7301', '--no-out-link'] }, env: NIX_ENV },
    { name: 'nix-build, sandbox', marker: '7302', def: { command: 'build', installable: 'default.nix', args: ['--argstr', 'marker', '7302', '--no-out-link'] }, env: SANDBOXED },
    { name: 'nix build (internal-json), no sandbox', marker: '7303', def: { command: 'build', installable: '.#s7303', args: ['--no-link'] }, env: NIX_ENV },
    { name: 'nix build (internal-json), sandbox', marker: '7304', def: { command: 'build', installable: '.#s7304', args: ['--no-link'] }, env: SANDBOXED },
  ];

  for (const c of cases) {
    it(`${c.name}: the builder is running, then nothing is left`, async () => {
      let started = false;
      const run = runNixTask(c.def, { cwd: dir, nix, env: c.env, onEvent: (e) => void (e.type === 'build-started' && (started = true)) });
      const running = await until(() => started && processesWith(`sleep ${c.marker}`).length > 0, 20_000);
      assert.ok(running, `the builder started (${processesWith(c.marker).join(' | ')})`);
      const t0 = performance.now();
      await run.cancel(2000);
      const status = await run.done;
      console.log(`  ${c.name}: cancel → exit in ${(performance.now() - t0).toFixed(0)} ms (signal ${status.signal}, code ${status.code})`);
      assert.equal(status.cancelled, true);
      // The kill is sent; the kernel may take a moment to reap.
      await until(() => processesWith(`sleep ${c.marker}`).length === 0, 2000);
      assert.deepEqual(processesWith(`sleep ${c.marker}`), []);
      assert.deepEqual(processesWith(`marker ${c.marker}`), [], 'nix-build itself is gone');
      assert.equal(processesWith(String(run.process.pid)).filter((l) => l.trim().startsWith(`${run.process.pid} `)).length, 0, 'nix is gone');
    });
  }
});

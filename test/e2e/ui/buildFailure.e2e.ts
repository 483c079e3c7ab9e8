// (c) A real failing `nix build` task: cargo compiles Debian's openssl-sys
// sources inside the Nix sandbox (builtins.derivation, no nixpkgs) without
// pkg-config on PATH and fails. The diagnosis must land in the Problems panel
// on the derivation in flake.nix, and its quick fix must add the inputs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { copyWorkspace, repoRoot } from '../../../scripts/e2e/codeServer';
import { needs, openSession, runDir, taskTypes, type Session } from '../harness/session';
import { runCommand, screenshot, waitFor } from '../harness/workbench';

const REGISTRY = '/usr/share/cargo/registry';
const FIXTURE = join(repoRoot, 'test', 'fixtures', 'nix-builds', 'rust');

function rustSysroot(): string | undefined {
  try {
    return execFileSync('rustc', ['--print', 'sysroot'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

function skipReason(): string | false {
  const missing = needs('nixify.build');
  if (missing) return missing;
  if (!taskTypes().has('nix')) return 'pending: package.json does not contribute the "nix" task type yet';
  if (!rustSysroot()) return 'no Rust toolchain (scripts/e2e/setup.sh installs Debian rustc/cargo)';
  if (!existsSync(REGISTRY) || !readdirSync(REGISTRY).some((n) => n.startsWith('openssl-sys-'))) return 'no openssl-sys crate sources (apt-get install librust-openssl-sys-dev)';
  if (!existsSync(join(FIXTURE, 'flake.nix'))) return `fixture ${FIXTURE} missing`;
  return false;
}

/** The workspace: the openssl-sys crate with the builder that puts only the allowed tools on PATH (no pkg-config). */
function makeWorkspace(sysroot: string): string {
  const ws = join(runDir, 'ws-build');
  copyWorkspace(join(FIXTURE, 'crates', 'openssl'), ws);
  cpSync(join(FIXTURE, 'flake.nix'), join(ws, 'flake.nix'));
  cpSync(join(FIXTURE, 'builder.sh'), join(ws, 'builder.sh'));
  writeFileSync(join(ws, 'options.nix'), `{ name = "ossl"; bin = ${JSON.stringify(join(sysroot, 'bin'))}; registryDir = ${JSON.stringify(REGISTRY)}; withPkgConfig = false; }\n`);
  // A flake sees only what git tracks.
  execFileSync('git', ['init', '-q', ws]);
  execFileSync('git', ['-C', ws, 'add', '-A']);
  return ws;
}

describe('a failing nix build task → Problems → quick fix', { skip: skipReason() }, () => {
  let s: Session;
  let ws: string;
  before(async () => {
    const sysroot = rustSysroot()!;
    ws = makeWorkspace(sysroot);
    // Nix configured for this code-server only: no daemon, no binary cache, the toolchain visible in the sandbox.
    const NIX_CONFIG = ['build-users-group =', 'substituters =', 'experimental-features = nix-command flakes', 'sandbox = true', 'sandbox-fallback = true', `sandbox-paths = /bin /usr /lib /lib64? ${sysroot}`].join('\n');
    s = await openSession('build', ws, { env: { NIX_CONFIG } });
  });
  after(async () => s?.close());

  it('shows the openssl diagnosis on the derivation and the lightbulb fix adds pkg-config and openssl', async () => {
    const { page } = s.wb;
    await runCommand(page, 'Nix: Build');
    // Several detected build tasks → a pick; one → it starts right away.
    const pick = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'default' }).first();
    if (await pick.isVisible({ timeout: 5_000 }).catch(() => false)) await page.keyboard.press('Enter');
    await page.locator('.terminal-wrapper, .terminal').first().waitFor({ timeout: 30_000 });

    await runCommand(page, 'View: Focus Problems');
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: /openssl/i }).first();
    await problem.waitFor({ timeout: 240_000 });
    const row = await problem.innerText();
    await screenshot(page, 'c1-build-failure-problems');

    // Where: the derivation in flake.nix ("the call itself" when it has no input lists).
    const flake = readFileSync(join(ws, 'flake.nix'), 'utf8');
    const derivationLine = flake.split('\n').findIndex((l) => l.includes('builtins.derivation')) + 1;
    const pos = /\[Ln (\d+), Col (\d+)\]/.exec(row);
    assert.ok(pos, `position in the Problems row: ${row}`);
    const fileRow = await page.locator('.markers-panel .monaco-list-row[aria-level="1"]', { hasText: 'flake.nix' }).count();
    assert.ok(fileRow > 0, 'the problem is filed under flake.nix');
    assert.equal(Number(pos[1]), derivationLine, `on the builtins.derivation line ${derivationLine}: ${row}`);

    // Open it from the Problems panel and use the lightbulb menu (Ctrl+.).
    await problem.dblclick();
    await page.locator('.tab.active', { hasText: 'flake.nix' }).waitFor({ timeout: 15_000 });
    await page.keyboard.press('Control+.');
    const fix = page.locator('.action-widget .monaco-list-row', { hasText: /pkg-config/ }).first();
    await fix.waitFor({ timeout: 15_000 });
    await screenshot(page, 'c2-quick-fix-menu');
    await fix.click();
    await page.keyboard.press('Control+S');
    const edited = await waitFor('the fix saved to flake.nix', () => {
      const t = readFileSync(join(ws, 'flake.nix'), 'utf8');
      return t !== flake && t;
    });
    await screenshot(page, 'c3-quick-fix-applied');
    assert.match(edited, /nativeBuildInputs = \[[^\]]*pkg-config[^\]]*\]/);
    assert.match(edited, /buildInputs = \[[^\]]*openssl[^\]]*\]/);
    // Only the derivation changed: the rest of the flake is as it was.
    assert.equal(edited.split('\n').slice(0, derivationLine - 1).join('\n'), flake.split('\n').slice(0, derivationLine - 1).join('\n'));
    execFileSync('nix-instantiate', ['--parse', join(ws, 'flake.nix')], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NIX_CONFIG: 'experimental-features = nix-command flakes' } });
  });
});

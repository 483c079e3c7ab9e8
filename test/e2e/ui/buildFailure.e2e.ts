// (c) A real failing `nix build` task: cargo compiles Debian's openssl-sys
// sources inside the Nix sandbox (builtins.derivation, no nixpkgs) without
// pkg-config on PATH and fails. The diagnosis must land in the Problems panel
// on the crate's buildRustPackage call in package.nix (matched by pname to the
// failed derivation), and its lightbulb fix must add the inputs there.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { copyWorkspace, repoRoot } from '../../../scripts/e2e/codeServer';
import { needs, openSession, runDir, taskTypes, type Session } from '../harness/session';
import { openFile, runCommand, screenshot, waitFor, withFailureShot } from '../harness/workbench';

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
  cpSync(join(repoRoot, 'test', 'e2e', 'fixtures', 'openssl-build', 'package.nix'), join(ws, 'package.nix'));
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
    const NIX_CONFIG = [
      'build-users-group =',
      'substituters =',
      'experimental-features = nix-command flakes',
      'sandbox = true',
      'sandbox-fallback = true',
      `sandbox-paths = /bin /usr /lib /lib64? ${sysroot}`,
    ].join('\n');
    s = await openSession('build', ws, { env: { NIX_CONFIG } });
  });
  after(async () => s?.close());

  it('shows the openssl diagnosis on the builder call and the lightbulb fix adds pkg-config and openssl', () =>
    withFailureShot(s.wb, 'c-build-failure', async () => {
      const { page } = s.wb;
      // The extension is up once the server's lens is on Cargo.toml.
      await openFile(page, 'Cargo.toml');
      await page.locator('.codelens-decoration', { hasText: 'Nixify this crate' }).first().waitFor({ timeout: 60_000 });
      await runCommand(page, 'Nix: Build');
      // Several detected build tasks → "What to build?"; one → it starts right away.
      const status = page.locator('.statusbar-item', { hasText: /nix build/ }).first();
      const pick = page.locator('.quick-input-widget input[placeholder^="What to build"]');
      await waitFor('the build to start', async () => (await status.isVisible()) || ((await pick.isVisible()) && (await page.keyboard.press('Enter'), false)), 60_000);

      await runCommand(page, 'View: Focus Problems');
      const problem = page.locator('.markers-panel .monaco-list-row', { hasText: /openssl/i }).first();
      await problem.waitFor({ timeout: 240_000 });
      const row = await problem.innerText();
      await screenshot(page, 'c1-build-failure-problems');

      // Where: the builder call (it has no input lists yet, so the call itself).
      const before = readFileSync(join(ws, 'package.nix'), 'utf8');
      const callLine = before.split('\n').findIndex((l) => l.includes('rustPlatform.buildRustPackage')) + 1;
      const pos = /\[Ln (\d+), Col (\d+)\]/.exec(row);
      assert.ok(pos, `position in the Problems row: ${row}`);
      const fileRows = await page.locator('.markers-panel .monaco-list-row[aria-level="1"]').allInnerTexts();
      assert.ok(
        fileRows.some((t) => t.includes('package.nix')),
        `filed under package.nix: ${fileRows.join(' | ')}`,
      );
      assert.equal(Number(pos[1]), callLine, `on the buildRustPackage line ${callLine}: ${row}`);
      assert.match(row, /pkg-config/);

      // Open it from the Problems panel and use the lightbulb menu (Ctrl+.).
      await problem.dblclick();
      await page.locator('.tab.active', { hasText: 'package.nix' }).waitFor({ timeout: 15_000 });
      // Put the cursor on the call in the editor, then click the lightbulb VS Code shows for it.
      await page.locator('.monaco-editor .view-line', { hasText: 'rustPlatform.buildRustPackage' }).first().click();
      const bulb = page.locator('.monaco-editor .lightBulbWidget, .monaco-editor [class*="codicon-light"]').first();
      await bulb.waitFor({ timeout: 15_000 });
      await bulb.click();
      const fix = page.locator('.action-widget .monaco-list-row', { hasText: /pkg-config/ }).first();
      await fix.waitFor({ timeout: 15_000 });
      await screenshot(page, 'c2-quick-fix-menu');
      await fix.click();
      await page.keyboard.press('Control+S');
      const edited = await waitFor('the fix saved to package.nix', () => {
        const t = readFileSync(join(ws, 'package.nix'), 'utf8');
        return t !== before && t;
      });
      await screenshot(page, 'c3-quick-fix-applied');
      assert.match(edited, /nativeBuildInputs = \[[^\]]*pkg-config[^\]]*\]/);
      assert.match(edited, /buildInputs = \[[^\]]*openssl[^\]]*\]/);
      // The inputs also become arguments of the callPackage function; the rest is kept as it was.
      assert.match(edited, /^\{ rustPlatform, pkg-config, openssl \}:$/m);
      for (const line of before.split('\n').filter((l) => l.startsWith('#') || /^\s+(pname|version|src|cargoLock)/.test(l))) assert.ok(edited.includes(line), `kept: ${line}`);
      execFileSync('nix-instantiate', ['--parse', join(ws, 'package.nix')], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NIX_CONFIG: 'experimental-features = nix-command flakes' } });
    }));
});

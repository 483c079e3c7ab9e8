// (d) An untrusted workspace (Restricted Mode): the extension still reads files,
// but nothing runs — no nix process under code-server, and the build commands
// say why instead of building.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { copyWorkspace, repoRoot } from '../../../scripts/e2e/codeServer';
import { needs, openSession, runDir, type Session } from '../harness/session';
import { notification, openFile, runCommand, screenshot } from '../harness/workbench';

/** Processes in the tree under `root` whose executable is nix, nix-build, nix-instantiate, …. */
function nixDescendants(root: number): string[] {
  const parent = new Map<number, number>();
  const exe = new Map<number, string>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      exe.set(Number(d), readlinkSync(`/proc/${d}/exe`));
    } catch {
      // gone or not ours to read
    }
  }
  const under = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === root) return true;
    return false;
  };
  return [...exe].filter(([pid, e]) => /\/nix(-[a-z-]+)?$/.test(e) && under(pid)).map(([pid, e]) => `${pid} ${e}`);
}

describe('untrusted workspace', { skip: needs('nixify.build') }, () => {
  let s: Session;
  const seen: string[] = [];
  let timer: NodeJS.Timeout;
  before(async () => {
    const ws = copyWorkspace(join(repoRoot, 'examples', 'axum-openssl'), join(runDir, 'ws-untrusted'), { git: true });
    s = await openSession('untrusted', ws, { trust: false });
    // Watch the whole session for nix processes, not only the moment of the check.
    timer = setInterval(() => seen.push(...nixDescendants(s.server.proc.pid!)), 100);
  });
  after(async () => {
    clearInterval(timer);
    await s?.close();
  });

  it('opens in Restricted Mode and the extension still answers from the files', async () => {
    const { page } = s.wb;
    await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 30_000 });
    // Where the person is: what works now, what trust adds, and the button that grants it.
    const notice = notification(page, /Nixify in Restricted Mode/);
    await notice.waitFor({ timeout: 60_000 });
    await notice.locator('.monaco-button', { hasText: 'Manage Workspace Trust' }).waitFor({ timeout: 5_000 });
    await screenshot(page, 'd-untrusted-notice');
    await openFile(page, 'Cargo.toml');
    await page.locator('.codelens-decoration', { hasText: 'Nix inputs' }).first().waitFor({ timeout: 60_000 });
  });

  for (const [title, command] of [
    ['Nix: Build', 'nixify.build'],
    ['Nix: Run', 'nixify.run'],
    ['Nix: Flake Check', 'nixify.flakeCheck'],
  ] as const) {
    it(`"${title}" explains why it does not run`, { skip: needs(command) }, async () => {
      const { page } = s.wb;
      await runCommand(page, 'Notifications: Clear All Notifications');
      await runCommand(page, title);
      const toast = notification(page, /trusted workspace/i);
      await toast.waitFor({ timeout: 15_000 });
      assert.match(await toast.innerText(), /Nix builds evaluate and run code from this workspace/);
      await screenshot(page, `d-untrusted-${command.split('.')[1]}`);
    });
  }

  it('never started a nix process', async () => {
    // Give anything queued a moment (flake evaluation for task detection would start here).
    await new Promise((r) => setTimeout(r, 3000));
    assert.deepEqual([...new Set(seen)], []);
  });
});

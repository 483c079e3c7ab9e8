// Driving the VS Code web workbench (code-server) with headless Debian
// Chromium through playwright-core: the few gestures a person makes.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { repoRoot } from '../../../scripts/e2e/codeServer';

export const artifactsDir = process.env.NIXIFY_E2E_ARTIFACTS ?? join(repoRoot, 'test-artifacts');

export interface Workbench {
  page: Page;
  ctx: BrowserContext;
  /** Browser console lines and page errors, for failure reports. */
  console: string[];
  close(): Promise<void>;
}

// No network, no GPU, no sandbox (root in a container), nothing that phones home.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export async function openWorkbench(url: string, opts: { chromium?: string; beforeGoto?: (page: Page) => Promise<void> } = {}): Promise<Workbench> {
  const profile = mkdtempSync(join(process.env.TMPDIR ?? tmpdir(), 'nixify-e2e-chromium-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: opts.chromium ?? process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: CHROMIUM_ARGS,
  });
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  const lines: string[] = [];
  page.on('console', (m) => lines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => lines.push(`[pageerror] ${e.message}`));
  await opts.beforeGoto?.(page);
  await page.goto(url);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  return {
    page,
    ctx,
    console: lines,
    close: async () => {
      await ctx.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const file = join(artifactsDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Runs a command from the command palette by its full title, e.g. "Nix: Nixify this crate". */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  // Extension commands join the palette once the extension host has scanned extensions: retype until listed.
  await waitFor(
    `"${title}" in the command palette`,
    async () => {
      await input.fill(`>${title}`);
      return row.isVisible({ timeout: 1_000 }).catch(() => false);
    },
    30_000,
  );
  await page.keyboard.press('Enter');
}

/** Opens a workspace file through Quick Open (the language client then sees didOpen). */
export async function openFile(page: Page, relPath: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const base = relPath.split('/').pop()!;
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: base }).first();
  // Quick Open answers from a file list it may have cached before the file was created:
  // close and reopen it until the new file is listed.
  await waitFor(
    `${relPath} in Quick Open`,
    async () => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+P');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(relPath);
      return row.waitFor({ timeout: 3_000 }).then(
        () => true,
        () => false,
      );
    },
    45_000,
  );
  await page.keyboard.press('Enter');
  await page.locator('.tab', { hasText: base }).first().waitFor({ timeout: 15_000 });
}

/** The visible notification toasts' text (the Nixify messages show up here). */
export function notification(page: Page, text: string | RegExp) {
  return page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function waitForFile(file: string, timeoutMs = 30_000): Promise<string> {
  return waitFor(`${file} on disk`, () => existsSync(file) && readFileSync(file, 'utf8'), timeoutMs);
}

/** Runs a test body; on failure saves `<name>-FAILED.png` and the browser console beside it. */
export async function withFailureShot(wb: Workbench, name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    await screenshot(wb.page, `${name}-FAILED`).catch(() => {});
    writeFileSync(join(artifactsDir, `${name}-FAILED.console.txt`), wb.console.join('\n'));
    throw e;
  }
}

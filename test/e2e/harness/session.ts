// One e2e scenario: its own code-server (profile, log, port) with the packaged
// extension the runner installed, a scratch workspace and a browser on it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, profile, repoRoot, startCodeServer, tools, writeUserSettings, type Profile, type Running, type Tools } from '../../../scripts/e2e/codeServer';
import { openWorkbench, type Workbench } from './workbench';

/** Where this run keeps profiles, workspaces and logs (the runner sets it; a default lets one file run alone). */
export const runDir = process.env.NIXIFY_E2E_RUN_DIR ?? join(cacheDir, 'run');
/** The extensions dir the runner installed the .vsix into. */
export const extensionsDir = process.env.NIXIFY_E2E_EXTENSIONS ?? join(runDir, 'extensions');

/** Commands the manifest contributes right now: tests of features that have not landed skip, naming them. */
export function contributedCommands(): Set<string> {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { contributes?: { commands?: { command: string }[] } };
  return new Set((pkg.contributes?.commands ?? []).map((c) => c.command));
}

export function taskTypes(): Set<string> {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { contributes?: { taskDefinitions?: { type: string }[] } };
  return new Set((pkg.contributes?.taskDefinitions ?? []).map((t) => t.type));
}

/** A skip reason when a command is missing, else false (node:test's `skip` option). */
export function needs(...commands: string[]): string | false {
  const have = contributedCommands();
  const missing = commands.filter((c) => !have.has(c));
  return missing.length ? `pending: package.json does not contribute ${missing.join(', ')} yet` : false;
}

export interface Session {
  tools: Tools;
  profile: Profile;
  server: Running;
  wb: Workbench;
  workspace: string;
  logFile: string;
  close(): Promise<void>;
}

// Quiet, deterministic workbench: no chat side bar, no welcome page, no
// trust prompt (an untrusted session opens in Restricted Mode directly).
const SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'workbench.tips.enabled': false,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'always',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'files.autoSave': 'off',
  'editor.codeLens': true,
};

export async function openSession(name: string, workspace: string, opts: { trust?: boolean; env?: NodeJS.ProcessEnv; extraArgs?: string[] } = {}): Promise<Session> {
  const t = tools();
  const p = profile(join(runDir, `profile-${name}`), { fresh: true, extensionsFrom: { extensions: extensionsDir } as Profile });
  writeUserSettings(p, SETTINGS);
  const logFile = join(runDir, `code-server-${name}.log`);
  const server = await startCodeServer(t, p, { logFile, workspaceTrust: opts.trust === false, env: opts.env, extraArgs: opts.extraArgs });
  let wb: Workbench;
  try {
    wb = await openWorkbench(server.folderUrl(workspace), { chromium: t.chromium });
  } catch (e) {
    await server.stop();
    throw e;
  }
  return {
    tools: t,
    profile: p,
    server,
    wb,
    workspace,
    logFile,
    close: async () => {
      await wb.close();
      await server.stop();
    },
  };
}

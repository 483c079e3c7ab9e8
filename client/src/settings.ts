// Nixify's settings, declared once for the code (package.json declares them
// for VS Code; a test keeps the two equal). No editor API here: config.ts reads them.

export const SECTION = 'nixify';

/** Each setting: its key under `nixify.` and its default. */
export const SETTINGS = {
  /** The `nix` executable; empty: found on PATH and in the usual profiles. Machine-overridable; restricted in untrusted workspaces. */
  nixPath: { key: 'nix.path', default: '' },
  /** Extra arguments for every Nix task, before the task's own. Restricted in untrusted workspaces. */
  extraArgs: { key: 'nix.extraArgs', default: [] as string[] },
  /** List tasks from the flake's evaluated outputs (`nix flake show --json`) in trusted workspaces. */
  evaluateFlakeOutputs: { key: 'tasks.evaluateFlakeOutputs', default: true },
  /** Traces the LSP messages (read by vscode-languageclient itself, by this name). */
  traceServer: { key: 'trace.server', default: 'off' as 'off' | 'messages' | 'verbose' },
} as const;

export type SettingName = keyof typeof SETTINGS;

/** The full id VS Code shows (`nixify.nix.path`), for messages and "Open Settings". */
export const settingId = (name: SettingName) => `${SECTION}.${SETTINGS[name].key}`;

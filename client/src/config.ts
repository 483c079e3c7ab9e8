// Typed reads and writes of Nixify's settings (keys and defaults in settings.ts).
import * as vscode from 'vscode';
import { SECTION, SETTINGS, settingId } from './settings';

export interface NixifyConfig {
  /** undefined: look for nix on PATH and in the usual profiles. */
  nixPath?: string;
  extraArgs: string[];
  evaluateFlakeOutputs: boolean;
}

/** The settings as they apply to a folder (VS Code already drops restricted workspace values when untrusted). */
export function config(scope?: vscode.WorkspaceFolder | vscode.Uri): NixifyConfig {
  const c = vscode.workspace.getConfiguration(SECTION, scope instanceof vscode.Uri ? scope : scope?.uri);
  return {
    nixPath: c.get<string>(SETTINGS.nixPath.key) || undefined,
    extraArgs: c.get<string[]>(SETTINGS.extraArgs.key) ?? [...SETTINGS.extraArgs.default],
    evaluateFlakeOutputs: c.get<boolean>(SETTINGS.evaluateFlakeOutputs.key, SETTINGS.evaluateFlakeOutputs.default),
  };
}

export function setExtraArgs(folder: vscode.WorkspaceFolder | undefined, args: string[], target: vscode.ConfigurationTarget): Thenable<void> {
  return vscode.workspace.getConfiguration(SECTION, folder?.uri).update(SETTINGS.extraArgs.key, args, target);
}

/** Opens the Settings editor on one setting. */
export function openSetting(name: keyof typeof SETTINGS): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openSettings', settingId(name));
}

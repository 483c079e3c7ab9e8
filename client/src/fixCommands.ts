// The server's code actions name fix actions by their protocol-level ids
// (shared FixCommands: 'git-add', 'run-in-workspace', …); this is the one place
// that maps them to this extension's VS Code commands.
import type * as vscode from 'vscode';
import { ClientCommands, FixCommands, type FixCommand } from '../../shared/src/protocol';

/** Every protocol fix command, as the VS Code command that performs it (arguments: root, then the fix's own). */
export const FIX_COMMAND_IDS: Record<FixCommand, string> = {
  [FixCommands.gitAdd]: ClientCommands.gitAdd,
  [FixCommands.enableExperimentalFeatures]: ClientCommands.enableFlakes,
  [FixCommands.runInWorkspace]: ClientCommands.runInWorkspace,
  [FixCommands.useRustToolchain]: ClientCommands.useRustToolchain,
};

const isFixCommand = (id: string): id is FixCommand => Object.prototype.hasOwnProperty.call(FIX_COMMAND_IDS, id);

function mapCommand(c: vscode.Command): vscode.Command {
  return isFixCommand(c.command) ? { ...c, command: FIX_COMMAND_IDS[c.command] } : c;
}

/** A code action (or bare command) from the server with its fix command id mapped to VS Code's. */
export function toVscodeAction<T extends vscode.Command | vscode.CodeAction>(a: T): T {
  if ('command' in a && typeof a.command === 'string') return mapCommand(a as vscode.Command) as T;
  const action = a as vscode.CodeAction;
  if (action.command) action.command = mapCommand(action.command);
  return a;
}

// Registers every command of the table (commandTable.ts) in one place, each
// behind the same trust gate: a command that needs a trusted workspace explains
// itself instead of running. Features provide handlers; they register nothing.
import * as vscode from 'vscode';
import { COMMANDS, type CommandInfo, type CommandName } from './commandTable';
import { explainUntrusted } from './trust';

/** Command arguments come from VS Code untyped (code actions, lenses, the palette). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Handler = (...args: any[]) => unknown;

/** A handler for every command: the compiler reports a command without one. */
export type Handlers = Record<CommandName, Handler>;

function gated(info: CommandInfo, handler: Handler): Handler {
  const untrusted = info.untrusted;
  if (!untrusted) return handler;
  return (...args) => {
    if (vscode.workspace.isTrusted) return handler(...args);
    explainUntrusted(typeof untrusted === 'string' ? untrusted : untrusted(...args));
    return undefined;
  };
}

export function registerCommands(subscriptions: vscode.Disposable[], handlers: Handlers): void {
  for (const name of Object.keys(COMMANDS) as CommandName[]) {
    const info: CommandInfo = COMMANDS[name];
    subscriptions.push(vscode.commands.registerCommand(info.id, gated(info, handlers[name])));
  }
}

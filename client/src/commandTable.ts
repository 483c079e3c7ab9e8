// Every command the extension contributes, declared once: its id and whether it
// needs a trusted workspace (it runs nix or git, or writes settings that decide
// what runs). Handlers are bound in commands.ts; package.json declares the same
// ids for VS Code (a test keeps them equal). No editor API here.
import { ClientCommands } from '../../shared/src/protocol';

export const UNTRUSTED_NIX = 'Nix builds evaluate and run code from this workspace, so Nixify runs them only in a trusted workspace. Use "Manage Workspace Trust" to trust this folder.';

/** What an untrusted workspace's refusal says: what did not run, why, and what else the person can do. */
export function untrustedMessage(action: string, orElse = ''): string {
  return `${action} did not run: Nixify runs nothing (no nix, no git) in a folder you have not trusted. Trust it to allow this${orElse ? `, or ${orElse}` : ''}.`;
}

export interface CommandInfo {
  id: string;
  /** Set when the command needs a trusted workspace: what to tell the person instead of running (from its arguments). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  untrusted?: string | ((...args: any[]) => string);
}

export const COMMANDS = {
  nixify: { id: ClientCommands.nixify },
  showInferredInputs: { id: 'nixify.showInferredInputs' },
  restartServer: { id: 'nixify.restartServer' },
  gitAdd: { id: ClientCommands.gitAdd, untrusted: (_root: string, path: string) => untrustedMessage(`\`git add ${path}\``, 'run it yourself') },
  build: { id: ClientCommands.build, untrusted: UNTRUSTED_NIX },
  run: { id: 'nixify.run', untrusted: UNTRUSTED_NIX },
  flakeCheck: { id: 'nixify.flakeCheck', untrusted: UNTRUSTED_NIX },
  showLog: { id: ClientCommands.showLog },
  revealBuild: { id: 'nixify.revealBuild' },
  enableFlakes: { id: ClientCommands.enableFlakes, untrusted: untrustedMessage('Enabling flakes for Nix tasks') },
  runInWorkspace: { id: ClientCommands.runInWorkspace, untrusted: (_root: string, argv: string[]) => untrustedMessage(`\`${argv.join(' ')}\``) },
  useRustToolchain: { id: ClientCommands.useRustToolchain },
  addService: { id: ClientCommands.addService },
  addCiWorkflow: { id: ClientCommands.addCiWorkflow },
  prepareNixpkgs: { id: ClientCommands.prepareNixpkgs },
} as const satisfies Record<string, CommandInfo>;

export type CommandName = keyof typeof COMMANDS;

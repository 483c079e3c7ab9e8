// Restricted Mode, explained where the person is: whenever Nixify would run
// something (nix, git) in an untrusted workspace it says why it does not, with
// the one action that changes it — VS Code's "Manage Workspace Trust" — and
// once per workspace when it starts there, since the Restricted Mode banner
// alone does not say what trusting the folder would unlock.
import * as vscode from 'vscode';

export const MANAGE_TRUST = 'Manage Workspace Trust';
const NOTICE_SHOWN = 'nixify.untrustedNoticeShown';

/**
 * When the workspace is untrusted: says that `action` did not run and why, with
 * the trust action (and `orElse`, what the person can do instead), and returns
 * true so the caller stops. Trusted: returns false.
 */
export function blockedByTrust(action: string, orElse = ''): boolean {
  if (vscode.workspace.isTrusted) return false;
  void vscode.window
    .showWarningMessage(`${action} did not run: Nixify runs nothing (no nix, no git) in a folder you have not trusted. Trust it to allow this${orElse ? `, or ${orElse}` : ''}.`, MANAGE_TRUST)
    .then((a) => a === MANAGE_TRUST && vscode.commands.executeCommand('workbench.trust.manage'));
  return true;
}

/** Once per workspace, in Restricted Mode: what works now and what trusting the folder adds. */
export function registerUntrustedNotice(context: vscode.ExtensionContext): void {
  if (vscode.workspace.isTrusted || context.workspaceState.get<boolean>(NOTICE_SHOWN)) return;
  void context.workspaceState.update(NOTICE_SHOWN, true);
  void vscode.window
    .showInformationMessage(
      'Nixify in Restricted Mode: it reads this crate, shows what its Nix build needs and can write the packaging, but runs no nix builds and no git until you trust the folder.',
      MANAGE_TRUST,
    )
    .then((a) => a === MANAGE_TRUST && vscode.commands.executeCommand('workbench.trust.manage'));
}

// Restricted Mode, explained where the person is: whenever Nixify would run
// something (nix, git) in an untrusted workspace it says why it does not, with
// the one action that changes it — VS Code's "Manage Workspace Trust" — and
// once per workspace when it starts there, since the Restricted Mode banner
// alone does not say what trusting the folder would unlock.
import * as vscode from 'vscode';

export const MANAGE_TRUST = 'Manage Workspace Trust';
const NOTICE_SHOWN = 'nixify.untrustedNoticeShown';

/** Shows why something did not run, with the one action that changes it. */
export function explainUntrusted(message: string): void {
  void vscode.window.showWarningMessage(message, MANAGE_TRUST).then((a) => a === MANAGE_TRUST && vscode.commands.executeCommand('workbench.trust.manage'));
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

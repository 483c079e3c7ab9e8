// "Add NixOS module / nginx / Docker image" on an existing flake.nix: asks what
// nginx needs, then applies the server's edit as a refactoring (previewed).
import * as vscode from 'vscode';
import { ServiceAdditionRequest } from '../../shared/src/protocol';
import type { Handlers } from './commands';
import type { Ctx } from './extension';

export function serviceHandlers(ctx: Ctx): Pick<Handlers, 'addService'> {
  return {
    addService: async (uri: string, what: 'module' | 'nginx' | 'docker') => {
      let nginxPath: string | undefined;
      let virtualHost: string | undefined;
      if (what === 'nginx') {
        nginxPath = await vscode.window.showInputBox({ title: 'Subdirectory of the existing site', value: '/forum/', prompt: 'The service will answer under this path' });
        if (nginxPath === undefined) return;
        virtualHost = await vscode.window.showInputBox({ title: 'Existing nginx virtual host', value: 'example.org' });
        if (virtualHost === undefined) return;
      }
      const plan = await ctx.client.sendRequest(ServiceAdditionRequest, { uri, module: what !== 'docker', docker: what === 'docker', nginxPath, virtualHost });
      for (const w of plan.warnings) ctx.output.warn(w);
      const edit = await ctx.client.protocol2CodeConverter.asWorkspaceEdit(plan.edit);
      if (!(await vscode.workspace.applyEdit(edit, { isRefactoring: true }))) return;
      const note = plan.warnings.length ? ` ${plan.warnings.length} note${plan.warnings.length > 1 ? 's' : ''} in the Nixify output.` : '';
      void vscode.window.showInformationMessage(
        `Nixify: ${plan.files
          .filter((f) => f.action !== 'skip')
          .map((f) => f.path)
          .join(', ')} updated.${note} See docs/deploy.md for nixos-rebuild.`,
      );
    },
  };
}

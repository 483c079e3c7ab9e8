// "Nix: Add CI workflow" and "Nix: Prepare for nixpkgs": ask what the server
// cannot know (the forge, the cache), then apply the server's edit as a
// refactoring, so the new file shows in the Refactor Preview before it is written.
import * as vscode from 'vscode';
import { CiWorkflowRequest, NixpkgsPackageRequest, type NixifyPlanResponse } from '../../shared/src/protocol';
import type { Handlers } from './commands';
import type { Ctx } from './extension';

/** The file the command is about: its argument, the active editor, else a flake.nix / Cargo.toml of the workspace. */
async function targetUri(arg: unknown, glob: string): Promise<string | undefined> {
  if (arg instanceof vscode.Uri) return arg.toString();
  if (typeof arg === 'string') return arg;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && /\/(flake\.nix|Cargo\.toml)$/.test(active.path)) return active.toString();
  const found = await vscode.workspace.findFiles(glob, '**/{target,node_modules,.git}/**', 50);
  if (found.length <= 1) return found[0]?.toString();
  found.sort((a, b) => a.path.split('/').length - b.path.split('/').length);
  const pick = await vscode.window.showQuickPick(
    found.map((u) => ({ label: vscode.workspace.asRelativePath(u), uri: u })),
    { title: 'Nixify: which crate?' },
  );
  return pick?.uri.toString();
}

async function apply(ctx: Ctx, plan: NixifyPlanResponse): Promise<void> {
  for (const w of plan.warnings) ctx.output.warn(w);
  const created = plan.files.filter((f) => f.action === 'create');
  if (!created.length) {
    void vscode.window.showWarningMessage(`Nixify: ${plan.files.map((f) => f.reason ?? f.path).join('; ')}`);
    return;
  }
  const edit = await ctx.client.protocol2CodeConverter.asWorkspaceEdit(plan.edit);
  if (!(await vscode.workspace.applyEdit(edit, { isRefactoring: true }))) return;
  const first = vscode.Uri.joinPath(vscode.Uri.parse(plan.rootUri), created[0]!.path);
  await vscode.window.showTextDocument(first, { preview: false });
  const note = plan.warnings.length ? ` What is left for you: ${plan.warnings.length} note${plan.warnings.length > 1 ? 's' : ''} in the Nixify output.` : '';
  void vscode.window.showInformationMessage(`Nixify: ${created.map((f) => f.path).join(', ')} created.${note}`);
  if (plan.warnings.length) ctx.output.show(true);
}

export function shipHandlers(ctx: Ctx): Pick<Handlers, 'addCiWorkflow' | 'prepareNixpkgs'> {
  return {
    addCiWorkflow: async (arg?: unknown) => {
      const uri = await targetUri(arg, '**/flake.nix');
      if (!uri) return void vscode.window.showInformationMessage('Nixify: no flake.nix in this workspace; run "Nix: Nixify this crate" first.');
      const forge = await vscode.window.showQuickPick(
        [
          { label: 'GitHub Actions', description: '.github/workflows/nix.yml', forge: 'github' as const },
          { label: 'GitLab CI', description: '.gitlab-ci.yml', forge: 'gitlab' as const },
        ],
        { title: 'Nixify: CI for which forge?' },
      );
      if (!forge) return;
      const cache = await vscode.window.showQuickPick(
        [
          forge.forge === 'github'
            ? { label: 'GitHub Actions cache', description: 'nix-community/cache-nix-action; no secret to set', cachix: false }
            : { label: 'No store cache', description: "GitLab's cache cannot hold /nix/store", cachix: false },
          { label: 'Cachix binary cache', description: 'needs the secret CACHIX_AUTH_TOKEN', cachix: true },
        ],
        { title: 'Nixify: where should built store paths be kept?' },
      );
      if (!cache) return;
      let cachix: string | undefined;
      if (cache.cachix) {
        cachix = await vscode.window.showInputBox({
          title: 'Cachix cache name',
          prompt: 'The cache at https://<name>.cachix.org',
          validateInput: (v) => (/^[a-z0-9][a-z0-9-]{0,62}$/.test(v) ? undefined : 'lowercase letters, digits and dashes'),
        });
        if (!cachix) return;
      }
      try {
        await apply(ctx, await ctx.client.sendRequest(CiWorkflowRequest, { uri, forge: forge.forge, cachix }));
      } catch (e) {
        void vscode.window.showErrorMessage(`Nixify: ${(e as Error).message}`);
      }
    },
    prepareNixpkgs: async (arg?: unknown) => {
      const uri = await targetUri(arg, '**/Cargo.toml');
      if (!uri) return void vscode.window.showInformationMessage('Nixify: open a Cargo.toml first.');
      try {
        await apply(ctx, await ctx.client.sendRequest(NixpkgsPackageRequest, { uri }));
      } catch (e) {
        void vscode.window.showErrorMessage(`Nixify: ${(e as Error).message}`);
      }
    },
  };
}

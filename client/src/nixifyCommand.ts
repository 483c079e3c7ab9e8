// "Nix: Nixify this crate": one quick pick (defaults preselected, Enter accepts),
// one confirmation naming the files, then the server's plan applied as one
// undoable refactoring. Applying what is shown always writes the files.
import * as vscode from 'vscode';
import { ClientCommands, NixifyChoicesRequest, NixifyPlanRequest, type BuilderName, type NixifyChoicesResponse, type NixifyOptions, type NixifyPlanResponse } from '../../shared/src/protocol';
import type { Handlers } from './commands';
import type { Ctx } from './extension';
import { gitAdd, insideGitWorkTree } from './gitAdd';
import { asUri, exists, notifyCreated } from './convert';
import { config } from './config';
import { resolveNix } from './run/resolveNix';

interface Item extends vscode.QuickPickItem {
  builder?: BuilderName;
  extra?: 'flake' | 'cargoHash' | 'module' | 'nginx' | 'docker';
}

async function findCargoToml(arg: unknown): Promise<vscode.Uri | undefined> {
  const given = asUri(arg);
  if (given) return given;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.path.endsWith('/Cargo.toml')) return active;
  const found = await vscode.workspace.findFiles('**/Cargo.toml', '**/{target,node_modules,.git}/**', 50);
  if (found.length <= 1) return found[0];
  found.sort((a, b) => a.path.split('/').length - b.path.split('/').length);
  const pick = await vscode.window.showQuickPick(
    found.map((u) => ({ label: vscode.workspace.asRelativePath(u), uri: u })),
    { title: 'Nixify: which crate?' },
  );
  return pick?.uri;
}

function pickOptions(choices: NixifyChoicesResponse): Promise<NixifyOptions | undefined> {
  const qp = vscode.window.createQuickPick<Item>();
  qp.title = 'Nixify this crate — Enter accepts the preselected defaults';
  qp.canSelectMany = true;
  qp.matchOnDetail = true;
  const d = choices.defaults;
  // The server's builder registry says which builders exist.
  const builderItems: Item[] = choices.builders.map((b) => ({
    label: b.name,
    description: b.name === d.builder ? 'recommended for this crate' : undefined,
    detail: b.detail,
    builder: b.name,
  }));
  const extras: Item[] = [
    { label: 'flake.nix', detail: 'packages, apps, devShell, checks and formatter for Linux and macOS', extra: 'flake' },
    { label: 'cargoHash instead of Cargo.lock import', detail: 'one hash to refresh on every lock change (cargoLock needs none)', extra: 'cargoHash' },
    { label: 'NixOS module', detail: 'services.<name> with a hardened systemd unit and a non-interactive user', extra: 'module' },
    { label: 'nginx under a subdirectory', detail: 'adds a location like example.org/forum/ to an existing site', extra: 'nginx' },
    { label: 'Docker image', detail: 'dockerTools layered image with the binary as entrypoint', extra: 'docker' },
  ];
  qp.items = [
    { label: 'Builder', kind: vscode.QuickPickItemKind.Separator },
    ...builderItems,
    { label: 'Extras', kind: vscode.QuickPickItemKind.Separator },
    ...extras.filter((e) => choices.looksLikeService || !['module', 'nginx', 'docker'].includes(e.extra!)),
  ];
  qp.selectedItems = [builderItems.find((b) => b.builder === d.builder)!, ...extras.filter((e) => (e.extra === 'flake' && d.flake) || (e.extra === 'cargoHash' && d.vendoring === 'cargoHash'))];
  // Exactly one builder: picking another replaces the previous one.
  let builder: BuilderName = d.builder;
  qp.onDidChangeSelection((sel) => {
    const chosen = sel.filter((s) => s.builder);
    const fresh = chosen.find((s) => s.builder !== builder) ?? chosen[0];
    if (fresh) builder = fresh.builder!;
    if (chosen.length !== 1 || !fresh) {
      const keep = builderItems.find((b) => b.builder === builder)!;
      qp.selectedItems = [keep, ...sel.filter((s) => !s.builder)];
    }
  });
  return new Promise((resolve) => {
    qp.onDidAccept(() => {
      const sel = new Set(qp.selectedItems.map((s) => s.extra).filter(Boolean));
      resolve({
        builder,
        // Flake-only builders exist only as flake inputs.
        flake: !!choices.builders.find((b) => b.name === builder)?.flakeOnly || sel.has('flake'),
        member: d.member,
        vendoring: sel.has('cargoHash') ? 'cargoHash' : 'cargoLock',
        module: sel.has('module') || sel.has('nginx'),
        docker: sel.has('docker'),
        nginxPath: sel.has('nginx') ? '' : undefined,
      });
      qp.hide();
    });
    qp.onDidHide(() => {
      resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}

export function nixifyHandlers(ctx: Ctx): Pick<Handlers, 'nixify'> {
  return {
    nixify: async (arg?: unknown) => {
      const cargo = await findCargoToml(arg);
      if (!cargo) return void vscode.window.showWarningMessage('Nixify: no Cargo.toml found in this workspace.');
      const uri = cargo.toString();
      const choices = await ctx.client.sendRequest(NixifyChoicesRequest, { uri });
      const options = await pickOptions(choices);
      if (!options) return;
      if (options.nginxPath !== undefined) {
        const path = await vscode.window.showInputBox({ title: 'Subdirectory of the existing site', value: '/forum/', prompt: 'The service will answer under this path' });
        if (path === undefined) return;
        const host = await vscode.window.showInputBox({ title: 'Existing nginx virtual host', value: 'example.org' });
        if (host === undefined) return;
        options.nginxPath = path;
        options.virtualHost = host;
      }
      // Git submodules are asked for the way the user's Nix accepts (2.27+ reads inputs.self.submodules).
      // Only a trusted workspace runs nix; otherwise the flake takes the form every Nix accepts.
      if (vscode.workspace.isTrusted) {
        const nix = await resolveNix({ setting: config(cargo).nixPath }).catch(() => undefined);
        if (nix) options.nixVersion = `${nix.version.major}.${nix.version.minor}.${nix.version.patch}`;
      }
      const plan = await ctx.client.sendRequest(NixifyPlanRequest, { uri, options });
      for (const w of plan.warnings) ctx.output.warn(w);
      const created = plan.files.filter((f) => f.action === 'create');
      if (!created.length) {
        return void vscode.window.showWarningMessage(`Nixify: nothing to create. ${plan.warnings.join(' ')}`);
      }
      const root = vscode.Uri.parse(plan.rootUri);
      const written = await confirmAndApply(
        ctx,
        plan,
        created.map((f) => f.path),
        root,
      );
      if (!written.length) return;
      const skipped = plan.files.filter((f) => f.action === 'skip');
      const msg = `Nixify: created ${written.join(', ')}${skipped.length ? ` (kept existing ${skipped.map((f) => f.path).join(', ')})` : ''}.`;
      // A flake only sees files git tracks, so a new flake.nix fails `nix build` until added.
      const inGit = vscode.workspace.isTrusted && root.scheme === 'file' && (await insideGitWorkTree(root.fsPath));
      const actions = inGit ? ['Add to git', 'Build now'] : ['Build now'];
      const action = await vscode.window.showInformationMessage(msg, ...actions);
      if (action === 'Add to git') {
        const err = await gitAdd(root.fsPath, written);
        if (err) return void vscode.window.showErrorMessage(`git add failed: ${err}`);
        ctx.output.info(`git add ${written.join(' ')} in ${root.fsPath}`);
        await notifyCreated(ctx.client, root, written);
        const next = await vscode.window.showInformationMessage(`Nixify: added ${written.join(', ')} to git.`, 'Build now');
        if (next === 'Build now') await vscode.commands.executeCommand(ClientCommands.build);
      } else if (action === 'Build now') {
        await vscode.commands.executeCommand(ClientCommands.build);
      }
    },
  };
}

/**
 * Asks once, naming the files ("Create Files" is the default button), then applies
 * the plan's edit; "Review in Refactor Preview" opens VS Code's preview instead.
 * VS Code's preview starts every change that needs confirmation unticked, and an
 * extension cannot ask it for ticked boxes: so "Create Files" applies without the
 * preview, and after either path the message names exactly what is on disk —
 * or says that nothing was written. Returns the paths written.
 */
async function confirmAndApply(ctx: Ctx, plan: NixifyPlanResponse, paths: string[], root: vscode.Uri): Promise<string[]> {
  const wf = vscode.workspace.getWorkspaceFolder(root);
  const folder = !wf ? root.fsPath : root.path === wf.uri.path ? wf.name : `${wf.name}${root.path.slice(wf.uri.path.length)}`;
  const create = 'Create Files';
  const review = 'Review in Refactor Preview';
  const kept = plan.files.filter((f) => f.action === 'skip').map((f) => f.reason!);
  const choice = await vscode.window.showInformationMessage(
    `Nixify: create ${listPaths(paths)}?`,
    { modal: true, detail: [`In ${folder}. Existing files are never overwritten.`, ...kept].join('\n') },
    create,
    review,
  );
  if (!choice) {
    void vscode.window.showInformationMessage('Nixify: nothing was written.');
    return [];
  }
  const annotations = Object.fromEntries(Object.entries(plan.edit.changeAnnotations ?? {}).map(([id, a]) => [id, { ...a, needsConfirmation: choice === review }]));
  const edit = await ctx.client.protocol2CodeConverter.asWorkspaceEdit({ ...plan.edit, changeAnnotations: annotations });
  const applied = await vscode.workspace.applyEdit(edit, { isRefactoring: true });
  // The preview lets a person untick files (and starts them unticked): report only what is on disk now.
  const written: string[] = [];
  if (applied) for (const p of paths) if (await exists(vscode.Uri.joinPath(root, p))) written.push(p);
  if (!written.length) {
    void vscode.window.showWarningMessage(
      choice === review
        ? 'Nixify: nothing was written — the Refactor Preview applies only the ticked files. Run "Nix: Nixify this crate" again and choose Create Files, or tick the files in the preview.'
        : 'Nixify: nothing was written.',
    );
  }
  return written;
}

function listPaths(paths: string[]): string {
  return paths.length === 1 ? paths[0]! : `${paths.slice(0, -1).join(', ')} and ${paths[paths.length - 1]}`;
}

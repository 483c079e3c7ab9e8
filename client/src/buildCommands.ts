// "Nix: Build / Run / Flake Check", the task provider, the status bar and the
// commands fixes call. Nothing here spawns Nix in an untrusted workspace: the
// commands explain why instead (VS Code blocks tasks there itself).
import * as vscode from 'vscode';
import { ClientCommands } from '../../shared/src/protocol';
import { taskLabel, updateInputArgs, withExperimentalFeatures, type NixCommand } from './run/command';
import { rustOverlaySnippet } from '../../server/src/generate/rustOverlay';
import { NixResolver, type NixInfo } from './run/resolveNix';
import type { Ctx } from './extension';
import { LOG_SCHEME, LogDocuments, showLog } from './logDocument';
import { BuildStatus } from './status';
import { NIX_TASK_TYPE, NixTaskProvider } from './tasks';
import { UNTRUSTED_NIX } from './commandTable';
import type { Handlers } from './commands';
import { config, setExtraArgs } from './config';
import { exists } from './convert';
import { settingId } from './settings';

/** The task provider, the status bar and the build log documents; returns the build commands' handlers. */
export function registerBuilds(ctx: Ctx): BuildHandlers {
  const resolver = new NixResolver();
  const status = new BuildStatus();
  const logs = new Map<string, { logPath: string; label: string }>();
  let lastLog: { logPath: string; label: string } | undefined;

  const nix = async (): Promise<NixInfo> => {
    if (!vscode.workspace.isTrusted) throw new Error(UNTRUSTED_NIX);
    return resolver.get({ setting: config(vscode.workspace.workspaceFolders?.[0]).nixPath });
  };
  const reveal = (label: string) => vscode.window.terminals.find((t) => t.name.includes(label))?.show(true);
  const provider = new NixTaskProvider({
    ctx,
    status,
    nix,
    extraArgs: (folder) => config(folder).extraArgs,
    onLog: (installable, logPath, label) => {
      lastLog = { logPath, label };
      logs.set(installable, lastLog);
    },
    reveal,
  });

  const pickFolder = async (): Promise<vscode.WorkspaceFolder | undefined> => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length <= 1) return folders[0];
    const active = vscode.window.activeTextEditor && vscode.workspace.getWorkspaceFolder(vscode.window.activeTextEditor.document.uri);
    return active ?? vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder to build' });
  };

  const runCommand = (command: NixCommand) => async (installable?: string) => {
    const folder = await pickFolder();
    if (!folder) return void vscode.window.showInformationMessage('Open a folder with a flake.nix or default.nix first.');
    let def = typeof installable === 'string' ? { command, installable } : undefined;
    if (!def) {
      const detected = (await provider.detect(folder)).filter((t) => t.definition.command === command);
      if (!detected.length) return void vscode.window.showInformationMessage(`Nothing to ${command} here: no flake.nix or default.nix in ${folder.name}.`);
      const chosen =
        detected.length === 1
          ? detected[0]
          : (
              await vscode.window.showQuickPick(
                detected.map((t) => ({ label: taskLabel(t.definition), description: t.detail, t })),
                { placeHolder: `What to ${command}?` },
              )
            )?.t;
      if (!chosen) return;
      def = { command, installable: chosen.definition.installable ?? '' };
    }
    await vscode.tasks.executeTask(provider.createTask({ type: NIX_TASK_TYPE, ...def }, folder));
  };

  const logDocs = new LogDocuments(nix);
  ctx.context.subscriptions.push(status, vscode.tasks.registerTaskProvider(NIX_TASK_TYPE, provider), vscode.workspace.registerTextDocumentContentProvider(LOG_SCHEME, logDocs));
  return {
    build: runCommand('build'),
    run: runCommand('run'),
    flakeCheck: runCommand('flake-check'),
    revealBuild: () => status.current?.reveal(),
    showLog: async (logPath?: string, installable?: string) => {
      const entry = typeof logPath === 'string' ? { logPath, label: logs.get(installable ?? '')?.label ?? installable ?? 'build' } : lastLog;
      if (!entry) return void vscode.window.showInformationMessage('No build has run in this window yet.');
      await showLog(entry.logPath, entry.label);
    },
    enableFlakes: async (_root?: string, features: string[] = ['nix-command', 'flakes']) => {
      const folder = await pickFolder();
      const current = config(folder).extraArgs;
      const next = withExperimentalFeatures(current, features);
      const value = next[next.indexOf('--extra-experimental-features') + 1];
      const where = await vscode.window.showInformationMessage(
        `Enable ${value} for Nix tasks? This sets \`--extra-experimental-features "${value}"\` in "${settingId('extraArgs')}".`,
        { modal: true, detail: 'To enable them for every Nix command instead, add `experimental-features = nix-command flakes` to ~/.config/nix/nix.conf.' },
        'This Workspace',
        'All Workspaces',
      );
      if (!where) return;
      const target = where === 'This Workspace' ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
      await setExtraArgs(folder, next, target);
      if (lastLog) void vscode.window.showInformationMessage('Flakes enabled for Nix tasks. Run the build again?', 'Build').then((a) => a && vscode.commands.executeCommand(ClientCommands.build));
    },
    runInWorkspace: async (root: string, argv: string[]) => {
      const ok = await vscode.window.showWarningMessage(`Run \`${argv.join(' ')}\` in ${root}?`, { modal: true }, 'Run');
      if (ok !== 'Run') return;
      const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(root)) ?? vscode.TaskScope.Workspace;
      const task = new vscode.Task({ type: 'nixify-fix' }, folder, argv.join(' '), 'nix', new vscode.ProcessExecution(argv[0]!, argv.slice(1), { cwd: root }));
      await vscode.tasks.executeTask(task);
    },
    useRustToolchain: async (root: string | undefined, rustVersion: string | null) => {
      const need = rustVersion ? `Rust ${rustVersion} or newer` : 'a newer Rust than this nixpkgs has';
      // A stale flake.lock is the usual cause; re-locking nixpkgs is one reversible command.
      const canUpdate = vscode.workspace.isTrusted && !!root && (await exists(vscode.Uri.file(`${root}/flake.lock`)));
      const update = 'Update nixpkgs in flake.lock';
      const copy = 'Copy rust-overlay snippet';
      const choice = await vscode.window.showInformationMessage(
        `This crate needs ${need}.`,
        {
          modal: true,
          detail:
            (canUpdate ? 'A newer nixpkgs may already have it: re-lock the nixpkgs input and build again. ' : '') +
            'Otherwise build with a toolchain from rust-overlay: the snippet (flake input, overlay and rustPlatform) goes into flake.nix by hand, because Nixify does not rewrite a flake it did not write.',
        },
        ...(canUpdate ? [update] : []),
        copy,
      );
      if (choice === update) {
        const info = await nix().catch((e: Error) => void vscode.window.showErrorMessage(e.message));
        if (info) await vscode.commands.executeCommand(ClientCommands.runInWorkspace, root, [info.path, ...updateInputArgs(info.version, 'nixpkgs')]);
      } else if (choice === copy) {
        await vscode.env.clipboard.writeText(rustOverlaySnippet(rustVersion));
        void vscode.window.showInformationMessage('Copied: paste it into flake.nix and use rustPlatform from it in place of pkgs.rustPlatform.');
      }
    },
  };
}

type BuildHandlers = Pick<Handlers, 'build' | 'run' | 'flakeCheck' | 'revealBuild' | 'showLog' | 'enableFlakes' | 'runInWorkspace' | 'useRustToolchain'>;

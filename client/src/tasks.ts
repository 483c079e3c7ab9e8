// `"type": "nix"` tasks: detected from the flake's outputs (evaluated only in a
// trusted workspace) and default.nix, and resolved from tasks.json with the
// very definition the user wrote.
import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import { defaultInstallable, invocation, NIX_COMMANDS, taskLabel, type NixTaskDefinition } from './run/command';
import { currentSystem, staticTasks, tasksFromFlakeShow, type DetectedTask } from './run/detect';
import { NixTaskTerminal, type TerminalDeps } from './terminal';
import { config } from './config';
import { exists } from './convert';

export const NIX_TASK_TYPE = 'nix';

export interface NixTaskVsDefinition extends vscode.TaskDefinition, NixTaskDefinition {
  type: typeof NIX_TASK_TYPE;
}

export function isNixDefinition(d: vscode.TaskDefinition): d is NixTaskVsDefinition {
  return d.type === NIX_TASK_TYPE && (NIX_COMMANDS as readonly string[]).includes(d.command);
}

/** Flake outputs, evaluated with `nix flake show --json`; cached per flake.nix/flake.lock state. */
class FlakeShowCache {
  private readonly byFolder = new Map<string, { key: string; show: Promise<Record<string, unknown> | undefined> }>();

  async get(folder: vscode.WorkspaceFolder, nixPath: string, extraArgs: string[]): Promise<Record<string, unknown> | undefined> {
    const stamp = async (name: string) => {
      try {
        const s = await vscode.workspace.fs.stat(vscode.Uri.joinPath(folder.uri, name));
        return `${s.mtime}:${s.size}`;
      } catch {
        return '-';
      }
    };
    const key = `${nixPath}\0${extraArgs.join(' ')}\0${await stamp('flake.nix')}\0${await stamp('flake.lock')}`;
    const hit = this.byFolder.get(folder.uri.toString());
    if (hit?.key === key) return hit.show;
    const show = new Promise<Record<string, unknown> | undefined>((resolve) => {
      // Offline or without nixpkgs the evaluation fails: then the static tasks stand.
      execFile(nixPath, ['flake', 'show', '--json', ...extraArgs, '.'], { cwd: folder.uri.fsPath, timeout: 30_000, maxBuffer: 16 << 20 }, (err, stdout) => {
        if (err) return resolve(undefined);
        try {
          resolve(JSON.parse(stdout) as Record<string, unknown>);
        } catch {
          resolve(undefined);
        }
      });
    });
    this.byFolder.set(folder.uri.toString(), { key, show });
    return show;
  }
}

export class NixTaskProvider implements vscode.TaskProvider {
  private readonly flakeShow = new FlakeShowCache();

  constructor(private readonly deps: TerminalDeps & { reveal(label: string): void }) {}

  async provideTasks(): Promise<vscode.Task[]> {
    const out: vscode.Task[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      for (const t of await this.detect(folder)) out.push(this.createTask({ type: NIX_TASK_TYPE, ...t.definition }, folder, t));
    }
    return out;
  }

  resolveTask(task: vscode.Task): vscode.Task | undefined {
    if (!isNixDefinition(task.definition)) return undefined;
    const folder = typeof task.scope === 'object' ? task.scope : vscode.workspace.workspaceFolders?.[0];
    if (!folder) return undefined;
    // Reuse the definition object from tasks.json, as VS Code requires.
    return this.createTask(task.definition, folder);
  }

  async detect(folder: vscode.WorkspaceFolder): Promise<DetectedTask[]> {
    const files = { flake: await exists(vscode.Uri.joinPath(folder.uri, 'flake.nix')), defaultNix: await exists(vscode.Uri.joinPath(folder.uri, 'default.nix')) };
    if (files.flake && vscode.workspace.isTrusted && config(folder).evaluateFlakeOutputs) {
      try {
        const nix = await this.deps.nix();
        const show = await this.flakeShow.get(folder, nix.path, this.deps.extraArgs(folder));
        if (show) {
          const tasks = tasksFromFlakeShow(show, currentSystem(), files);
          if (tasks.length) return tasks;
        }
      } catch {
        // No Nix: the static tasks still describe what could run.
      }
    }
    return staticTasks(files);
  }

  createTask(definition: NixTaskVsDefinition, folder: vscode.WorkspaceFolder, detected?: DetectedTask): vscode.Task {
    const def: NixTaskDefinition = { command: definition.command, installable: definition.installable ?? defaultInstallable(definition.command), args: definition.args };
    const label = taskLabel(def);
    const execution =
      def.command === 'develop'
        ? // An interactive shell needs a real terminal; argv is still passed without a shell.
          new vscode.CustomExecution(async () => this.developTerminal(def, folder))
        : new vscode.CustomExecution(async (resolved) => {
            const r = resolved as NixTaskVsDefinition;
            return new NixTaskTerminal({ command: r.command, installable: r.installable ?? def.installable, args: r.args }, folder, this.deps, () => this.deps.reveal(label));
          });
    const task = new vscode.Task(definition, folder, label, 'nix', execution, []);
    task.detail = detected?.detail;
    if (detected?.group === 'build' || (!detected && def.command === 'build')) task.group = vscode.TaskGroup.Build;
    if (detected?.group === 'test' || (!detected && def.command === 'flake-check')) task.group = vscode.TaskGroup.Test;
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, clear: true, focus: false };
    return task;
  }

  /** `nix develop` in a terminal of its own (a Pseudoterminal cannot host an interactive shell). */
  private async developTerminal(def: NixTaskDefinition, folder: vscode.WorkspaceFolder): Promise<vscode.Pseudoterminal> {
    const nix = await this.deps.nix();
    const inv = invocation(def, nix, this.deps.extraArgs(folder));
    const emitter = new vscode.EventEmitter<string>();
    const close = new vscode.EventEmitter<number>();
    return {
      onDidWrite: emitter.event,
      onDidClose: close.event,
      open: () => {
        vscode.window.createTerminal({ name: taskLabel(def), shellPath: inv.file, shellArgs: inv.args, cwd: folder.uri }).show();
        emitter.fire(`Opened \`${taskLabel(def)}\` in its own terminal.\r\n`);
        close.fire(0);
      },
      close: () => {},
    };
  }
}

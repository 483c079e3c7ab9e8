// The task's terminal: runs Nix through the process layer and shows a readable
// stream (current derivation, phase, `3/17 built`, failures) instead of the
// raw JSON records. Closing the terminal cancels the build.
import * as vscode from 'vscode';
import { BuildFinishedNotification, BuildStartedNotification } from '../../shared/src/protocol';
import { taskLabel, type NixTaskDefinition } from './run/command';
import { NixNotFoundError, type NixInfo } from './run/resolveNix';
import { runNixTask, type NixRun } from './run/runner';
import { BuildView, toTerminal } from './run/view';
import type { Ctx } from './extension';
import type { BuildStatus } from './status';
import { openSetting } from './config';

export interface TerminalDeps {
  ctx: Ctx;
  status: BuildStatus;
  nix(): Promise<NixInfo>;
  extraArgs(folder: vscode.WorkspaceFolder): string[];
  /** Remembers the last log per installable for "Show full log". */
  onLog(installable: string, logPath: string, label: string): void;
}

export class NixTaskTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number>();
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  private run: NixRun | undefined;
  private closed = false;

  constructor(
    private readonly def: NixTaskDefinition,
    private readonly folder: vscode.WorkspaceFolder,
    private readonly deps: TerminalDeps,
    private readonly reveal: () => void,
  ) {}

  open(): void {
    void this.start().catch((e: Error) => {
      this.write([`\x1b[31m${e.message}\x1b[0m`]);
      this.closeEmitter.fire(127);
      if (e instanceof NixNotFoundError) {
        void vscode.window.showErrorMessage(e.message, 'Open Settings').then((a) => a && openSetting('nixPath'));
      }
    });
  }

  close(): void {
    this.closed = true;
    void this.run?.cancel();
  }

  handleInput(data: string): void {
    // Ctrl-C cancels, as in a shell; other input goes to `nix run`'s program.
    if (data === '\x03') return void this.run?.cancel();
    if (this.def.command === 'run') this.run?.write(data.replace(/\r/g, '\n'));
  }

  private write(lines: string[]) {
    if (lines.length) this.writeEmitter.fire(toTerminal(lines));
  }

  private async start() {
    const nix = await this.deps.nix();
    const view = new BuildView(true);
    const label = taskLabel(this.def);
    const client = this.deps.ctx.client;
    const rootUri = this.folder.uri.toString();
    const run = runNixTask(this.def, {
      cwd: this.folder.uri.fsPath,
      nix,
      extraArgs: this.deps.extraArgs(this.folder),
      stdin: this.def.command === 'run',
      onEvent: (e) => {
        const lines = view.event(e);
        this.write(lines);
        if (e.type !== 'log' || lines.length) this.changeEmitter.fire();
      },
      onStdout: (t) => this.writeEmitter.fire(t.replace(/\r?\n/g, '\r\n')),
    });
    this.run = run;
    this.write([`\x1b[2m$ ${[run.invocation.file, ...run.invocation.args].join(' ')}\x1b[0m`]);
    void client.sendNotification(BuildStartedNotification, { rootUri, installable: run.installable });
    this.deps.status.track({
      label,
      status: () => view.statusText(),
      fraction: () => {
        const s = view.summary();
        return s.expected ? s.done / s.expected : undefined;
      },
      cancel: () => void run.cancel(),
      onChange: this.changeEmitter.event,
      done: run.done.then((r) => ({ ok: r.code === 0, cancelled: r.cancelled })),
      reveal: this.reveal,
    });
    const r = await run.done;
    this.deps.onLog(run.installable, r.logPath, label);
    this.write(view.finish(r.code, r.cancelled, r.ms));
    if (!r.cancelled) {
      if (r.code !== 0) this.write(['\x1b[2mDiagnostics for this build are in the Problems panel; "Nix: Show Full Build Log" opens the whole log.\x1b[0m']);
      void client.sendNotification(BuildFinishedNotification, { rootUri, installable: run.installable, exitCode: r.code ?? -1, logPath: r.logPath, nixPath: nix.path });
    }
    if (!this.closed) this.closeEmitter.fire(r.code ?? 130);
  }
}

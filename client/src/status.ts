// Where a running build shows outside its terminal: a status bar item (click
// to show the terminal) and a progress notification whose Cancel stops it.
import * as vscode from 'vscode';

export interface TrackedBuild {
  label: string;
  /** Current one-line state, e.g. `3/17 built · foo (buildPhase)`. */
  status(): string;
  /** Fraction done, when Nix said how many builds to expect. */
  fraction(): number | undefined;
  cancel(): void;
  /** Fires on every change; resolves `done` at the end. */
  onChange: vscode.Event<void>;
  done: Promise<{ ok: boolean; cancelled: boolean }>;
  reveal(): void;
}

export class BuildStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('nixify.build', vscode.StatusBarAlignment.Left, 10);
  private readonly running = new Set<TrackedBuild>();
  private last: TrackedBuild | undefined;

  constructor() {
    this.item.name = 'Nix build';
    this.item.command = 'nixify.revealBuild';
  }

  /** The build shown in the status bar (the latest one), for "reveal". */
  get current(): TrackedBuild | undefined {
    return this.last;
  }

  track(b: TrackedBuild) {
    this.running.add(b);
    this.last = b;
    const sub = b.onChange(() => this.render());
    this.render();
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: b.label, cancellable: true }, async (progress, token) => {
      token.onCancellationRequested(() => b.cancel());
      let reported = 0;
      const report = () => {
        const f = b.fraction();
        const increment = f === undefined ? undefined : Math.max(0, f * 100 - reported);
        if (increment) reported += increment;
        progress.report({ message: b.status(), increment });
      };
      const s = b.onChange(report);
      report();
      try {
        await b.done;
      } finally {
        s.dispose();
      }
    });
    void b.done.then(({ ok, cancelled }) => {
      sub.dispose();
      this.running.delete(b);
      this.render(ok ? 'ok' : cancelled ? 'cancelled' : 'failed');
    });
  }

  private render(ended?: 'ok' | 'failed' | 'cancelled') {
    const b = this.last;
    if (!b) return this.item.hide();
    if (this.running.has(b)) {
      this.item.text = `$(sync~spin) ${b.status()}`;
      this.item.tooltip = `${b.label} — click to show the build`;
      this.item.backgroundColor = undefined;
    } else if (ended) {
      this.item.text = ended === 'ok' ? `$(check) ${b.label}` : ended === 'cancelled' ? `$(circle-slash) ${b.label}` : `$(error) ${b.label}`;
      this.item.tooltip = `${b.label}: ${ended === 'ok' ? 'succeeded' : ended} — ${b.status()}`;
      this.item.backgroundColor = ended === 'failed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    }
    this.item.show();
  }

  dispose() {
    this.item.dispose();
  }
}

// Publishes what the server knows is wrong, per workspace, debounced so typing
// in Cargo.toml does not re-run the model on every keystroke.
import { DiagnosticSeverity, type Connection, type Diagnostic } from 'vscode-languageserver/node';
import { relUri, startOfFile } from './convert';
import type { WorkspaceIndex } from './workspaceIndex';

const SOURCE = 'nixify';

/**
 * Recomputes on the next turn of the event loop rather than after a fixed
 * delay: a burst of edits that arrives together coalesces into one run, and a
 * single edit is answered at once (the budget is 30 ms on a large workspace).
 */
export class Diagnostics {
  private readonly pending = new Set<string>();
  /** URIs we published to, per root, so stale ones are cleared. */
  private readonly published = new Map<string, Set<string>>();
  /** Extra producers (build diagnostics, pre-build checks) keyed by name. */
  private readonly producers = new Map<string, (root: string) => Map<string, Diagnostic[]>>();

  constructor(
    private readonly connection: Connection,
    private readonly index: WorkspaceIndex,
  ) {}

  addProducer(name: string, f: (root: string) => Map<string, Diagnostic[]>) {
    this.producers.set(name, f);
  }

  schedule(root: string) {
    if (this.pending.has(root)) return;
    this.pending.add(root);
    setImmediate(() => {
      this.pending.delete(root);
      this.publishNow(root);
    });
  }

  publishNow(root: string) {
    const byUri = new Map<string, Diagnostic[]>();
    const add = (uri: string, d: Diagnostic) => {
      const list = byUri.get(uri) ?? [];
      list.push(d);
      byUri.set(uri, list);
    };
    const entry = this.index.get(root);
    if (entry.error) {
      const range = entry.error.range ?? startOfFile();
      add(relUri(root, entry.error.file), {
        range,
        severity: DiagnosticSeverity.Error,
        source: SOURCE,
        code: 'model-error',
        message: entry.error.message.replace(/^[^:]+:\d+:\d+: /, ''),
      });
    }
    for (const w of entry.ws?.warnings ?? []) {
      add(relUri(root, 'Cargo.toml'), {
        range: entry.ws?.rootManifest.ranges.workspace ?? startOfFile(),
        severity: DiagnosticSeverity.Warning,
        source: SOURCE,
        code: 'workspace',
        message: w,
      });
    }
    for (const f of this.producers.values()) {
      for (const [uri, ds] of f(root)) for (const d of ds) add(uri, d);
    }
    const before = this.published.get(root) ?? new Set();
    for (const [uri, ds] of byUri) void this.connection.sendDiagnostics({ uri, diagnostics: ds });
    for (const uri of before) if (!byUri.has(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    this.published.set(root, new Set(byUri.keys()));
  }
}

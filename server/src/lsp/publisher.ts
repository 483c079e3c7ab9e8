// The request thread's side of diagnostics: what the analysis thread computed
// for a workspace, merged with what other producers hold (failed builds), is
// sent to the editor, and files that had diagnostics and no longer do are
// cleared. Sending is all this thread does with them: nothing here analyses.
import type { Connection, Diagnostic } from 'vscode-languageserver/node';

/** Diagnostics that are not the analysis' own, published with it (build failures). */
export interface DiagnosticsSink {
  addProducer(name: string, f: (root: string) => Map<string, Diagnostic[]>): void;
  /** Publishes a workspace's diagnostics again, at once (a producer's changed). */
  publishNow(root: string): void;
}

export class Publisher implements DiagnosticsSink {
  private readonly analysis = new Map<string, Map<string, Diagnostic[]>>();
  private readonly producers = new Map<string, (root: string) => Map<string, Diagnostic[]>>();
  /** URIs we published to, per root, so stale ones are cleared. */
  private readonly published = new Map<string, Set<string>>();

  constructor(private readonly connection: Pick<Connection, 'sendDiagnostics'>) {}

  addProducer(name: string, f: (root: string) => Map<string, Diagnostic[]>) {
    this.producers.set(name, f);
  }

  /** The analysis' diagnostics of `root` (every file; absent ones have none), published with the producers'. */
  analysed(root: string, byUri: Map<string, Diagnostic[]>) {
    this.analysis.set(root, byUri);
    this.publishNow(root);
  }

  publishNow(root: string) {
    const byUri = new Map<string, Diagnostic[]>();
    for (const [uri, ds] of this.analysis.get(root) ?? []) byUri.set(uri, [...ds]);
    for (const f of this.producers.values()) {
      for (const [uri, ds] of f(root)) {
        const list = byUri.get(uri);
        if (list) list.push(...ds);
        else byUri.set(uri, [...ds]);
      }
    }
    const before = this.published.get(root) ?? new Set();
    for (const [uri, ds] of byUri) void this.connection.sendDiagnostics({ uri, diagnostics: ds });
    for (const uri of before) if (!byUri.has(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    this.published.set(root, new Set(byUri.keys()));
  }
}

// The request thread's handle on the analysis thread (analysisWorker.ts): it
// forwards the editor's changes, publishes what comes back, keeps the latest
// view of each workspace for hovers and lenses, and makes the rare requests
// that need the index (plans, the inferred inputs) as calls. Code actions and
// hovers are answered here, on the request thread, so they never wait for an
// analysis step: the analysis runs on its own thread, on the other core.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ResponseError, type Diagnostic } from 'vscode-languageserver/node';
import type { AnalysisCalls, CallName, FromAnalysis, ToAnalysis } from './analysisMessages';
import type { SentView, WorkspaceView } from './workspaceView';
import { ViewStore } from './viewParts';
import { releaseExitedThread } from '../parse/wasmTiering';

export interface AnalysisClientOptions {
  /** A workspace's diagnostics, computed (every file; absent ones have none). */
  onDiagnostics(root: string, byUri: Map<string, Diagnostic[]>): void;
  /** What a restarted analysis thread must be told to know what the dead one knew (trust, open documents). */
  replay(): ToAnalysis[];
  log(message: string): void;
  /** The worker's entry; default: dist/analysisWorker.mjs beside the bundle, else the source beside this file. */
  entry?: string;
}

/** A thread that died this many times in a row stays dead (the log says why): something is wrong with it, not with a document. */
const MAX_RESTARTS = 3;

function defaultEntry(): string {
  // Bundled, this code sits in dist/ beside the worker's entry module; from the sources (tsx), the .ts beside it.
  const bundled = join(__dirname, 'analysisWorker.mjs');
  return existsSync(bundled) ? bundled : join(__dirname, 'analysisWorker.ts');
}

export class AnalysisClient {
  private worker?: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  /** The latest parts of each workspace's view, parsed when first read (viewParts.ts). */
  private readonly views = new Map<string, ViewStore>();
  private restarts = 0;
  private disposed = false;

  constructor(private readonly opts: AnalysisClientOptions) {
    this.start();
  }

  private start() {
    // Node closes what the thread opened through fs.open when it ends (its default since Node 15, said
    // here because the thread relies on it: threadCpu.ts keeps one open for as long as the thread
    // lives), so a thread that dies and is started again leaves nothing open behind.
    const w = new Worker(this.opts.entry ?? defaultEntry(), { trackUnmanagedFds: true });
    this.worker = w;
    // The analysis never keeps the server alive: the editor's connection does.
    w.unref();
    w.on('message', (m: FromAnalysis) => this.received(m));
    w.on('error', (e) => this.opts.log(`nixify: analysis thread failed: ${e.stack ?? e.message}`));
    w.on('exit', (code) => {
      // A thread killed mid-compile leaves its share of the wasm tiering state (parse/wasmTiering.ts) behind.
      releaseExitedThread();
      if (this.worker !== w) return;
      this.worker = undefined;
      for (const p of this.pending.values()) p.reject(new Error(`nixify: the analysis thread stopped (exit code ${code})`));
      this.pending.clear();
      if (this.disposed) return;
      if (++this.restarts > MAX_RESTARTS) return this.opts.log(`nixify: the analysis thread stopped ${MAX_RESTARTS + 1} times; diagnostics are off until the server restarts`);
      this.opts.log(`nixify: the analysis thread stopped (exit code ${code}); starting it again`);
      // The new thread numbers its views from 1 again, and the dead one's may be stale.
      this.views.clear();
      this.start();
      for (const m of this.opts.replay()) this.send(m);
    });
  }

  private received(m: FromAnalysis) {
    if (m.t === 'reply') {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (!p) return;
      if (!m.error) return p.resolve(m.result);
      p.reject(m.error.code !== undefined ? new ResponseError(m.error.code, m.error.message) : new Error(m.error.message));
      return;
    }
    this.restarts = 0;
    if (m.view) this.keep(m.root, m.view);
    this.opts.onDiagnostics(m.root, new Map(m.byUri));
  }

  send(m: ToAnalysis) {
    this.worker?.postMessage(m);
  }

  /** A request answered by the analysis thread's index (between its steps). */
  call<K extends CallName>(name: K, ...args: Parameters<AnalysisCalls[K]>): Promise<ReturnType<AnalysisCalls[K]>> {
    if (!this.worker) return Promise.reject(new Error('nixify: the analysis thread is not running'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.send({ t: 'call', id, name, args });
    });
  }

  /**
   * The latest view of a workspace, at once; the first one is asked for (there is nothing to answer
   * from before it, so only that one waits for the analysis thread).
   */
  view(root: string): WorkspaceView | Promise<WorkspaceView | undefined> {
    const have = this.views.get(root)?.view();
    if (have) return have;
    return this.call('view', root).then(
      (view) => {
        this.keep(root, view);
        return this.views.get(root)?.view();
      },
      () => undefined,
    );
  }

  /** Keeps each part of a view unless one made later is kept already. */
  private keep(root: string, view: SentView) {
    let store = this.views.get(root);
    if (!store) this.views.set(root, (store = new ViewStore()));
    store.keep(view);
  }

  /** Ends the thread (shutdown): nothing is left running. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const w = this.worker;
    if (w) await w.terminate();
  }
}

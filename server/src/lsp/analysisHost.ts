// The analysis thread's state and work: its own copy of the open documents
// (kept by the editor's incremental changes), the workspace index (load,
// resolution, inference), the pre-build checks, and the runs that compute each
// workspace's diagnostics. Nothing here waits on the request thread, and the
// request thread never waits on this: it answers code actions and hovers from
// what was last sent (analysisClient.ts). Independent of worker_threads, so
// tests can drive it in-process.
import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver/node';
import { inferenceToJson } from '../infer/infer';
import { ensureParser, initParsers } from '../parse/treeSitter';
import type { AnalysisCalls, FromAnalysis, ToAnalysis } from './analysisMessages';
import { FileChangeType, RequestFailure } from './protocolValues';
import type { SentView } from './workspaceView';
import { BuildMemory, checkDiagnostics } from './checks';
import { Diagnostics } from './diagnostics';
import { nixifyChoices, nixifyPlan } from './nixify';
import { NixModelCache } from './nixModels';
import { serviceAddition } from './serviceActions';
import { ciWorkflow, nixpkgsPackageFor } from './shipActions';
import { pieceDocuments, type PieceTextDocument } from './textDocument';
import { indexLinesLater, rehearseManifestEditLater } from './editRehearsal';
import { traceRuns } from './trace';
import { WorkspaceIndex } from './workspaceIndex';
import { ViewMaker } from './viewParts';

export class AnalysisHost {
  private readonly docs = new Map<string, PieceTextDocument>();
  private trusted = false;
  readonly index = new WorkspaceIndex({ textOf: (p) => this.docs.get(p)?.getText(), editedOf: (p) => this.docs.get(p)?.edited() }, () => this.trusted);
  readonly diagnostics: Diagnostics;
  private readonly memory = new BuildMemory();
  private readonly nixModels = new NixModelCache();
  private readonly ready = initParsers();
  /** The parts of each workspace's view last sent: a view sends only the parts that changed. */
  private readonly views = new ViewMaker();

  /** The roots whose manifest edit was rehearsed (editRehearsal.ts), after their first diagnostics. */
  private readonly rehearsed = new Set<string>();

  /** The diagnostics message posted last (NIXIFY_LSP_TRACE: the trace measures what each run sent). */
  private lastPosted?: FromAnalysis;
  private readonly tracing = !!process.env.NIXIFY_LSP_TRACE;

  constructor(private readonly post: (m: FromAnalysis) => void) {
    this.diagnostics = new Diagnostics((root, byUri) => this.analysed(root, byUri), this.index);
    this.diagnostics.addProducer('checks', (root) => checkDiagnostics(this.index, root, this.index.fs(root), this.memory, (p, t) => this.nixModels.model(join(root, p), t, p)));
    if (this.tracing) traceRuns(this.diagnostics, undefined, () => this.lastPosted);
    const hold = process.env.NIXIFY_LSP_TEST_HOLD;
    if (hold) this.diagnostics.beforeStep = (step) => step === 1 && holdWhileExists(hold);
  }

  private analysed(root: string, byUri: Map<string, Diagnostic[]>) {
    const view = this.view(root, false);
    const m: FromAnalysis = { t: 'diagnostics', root, byUri: [...byUri], ...(view ? { view } : {}) };
    if (this.tracing) this.lastPosted = m;
    this.post(m);
    indexLinesLater(this.docs.values());
    if (!this.rehearsed.has(root)) {
      this.rehearsed.add(root);
      rehearseManifestEditLater(this.index, root);
    }
  }

  /** The view of a workspace as analysed now: its parts changed since the last one sent (all when `always`), else undefined. */
  private view(root: string, always: true): SentView;
  private view(root: string, always: boolean): SentView | undefined;
  private view(root: string, always: boolean): SentView | undefined {
    const e = this.index.get(root);
    return this.views.make(e, e.ws ? this.index.inferred(root) : undefined, always);
  }

  /** A file changed (in a buffer or on disk; `structural`: created or deleted on disk): its workspace is analysed again. */
  private changed(p: string, structural = false) {
    void this.ready.then(() => {
      const root = this.index.invalidate(p, structural) ?? this.index.rootFor(p);
      if (root) this.diagnostics.schedule(root);
    });
  }

  handle(m: ToAnalysis): void {
    switch (m.t) {
      case 'trust': {
        const granted = m.trusted && !this.trusted;
        this.trusted = m.trusted;
        if (!granted) return;
        // git can be read now: everything is loaded again.
        const roots = this.index.roots();
        this.index.clear();
        void this.ready.then(() => roots.forEach((root) => this.diagnostics.schedule(root)));
        return;
      }
      case 'open':
        this.docs.set(m.path, pieceDocuments.create(m.uri, m.languageId, m.version, m.text));
        return this.changed(m.path);
      case 'change': {
        const doc = this.docs.get(m.path);
        if (doc) pieceDocuments.update(doc, m.changes, m.version);
        return this.changed(m.path);
      }
      case 'close':
        this.docs.delete(m.path);
        return this.changed(m.path);
      case 'disk':
        for (const c of m.changes) {
          // `git add`/commit in a terminal rewrites .git/index: re-read git for the crates in that repository.
          if (c.path.endsWith(`${sep}.git${sep}index`)) {
            const repo = dirname(dirname(c.path));
            void this.ready.then(() => this.index.invalidateGitUnder(repo).forEach((root) => this.diagnostics.schedule(root)));
            continue;
          }
          // A created or deleted file changes what git tracks (flakes only see tracked files).
          const structural = c.type !== FileChangeType.Changed;
          this.index.diskChanged(c.path, structural);
          if (structural) {
            void this.ready.then(() => {
              const root = this.index.rootFor(c.path);
              if (root) this.index.invalidateGit(root);
            });
          }
          this.changed(c.path, structural);
        }
        return;
      case 'git':
        void this.ready.then(() => {
          for (const r of this.index.roots()) {
            if (!within(m.root, r) && !within(r, m.root)) continue;
            this.index.invalidateGit(r);
            this.diagnostics.schedule(r);
          }
        });
        return;
      case 'built':
        void this.ready.then(() => {
          this.memory.recordSuccess(m.folder, this.index.fs(m.folder).readFile('Cargo.lock'), m.nixFiles);
          // The stale-hash hint reads that memory: check again.
          const root = this.index.rootFor(join(m.folder, 'flake.nix'));
          if (root) this.diagnostics.schedule(root);
        });
        return;
      case 'call':
        void this.call(m.name, m.args).then(
          (result) => this.post({ t: 'reply', id: m.id, result }),
          (e: unknown) => this.post({ t: 'reply', id: m.id, error: { message: e instanceof Error ? e.message : String(e), ...(e instanceof RequestFailure ? { code: e.code } : {}) } }),
        );
        return;
    }
  }

  private readonly calls: { [K in keyof AnalysisCalls]: (...a: Parameters<AnalysisCalls[K]>) => ReturnType<AnalysisCalls[K]> } = {
    infer: (root) => {
      const e = this.index.get(root);
      if (e.error) throw new Error(e.error.message);
      return { root, ...inferenceToJson(this.index.inferred(root)!) };
    },
    view: (root) => this.view(root, true),
    nixifyChoices: (dir) => nixifyChoices(this.index, dir),
    nixifyPlan: (dir, options) => nixifyPlan(this.index, dir, options),
    serviceAddition: (root, p) => serviceAddition(this.index, root, p),
    ciWorkflow: (root, p) => ciWorkflow(this.index, root, p),
    nixpkgsPackage: (dir, p, trusted) => nixpkgsPackageFor(this.index, dir, p, trusted),
  };

  private async call(name: keyof AnalysisCalls, args: unknown[]): Promise<unknown> {
    await this.ready;
    // Plans hold what the Rust sources read (src, a service's asset folders).
    if (name === 'nixifyPlan' || name === 'serviceAddition') await ensureParser('rust');
    const f = this.calls[name] as (...a: unknown[]) => unknown;
    if (!f) throw new Error(`unknown analysis call ${String(name)}`);
    return f(...args);
  }
}

const within = (dir: string, p: string) => p === dir || p.startsWith(dir.endsWith(sep) ? dir : dir + sep);

/**
 * NIXIFY_LSP_TEST_HOLD=<file> (tests only): the infer step of every run waits, blocking its
 * thread, for as long as the file exists, after saying so on stderr — so a test can send
 * requests while an analysis is certainly in the middle of a step, without timing anything.
 */
function holdWhileExists(file: string): void {
  if (!existsSync(file)) return;
  process.stderr.write('nixify: analysis held\n');
  const cell = new Int32Array(new SharedArrayBuffer(4));
  while (existsSync(file)) Atomics.wait(cell, 0, 0, 5);
}

// Computes what the server knows is wrong, per workspace: the work runs in
// steps between which the analysis thread takes whatever arrived (edits that
// cancel the older work, requests for plans), and hands each workspace's
// diagnostics to a sink (the request thread publishes them, publisher.ts).
import type { Diagnostic } from 'vscode-languageserver/node';
import { DiagnosticSeverity } from './protocolValues';
import { relUri, startOfFile } from './convert';
import type { WorkspaceIndex } from './workspaceIndex';
import { threadCpuMs } from './threadCpu';

const SOURCE = 'nixify';

/** One diagnostics run, for NIXIFY_LSP_TRACE (benches read where an edit's time goes). */
export interface RunTrace {
  root: string;
  /** From the first schedule() of the run to its publication. */
  wallMs: number;
  /** CPU (user + system) of each step: load, infer, check and publish — the whole process, so GC and compiler threads too. */
  cpuMs: [number, number, number];
  /**
   * The same steps' CPU on the thread that ran them (the analysis thread) alone, where the platform says (Linux): a step whose
   * process CPU is well above it was joined by V8's background threads (concurrent marking,
   * sweeping, optimising compiles), not by work of its own.
   */
  threadCpuMs?: [number, number, number];
  /** Times the run started over because a newer edit came. */
  restarts: number;
}

/**
 * Yields so that messages which arrived meanwhile are handled first. The
 * JSON-RPC reader queues each message it reads with setImmediate in the
 * event loop's poll phase, behind an immediate a step queued before it: a
 * single setImmediate would run the next step first. Two let every message
 * read during the previous step go ahead (a code action right behind an edit
 * then waits for one step at most, not for the whole analysis).
 */
const turn = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));

/**
 * Before a run's first step: an editor sends its requests for the new text
 * (code actions, hovers, semantic tokens) right after the change, and on a
 * busy machine the editor and the server share a core, so the editor's
 * requests get written only once the server yields the CPU. Waiting a moment
 * first lets them in ahead of the analysis instead of behind all of it.
 */
const GRACE_MS = 1;

/**
 * Recomputes after a grace of 1 ms rather than a long debounce: a burst of
 * edits that arrives together coalesces into one run, the requests an editor
 * sends right behind an edit go first, and a single edit is still answered
 * at once (the budget is 30 ms on a large workspace).
 * A run is three steps (load the workspace, infer, check and publish), each a
 * turn of its own; a schedule() during a run makes it start over at its next
 * step instead of publishing what the edit made stale.
 */
export class Diagnostics {
  /** Per root: bumped by every schedule(); a run whose ticket is no longer current starts over. */
  private readonly tickets = new Map<string, number>();
  private readonly running = new Set<string>();
  /** Runs that started over because a newer edit came (for tests and benches). */
  cancelled = 0;
  /** Told of every run that published (set by the server under NIXIFY_LSP_TRACE). */
  onRun?: (t: RunTrace) => void;
  /** Called before each step (0 load, 1 infer, 2 check and publish) runs: a test's hook (analysisHost.ts). */
  beforeStep?: (step: number) => void;
  /** Extra producers (pre-build checks) keyed by name. */
  private readonly producers = new Map<string, (root: string) => Map<string, Diagnostic[]>>();

  constructor(
    /** Every file's diagnostics of a workspace, each time they are computed (the files absent have none). */
    private readonly sink: (root: string, byUri: Map<string, Diagnostic[]>) => void,
    private readonly index: WorkspaceIndex,
    private readonly graceMs = GRACE_MS,
  ) {}

  addProducer(name: string, f: (root: string) => Map<string, Diagnostic[]>) {
    this.producers.set(name, f);
  }

  schedule(root: string) {
    this.tickets.set(root, (this.tickets.get(root) ?? 0) + 1);
    if (this.running.has(root)) return;
    this.running.add(root);
    void this.run(root).finally(() => this.running.delete(root));
  }

  /** Resolves when no run is pending for `root` (tests). */
  async idle(root: string): Promise<void> {
    while (this.running.has(root)) await turn();
  }

  private async run(root: string): Promise<void> {
    const steps = [() => this.index.get(root), () => this.index.inferred(root), () => this.publishNow(root)];
    const t0 = this.onRun && performance.now();
    const cpu: [number, number, number] = [0, 0, 0];
    const own: [number, number, number] = [0, 0, 0];
    let ownKnown = true;
    let restarts = 0;
    for (;;) {
      const ticket = this.tickets.get(root);
      let i = 0;
      for (; i < steps.length; i++) {
        await (i === 0 ? new Promise<void>((resolve) => setTimeout(resolve, this.graceMs)) : turn());
        if (this.tickets.get(root) !== ticket) break;
        this.beforeStep?.(i);
        const c0 = t0 !== undefined ? process.cpuUsage() : undefined;
        const m0 = t0 !== undefined ? threadCpuMs() : undefined;
        steps[i]!();
        if (c0) {
          const m1 = m0 !== undefined ? threadCpuMs() : undefined;
          const c = process.cpuUsage(c0);
          cpu[i] += (c.user + c.system) / 1000;
          if (m0 !== undefined && m1 !== undefined) own[i] += m1 - m0;
          else ownKnown = false;
        }
      }
      if (i === steps.length) {
        if (t0 !== undefined) this.onRun?.({ root, wallMs: performance.now() - t0, cpuMs: cpu, ...(ownKnown ? { threadCpuMs: own } : {}), restarts });
        return;
      }
      restarts++;
      this.cancelled++;
    }
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
    this.sink(root, byUri);
  }
}

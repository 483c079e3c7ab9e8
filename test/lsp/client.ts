// A tiny LSP client over the real server's stdio, for tests and benchmarks.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

export const repoRoot = join(__dirname, '..', '..');

export interface LspSession {
  conn: MessageConnection;
  proc: ChildProcessWithoutNullStreams;
  diagnostics: Map<string, { uri: string; diagnostics: any[] }>;
  /** What the server answered to `initialize` (its capabilities). */
  initializeResult: any;
  /** What the server said in window/logMessage, in order (a client's output channel). */
  logMessages: string[];
  /** Resolves with the next publishDiagnostics for `uri` that satisfies `pred`. */
  waitForDiagnostics(uri: string, pred?: (ds: any[]) => boolean, timeoutMs?: number): Promise<any[]>;
  /** Resolves at the next publishDiagnostics, for any file. */
  nextPublication(): Promise<void>;
  close(): Promise<void>;
}

export async function startLsp(rootPath: string, initializationOptions?: unknown, opts: { env?: NodeJS.ProcessEnv; cli?: string } = {}): Promise<LspSession> {
  // NIXIFY_LSP_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/p" profiles the server under a test or bench.
  const flags = (process.env.NIXIFY_LSP_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const proc = spawn(process.execPath, [...flags, opts.cli ?? join(repoRoot, 'dist', 'cli.js'), 'lsp', '--stdio'], { cwd: rootPath, stdio: 'pipe', env: opts.env ?? process.env });
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += d));
  proc.on('exit', (code) => {
    if (process.env.NIXIFY_TEST_DEBUG) console.error('server exited', code, stderr);
  });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const diagnostics = new Map<string, { uri: string; diagnostics: any[] }>();
  const waiters: { uri: string; pred: (ds: any[]) => boolean; resolve: (ds: any[]) => void }[] = [];
  let anyWaiters: (() => void)[] = [];
  // The only handler of the method (JSON-RPC keeps one per method): wait through the session's methods.
  conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: any[] }) => {
    diagnostics.set(p.uri, p);
    const any = anyWaiters;
    anyWaiters = [];
    any.forEach((w) => w());
    for (const w of [...waiters]) {
      if (w.uri === p.uri && w.pred(p.diagnostics)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p.diagnostics);
      }
    }
  });
  conn.onRequest('workspace/configuration', () => []);
  conn.onRequest('client/registerCapability', () => null);
  const logMessages: string[] = [];
  conn.onNotification('window/logMessage', (p: { message: string }) => void logMessages.push(p.message));
  conn.listen();
  const rootUri = `file://${rootPath}`;
  const initializeResult = await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'ws' }],
    capabilities: { workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } } },
    initializationOptions,
  });
  await conn.sendNotification('initialized', {});
  return {
    conn,
    proc,
    initializeResult,
    logMessages,
    diagnostics,
    waitForDiagnostics(uri, pred = () => true, timeoutMs = 10_000) {
      const have = diagnostics.get(uri);
      if (have && pred(have.diagnostics)) return Promise.resolve(have.diagnostics);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri}; server stderr:\n${stderr}`)), timeoutMs);
        waiters.push({ uri, pred, resolve: (ds) => (clearTimeout(t), resolve(ds)) });
      });
    },
    nextPublication() {
      return new Promise((resolve) => anyWaiters.push(resolve));
    },
    async close() {
      await conn.sendRequest('shutdown');
      await conn.sendNotification('exit');
      await new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.on('exit', () => resolve());
      });
      conn.dispose();
    },
  };
}

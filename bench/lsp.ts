// Issue 18's language-server budgets, measured over the real server on stdio:
// on nushell (41 members, 958 locked crates) a Cargo.lock edit → published
// diagnostics p99 ≤ 30 ms and code actions p99 ≤ 10 ms; on a synthetic 10×
// lock (generated here from nushell's) edits p99 ≤ 100 ms. Beside them, in the
// same run, a no-op request's round trip to the same server (the floor any
// answer pays) and the server's CPU per edit, read from /proc; below each
// workspace, the server's own trace of every run (NIXIFY_LSP_TRACE): CPU per
// run as p50/p90/p99, how many kept, mapped or resolved the inference anew,
// GC, and what the three slowest edits spent their time on.
//
// Three kinds of edit, each sent the way an editor sends it (one incremental change):
// - comment: a line at the top (the lock's packages stay the same);
// - checksum: one character of a random package's checksum (a package changes, the build does not);
// - version: a version of a crate the build compiles, bumped and put back in turn (the build changes);
// and two edits of the root Cargo.toml: a comment line at the top (a manifest edit that changes nothing the
// build reads) and the first character of [package]'s description (a field only generated files read).
//
// Split by what each part does: the edits (lspEdits.ts), the report (lspReport.ts)
// with the slow-action split (lspSlowActions.ts), the request thread's document
// updates in-process (lspDocumentUpdates.ts).
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWorkspaceAt } from '../server/src/model/workspace';
import { initParsers } from '../server/src/parse/treeSitter';
import { inferForChecks } from '../server/src/pipeline/check';
import type { TracedRun } from '../server/src/lsp/trace';
import type { RequestThreadTrace } from '../server/src/lsp/requestTrace';
import { startLsp, type LspSession } from '../test/lsp/client';
import { documentUpdates } from './lspDocumentUpdates';
import { checksumFlips, editor, position, tenfold, type Change, type EditKind, type Position } from './lspEdits';
import { report, type Result } from './lspReport';
import { timeWrites } from './lspSlowActions';
import { perEdit, threadTimes } from './lspThreads';
import { CompileLog, compilesBetween, type Compiles } from './lspCompiles';

const corpus = join(__dirname, '..', '..', 'shared', 'corpus', 'crates', 'nushell');
if (!existsSync(corpus)) {
  console.log('bench lsp: ../shared/corpus/crates/nushell not found; skipped');
  process.exit(0);
}
const EDITS = Number(process.env.NIXIFY_BENCH_EDITS ?? 100);

/** Milliseconds of CPU (user + system) the process has used, from /proc (undefined elsewhere). */
function cpuMs(pid: number): number | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** The process's peak resident set in MB (VmHWM, every thread's memory), from /proc (undefined elsewhere). */
function peakRssMb(pid: number): number | undefined {
  const m = /^VmHWM:\s+(\d+) kB/m.exec(
    (() => {
      try {
        return readFileSync(`/proc/${pid}/status`, 'utf8');
      } catch {
        return '';
      }
    })(),
  );
  return m ? Number(m[1]) / 1024 : undefined;
}

/** What the server's request thread logged (requestTrace.ts), line by line. */
const requestThread: RequestThreadTrace[] = [];

/** The server's analysis thread's id (its trace says it), for its schedstat. */
let analysisTid: number | undefined;

/** The server's run traces, in order, read from its stderr (the request thread's lines go to `requestThread`). */
function traces(lsp: LspSession): TracedRun[] {
  const out: TracedRun[] = [];
  analysisTid = undefined;
  let buf = '';
  lsp.proc.stderr.on('data', (d: Buffer) => {
    buf += d.toString('utf8');
    let nl: number;
    while ((nl = buf.indexOf('\n')) !== -1) {
      const l = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (l.startsWith('{"nixifyRun":')) out.push(JSON.parse(l).nixifyRun);
      else if (l.startsWith('{"nixifyRequestThread":')) requestThread.push(JSON.parse(l).nixifyRequestThread);
      else if (l.startsWith('{"nixifyAnalysisThread":')) analysisTid = JSON.parse(l).nixifyAnalysisThread;
    }
  });
  return out;
}

async function measure(name: string, lockText: string | undefined, cli?: string): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), 'nixify-bench-lsp-'));
  cpSync(corpus, dir, { recursive: true });
  if (lockText !== undefined) writeFileSync(join(dir, 'Cargo.lock'), lockText);
  // A package.nix that misses inputs, so the checks have findings to publish and fix.
  writeFileSync(
    join(dir, 'package.nix'),
    `{ lib, rustPlatform }:\n\nrustPlatform.buildRustPackage (finalAttrs: {\n  pname = "nu";\n  version = "0.0.1";\n  src = ./.;\n  cargoLock.lockFile = ./Cargo.lock;\n  nativeBuildInputs = [ ];\n  buildInputs = [ ];\n})\n`,
  );
  // The server then writes a line per diagnostics run on stderr (lsp/trace.ts): where each edit's time went.
  process.env.NIXIFY_LSP_TRACE = '1';
  const v8log = process.env.NIXIFY_BENCH_COMPILES ? new CompileLog() : undefined;
  const flags = process.env.NIXIFY_LSP_NODE_FLAGS;
  if (v8log) process.env.NIXIFY_LSP_NODE_FLAGS = `${flags ?? ''} ${v8log.flags()}`;
  const lsp = await startLsp(dir, { trusted: false }, { cli });
  if (flags === undefined) delete process.env.NIXIFY_LSP_NODE_FLAGS;
  else process.env.NIXIFY_LSP_NODE_FLAGS = flags;
  try {
    return await run(lsp, dir, name, v8log);
  } finally {
    await lsp.close();
    v8log?.remove();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function run(lsp: LspSession, dir: string, name: string, v8log: CompileLog | undefined): Promise<Result> {
  const lockUri = `file://${dir}/Cargo.lock`;
  const nixUri = `file://${dir}/package.nix`;
  let text = readFileSync(join(dir, 'Cargo.lock'), 'utf8');
  const traced = traces(lsp);
  timeWrites(lsp.proc.stdin);
  await lsp.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: lockUri, languageId: 'toml', version: 1, text } });
  const first = await lsp.waitForDiagnostics(nixUri, () => true, 120_000);
  const atFirst = v8log?.count();
  await initParsers();
  const built = new Set(inferForChecks(loadWorkspaceAt(dir)).builtCrates);

  const noop: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    await lsp.conn.sendRequest('nixify/noop').catch(() => undefined); // MethodNotFound: a bare round trip
    noop.push(performance.now() - t0);
  }

  let version = 2;
  const send = async (c: Change) => {
    const change = { range: { start: position(text, c.from), end: position(text, c.to) }, text: c.text };
    text = text.slice(0, c.from) + c.text + text.slice(c.to);
    return sendChange(change);
  };
  const sendChange = async (change: { range: { start: Position; end: Position }; text: string }) => {
    const seen = new Promise<void>((resolve) => {
      const d = lsp.conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string }) => {
        if (p.uri === nixUri) {
          d.dispose();
          resolve();
        }
      });
    });
    const t0 = performance.now();
    await lsp.conn.sendNotification('textDocument/didChange', { textDocument: { uri: lockUri, version: version++ }, contentChanges: [change] });
    return { t0, seen };
  };
  const tomlUri = `file://${dir}/Cargo.toml`;
  let toml = readFileSync(join(dir, 'Cargo.toml'), 'utf8');
  await lsp.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: tomlUri, languageId: 'toml', version: 1, text: toml } });
  let tomlVersion = 2;
  // A change to the root Cargo.toml: a comment line at the top, or the first character of [package]'s description.
  const manifestEdit = async (kind: 'manifest' | 'description', i: number) => {
    const seen = new Promise<void>((resolve) => {
      const d = lsp.conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string }) => {
        if (p.uri === nixUri) {
          d.dispose();
          resolve();
        }
      });
    });
    let from = 0;
    let to = 0;
    let insert = `# edit ${i}\n`;
    if (kind === 'description') {
      from = to = toml.search(/^description = "/m) + 'description = "'.length;
      to = from + 1;
      insert = toml[from] === 'A' ? 'B' : 'A';
    }
    const range = { start: position(toml, from), end: position(toml, to) };
    toml = toml.slice(0, from) + insert + toml.slice(to);
    const t0 = performance.now();
    await lsp.conn.sendNotification('textDocument/didChange', { textDocument: { uri: tomlUri, version: tomlVersion++ }, contentChanges: [{ range, text: insert }] });
    return { t0, seen };
  };

  const next = editor(built, 42);
  // (The description's edits only where [package] has one, as nushell's has.)
  const edits = { comment: [], checksum: [], version: [], manifest: [], ...(/^description = "/m.test(toml) ? { description: [] } : {}) } as Record<EditKind, number[]>;
  const cpu: Partial<Record<EditKind, number>> = {};
  const threads: Partial<Record<EditKind, string>> = {};
  const runs: Partial<Record<EditKind, TracedRun[]>> = {};
  const compiles: Partial<Record<EditKind, string>> = {};
  for (const kind of Object.keys(edits) as EditKind[]) {
    const k0 = v8log?.count();
    const c0 = cpuMs(lsp.proc.pid!);
    const s0 = threadTimes(lsp.proc.pid!, analysisTid);
    const r0 = traced.length;
    for (let i = 0; i < EDITS; i++) {
      const { t0, seen } = kind === 'manifest' || kind === 'description' ? await manifestEdit(kind, i) : await send(next(kind, i, text));
      await seen;
      edits[kind].push(performance.now() - t0);
    }
    const c1 = cpuMs(lsp.proc.pid!);
    threads[kind] = perEdit(s0, threadTimes(lsp.proc.pid!, analysisTid), EDITS);
    if (c0 !== undefined && c1 !== undefined) cpu[kind] = (c1 - c0) / EDITS;
    // A run's trace line may trail its diagnostics (stderr and stdout are separate pipes).
    for (let w = 0; w < 100 && traced.length < r0 + EDITS; w++) await new Promise((r) => setTimeout(r, 10));
    runs[kind] = traced.slice(r0, r0 + EDITS);
    if (k0) compiles[kind] = compilesBetween(k0, v8log!.count());
  }

  // Ask where a fix exists: missing inputs, else the drifted version (the file sets 0.0.1 on purpose).
  const diag = first.find((d) => d.code === 'missing-native-input') ?? first.find((d) => d.code === 'version-drift') ?? first[0];
  const actions: number[] = [];
  const actionsDuringEdit: number[] = [];
  const actionWindows: { from: number; to: number }[] = [];
  let offered = 0;
  if (diag) {
    const ask = async () => {
      const t0 = performance.now();
      const r: unknown[] = await lsp.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: nixUri }, range: diag.range, context: { diagnostics: [diag] } });
      offered = r.length;
      return performance.now() - t0;
    };
    for (let i = 0; i < 300; i++) actions.push(await ask());
    // The trace lines of the requests above are written once the server has been quiet for 50 ms: before, not among, those below.
    await new Promise((r) => setTimeout(r, 100));
    // Right behind an edit: the server is computing that edit's diagnostics meanwhile.
    // The bench's copy takes these in place: a new 2.57 MB string per edit made the bench collect its
    // garbage ≈ 19 times in 100 edits, pauses that landed inside the answers it times.
    const flips = checksumFlips(text, 43);
    for (let i = 0; i < EDITS; i++) {
      const { seen } = await (flips ? sendChange(flips.next()) : send(next('checksum', i, text)));
      const from = performance.timeOrigin + performance.now();
      actionsDuringEdit.push(await ask());
      actionWindows.push({ from, to: performance.timeOrigin + performance.now() });
      await seen;
    }
    if (flips) text = flips.text();
    // The request thread's last trace line comes once it has been quiet for 50 ms.
    await new Promise((r) => setTimeout(r, 200));
  }
  const packages = (text.match(/^\[\[package\]\]$/gm) ?? []).length;
  return {
    name,
    packages,
    bytes: Buffer.byteLength(text),
    findings: first.length,
    noop,
    edits,
    cpu,
    threads,
    runs,
    actions,
    actionsDuringEdit,
    actionWindows,
    offered,
    ...(atFirst ? { compilesToFirst: compilesBetween({ request: 0, analysis: 0 }, atFirst as Compiles) } : {}),
    compiles,
    peakRssMb: peakRssMb(lsp.proc.pid!),
  };
}

// NIXIFY_BENCH_LSP=nushell or =tenfold measures that one only (e.g. to profile the server under it).
const only = process.env.NIXIFY_BENCH_LSP;

// NIXIFY_BENCH_BASE=<another checkout, built>: each workspace is measured on this build and on the base's
// dist/cli.js in turn, NIXIFY_BENCH_ROUNDS times each (default 2), alternating, so both see the same load.
const base = process.env.NIXIFY_BENCH_BASE ? join(process.env.NIXIFY_BENCH_BASE, 'dist', 'cli.js') : undefined;
const ROUNDS = base ? Number(process.env.NIXIFY_BENCH_ROUNDS ?? 2) : 1;

async function measureBoth(name: string, lockText: string | undefined, budget: number): Promise<void> {
  for (let round = 1; round <= ROUNDS; round++) {
    report(await measure(base ? `${name} [this build, round ${round}]` : name, lockText), budget, requestThread);
    if (base) report(await measure(`${name} [base ${process.env.NIXIFY_BENCH_BASE}, round ${round}]`, lockText, base), budget, requestThread);
  }
}

(async () => {
  if (only !== 'tenfold') await measureBoth('nushell', undefined, 30);
  if (only === 'nushell') return;
  await measureBoth('a synthetic 10× lock (nushell + 9 renamed copies of its packages, not reached by the build)', tenfold(readFileSync(join(corpus, 'Cargo.lock'), 'utf8')), 100);
  documentUpdates(tenfold(readFileSync(join(corpus, 'Cargo.lock'), 'utf8')));
})().catch((e) => {
  console.error(e);
  process.exit(1);
});

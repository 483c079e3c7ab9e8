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
// and a comment line at the top of the root Cargo.toml (a manifest edit that changes nothing the build reads).
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWorkspaceAt } from '../server/src/model/workspace';
import { initParsers } from '../server/src/parse/treeSitter';
import { inferForChecks } from '../server/src/pipeline/check';
import type { TracedRun } from '../server/src/lsp/trace';
import type { RequestThreadTrace } from '../server/src/lsp/requestTrace';
import { PerformanceObserver } from 'node:perf_hooks';
import { PieceTextDocument } from '../server/src/lsp/textDocument';
import { startLsp, type LspSession } from '../test/lsp/client';
import { rng } from '../test/seededRandom';

const corpus = join(__dirname, '..', '..', 'shared', 'corpus', 'crates', 'nushell');
if (!existsSync(corpus)) {
  console.log('bench lsp: ../shared/corpus/crates/nushell not found; skipped');
  process.exit(0);
}
const EDITS = Number(process.env.NIXIFY_BENCH_EDITS ?? 100);

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const f = (x: number) => x.toFixed(2).padStart(7);
const line = (xs: number[]) => `p50 ${f(pct(xs, 50))} ms  p90 ${f(pct(xs, 90))} ms  p99 ${f(pct(xs, 99))} ms`;

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

/**
 * nushell's lock with 9 renamed copies of every package (and of the names in
 * their dependency lists): ≈ 10× the packages and bytes. The copies are not
 * reached from the workspace's manifests, so what grows is what an edit costs
 * to read and compare, not the build to resolve.
 */
function tenfold(lock: string): string {
  const blocks = lock.split(/(?=^\[\[package\]\]$)/m);
  const head = blocks[0]!.startsWith('[[package]]') ? '' : blocks.shift()!;
  const copies: string[] = [];
  for (let k = 1; k <= 9; k++) {
    for (const b of blocks) {
      copies.push(
        b
          .replace(/^name = "([^"]+)"/m, (_, n) => `name = "${n}-copy${k}"`)
          .replace(/^ "([^" ]+)/gm, (_, n) => ` "${n}-copy${k}`)
          .replace(/\n*$/, '\n\n'),
      );
    }
  }
  return head + blocks.join('').replace(/\n*$/, '\n\n') + copies.join('').replace(/\n+$/, '\n');
}

function position(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let at = text.indexOf('\n');
  let start = 0;
  while (at !== -1 && at < offset) {
    line++;
    start = at + 1;
    at = text.indexOf('\n', start);
  }
  return { line, character: offset - start };
}

interface Position {
  line: number;
  character: number;
}

/**
 * One character of a random checksum changed at a time, in place in the lock's bytes, with its
 * position from line starts found once (a checksum's character keeps the lines): no copy of the
 * text per edit. Undefined when the text is not one byte per character.
 */
function checksumFlips(text: string, seed: number): { next(): { range: { start: Position; end: Position }; text: string }; text(): string } | undefined {
  const bytes = Buffer.from(text, 'latin1');
  if (bytes.length !== Buffer.byteLength(text) || bytes.toString('latin1') !== text) return undefined;
  const starts = [0];
  for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) starts.push(at + 1);
  const position = (offset: number): Position => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - starts[lo]! };
  };
  const r = rng(seed);
  const needle = Buffer.from('checksum = "');
  return {
    next() {
      const at = bytes.indexOf(needle, Math.floor(r() * bytes.length));
      const k = (at === -1 ? bytes.indexOf(needle) : at) + needle.length;
      const c = bytes[k] === 0x61 ? 'b' : 'a';
      bytes[k] = c.charCodeAt(0);
      return { range: { start: position(k), end: position(k + 1) }, text: c };
    },
    text: () => bytes.toString('latin1'),
  };
}

interface Change {
  from: number;
  to: number;
  text: string;
}

type EditKind = 'comment' | 'checksum' | 'version' | 'manifest';

/** The next edit of each kind on `text`. */
function editor(built: Set<string>, seed: number) {
  const r = rng(seed);
  let bumped: { at: number; from: string; to: string } | undefined;
  return (kind: EditKind, i: number, cur: string): Change => {
    if (kind === 'comment') return { from: 0, to: 0, text: `# edit ${i}\n` };
    if (kind === 'checksum') {
      const at = cur.indexOf('checksum = "', Math.floor(r() * cur.length));
      const k = (at === -1 ? cur.indexOf('checksum = "') : at) + 'checksum = "'.length;
      return { from: k, to: k + 1, text: cur[k] === 'a' ? 'b' : 'a' };
    }
    if (bumped) {
      const c = { from: bumped.at, to: bumped.at + bumped.to.length, text: bumped.from };
      bumped = undefined;
      return c;
    }
    // A crate the build compiles, found by its block (`name = "x"\nversion = "1.2.3"`).
    for (;;) {
      const m = /^name = "([^"]+)"\nversion = "([^"]+)"/gm;
      m.lastIndex = Math.floor(r() * cur.length);
      const hit = m.exec(cur);
      if (!hit || !built.has(`${hit[1]}@${hit[2]}`)) continue;
      const at = hit.index + hit[0].length - 1 - hit[2]!.length;
      bumped = { at, from: hit[2]!, to: `${hit[2]}9` };
      return { from: at, to: at + hit[2]!.length, text: bumped.to };
    }
  };
}

/** What the server's request thread logged (requestTrace.ts), line by line. */
const requestThread: RequestThreadTrace[] = [];

/** The server's run traces, in order, read from its stderr (the request thread's lines go to `requestThread`). */
function traces(lsp: LspSession): TracedRun[] {
  const out: TracedRun[] = [];
  let buf = '';
  lsp.proc.stderr.on('data', (d: Buffer) => {
    buf += d.toString('utf8');
    let nl: number;
    while ((nl = buf.indexOf('\n')) !== -1) {
      const l = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (l.startsWith('{"nixifyRun":')) out.push(JSON.parse(l).nixifyRun);
      else if (l.startsWith('{"nixifyRequestThread":')) requestThread.push(JSON.parse(l).nixifyRequestThread);
    }
  });
  return out;
}

interface Result {
  name: string;
  packages: number;
  bytes: number;
  findings: number;
  noop: number[];
  edits: Record<EditKind, number[]>;
  cpu: Partial<Record<EditKind, number>>;
  runs: Partial<Record<EditKind, TracedRun[]>>;
  actions: number[];
  actionsDuringEdit: number[];
  /** Each of those requests' send and answer on the epoch clock (the server's trace uses it too). */
  actionWindows: { from: number; to: number }[];
  offered: number;
  peakRssMb?: number;
}

async function measure(name: string, lockText: string | undefined): Promise<Result> {
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
  const lsp = await startLsp(dir, { trusted: false });
  try {
    return await run(lsp, dir, name);
  } finally {
    await lsp.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function run(lsp: LspSession, dir: string, name: string): Promise<Result> {
  const lockUri = `file://${dir}/Cargo.lock`;
  const nixUri = `file://${dir}/package.nix`;
  let text = readFileSync(join(dir, 'Cargo.lock'), 'utf8');
  const traced = traces(lsp);
  // When each message the bench sends is written to the server's stdin (the client's writer defers to a later turn).
  const write = lsp.proc.stdin.write.bind(lsp.proc.stdin) as (...a: unknown[]) => boolean;
  lsp.proc.stdin.write = ((...a: unknown[]) => {
    benchWrites.push(performance.timeOrigin + performance.now());
    return write(...a);
  }) as typeof lsp.proc.stdin.write;
  await lsp.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: lockUri, languageId: 'toml', version: 1, text } });
  const first = await lsp.waitForDiagnostics(nixUri, () => true, 120_000);
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
  await lsp.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: tomlUri, languageId: 'toml', version: 1, text: readFileSync(join(dir, 'Cargo.toml'), 'utf8') } });
  let tomlVersion = 2;
  const comment = async (i: number) => {
    const seen = new Promise<void>((resolve) => {
      const d = lsp.conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string }) => {
        if (p.uri === nixUri) {
          d.dispose();
          resolve();
        }
      });
    });
    const at = { line: 0, character: 0 };
    const t0 = performance.now();
    await lsp.conn.sendNotification('textDocument/didChange', { textDocument: { uri: tomlUri, version: tomlVersion++ }, contentChanges: [{ range: { start: at, end: at }, text: `# edit ${i}\n` }] });
    return { t0, seen };
  };

  const next = editor(built, 42);
  const edits: Record<EditKind, number[]> = { comment: [], checksum: [], version: [], manifest: [] };
  const cpu: Partial<Record<EditKind, number>> = {};
  const runs: Partial<Record<EditKind, TracedRun[]>> = {};
  for (const kind of Object.keys(edits) as EditKind[]) {
    const c0 = cpuMs(lsp.proc.pid!);
    const r0 = traced.length;
    for (let i = 0; i < EDITS; i++) {
      const { t0, seen } = kind === 'manifest' ? await comment(i) : await send(next(kind, i, text));
      await seen;
      edits[kind].push(performance.now() - t0);
    }
    const c1 = cpuMs(lsp.proc.pid!);
    if (c0 !== undefined && c1 !== undefined) cpu[kind] = (c1 - c0) / EDITS;
    // A run's trace line may trail its diagnostics (stderr and stdout are separate pipes).
    for (let w = 0; w < 100 && traced.length < r0 + EDITS; w++) await new Promise((r) => setTimeout(r, 10));
    runs[kind] = traced.slice(r0, r0 + EDITS);
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
  return { name, packages, bytes: Buffer.byteLength(text), findings: first.length, noop, edits, cpu, runs, actions, actionsDuringEdit, actionWindows, offered, peakRssMb: peakRssMb(lsp.proc.pid!) };
}

/** Each figure beside its budget and the same run's no-op round trip (the floor any answer pays). */
function report(r: Result, budget: number): void {
  console.log(`\nlsp on ${r.name}: ${r.packages} locked packages, ${(r.bytes / 1048576).toFixed(2)} MB of Cargo.lock, ${r.findings} findings on package.nix; load average ${loadavg()[0]!.toFixed(1)}`);
  const noop = pct(r.noop, 50);
  const noop99 = pct(r.noop, 99);
  const against = (xs: number[], limit: number) =>
    `budget p99 ${limit} ms${pct(xs, 99) <= limit ? '' : ', OVER'}; p50 ${(pct(xs, 50) / noop).toFixed(1)}×, p99 ${(pct(xs, 99) / noop99).toFixed(1)}× the no-op's`;
  console.log(`  no-op request round trip (reference)       ${line(r.noop)}`);
  for (const [kind, xs] of Object.entries(r.edits)) {
    const cpu = r.cpu[kind as EditKind];
    const what = kind === 'manifest' ? 'Cargo.toml edit (comment )' : `Cargo.lock edit (${kind.padEnd(8)})`;
    console.log(`  ${what} → diagnostics  ${line(xs)}  (${against(xs, budget)}; ${xs.length} edits${cpu !== undefined ? `; server CPU ${cpu.toFixed(1)} ms/edit` : ''})`);
  }
  for (const [kind, rs] of Object.entries(r.runs)) {
    if (!rs?.length) continue;
    const c = rs.map((t) => t.cpuMs[0] + t.cpuMs[1] + t.cpuMs[2]);
    const by = new Map<string, number>();
    for (const t of rs) by.set(t.inference, (by.get(t.inference) ?? 0) + 1);
    const gc = (major: boolean) => (rs.reduce((a, t) => a + (major ? t.gcMajorMs : t.gcMinorMs), 0) / rs.length).toFixed(2);
    const slow = rs
      .map((t, i) => ({ t, i, wall: r.edits[kind as EditKind][i]! }))
      .sort((a, b) => b.wall - a.wall)
      .slice(0, 3)
      .map(({ t, i, wall }) => {
        const main = t.threadCpuMs ? ` (analysis thread ${t.threadCpuMs.map((x) => x.toFixed(1)).join('+')})` : '';
        return `${wall.toFixed(1)} ms (edit #${i + 1}): ${t.inference}, cpu ${t.cpuMs.map((x) => x.toFixed(1)).join('+')}${main}, GC ${(t.gcMinorMs + t.gcMajorMs).toFixed(1)}`;
      });
    const mains = rs.flatMap((t) => (t.threadCpuMs ? [t.threadCpuMs[0] + t.threadCpuMs[1] + t.threadCpuMs[2]] : []));
    const mainLine = mains.length === rs.length ? ` (analysis thread ${line(mains)})` : '';
    console.log(
      `    ${kind.padEnd(8)} server CPU per run ${line(c)}${mainLine}; ${[...by].map(([k, n]) => `${n} ${k}`).join(', ')}; GC ${gc(false)} ms/run young, ${gc(true)} old; slowest: ${slow.join(' | ')}`,
    );
    // What each run sent the request thread, which deserialises it before it reads anything else.
    const posted = rs.flatMap((t) => (t.posted ? [t.posted] : []));
    if (posted.length) {
      const kb = (ps: typeof posted) => {
        const xs = ps.map((p) => p.bytes / 1024);
        return xs.length ? ` p50 ${pct(xs, 50).toFixed(1)} KB, max ${Math.max(...xs).toFixed(1)} KB` : '';
      };
      const views = posted.filter((p) => p.view);
      const plain = posted.filter((p) => !p.view);
      const read = posted.map((p) => p.deserializeMs);
      const parse = views.flatMap((p) => (p.viewParseMs !== undefined ? [p.viewParseMs] : []));
      console.log(
        `             to the request thread: ${plain.length} diagnostics messages${kb(plain)}; ${views.length} with a workspace view${kb(views)}; reading one back (V8's deserializer, timed in the analysis thread after the run) p50 ${pct(read, 50).toFixed(2)} ms, max ${Math.max(...read).toFixed(2)} ms${parse.length ? `; parsing a view's JSON (the first hover or lens after it) p50 ${pct(parse, 50).toFixed(2)} ms` : ''}`,
      );
    }
  }
  if (r.actions.length) {
    console.log(`  code actions (${r.offered} offered)               ${line(r.actions)}  (${against(r.actions, 10)})`);
    console.log(`  code actions right behind an edit          ${line(r.actionsDuringEdit)}  (${against(r.actionsDuringEdit, 10)})`);
  } else console.log('  code actions: no diagnostic to ask about');
  if (requestThread.length) explainSlowest(r);
  if (r.peakRssMb !== undefined) console.log(`  server peak RSS ${r.peakRssMb.toFixed(0)} MB (VmHWM after every edit above)`);
}

/** The bench's own GC pauses (epoch clock): a pause of the client delays the answer it times too. */
const benchGcs: { at: number; ms: number }[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) benchGcs.push({ at: performance.timeOrigin + e.startTime, ms: e.duration });
}).observe({ entryTypes: ['gc'] });
/** When the bench wrote to the server (epoch clock). */
const benchWrites: number[] = [];

/** Where a code action's time went, from the server's request-thread trace and the bench's own clock. */
interface ActionSplit {
  i: number;
  ms: number;
  /** The bench's send call → its bytes written to the server's stdin (the client's writer runs a turn later). */
  clientSend: number;
  /** Written → the server's handler ran (the pipe, the server's thread off a core or busy before it). */
  serverTake: number;
  /** The handler → the answer's bytes written on stdout. */
  serverAnswer: number;
  /** Written → the bench's await resumed (the bench off a core, its GC, its other messages). */
  clientReceive: number;
  detail: string;
}

function splitActions(r: Result): ActionSplit[] {
  const tasks = requestThread.flatMap((l) => l.tasks);
  const gcs = requestThread.flatMap((l) => l.gcs);
  const out: ActionSplit[] = [];
  r.actionWindows.forEach((w, i) => {
    const written = benchWrites.find((t) => t >= w.from);
    const taken = tasks.find((t) => t.what === 'codeAction' && t.at >= w.from - 1);
    const answer = taken && tasks.find((t) => t.what === 'write' && t.at >= taken.at && !t.detail?.startsWith('header '));
    if (written === undefined || !taken || !answer || answer.at > w.to) return;
    const answered = answer.at + answer.ms;
    // The thread's own CPU between its previous task and this handler: ≈ 0 means it was not running (off a core, or idle).
    const before = tasks[tasks.indexOf(taken) - 1];
    const gapCpu = before?.cpuAt !== undefined && taken.cpuAt !== undefined ? taken.cpuAt - (before.cpuAt + before.cpuMs!) : undefined;
    const inside = tasks.filter((t) => t.at + t.ms >= w.from && t.at <= w.to && t.what !== 'write');
    const what = inside.map((t) => `${t.what}@${(t.at - w.from).toFixed(1)} ${t.ms.toFixed(2)} ms${t.cpuMs !== undefined ? ` cpu ${t.cpuMs.toFixed(1)}` : ''}${t.detail ? ` (${t.detail})` : ''}`);
    const gc = gcs.filter((g) => g.at + g.ms >= w.from && g.at <= w.to).map((g) => `${g.major ? 'major' : 'young'}@${(g.at - w.from).toFixed(1)} ${g.ms.toFixed(1)} ms`);
    const own = benchGcs.filter((g) => g.at + g.ms >= w.from && g.at <= w.to).map((g) => `@${(g.at - w.from).toFixed(1)} ${g.ms.toFixed(1)} ms`);
    out.push({
      i,
      ms: r.actionsDuringEdit[i]!,
      clientSend: written - w.from,
      serverTake: taken.at - written,
      serverAnswer: answered - taken.at,
      clientReceive: w.to - answered,
      detail: `request thread ${what.join(', ') || 'no task'}, its CPU between the task before and the handler ${gapCpu !== undefined ? `${gapCpu.toFixed(1)} ms` : '?'}; its GC ${gc.join(', ') || 'none'}; the bench's GC ${own.join(', ') || 'none'}`,
    });
  });
  return out;
}

/**
 * Code actions right behind an edit, split where their time went (the server's request-thread
 * trace, requestTrace.ts, on the epoch clock both processes share): in the bench before its bytes
 * left, in the server before its handler ran, in the server answering, in the bench after the
 * answer was written. The ten slowest summed, then the three slowest each.
 */
function explainSlowest(r: Result): void {
  const all = splitActions(r);
  if (!all.length) return;
  const worst = [...all].sort((a, b) => b.ms - a.ms);
  const top = worst.slice(0, 10);
  const sum = (k: keyof ActionSplit) => top.reduce((a, x) => a + (x[k] as number), 0).toFixed(1);
  console.log(
    `    the ${top.length} slowest of ${all.length} (${sum('ms')} ms): bench sending ${sum('clientSend')} ms, server taking ${sum('serverTake')} ms, server answering ${sum('serverAnswer')} ms, bench receiving ${sum('clientReceive')} ms`,
  );
  // GC pauses over the whole phase, the server's request thread's and the bench's own.
  const from = r.actionWindows[0]!.from;
  const to = r.actionWindows[r.actionWindows.length - 1]!.to;
  const pauses = (gs: { at: number; ms: number }[]) => {
    const within = gs.filter((g) => g.at >= from && g.at <= to).map((g) => g.ms);
    return within.length ? `${within.length}, max ${Math.max(...within).toFixed(1)} ms, ${within.reduce((a, x) => a + x, 0).toFixed(1)} ms in all` : 'none';
  };
  const gcs = requestThread.flatMap((l) => l.gcs);
  const heap = requestThread[requestThread.length - 1]!.heapMb;
  console.log(
    `    GC pauses over these ${all.length} edits: the request thread's young ${pauses(gcs.filter((g) => !g.major))}, old ${pauses(gcs.filter((g) => g.major))} (its heap ${heap.used.toFixed(1)} MB used); the bench's ${pauses(benchGcs)}`,
  );
  for (const x of worst.slice(0, 3)) {
    console.log(
      `    #${x.i + 1} ${x.ms.toFixed(1)} ms = send ${x.clientSend.toFixed(1)} + take ${x.serverTake.toFixed(1)} + answer ${x.serverAnswer.toFixed(1)} + receive ${x.clientReceive.toFixed(1)}: ${x.detail}`,
    );
  }
}

/**
 * What the request thread does with each edit before it reads the next message (a code action sent
 * behind the edit waits for it): its copy of the document takes the change and patches its line
 * index. In-process, on the same lock, edits that add a line and edits that keep the lines, in turn.
 */
function documentUpdates(lockText: string): void {
  const doc = new PieceTextDocument('file:///bench/Cargo.lock', 'toml', 1, lockText);
  const lines = doc.lineCount; // the index exists, as after the server's first edit
  const r = rng(42);
  const xs: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const at = { line: Math.floor(r() * (lines - 1)), character: 0 };
    const change = i % 2 ? { range: { start: at, end: at }, text: `# edit ${i}\n` } : { range: { start: at, end: { line: at.line, character: 1 } }, text: 'x' };
    const t0 = performance.now();
    doc.update([change], i + 2);
    xs.push(performance.now() - t0);
  }
  console.log(`  one incremental change applied to the request thread's copy (in-process, 1,000 edits, line index built)  ${line(xs)}`);
}

// NIXIFY_BENCH_LSP=nushell or =tenfold measures that one only (e.g. to profile the server under it).
const only = process.env.NIXIFY_BENCH_LSP;

(async () => {
  if (only !== 'tenfold') report(await measure('nushell', undefined), 30);
  if (only === 'nushell') return;
  const big = await measure('a synthetic 10× lock (nushell + 9 renamed copies of its packages, not reached by the build)', tenfold(readFileSync(join(corpus, 'Cargo.lock'), 'utf8')));
  report(big, 100);
  documentUpdates(tenfold(readFileSync(join(corpus, 'Cargo.lock'), 'utf8')));
})().catch((e) => {
  console.error(e);
  process.exit(1);
});

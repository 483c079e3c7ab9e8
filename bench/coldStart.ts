// Issue 18's cold-start budgets, over the shipped bundles: the CPU a fresh
// process spends on `nixify --version`, `nixify infer` on a small crate,
// `nixify init --dry-run` on nushell, and the language server from spawn to its
// first diagnostics on nushell. Each is printed beside `node -e 0` measured in
// the same run, as a ratio: the machine is shared and noisy, ratios hold. The
// least of the runs is printed beside their mean (other processes only ever
// add CPU: the least is the figure least disturbed), and the load around them.
//
// CPU of a child is read from the kernel (/proc: user+system of the waited-for
// children, or of the live server process), so it counts everything the child
// did, not only what a profiler sees. Linux only; skipped elsewhere.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { chunksAtStart } from '../scripts/bundleChunks';

const repo = join(__dirname, '..');
const cli = join(repo, 'dist', 'cli.js');
const small = join(repo, 'examples', 'axum-openssl');
const nushell = join(repo, '..', 'shared', 'corpus', 'crates', 'nushell');
const smallLog = join(repo, '..', 'shared', 'corpus', 'logs', 'real-nix-2.8', 'flake-builder-fail.log');
const RUNS = Number(process.env.NIXIFY_BENCH_RUNS ?? 10);
// NIXIFY_BENCH_BASE=<another checkout, built>: each CLI command also runs on its dist/cli.js, the two
// alternating run by run, so a change is compared under the same load (printed as "base").
const base = process.env.NIXIFY_BENCH_BASE ? join(process.env.NIXIFY_BENCH_BASE, 'dist', 'cli.js') : undefined;

if (!existsSync('/proc/self/stat')) {
  console.log('bench coldStart: needs /proc (Linux) to read a child process CPU time; skipped');
  process.exit(0);
}
if (!existsSync(cli)) {
  console.log('bench coldStart: dist/cli.js missing; run `npm run build` first');
  process.exit(1);
}

const TICK_MS = 1000 / 100; // USER_HZ is 100 on Linux
/** Fields of /proc/PID/stat after the command name (which may hold spaces). */
function statFields(pid: number | 'self'): number[] {
  const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return s
    .slice(s.lastIndexOf(')') + 2)
    .split(' ')
    .map(Number);
}
// After ")": state is field 3, so utime(14)/stime(15)/cutime(16)/cstime(17) sit at 11..14.
const childrenMs = () => {
  const f = statFields('self');
  return (f[13]! + f[14]!) * TICK_MS;
};
const processMs = (pid: number) => {
  const f = statFields(pid);
  return (f[11]! + f[12]!) * TICK_MS;
};

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

/**
 * What each door parses before it runs anything: the CLI and the server are ES
 * modules split into chunks (scripts/build.mjs), so a process loads its entry
 * and the chunks it imports statically; the rest comes with the dynamic
 * import() of the command or request that needs it. The extension is one bundle.
 */
function bundleSizes(): string {
  const dist = join(repo, 'dist');
  const bytes = (f: string) => readFileSync(join(dist, f)).length;
  const atStart = (entry: string) => [...chunksAtStart(dist, entry)].reduce((a, f) => a + bytes(f), 0);
  const modules = readdirSync(dist).filter((f) => f.endsWith('.mjs'));
  const all = modules.reduce((a, f) => a + bytes(f), 0);
  const ext = existsSync(join(dist, 'extension.js')) ? kb(bytes('extension.js')) : '-';
  // The server's analysis thread is a second isolate: it parses the modules it imports again.
  const analysis = existsSync(join(dist, 'analysisWorker.mjs')) ? ` + its analysis thread ${kb(atStart('analysisWorker.mjs'))}` : '';
  // The crate tables' entries (scripts/dataModule.mjs): files beside the chunks, read as bytes, a crate parsed when looked up.
  const tables = readdirSync(dist).filter((f) => f.endsWith('.entries'));
  const beside = tables.length ? `; crate tables read a crate at a time ${tables.map((f) => `${f} ${kb(bytes(f))}`).join(', ')}` : '';
  return `loaded at start: cli ${kb(atStart('cli.mjs'))}, server ${kb(atStart('server.mjs'))}${analysis} of ${kb(all)} in ${modules.length} modules${beside}; extension ${ext}`;
}

interface Run {
  cpu: number;
  wall: number;
}
/** The mean CPU and wall of runs (ticks are 10 ms, so it takes several), and the least CPU of one. */
interface Runs extends Run {
  leastCpu: number;
}
const summary = (runs: Run[]): Runs => ({
  cpu: runs.reduce((a, r) => a + r.cpu, 0) / runs.length,
  wall: runs.reduce((a, r) => a + r.wall, 0) / runs.length,
  leastCpu: Math.min(...runs.map((r) => r.cpu)),
});

/** One run's CPU and wall, from the kernel's count of waited-for children. */
function once(args: string[], cwd: string): Run {
  const c0 = childrenMs();
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const run = { wall: performance.now() - t0, cpu: childrenMs() - c0 };
  // Exit 1 is an answer for init --dry-run, check and diagnose (something to report), not a failure.
  if (r.status !== 0 && !(r.status === 1 && args.some((a) => a === '--dry-run' || a === 'check' || a === 'diagnose'))) {
    throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.toString().slice(0, 400)}`);
  }
  return run;
}

/** CPU ms of a command over RUNS runs. */
function cpuOf(args: string[], cwd: string): Runs {
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(once(args, cwd));
  return summary(runs);
}

/** A CLI command on this build and, alternating run by run, on the base's (NIXIFY_BENCH_BASE). */
function cliCpu(args: string[], cwd: string): { runs: Runs; base?: Runs } {
  if (!base) return { runs: cpuOf([cli, ...args], cwd) };
  const mine: Run[] = [];
  const theirs: Run[] = [];
  // Which goes first swaps run by run: the second of a pair finds the page cache and the CPU warmer.
  for (let i = 0; i < RUNS; i++) {
    if (i % 2) theirs.push(once([base, ...args], cwd));
    mine.push(once([cli, ...args], cwd));
    if (!(i % 2)) theirs.push(once([base, ...args], cwd));
  }
  return { runs: summary(mine), base: summary(theirs) };
}

/**
 * Spawn the server, open Cargo.lock, wait for package.nix's diagnostics; CPU of the server when it
 * answered `initialize` (its request thread's start, with whatever its analysis thread did by then)
 * and when the diagnostics came.
 */
async function lspFirstDiagnostics(dir: string): Promise<{ initialized: Run; diagnosed: Run }> {
  const t0 = performance.now();
  const proc = spawn(process.execPath, [cli, 'lsp', '--stdio'], { cwd: dir, stdio: 'pipe' });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const nixUri = `file://${dir}/package.nix`;
  let cpu = 0;
  let wall = 0;
  const seen = new Promise<void>((resolve) => {
    conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string }) => {
      if (p.uri !== nixUri || wall) return;
      wall = performance.now() - t0;
      cpu = processMs(proc.pid!);
      resolve();
    });
  });
  conn.onRequest('workspace/configuration', () => []);
  conn.onRequest('client/registerCapability', () => null);
  conn.onNotification('window/logMessage', () => {});
  conn.listen();
  const rootUri = `file://${dir}`;
  await conn.sendRequest('initialize', { processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'ws' }], capabilities: {}, initializationOptions: { trusted: false } });
  const initialized = { cpu: processMs(proc.pid!), wall: performance.now() - t0 };
  await conn.sendNotification('initialized', {});
  const lockUri = `file://${dir}/Cargo.lock`;
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: lockUri, languageId: 'toml', version: 1, text: readFileSync(join(dir, 'Cargo.lock'), 'utf8') } });
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no diagnostics for package.nix in 60 s')), 60_000).unref());
  await Promise.race([seen, timeout]);
  await conn.sendRequest('shutdown').catch(() => {});
  await conn.sendNotification('exit').catch(() => {});
  conn.dispose();
  proc.kill();
  return { initialized, diagnosed: { cpu, wall } };
}

(async () => {
  const ref = cpuOf(['-e', '0'], repo);
  const f = (x: number) => x.toFixed(0).padStart(5);
  const line = (label: string, m: Runs, budget?: number) =>
    console.log(
      `  ${label.padEnd(40)} CPU ${f(m.cpu)} ms (least ${f(m.leastCpu)})  wall ${f(m.wall)} ms  ${(m.cpu / ref.cpu).toFixed(1).padStart(5)}× node -e 0` +
        (budget ? `  (budget ≤ ${budget} ms CPU${m.cpu <= budget ? '' : ', over'})` : ''),
    );
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  console.log(`cold start (${RUNS} runs each, mean and least; load ${load()}; ${bundleSizes()})`);
  line('node -e 0 (reference)', ref);
  const lines = (label: string, m: { runs: Runs; base?: Runs }, budget?: number) => {
    line(label, m.runs, budget);
    if (m.base) line(`  base (${process.env.NIXIFY_BENCH_BASE})`, m.base, budget);
  };
  lines('nixify --version', cliCpu(['--version'], repo), 300);
  if (existsSync(small)) lines('nixify infer examples/axum-openssl', cliCpu(['infer', small], repo), 300);
  // Commands that must not get slower with what infer sheds (no budget of their own).
  if (existsSync(small)) lines('nixify check examples/axum-openssl', cliCpu(['check', small], repo));
  if (existsSync(smallLog)) lines('nixify diagnose (a real Nix 2.8 log)', cliCpu(['diagnose', '--no-nix-log', smallLog], repo));
  if (!existsSync(nushell)) {
    console.log('  nushell: ../shared/corpus/crates/nushell not found; init and LSP cold start skipped');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'nixify-bench-cold-'));
  try {
    cpSync(nushell, dir, { recursive: true });
    lines('nixify init --dry-run on nushell', cliCpu(['init', '--dry-run', dir], repo));
    // The same package.nix bench/lsp.ts uses: inputs missing, so there are findings to publish.
    writeFileSync(
      join(dir, 'package.nix'),
      `{ lib, rustPlatform }:\n\nrustPlatform.buildRustPackage (finalAttrs: {\n  pname = "nu";\n  version = "0.0.1";\n  src = ./.;\n  cargoLock.lockFile = ./Cargo.lock;\n  nativeBuildInputs = [ ];\n  buildInputs = [ ];\n})\n`,
    );
    const runs: { initialized: Run; diagnosed: Run }[] = [];
    for (let i = 0; i < Math.max(3, Math.ceil(RUNS / 3)); i++) runs.push(await lspFirstDiagnostics(dir));
    line('LSP spawn → initialize answered', summary(runs.map((r) => r.initialized)));
    line('LSP spawn → first diagnostics (nushell)', summary(runs.map((r) => r.diagnosed)), 1000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`  (load after: ${load()})`);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});

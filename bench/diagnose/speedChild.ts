// One big log's speed figures for bench:diagnose, in a process of its own:
// `node --import tsx speedChild.ts <log> <bundled diagnoser .mjs> wasm|js`
// prints one JSON object (SpeedResult). A user runs `nixify diagnose` in a
// fresh process on one log; measured in the bench's own process after the
// other big log, the figure depended on what ran before it (the JIT's state,
// the engine's call sites after the analysis runs' wrapped matchers), so each
// log's comparison with the line loop starts in a process that has read
// nothing else.
//
// `wasm`: the line loop and diagnose alternating, RUNS each (the comparison),
// then the analysis on the same file — grep, the marker scans alone, the
// prefilter's reference, each rule's time, the scan inside a run, the engine
// alone —, which runs after the comparison so it cannot change it.
// `js`: the same comparison with the JavaScript marker scan (what runs where
// WebAssembly SIMD does not), then one wasm run to check the diagnostics agree.
import { spawnSync } from 'node:child_process';
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import type { ByteScanner } from '../../server/src/diagnose/prefilter';
import type { Matcher } from '../../server/src/diagnose/rule';
import type { Diagnostic } from '../../server/src/diagnose/types';
import { logChunks } from '../../server/src/pipeline/logFile';

type DiagnoserModule = typeof import('../../server/src/diagnose/diagnoser');

/** Runs of diagnose and of the line scan per log. */
const RUNS = 3;

/** A timed run: seconds of wall clock and of this process's CPU (what a loaded machine distorts least). */
export interface Timing {
  wall: number;
  cpu: number;
}

export interface SpeedResult {
  runs: number;
  /** The least-CPU run of RUNS of the line loop and of diagnose, alternating, and each one's first run. */
  loop: Timing;
  loopFirst: Timing;
  loopLines: number;
  diagnose: Timing;
  diagnoseFirst: Timing;
  diagnostics: number;
  /** js: whether the wasm scan's run finds the same diagnostics. */
  sameAsWasm?: boolean;
  analysis?: {
    grep: { wall: number; count: string };
    /** CPU of the marker scans alone over the file, reads taken off; NaN where wasm SIMD does not run. */
    wasmScanCpu: number;
    jsScanCpu: number;
    /** The wasm scan over marker-free bytes: its vector loop alone, no candidate position to check. */
    wasmQuietScanCpu: number;
    referenceCpu: number;
    sameAsReference: boolean;
    rules: { cpu: number; clock: number; rules: RuleTime[] };
    /** The wasm scan's CPU inside a run (NaN where it does not run). */
    inPlace: number;
    engine: { cpu: number; noStepCpu: number; noWait: number; lines: number; read: number; waits: Waits };
  };
}

/** One rule's line() calls and time, and of them those it got while it waited for follow-up lines (its busy() true). */
export interface RuleTime {
  category: string;
  lines: number;
  seconds: number;
  waitLines: number;
  waitSeconds: number;
}

/**
 * The lines the rules read while some rule waits for follow-up lines (each of those is decoded, markers or not), and
 * per rule how many of them it waited for (a line two rules wait for counts for both).
 */
export interface Waits {
  lines: number;
  rules: { category: string; lines: number }[];
}

let shipped: DiagnoserModule;

async function lineScan(file: string): Promise<number> {
  let n = 0;
  let rest = '';
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const lines = (rest + (chunk as string)).split('\n');
    rest = lines.pop()!;
    for (const l of lines) if (l.includes('error')) n++;
  }
  return n;
}

/** The file read as `nixify diagnose` reads it (pipeline/logFile.ts). */
async function pushFile(d: InstanceType<DiagnoserModule['Diagnoser']>, file: string): Promise<Diagnostic[]> {
  for await (const chunk of logChunks(file)) d.push(chunk);
  return d.end();
}

/** A Diagnoser as `nixify diagnose` makes it: with the failing step (pipeline/diagnose.ts), whose lines are decoded only then. */
function cliDiagnoser(opts: { noPrefilter?: boolean; jsScan?: boolean } = {}, failingStep = true): InstanceType<DiagnoserModule['Diagnoser']> {
  return new shipped.Diagnoser({ ...opts, failingStep });
}

function diagnoseFile(file: string, noPrefilter = false, jsScan = false): Promise<Diagnostic[]> {
  return pushFile(cliDiagnoser({ noPrefilter, jsScan }), file);
}

async function timed<T>(f: () => Promise<T> | T): Promise<[Timing, T]> {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const v = await f();
  const c = process.cpuUsage(c0);
  return [{ wall: Number(process.hrtime.bigint() - t0) / 1e9, cpu: (c.user + c.system) / 1e6 }, v];
}

/**
 * The line loop and diagnose over the file, alternating, RUNS times each
 * (the loop first: it also warms the page cache); the least-CPU run of each
 * counts (a shared machine steals time from one run or another), and the
 * first runs are kept too: one `nixify diagnose` pays its JIT's warm-up.
 */
async function compare(file: string, js: boolean): Promise<SpeedResult & { diags: Diagnostic[] }> {
  let loop: Timing | undefined;
  let loopFirst: Timing | undefined;
  let diagnose: Timing | undefined;
  let diagnoseFirst: Timing | undefined;
  let loopLines = 0;
  let diags: Diagnostic[] = [];
  for (let i = 0; i < RUNS; i++) {
    const [s, n] = await timed(() => lineScan(file));
    loopFirst ??= s;
    if (!loop || s.cpu < loop.cpu) [loop, loopLines] = [s, n];
    const [d, ds] = await timed(() => diagnoseFile(file, false, js));
    diagnoseFirst ??= d;
    if (!diagnose || d.cpu < diagnose.cpu) [diagnose, diags] = [d, ds];
  }
  return { runs: RUNS, loop: loop!, loopFirst: loopFirst!, loopLines, diagnose: diagnose!, diagnoseFirst: diagnoseFirst!, diagnostics: diags.length, diags };
}

/**
 * Each rule's own time over the file: one more diagnose run whose matchers'
 * `line` is timed call by call, less what the clock reads themselves add to a
 * timed call (measured on an empty function). Wall clock: a process's CPU time
 * cannot be read cheaply enough to take twice per line. What to look at when a log's
 * diagnosis is slow: the rules read only the lines their markers let through.
 */
async function ruleTimes(file: string): Promise<{ cpu: number; clock: number; rules: RuleTime[] }> {
  // `waiting`: whether the rule waited as of the line before (the engine's private waitMask), asked before the call.
  const timedCall =
    <A extends unknown[]>(f: (...a: A) => void, r: Omit<RuleTime, 'category'>, waiting: () => boolean) =>
    (...a: A) => {
      const w = waiting();
      const t0 = performance.now();
      f(...a);
      const s = (performance.now() - t0) / 1e3;
      r.seconds += s;
      r.lines++;
      if (w) ((r.waitSeconds += s), r.waitLines++);
    };
  const empty = { lines: 0, seconds: 0, waitLines: 0, waitSeconds: 0 };
  const noop = timedCall(
    () => {},
    empty,
    () => false,
  );
  for (let i = 0; i < 1e6; i++) noop();
  const clock = empty.seconds / empty.lines;
  const d = cliDiagnoser();
  // The matchers are private to the engine; this bench and the markers test are the places that wrap them.
  const engine = d as unknown as { matchers: Matcher[]; waitMask: number };
  const rules: RuleTime[] = shipped.RULES.map((r) => ({ category: r.category as string, lines: 0, seconds: 0, waitLines: 0, waitSeconds: 0 }));
  engine.matchers.forEach((m, i) => (m.line = timedCall(m.line.bind(m), rules[i]!, () => (engine.waitMask & (1 << i)) !== 0)));
  const [t] = await timed(() => pushFile(d, file));
  for (const r of rules) {
    r.seconds = Math.max(0, r.seconds - r.lines * clock);
    r.waitSeconds = Math.max(0, r.waitSeconds - r.waitLines * clock);
  }
  return { cpu: t.cpu, clock, rules: rules.filter((r) => r.lines).sort((a, b) => b.seconds - a.seconds) };
}

/**
 * What a run costs without parts of the rules' work, least CPU of RUNS runs
 * each: `noWait`, every matcher's busy() answering false (each rule reads only
 * the lines with its markers, and no line is decoded for a wait: its
 * diagnostics differ, a cost figure only); `engine`, every matcher's line()
 * empty (none ever waits: only the lines with some rule's markers are decoded).
 * And how many lines the real run gives the rules (its Diagnoser's private
 * per-line step counted) out of all, and how many of those came while some
 * rule waited (Waits): what `noWait` saves is their decoding and reading.
 */
async function engineAlone(file: string): Promise<{ cpu: number; noStepCpu: number; noWait: number; lines: number; read: number; waits: Waits }> {
  const leastCpu = async (change: (m: Matcher) => void, failingStep = true) => {
    let cpu = Infinity;
    for (let i = 0; i < RUNS; i++) {
      const d = cliDiagnoser({}, failingStep);
      for (const m of (d as unknown as { matchers: Matcher[] }).matchers) change(m);
      cpu = Math.min(cpu, (await timed(() => pushFile(d, file)))[0].cpu);
    }
    return cpu;
  };
  const noWait = await leastCpu((m) => {
    if (m.busy) m.busy = () => false;
  });
  const cpu = await leastCpu((m) => (m.line = () => {}));
  // With every rule empty nothing is ever found, so the failing step reads to the end (98,120
  // lines of a 45 MB dense log against 5 in a real run, which stops it at the first finding).
  const noStepCpu = await leastCpu((m) => (m.line = () => {}), false);
  const d = cliDiagnoser();
  // waitMask: the rules waiting as of the line before (Diagnoser.line gives them this one whatever its markers).
  const step = d as unknown as { line(l: unknown): void; waitMask: number };
  const line = step.line.bind(d);
  let read = 0;
  const waits = { lines: 0, rules: shipped.RULES.map((r) => ({ category: r.category as string, lines: 0 })) };
  step.line = (l) => {
    read++;
    const w = step.waitMask;
    if (w) {
      waits.lines++;
      for (let m = w; m !== 0; m &= m - 1) waits.rules[31 - Math.clz32(m & -m)]!.lines++;
    }
    line(l);
  };
  let lines = 0;
  for await (const chunk of logChunks(file)) {
    d.push(chunk);
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  }
  d.end();
  return { cpu, noStepCpu, noWait, lines, read, waits: { lines: waits.lines, rules: waits.rules.filter((r) => r.lines).sort((a, b) => b.lines - a.lines) } };
}

/**
 * The marker scan's cost inside a diagnose run: RUNS ordinary runs alternating
 * with RUNS in which the scan reads every chunk twice (the second pass finds the
 * same hits), the least CPU of the one less the least of the other. Alone over
 * the file (scanFile) its chunks and tables stay in the processor's cache.
 */
async function scanInPlace(file: string): Promise<number> {
  const scanner = shipped.byteScanner(false) as ByteScanner & { all: ByteScanner['all'] };
  const all = scanner.all;
  const twice = function (this: ByteScanner, buf: Uint8Array, from: number, to: number): number {
    all.call(this, buf, from, to);
    return all.call(this, buf, from, to);
  };
  let plainC = Infinity;
  let twiceC = Infinity;
  try {
    for (let i = 0; i < RUNS; i++) {
      plainC = Math.min(plainC, (await timed(() => diagnoseFile(file)))[0].cpu);
      scanner.all = twice;
      twiceC = Math.min(twiceC, (await timed(() => diagnoseFile(file)))[0].cpu);
      delete (scanner as Partial<ByteScanner>).all;
    }
  } finally {
    delete (scanner as Partial<ByteScanner>).all;
  }
  return twiceC - plainC;
}

/**
 * The prefilter's marker scan alone over the file, 1 MB at a time (a marker across two reads is
 * missed: a throughput figure, not a result), or with `scan` undefined the reads alone. Returns the hits.
 */
function scanFile(file: string, scan: ((b: Uint8Array, n: number) => number) | undefined): number {
  const fd = openSync(file, 'r');
  const buf = new Uint8Array(1 << 20);
  let hits = 0;
  for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0;) if (scan) hits += scan(buf, n);
  closeSync(fd);
  return hits;
}

/**
 * The scan over as many bytes as the file holds, none starting a marker (lines of `xyzq`), a MB
 * buffer at a time as scanFile reads: what the vector loop alone costs on this machine, apart from
 * checking the candidate positions a real log gives it. Least CPU of RUNS.
 */
function quietScanCpu(scanner: ByteScanner, size: number): number {
  const buf = new Uint8Array(1 << 20);
  const line = Buffer.from('xyzq'.repeat(17) + '\n');
  for (let i = 0; i < buf.length; i++) buf[i] = line[i % line.length]!;
  if (scanner.all(buf, 0, buf.length) !== 0) throw new Error('the quiet bytes hold a marker');
  let best = Infinity;
  for (let r = 0; r < RUNS; r++) {
    const c0 = process.cpuUsage();
    for (let left = size; left > 0; left -= buf.length) scanner.all(buf, 0, Math.min(left, buf.length));
    const c = process.cpuUsage(c0);
    best = Math.min(best, (c.user + c.system) / 1e6);
  }
  return Math.max(1e-3, best);
}

async function analyse(file: string, diags: Diagnostic[]): Promise<NonNullable<SpeedResult['analysis']>> {
  const [grepT, grep] = await timed(() => spawnSync('grep', ['-c', 'error', file], { encoding: 'utf8' }));
  // The marker scans alone (README's scan throughput): least CPU of RUNS each, the reads' own CPU taken off.
  const leastCpu = async (scan?: (b: Uint8Array, n: number) => number) => {
    let best = Infinity;
    for (let i = 0; i < RUNS; i++) best = Math.min(best, (await timed(() => scanFile(file, scan)))[0].cpu);
    return best;
  };
  const wasmScan = shipped.byteScanner(false);
  const jsScan = shipped.byteScanner(true);
  const readC = await leastCpu();
  const wasmScanCpu = wasmScan === jsScan ? NaN : Math.max(1e-3, (await leastCpu((b, n) => wasmScan.all(b, 0, n))) - readC);
  const jsScanCpu = Math.max(1e-3, (await leastCpu((b, n) => jsScan.all(b, 0, n))) - readC);
  const wasmQuietScanCpu = wasmScan === jsScan ? NaN : quietScanCpu(wasmScan, statSync(file).size);
  // The prefilter's reference: every line decoded and given to every rule.
  const [refT, reference] = await timed(() => diagnoseFile(file, true));
  const rules = await ruleTimes(file);
  const inPlace = wasmScan === jsScan ? NaN : await scanInPlace(file);
  const engine = await engineAlone(file);
  return {
    grep: { wall: grepT.wall, count: grep.stdout.trim() },
    wasmScanCpu,
    jsScanCpu,
    wasmQuietScanCpu,
    referenceCpu: refT.cpu,
    sameAsReference: isDeepStrictEqual(diags, reference),
    rules,
    inPlace,
    engine,
  };
}

async function main(): Promise<void> {
  const [file, bundle, mode] = process.argv.slice(2);
  if (!file || !bundle || (mode !== 'wasm' && mode !== 'js')) throw new Error('usage: speedChild.ts <log> <diagnoser.mjs> wasm|js');
  shipped = (await import(pathToFileURL(bundle).href)) as DiagnoserModule;
  const { diags, ...result } = await compare(file, mode === 'js');
  if (mode === 'js') result.sameAsWasm = isDeepStrictEqual(diags, await diagnoseFile(file));
  else result.analysis = await analyse(file, diags);
  // JSON has no NaN: a scan that does not run here crosses as null.
  process.stdout.write(JSON.stringify(result));
}

void main();

// `npm run bench:diagnose`: accuracy and fix rate of the build-log diagnosis on
// the labelled GitHub logs of the shared corpus, then throughput and peak
// memory on a ≥100 MB log made of real lines, next to `grep -c error`.
import { spawnSync } from 'node:child_process';
import { closeSync, createReadStream, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Diagnoser, diagnoseText } from '../server/src/diagnose/diagnoser';

// A collector on demand, to tell memory the diagnoser holds from garbage not yet collected.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const CORPUS = join(__dirname, '..', '..', 'shared', 'corpus', 'logs');
const GITHUB = join(CORPUS, 'github');
const REAL = join(CORPUS, 'real-nix-2.8');

interface Label {
  file: string;
  category: string;
}

function accuracy(): void {
  const labels = JSON.parse(readFileSync(join(GITHUB, 'labels.json'), 'utf8')) as Label[];
  const rows = new Map<string, { n: number; found: number; exact: number; fixed: number; extra: number }>();
  const misses: string[] = [];
  for (const l of labels) {
    const ds = diagnoseText(readFileSync(join(GITHUB, l.file), 'utf8'));
    const cats = new Set(ds.map((d) => d.category as string));
    const r = rows.get(l.category) ?? { n: 0, found: 0, exact: 0, fixed: 0, extra: 0 };
    r.n++;
    if (l.category === 'other') {
      if (!cats.size) r.found++, r.exact++;
      else misses.push(`${l.file}: expected nothing, got ${[...cats].join(', ')}`);
    } else {
      if (cats.has(l.category)) r.found++;
      else misses.push(`${l.file}: expected ${l.category}, got ${[...cats].join(', ') || 'nothing'}`);
      if (cats.size === 1 && cats.has(l.category)) r.exact++;
      if (ds.some((d) => d.category === l.category && d.fixes.length)) r.fixed++;
      r.extra += [...cats].filter((c) => c !== l.category).length;
    }
    rows.set(l.category, r);
  }
  const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(0)}%` : '-').padStart(5);
  console.log(`accuracy on ${labels.length} labelled logs (${GITHUB.replace(/.*\/shared\//, '../shared/')})`);
  console.log(`${'category'.padEnd(20)} ${'n'.padStart(3)} ${'found'.padStart(6)} ${'exact'.padStart(6)} ${'fixes'.padStart(6)} extra`);
  let n = 0, found = 0, exact = 0, fixedN = 0, fixed = 0;
  for (const [cat, r] of [...rows].sort()) {
    const fixable = cat === 'other' ? '' : pct(r.fixed, r.n);
    console.log(`${cat.padEnd(20)} ${String(r.n).padStart(3)} ${pct(r.found, r.n)}  ${pct(r.exact, r.n)}  ${fixable.padStart(5)}  ${cat === 'other' ? '' : r.extra}`);
    n += r.n;
    found += r.found;
    exact += r.exact;
    if (cat !== 'other') (fixedN += r.n), (fixed += r.fixed);
  }
  console.log(`${'all'.padEnd(20)} ${String(n).padStart(3)} ${pct(found, n)}  ${pct(exact, n)}  ${pct(fixed, fixedN)}`);
  console.log('found = the labelled category is among the diagnostics (for `other`: no diagnostic at all);');
  console.log('exact = it is the only category; fixes = that diagnostic carries a fix; extra = other categories also reported');
  for (const m of misses) console.log(`  miss: ${m}`);
}

/** Writes ≥ `mb` MB of real log lines (every corpus log, repeated) without holding them in memory. */
function assemble(file: string, mb: number): number {
  const sources = [REAL, GITHUB].flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.log')).map((f) => readFileSync(join(d, f), 'utf8')));
  const block = sources.join('\n') + '\n';
  const fd = openSync(file, 'w');
  let written = 0;
  while (written < mb * 1024 * 1024) written += writeSync(fd, block);
  closeSync(fd);
  return written;
}

async function throughput(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'nixify-bench-diag-'));
  const file = join(dir, 'big.log');
  try {
    const bytes = assemble(file, 100);
    const mb = bytes / 1024 / 1024;
    gc();
    const rss0 = process.memoryUsage().rss;
    const heap0 = process.memoryUsage().heapUsed;
    let peak = rss0;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const t0 = process.hrtime.bigint();
    const d = new Diagnoser();
    let lines = 0;
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
      d.push(chunk as Buffer);
      peak = Math.max(peak, process.memoryUsage().rss);
      lines++;
    }
    const diags = d.end();
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    clearInterval(sampler);
    gc();
    const live = process.memoryUsage().heapUsed - heap0;
    const g0 = process.hrtime.bigint();
    const grep = spawnSync('grep', ['-c', 'error', file], { encoding: 'utf8' });
    const gsecs = Number(process.hrtime.bigint() - g0) / 1e9;
    console.log(`\nthroughput on a ${mb.toFixed(0)} MB log of real lines (${statSync(file).size} bytes, ${lines} chunks of 1 MiB)`);
    console.log(`  diagnose: ${secs.toFixed(2)} s = ${(mb / secs).toFixed(1)} MB/s, ${diags.length} diagnostics (capped at 200, duplicates merged)`);
    console.log(`  peak RSS: ${(peak / 1048576).toFixed(0)} MB (start ${(rss0 / 1048576).toFixed(0)} MB, +${((peak - rss0) / 1048576).toFixed(0)} MB while reading, mostly garbage awaiting collection)`);
    console.log(`  heap the diagnoser still holds at the end (after GC): ${(live / 1048576).toFixed(1)} MB`);
    console.log(`  grep -c error: ${gsecs.toFixed(2)} s = ${(mb / gsecs).toFixed(0)} MB/s (${grep.stdout.trim()} matching lines)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (!existsSync(GITHUB)) {
    console.log(`bench:diagnose: corpus not found at ${GITHUB}; skipped`);
    return;
  }
  accuracy();
  await throughput();
}

void main();

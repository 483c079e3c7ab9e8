// `npm run bench:src`: for real projects, are the files the build reads in each
// builder's generated src? Over ../shared/corpus/realnix (trees brought with
// `fetch` + export.sh into NIXIFY_REALNIX, default .cache/realnix; skipped with
// a message when absent, as in CI) and ../shared/corpus/crates (Cargo files
// only: what applies is the manifests and the lock). The store copy of each
// src is made by the real lib.fileset and crane in the Nix 2.26 chroot
// (../shared/oracles) when it is set up with nixpkgs-lib and crane brought;
// otherwise by a TypeScript re-implementation of those filters (srcFileset.ts).
// NIXIFY_SRC_ORACLE=0 forces the structural mode. Prints which one ran.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BUILDER_NAMES } from '../server/src/builders';
import { diskExists, makeContext, type Builder } from '../server/src/generate/context';
import { defaultInitOptions, planInit } from '../server/src/generate/plan';
import { moments, srcSpec, type SrcSpec } from '../server/src/generate/src';
import { pathExpr } from '../server/src/generate/nixWriter';
import { infer } from '../server/src/infer/infer';
import type { InferenceResult } from '../server/src/infer/types';
import { analyzeBuildReads, filesRead, type BuildReads } from '../server/src/model/buildReads';
import type { Workspace } from '../server/src/model/types';
import { loadWorkspace, nodeFs } from '../server/src/model/workspace';
import { ensureParser, initParsers } from '../server/src/parse/treeSitter';
import { structuralSrcFiles } from './srcFileset';

const repoRoot = resolve(__dirname, '..');
const shared = join(repoRoot, '..', 'shared');
const treesDir = resolve(repoRoot, process.env.NIXIFY_REALNIX ?? join('.cache', 'realnix'));
const cratesDir = join(shared, 'corpus', 'crates');
const oracleScript = join(shared, 'oracles', 'nix-2.26.sh');
const oracleSrc = process.env.ORACLE_SRC ?? join(repoRoot, '..', '.cache', 'oracles', 'src');
const builders = BUILDER_NAMES as readonly Builder[];
/** NIXIFY_SRC_ONLY=a,b: only the projects whose names contain one of these (a quicker run while working). */
const only = (process.env.NIXIFY_SRC_ONLY ?? '').split(',').filter(Boolean);
const picked = (name: string) => !only.length || only.some((o) => name.includes(o));
const BASELINE = 'cleanCargoSource';
const none: InferenceResult = { nativeBuildInputs: [], buildInputs: [], env: [], builtCrates: [] };

/** The real lib.fileset/crane in the chroot, when everything it needs is here. */
function oracleReady(): string | undefined {
  if (process.env.NIXIFY_SRC_ORACLE === '0') return 'NIXIFY_SRC_ORACLE=0';
  if (!existsSync(oracleScript)) return `${oracleScript} is missing`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'the Nix 2.26 chroot needs root';
  if (!existsSync(join(oracleSrc, 'nixpkgs-lib', 'lib')) || !existsSync(join(oracleSrc, 'crane', 'lib')))
    return `nixpkgs-lib and crane are not in ${oracleSrc} (bring them with fetch, see ../shared/oracles/README.md)`;
  const r = spawnSync(oracleScript, ['run', 'nix-instantiate --version'], { encoding: 'utf8' });
  if (r.status !== 0) return `the chroot does not run (${(r.stderr || r.stdout).trim().split('\n').pop()}); run ${oracleScript} setup`;
  return undefined;
}

const oracleWhy = oracleReady();
const mode = oracleWhy ? 'structural' : 'oracle';
const work = mkdtempSync(join(repoRoot, '.cache', 'bench-src-'));

/** Store copies of every builder's src for one project, listed file by file (relative paths). */
function oracleFiles(root: string, specs: Map<string, SrcSpec>): Map<string, Set<string>> | string {
  const json: Record<string, { paths: string[]; crane: boolean; proto: boolean }> = {};
  for (const [b, s] of specs) json[b] = { paths: s.entries.map((e) => e.path), crane: s.crane, proto: s.proto };
  const specFile = join(work, 'spec.json');
  writeFileSync(specFile, JSON.stringify(json));
  const q = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
  const script = [
    `out=$(nix-instantiate --eval --strict --json --read-write-mode ${q(join(__dirname, 'src-oracle.nix'))} --arg src ${q(root)} --arg spec ${q(specFile)}) || exit 3`,
    'echo "$out" | python3 -c \'import json,sys\nfor k,v in json.load(sys.stdin).items(): print(k, v)\' | while read b p; do echo "== $b"; find "$p" -mindepth 1 \\( -type f -o -type l \\) -printf "%P\\n"; done',
  ].join('\n');
  const r = spawnSync(oracleScript, ['run', script], { encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0) return (r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ');
  const out = new Map<string, Set<string>>();
  let cur: Set<string> | undefined;
  for (const line of r.stdout.split('\n')) {
    const m = /^== (\S+)$/.exec(line);
    if (m) out.set(m[1]!, (cur = new Set()));
    else if (line && cur) cur.add(line);
  }
  return out;
}

/** The directory whose Cargo.toml roots the project (some keep it in a subfolder). */
function crateRoot(dir: string): string | undefined {
  if (existsSync(join(dir, 'Cargo.toml'))) return dir;
  for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory() && existsSync(join(dir, e.name, 'Cargo.toml'))) return join(dir, e.name);
  return undefined;
}

interface Row {
  name: string;
  reads: Record<string, number>;
  ms: number;
  missing: Map<Builder, string[]>;
  required: Map<Builder, number>;
  error?: string;
  /** Spec paths not found in the generated file (the bench and the generator disagree). */
  drift: number;
  /** Files bare `craneLib.cleanCargoSource ./.` leaves out (what crane's flake used before): shows the check can fail. */
  baseline?: string[];
}

function measure(name: string, dir: string, useOracle: boolean): Row {
  const row: Row = { name, reads: {}, ms: 0, missing: new Map(), required: new Map(), drift: 0 };
  // lib.fileset refuses a root that is a symlink: measure the real folder.
  const root = crateRoot(realpathSync(dir));
  if (!root) return { ...row, error: 'no Cargo.toml' };
  let ws: Workspace;
  try {
    ws = loadWorkspace(root);
  } catch (e) {
    return { ...row, error: `cannot load: ${(e as Error).message.split('\n')[0]}` };
  }
  const fs = nodeFs(ws.root);
  const t0 = performance.now();
  const reads: BuildReads = analyzeBuildReads(ws, fs);
  row.ms = performance.now() - t0;
  for (const r of reads.reads) if (r.kind !== 'cargo') row.reads[r.when] = (row.reads[r.when] ?? 0) + 1;
  let inferred = none;
  try {
    inferred = infer(ws);
  } catch {
    /* inputs only decide the .proto fallback */
  }
  const specs = new Map<string, SrcSpec>();
  for (const b of builders) {
    const opts = { ...defaultInitOptions(ws), builder: b, flake: true };
    const ctx = makeContext(ws, inferred, opts, diskExists(ws), reads);
    specs.set(b, srcSpec(ctx, b));
    // The generated file must say exactly what the spec says.
    const text = planInit(ws, inferred, opts, diskExists(ws), undefined, reads)
      .files.map((f) => f.content)
      .join('\n');
    row.drift += specs.get(b)!.entries.filter((e) => !text.includes(pathExpr(e.path))).length;
    row.required.set(b, filesRead(reads, fs, moments(b)).length);
  }
  specs.set(BASELINE, { entries: [], crane: true, proto: false });
  const present = useOracle ? oracleFiles(ws.root, specs) : undefined;
  if (typeof present === 'string') return { ...row, error: `oracle: ${present}` };
  for (const b of builders) {
    const have = present?.get(b) ?? structuralSrcFiles(ws.root, specs.get(b)!);
    row.missing.set(
      b,
      filesRead(reads, fs, moments(b)).filter((f) => !have.has(f)),
    );
  }
  const base = present?.get(BASELINE) ?? structuralSrcFiles(ws.root, specs.get(BASELINE)!);
  row.baseline = filesRead(reads, fs, moments('crane')).filter((f) => !base.has(f));
  return row;
}

function report(title: string, rows: Row[]) {
  console.log(
    `\n${title}: ${rows.length} projects, src checked by ${mode === 'oracle' ? 'the real lib.fileset + crane (Nix 2.26 chroot)' : `a TypeScript re-implementation of lib.fileset/crane (${oracleWhy})`}`,
  );
  for (const r of rows) {
    if (r.error) {
      console.log(`  ${r.name}: skipped (${r.error})`);
      continue;
    }
    const reads = ['build', 'test', 'runtime'].map((w) => `${w} ${r.reads[w] ?? 0}`).join(', ');
    const miss = builders.map((b) => `${b} ${r.missing.get(b)!.length}/${r.required.get(b)}`).join(', ');
    console.log(`  ${r.name}: reads beyond Cargo targets: ${reads}; ${r.ms.toFixed(0)} ms; missing/read: ${miss}${r.drift ? `; ${r.drift} spec paths not in the generated files!` : ''}`);
    for (const b of builders) {
      const m = r.missing.get(b)!;
      if (m.length) console.log(`    ${b} lacks: ${m.slice(0, 8).join(', ')}${m.length > 8 ? `, … (${m.length})` : ''}`);
    }
  }
  const ok = rows.filter((r) => !r.error);
  for (const b of builders) {
    const held = ok.filter((r) => r.missing.get(b)!.length === 0).length;
    const files = ok.reduce((n, r) => n + r.missing.get(b)!.length, 0);
    const total = ok.reduce((n, r) => n + r.required.get(b)!, 0);
    console.log(`  ${b.padEnd(16)} src held every file the build reads in ${held}/${ok.length} projects; missing files: ${files} of ${total}`);
  }
  const bHeld = ok.filter((r) => !r.baseline!.length).length;
  console.log(
    `  baseline: bare craneLib.cleanCargoSource held them in ${bHeld}/${ok.length} projects; missing files: ${ok.reduce((n, r) => n + r.baseline!.length, 0)}${
      ok.some((r) => r.baseline!.length)
        ? ` (${ok
            .filter((r) => r.baseline!.length)
            .map((r) => `${r.name} ${r.baseline!.length}`)
            .join(', ')})`
        : ''
    }`,
  );
  const drift = ok.reduce((n, r) => n + r.drift, 0);
  console.log(`  generated files name every path of the src the bench checked: ${drift ? `NO, ${drift} differ` : 'yes'}`);
  const ms = ok.map((r) => r.ms).sort((a, b) => a - b);
  if (ms.length) console.log(`  analysis time per project: median ${ms[ms.length >> 1]!.toFixed(0)} ms, max ${ms.at(-1)!.toFixed(0)} ms`);
}

(async () => {
  await initParsers();
  await ensureParser('rust');
  mkdirSync(join(repoRoot, '.cache'), { recursive: true });
  try {
    console.log(`bench:src — mode: ${mode}${oracleWhy ? ` (${oracleWhy})` : ''}`);
    if (!existsSync(treesDir)) console.log(`realnix: skipped, ${treesDir} is absent (bring the trees with fetch + ../shared/corpus/realnix/export.sh; CI has no fetch)`);
    else {
      const names = readdirSync(treesDir)
        .filter((n) => !n.startsWith('.') && picked(n))
        .sort();
      report(
        'realnix',
        names.map((n) => measure(n, join(treesDir, n), mode === 'oracle')),
      );
    }
    if (existsSync(cratesDir)) {
      const names = readdirSync(cratesDir)
        .filter((n) => existsSync(join(cratesDir, n, 'Cargo.toml')) && picked(n))
        .sort();
      const rows = names.map((n) => measure(n, join(cratesDir, n), mode === 'oracle'));
      report('crates corpus (Cargo files only)', rows);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
})();

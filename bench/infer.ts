// `npm run bench:infer`: inference scored against what nixpkgs really uses for
// the corpus crates (../shared/corpus/crates/*/expected.json). Compile inputs
// only: packaging extras (installShellFiles, makeWrapper…) are not inferable
// from Cargo files and are left out; inputs nixpkgs lists without any evidence
// in the lock are reported apart, not counted as misses.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { infer } from '../server/src/infer/infer';
import { cargoCacheManifests } from '../server/src/infer/registry';
import { rowFor } from '../server/src/infer/table';
import type { InferOptions } from '../server/src/infer/types';
import type { Workspace } from '../server/src/model/types';
import { loadWorkspace } from '../server/src/model/workspace';
import { initParsers } from '../server/src/parse/treeSitter';

const corpus = join(__dirname, '..', '..', 'shared', 'corpus', 'crates');

interface Expected {
  nativeBuildInputs: string[];
  buildInputs: string[];
  env_native_deps?: Record<string, string>;
  packaging_extras?: string[];
  inputs_without_lock_evidence?: string[];
  buildFeatures?: string[];
  buildNoDefaultFeatures?: boolean;
  workspace_member?: string | null;
}

/** nixpkgs spells a few inputs differently from the table. */
const SAME = new Map([['libx11', 'xorg.libX11'], ['(lib.getDev curl)', 'curl']]);
const norm = (a: string) => SAME.get(a) ?? a;

function members(ws: Workspace, spec: string | null | undefined): string[] | undefined {
  if (!spec) return undefined;
  const names: string[] = [];
  for (const part of spec.split(',')) {
    const m = /\(([^)]+)\)/.exec(part);
    const token = (m ? m[1]! : part).trim().split(' ')[0]!;
    const byName = ws.members.find((x) => x.package?.name === token);
    const byDir = ws.members.find((x) => x.dir === token);
    const found = byName ?? byDir;
    if (found?.package) names.push(found.package.name);
  }
  return names.length ? names : undefined;
}

/** nix-init's approach on the same table: every crate of the lock, all features on, dev-dependencies included, no platform pruning. */
function baseline(ws: Workspace): Set<string> {
  const out = new Set<string>();
  for (const p of ws.lock?.packages ?? []) {
    const row = rowFor(p.name);
    const all = new Set(['vendored', 'bundled', 'static', 'pkg-config', 'dynamic-linking', 'xlib', 'io-uring']);
    for (const r of row?.rules ?? []) {
      if (r.when && !r.when({ version: p.version, features: new Set(), featuresKnown: false, vendored: 'system' }) && !r.when({ version: p.version, features: all, featuresKnown: false, vendored: 'system' })) continue;
      for (const a of [...(r.native ?? []), ...(r.build ?? [])]) out.add(a);
    }
    if (p.name === 'pkg-config') out.add('pkg-config');
  }
  return out;
}

interface Score {
  tp: number;
  fp: number;
  fn: number;
}
const score = (): Score => ({ tp: 0, fp: 0, fn: 0 });
/** Adds one crate's result: inputs nixpkgs lists without lock evidence are neither hits nor misses. */
function tally(s: Score, want: Set<string>, got: Set<string>, unevidenced: Set<string>): { misses: string[]; extra: string[] } {
  const misses = [...want].filter((a) => !got.has(a) && !unevidenced.has(a));
  const extra = [...got].filter((a) => !want.has(a));
  s.tp += [...want].filter((a) => got.has(a)).length;
  s.fp += extra.length;
  s.fn += misses.length;
  return { misses, extra };
}
const pct = (a: number, b: number) => (b ? ((100 * a) / b).toFixed(1) : '100.0');
const pr = (s: Score) => `precision ${pct(s.tp, s.tp + s.fp)}%  recall ${pct(s.tp, s.tp + s.fn)}%  (hits ${s.tp}, extra ${s.fp}, missed ${s.fn})`;

(async () => {
  if (!existsSync(corpus)) {
    console.log('bench infer: ../shared/corpus/crates not found; skipped');
    return;
  }
  await initParsers();
  const policies: NonNullable<InferOptions['vendored']>[] = ['system', 'bundled', 'all-system'];
  const scores = new Map(policies.map((p) => [p, score()]));
  const envScores = new Map(policies.map((p) => [p, score()]));
  const base = score();
  let noEvidence = 0, ms = 0, runs = 0;
  const names = readdirSync(corpus).filter((n) => existsSync(join(corpus, n, 'expected.json'))).sort();
  const lines: string[] = [];
  for (const name of names) {
    const exp = JSON.parse(readFileSync(join(corpus, name, 'expected.json'), 'utf8')) as Expected;
    const ws = loadWorkspace(join(corpus, name));
    const extras = new Set(exp.packaging_extras ?? []);
    const unevidenced = new Set((exp.inputs_without_lock_evidence ?? []).map(norm));
    const want = new Set([...exp.nativeBuildInputs, ...exp.buildInputs].filter((a) => !extras.has(a)).map(norm));
    const envWant = new Set(Object.keys(exp.env_native_deps ?? {}));
    noEvidence += [...unevidenced].filter((a) => want.has(a)).length;
    let line = '';
    for (const vendored of policies) {
      const t0 = performance.now();
      const r = infer(ws, { members: members(ws, exp.workspace_member), features: exp.buildFeatures, noDefaultFeatures: exp.buildNoDefaultFeatures, vendored });
      ms += performance.now() - t0;
      runs++;
      const got = new Set([...r.nativeBuildInputs, ...r.buildInputs].map((i) => i.attr));
      const { misses, extra } = tally(scores.get(vendored)!, want, got, unevidenced);
      const env = tally(envScores.get(vendored)!, envWant, new Set(r.env.map((e) => e.name)), new Set());
      if (vendored !== 'system') continue;
      const heard = [...unevidenced].filter((a) => want.has(a) && !got.has(a));
      line =
        `${name.padEnd(15)} ${String(r.builtCrates.length).padStart(4)}/${String(ws.lock?.packages.length ?? 0).padEnd(4)} crates built  ` +
        `${misses.length || extra.length ? '' : 'exact'}${misses.length ? ` missed: ${misses.join(' ')}` : ''}${extra.length ? ` extra: ${extra.join(' ')}` : ''}` +
        `${env.misses.length ? `  env missed: ${env.misses.join(' ')}` : ''}${env.extra.length ? `  env extra: ${env.extra.join(' ')}` : ''}` +
        `${heard.length ? `  (not counted, nixpkgs lists without lock evidence: ${heard.join(' ')})` : ''}`;
    }
    lines.push(line);
    tally(base, want, baseline(ws), unevidenced);
  }
  console.log('per crate (vendored = system, the default):');
  console.log(lines.join('\n'));
  console.log(`\ncompile inputs (nativeBuildInputs + buildInputs minus packaging extras), ${names.length} crates:`);
  for (const p of policies) console.log(`  nixify vendored=${p.padEnd(10)} ${pr(scores.get(p)!)}`);
  console.log(`  nix-init-style baseline    ${pr(base)}  (same table; whole lock, all features, dev-deps, no platform pruning)`);
  console.log(`  ${noEvidence} inputs nixpkgs lists with no crate in the lock that uses them are left out of both (neither hit nor miss).`);
  console.log('\nenv for native deps (names only), scored apart:');
  for (const p of policies) console.log(`  nixify vendored=${p.padEnd(10)} ${pr(envScores.get(p)!)}`);
  // With the local cargo cache the registry crates' own manifests replace the lock heuristics.
  const manifestOf = cargoCacheManifests();
  const cached = score();
  let withManifest = 0, registryCrates = 0;
  for (const name of names) {
    const exp = JSON.parse(readFileSync(join(corpus, name, 'expected.json'), 'utf8')) as Expected;
    const ws = loadWorkspace(join(corpus, name));
    for (const p of ws.lock?.packages ?? []) if (p.source?.startsWith('registry+')) (registryCrates++, manifestOf(p.name, p.version) && withManifest++);
    const extras = new Set(exp.packaging_extras ?? []);
    const want = new Set([...exp.nativeBuildInputs, ...exp.buildInputs].filter((a) => !extras.has(a)).map(norm));
    const r = infer(ws, { members: members(ws, exp.workspace_member), features: exp.buildFeatures, noDefaultFeatures: exp.buildNoDefaultFeatures, manifestOf });
    tally(cached, want, new Set([...r.nativeBuildInputs, ...r.buildInputs].map((i) => i.attr)), new Set((exp.inputs_without_lock_evidence ?? []).map(norm)));
  }
  console.log(`\ncargo cache: published manifests found for ${withManifest} of ${registryCrates} registry crates`);
  if (withManifest) console.log(`  nixify vendored=system + cargo cache ${pr(cached)}`);
  console.log(`\ntime: ${(ms / runs).toFixed(1)} ms per inference`);
})();

// `npm run bench:infer`: inference scored against what nixpkgs really uses for
// the corpus crates (../shared/corpus/crates/*/expected.json). Compile inputs
// only: packaging extras (installShellFiles, makeWrapper…) are not inferable
// from Cargo files and are left out; inputs nixpkgs lists without any evidence
// in the lock are reported apart, not counted as misses.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { infer } from '../server/src/infer/infer';
import { resolveBuild } from '../server/src/infer/resolve';
import { rowFor } from '../server/src/infer/table';
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

(async () => {
  if (!existsSync(corpus)) {
    console.log('bench infer: ../shared/corpus/crates not found; skipped');
    return;
  }
  await initParsers();
  let tp = 0, fp = 0, fn = 0, btp = 0, bfp = 0, bfn = 0, noEvidence = 0, envHit = 0, envTotal = 0, ms = 0;
  const lines: string[] = [];
  for (const name of readdirSync(corpus).sort()) {
    const exp = JSON.parse(readFileSync(join(corpus, name, 'expected.json'), 'utf8')) as Expected;
    const ws = loadWorkspace(join(corpus, name));
    const t0 = performance.now();
    const r = infer(ws, { members: members(ws, exp.workspace_member), features: exp.buildFeatures, noDefaultFeatures: exp.buildNoDefaultFeatures });
    ms += performance.now() - t0;
    const extras = new Set(exp.packaging_extras ?? []);
    const unevidenced = new Set((exp.inputs_without_lock_evidence ?? []).map(norm));
    const want = new Set([...exp.nativeBuildInputs, ...exp.buildInputs].filter((a) => !extras.has(a)).map(norm));
    const got = new Set([...r.nativeBuildInputs, ...r.buildInputs].map((i) => i.attr));
    const misses = [...want].filter((a) => !got.has(a) && !unevidenced.has(a));
    const extra = [...got].filter((a) => !want.has(a));
    const hits = [...want].filter((a) => got.has(a));
    tp += hits.length;
    fp += extra.length;
    fn += misses.length;
    noEvidence += [...want].filter((a) => !got.has(a) && unevidenced.has(a)).length;
    const base = baseline(ws);
    btp += [...want].filter((a) => base.has(a)).length;
    bfp += [...base].filter((a) => !want.has(a)).length;
    bfn += [...want].filter((a) => !base.has(a) && !unevidenced.has(a)).length;
    const envWant = Object.keys(exp.env_native_deps ?? {});
    envTotal += envWant.length;
    envHit += envWant.filter((k) => r.env.some((e) => e.name === k)).length;
    const builtCount = resolveBuild(ws, { members: members(ws, exp.workspace_member) }).crates.size;
    lines.push(
      `${name.padEnd(15)} ${String(builtCount).padStart(4)}/${String(ws.lock?.packages.length ?? 0).padEnd(4)} built  ` +
        `${misses.length || extra.length ? '' : 'exact'}${misses.length ? ` missed: ${misses.join(' ')}` : ''}${extra.length ? ` extra: ${extra.join(' ')}` : ''}` +
        `${unevidenced.size ? `  (nixpkgs also lists without lock evidence: ${[...unevidenced].join(' ')})` : ''}`,
    );
  }
  const p = (a: number, b: number) => (b ? ((100 * a) / b).toFixed(1) : '100.0');
  console.log(lines.join('\n'));
  console.log(`\ncompile inputs, ${readdirSync(corpus).length} crates:`);
  console.log(`  nixify   precision ${p(tp, tp + fp)}%  recall ${p(tp, tp + fn)}%  (tp ${tp}, extra ${fp}, missed ${fn}; ${noEvidence} listed by nixpkgs without lock evidence, not counted)`);
  console.log(`  baseline precision ${p(btp, btp + bfp)}%  recall ${p(btp, btp + bfn)}%  (nix-init's method: whole lock, all features, dev-deps, no platform pruning)`);
  console.log(`  env vars nixpkgs sets for native deps: ${envHit}/${envTotal} inferred`);
  console.log(`  time: ${(ms / readdirSync(corpus).length).toFixed(1)} ms per crate (infer only)`);
})();

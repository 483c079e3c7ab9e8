// `npm run bench:check`: `nixify check` on real projects that package themselves
// with Nix (../shared/corpus/realnix; trees brought with `fetch` + export.sh into
// NIXIFY_REALNIX, default .cache/realnix). A project whose own CI builds its Nix
// is a working build: every error-level finding there is a false alarm. Every
// finding is printed so a person can judge it.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Finding } from '../server/src/check/types';
import { seededFaults } from './checkSeeds';
import { readGitInfo } from '../server/src/model/git';
import { checkCrate } from '../server/src/pipeline/check';
import { loadCrate } from '../server/src/pipeline/load';
import { ensureParser, initParsers } from '../server/src/parse/treeSitter';

const repoRoot = join(__dirname, '..');
const manifest = join(repoRoot, '..', 'shared', 'corpus', 'realnix', 'projects.json');
const treesDir = resolve(repoRoot, process.env.NIXIFY_REALNIX ?? join('.cache', 'realnix'));

interface Project {
  name: string;
  has_ci_nix_build: boolean;
}

/** Where `nixify check` would be run: the root, else the Cargo workspaces one folder down. */
export function checkRoots(tree: string): string[] {
  if (existsSync(join(tree, 'Cargo.toml'))) return [tree];
  return readdirSync(tree, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && existsSync(join(tree, e.name, 'Cargo.toml')))
    .map((e) => join(tree, e.name));
}

async function main() {
  if (!existsSync(manifest)) {
    console.log(`bench:check skipped: ${manifest} is absent (../shared beside the repository)`);
    return;
  }
  const projects = JSON.parse(readFileSync(manifest, 'utf8')) as Project[];
  const present = projects.filter((p) => existsSync(join(treesDir, p.name)));
  if (!present.length) {
    console.log(`bench:check skipped: no real project trees in ${treesDir} (bring them with fetch + export.sh; set NIXIFY_REALNIX)`);
    return;
  }
  await initParsers();
  await ensureParser('rust');
  const perCode = new Map<string, { error: number; warning: number; info: number; hint: number }>();
  let checked = 0;
  let ciErrors = 0;
  let otherErrors = 0;
  const ciProjectsWithErrors: string[] = [];
  const started = performance.now();
  for (const p of present) {
    const tree = join(treesDir, p.name);
    for (const root of checkRoots(tree)) {
      const label = relative(treesDir, root);
      let findings: Finding[];
      try {
        // As `nixify check` runs, without the local cargo cache (the figures must not depend on it).
        const { ws, fs } = loadCrate(root, { git: readGitInfo });
        findings = checkCrate(ws, fs);
      } catch (e) {
        console.log(`${label}: could not be read (${(e as Error).message.split('\n')[0]})`);
        continue;
      }
      checked++;
      const errors = findings.filter((f) => f.severity === 'error').length;
      if (p.has_ci_nix_build) ciErrors += errors;
      else otherErrors += errors;
      if (p.has_ci_nix_build && errors) ciProjectsWithErrors.push(label);
      console.log(`\n${label}${p.has_ci_nix_build ? ' (CI builds its Nix)' : ''}: ${findings.length} finding(s)`);
      for (const f of findings) {
        const c = perCode.get(f.code) ?? { error: 0, warning: 0, info: 0, hint: 0 };
        c[f.severity]++;
        perCode.set(f.code, c);
        console.log(`  ${f.file}:${f.range.start.line + 1}: ${f.severity} [${f.code}] ${f.message}`);
      }
    }
  }
  const ms = performance.now() - started;
  // Positive corpus: one fault at a time seeded into the real trees (in memory), each must be found where it is.
  const seeds = seededFaults(present.flatMap((p) => checkRoots(join(treesDir, p.name)).map((root) => ({ root, label: relative(treesDir, root) }))));
  console.log('\n--- seeded faults ---');
  for (const s of seeds.results) console.log(`  ${s.found ? 'found ' : 'MISSED'} ${s.kind.padEnd(26)} ${s.label}: ${s.detail}`);
  console.log('\n--- summary ---');
  console.log(`real projects checked: ${checked} (${present.length} of ${projects.length} trees present in ${relative(repoRoot, treesDir) || treesDir})`);
  console.log(`error-level findings on projects whose CI builds their Nix: ${ciErrors}${ciProjectsWithErrors.length ? ` (${ciProjectsWithErrors.join(', ')})` : ''}`);
  console.log(`error-level findings on the other projects: ${otherErrors}`);
  console.log('findings per code (error/warning/info/hint):');
  for (const [code, c] of [...perCode].sort()) console.log(`  ${code.padEnd(24)} ${c.error}/${c.warning}/${c.info}/${c.hint}`);
  const byKind = new Map<string, { found: number; total: number }>();
  for (const r of seeds.results) {
    const k = byKind.get(r.kind) ?? { found: 0, total: 0 };
    k.total++;
    if (r.found) k.found++;
    byKind.set(r.kind, k);
  }
  console.log(`seeded faults found: ${seeds.results.filter((r) => r.found).length} / ${seeds.results.length} (${[...byKind].map(([k, v]) => `${k} ${v.found}/${v.total}`).join(', ')})`);
  console.log(`check time: ${(ms / Math.max(checked, 1)).toFixed(0)} ms per project`);
}

void main();

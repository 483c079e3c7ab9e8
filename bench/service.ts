// `npm run bench:service`: the generated NixOS module of every service in
// ../shared/corpus/realnix (projects.json kinds naming a service, daemon or
// node; trees in NIXIFY_REALNIX, default .cache/realnix) and of the sample
// crate (examples/axum-openssl), through the NixOS harness
// (test/nix/service/harness): evaluated with the real lib.evalModules and
// NixOS' own systemd/nginx files, the unit scored by systemd-analyze security
// --offline and checked by systemd-analyze verify, the nginx server block by
// nginx -t, at /forum/ and at /. Prints one row per service and, below, the
// options each program requires with where they were found. Skips with the
// reason when the harness cannot run (no chroot, no fetched files: CI).
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { planService } from '../server/src/generate/service';
import type { Workspace } from '../server/src/model/types';
import { loadWorkspace } from '../server/src/model/workspace';
import { ensureParser, initParsers } from '../server/src/parse/treeSitter';
import { checkService, harnessSkipReason, sourceOf, type HarnessResult } from '../test/nix/service/harness/harness';

const repoRoot = resolve(__dirname, '..');
const shared = join(repoRoot, '..', 'shared');
const treesDir = resolve(repoRoot, process.env.NIXIFY_REALNIX ?? join('.cache', 'realnix'));
const work = join(repoRoot, '.cache', 'bench-service');
const only = (process.env.NIXIFY_SERVICE_ONLY ?? '').split(',').filter(Boolean);

interface Project {
  name: string;
  kind: string;
}

/** The directory whose Cargo.toml roots the project (some keep it in a subfolder). */
function crateRoot(dir: string): string | undefined {
  if (existsSync(join(dir, 'Cargo.toml'))) return dir;
  for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory() && existsSync(join(dir, e.name, 'Cargo.toml'))) return join(dir, e.name);
  return undefined;
}

interface Row {
  name: string;
  member?: string;
  /** What the unit was tuned for (model/runtimeUses.ts). */
  uses?: string;
  /** What the program requires (serviceNeeds): the option or environmentFile variable, and where the code reads it. */
  needs?: string[];
  ms?: number;
  result?: HarnessResult;
  error?: string;
}

function measure(name: string, dir: string): Row {
  const root = crateRoot(realpathSync(dir));
  if (!root) return { name, error: 'no Cargo.toml' };
  let ws: Workspace;
  try {
    ws = loadWorkspace(root);
  } catch (e) {
    return { name, error: `cannot load: ${(e as Error).message.split('\n')[0]}` };
  }
  let plan;
  try {
    plan = planService(ws, { module: true, docker: false, vmTest: true, nginxPath: '/forum/', virtualHost: 'example.org' });
  } catch (e) {
    return { name, error: `no module: ${(e as Error).message.split('\n')[0]}` };
  }
  const t0 = performance.now();
  const result = checkService(plan.files, plan.model, join(work, name.replace(/[^A-Za-z0-9._-]+/g, '_')));
  const u = plan.model.uses;
  const uses = u
    ? [
        u.procfs.length && 'procfs',
        u.processes.length && 'processes',
        u.netlink.length && 'netlink',
        u.sqlite && 'sqlite',
        u.postgres && 'postgres',
        (u.writes.length || u.writesRelative.length) && 'writes',
      ].filter(Boolean)
    : [];
  const needs = [
    ...plan.model.needs.options
      .filter((o) => o.need.required)
      .map((o) => `services.${plan.model.name}.${o.option}${o.need.secret ? ` (secret ${o.need.secret})` : ''} — ${o.need.at.file}:${o.need.at.line}`),
    ...plan.model.needs.envFileSecrets.filter((n) => n.required).map((n) => `${n.name} in environmentFile (secret) — ${n.at.file}:${n.at.line}`),
  ];
  return { name, member: plan.model.pname, uses: uses.join(',') || '-', needs, ms: performance.now() - t0, result };
}

const yes = (b: boolean | undefined) => (b === undefined ? '-' : b ? 'yes' : 'NO');

function print(rows: Row[]): void {
  const head = ['service', 'member', 'tuned for', 'evaluates', 'required', 'nginx -t /forum/', 'nginx -t /', 'verify', 'exposure', 'ms'];
  const table = rows.map((r) => {
    if (!r.result) return [r.name, r.member ?? '-', '-', `NO (${r.error})`, '-', '-', '-', '-', '-', '-'];
    const [forum, rootPath] = r.result.paths;
    const ev = r.result.paths.every((p) => p.evaluated && !p.failedAssertions.length);
    const exposures = r.result.paths.map((p) => p.exposure).filter((x): x is number => x !== undefined);
    return [
      r.name,
      r.member ?? '-',
      r.uses ?? '-',
      ev ? 'yes' : `NO (${r.result.paths.map((p) => p.error ?? p.failedAssertions.join('; ')).find(Boolean)})`,
      String(r.result.required.length),
      yes(forum?.nginx?.ok),
      yes(rootPath?.nginx?.ok),
      yes(r.result.paths.every((p) => p.verify?.ok)),
      exposures.length ? Math.max(...exposures).toFixed(1) : '-',
      r.ms ? r.ms.toFixed(0) : '-',
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((t) => Math.min(t[i]!.length, 60))));
  const line = (cells: string[]) => cells.map((c, i) => (c.length > 60 ? `${c.slice(0, 57)}...` : c).padEnd(widths[i]!)).join('  ');
  console.log(line(head));
  for (const t of table) console.log(line(t));
  const ok = rows.filter((r) => r.result?.paths.every((p) => p.evaluated && !p.failedAssertions.length && p.nginx?.ok && p.verify?.ok && (p.exposure ?? 99) <= 2.0) ?? false).length;
  console.log(`\n${ok}/${rows.length} services: module evaluates, nginx -t passes at /forum/ and /, verify clean, exposure <= 2.0`);
  for (const r of rows) {
    if (!r.result) continue;
    if (r.needs?.length) {
      console.log(`\n${r.name}: what the program requires (from its code), each an option or an environmentFile variable of the module:`);
      for (const n of r.needs) console.log(`  ${n}`);
    }
    if (r.result.required.length) {
      console.log(`\n${r.name}: options without a default (the harness fills them to evaluate):`);
      for (const o of r.result.required) console.log(`  services.${r.result.name}.${o.path} (${o.type})${sourceOf(o.description) ? ` — found at ${sourceOf(o.description)}` : ''}`);
    }
    for (const p of r.result.paths) {
      if (p.nginx && !p.nginx.ok) console.log(`\n${r.name} nginx -t at ${p.path}: ${p.nginx.out}`);
      if (p.verify && !p.verify.ok) console.log(`\n${r.name} systemd-analyze verify at ${p.path}: ${p.verify.out}`);
      if (p.error) console.log(`\n${r.name} at ${p.path}: ${p.error}`);
    }
  }
}

async function main(): Promise<void> {
  const why = harnessSkipReason();
  if (why) {
    console.log(`bench:service: skipped, the NixOS harness cannot run here: ${why}`);
    return;
  }
  await Promise.all([initParsers(), ensureParser('rust')]);
  const rows: Row[] = [];
  const picked = (n: string) => !only.length || only.some((o) => n.includes(o));
  if (existsSync(treesDir)) {
    const projects = JSON.parse(readFileSync(join(shared, 'corpus', 'realnix', 'projects.json'), 'utf8')) as Project[];
    for (const p of projects) if (/service|daemon|\bnode\b/.test(p.kind) && picked(p.name) && existsSync(join(treesDir, p.name))) rows.push(measure(p.name, join(treesDir, p.name)));
  } else console.log(`realnix: skipped, ${treesDir} is absent (bring the trees with fetch + ../shared/corpus/realnix/export.sh; CI has no fetch)`);
  if (picked('axum-openssl')) rows.push(measure('examples/axum-openssl (sample)', join(repoRoot, 'examples', 'axum-openssl')));
  console.log('NixOS harness: real lib.evalModules + NixOS systemd/nginx files, systemd 257 and nginx 1.26 in the Nix 2.26 chroot\n');
  print(rows);
}

void main();

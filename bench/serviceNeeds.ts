// `npm run bench:needs`: what the service generator finds a program needs to run,
// on the web services of ../shared/corpus/realnix (trees in NIXIFY_REALNIX,
// default .cache/realnix; skipped with a reason when absent) and the sample
// crate: the member chosen by role and why, every required setting with where
// it is read, the secrets and the configuration file, and the time it took.
// The table is for a person to compare with each project's README and module.
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { planService } from '../server/src/generate/service';
import { chooseServiceMember } from '../server/src/model/serviceRole';
import { loadCrate } from '../server/src/pipeline/load';
import { ensureParser, initParsers } from '../server/src/parse/treeSitter';

const repoRoot = join(__dirname, '..');
const treesDir = resolve(repoRoot, process.env.NIXIFY_REALNIX ?? join('.cache', 'realnix'));
/** The corpus projects that serve something over the network (projects.json `kind`). */
const WEB = [
  'NixOS__ofborg',
  'PrismLauncher__refraction',
  'matrix-construct__tuwunel',
  'nix-community__todomvc-nix',
  'DeterminateSystems__magic-nix-cache',
  'radicle-dev__heartwood',
  'AaronErhardt__tuxedo-rs',
];

/** The Cargo workspace of a tree: its root, else the ones one folder down (as bench:check). */
function cargoRoots(tree: string): string[] {
  if (existsSync(join(tree, 'Cargo.toml'))) return [tree];
  return readdirSync(tree, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && existsSync(join(tree, e.name, 'Cargo.toml')))
    .map((e) => join(tree, e.name));
}

async function main() {
  await initParsers();
  await ensureParser('rust');
  const roots: { label: string; root: string }[] = [{ label: 'examples/axum-openssl', root: join(repoRoot, 'examples', 'axum-openssl') }];
  const absent = WEB.filter((p) => !existsSync(join(treesDir, p)));
  if (absent.length) console.log(`realnix: ${absent.length} of ${WEB.length} trees absent in ${treesDir} (${absent.join(', ')}): bring them with fetch + ../shared/corpus/realnix/export.sh`);
  for (const p of WEB.filter((x) => existsSync(join(treesDir, x)))) for (const root of cargoRoots(join(treesDir, p))) roots.push({ label: relative(treesDir, root), root });
  const times: number[] = [];
  for (const { label, root } of roots) {
    const t0 = performance.now();
    let line: string;
    try {
      const { ws, fs } = loadCrate(root, {});
      const choice = chooseServiceMember(ws, fs);
      const plan = planService(ws, { module: true, docker: false, vmTest: false, member: choice.member }, fs);
      const ms = performance.now() - t0;
      times.push(ms);
      const m = plan.model;
      const required = m.needs.options
        .filter((o) => o.need.required)
        .map((o) => `${o.need.kind === 'env' ? o.need.name : o.need.name} (${o.need.at.file}:${o.need.at.line})${o.credential ? ' [LoadCredential]' : ''}`);
      const defaults = m.needs.options.filter((o) => !o.need.required).map((o) => `${o.need.name}=${JSON.stringify(o.need.default)}`);
      const secrets = m.needs.envFileSecrets.map((s) => `${s.kind === 'env' ? s.name : s.env} (${s.at.file}:${s.at.line})`);
      const cf = m.needs.config;
      const signals = choice.signals.find((s) => s.member === m.pname);
      line = [
        `\n## ${label}  (${ms.toFixed(0)} ms)`,
        `member: ${m.pname}${choice.member ? '' : ' (no member serves; the default binary)'}  — ${signals ? [...signals.own, ...signals.inherited].slice(0, 3).join('; ') || 'no server signal' : ''}`,
        `others: ${
          choice.signals
            .filter((s) => s.member !== m.pname && s.score > 0)
            .map((s) => `${s.member}(${s.score})`)
            .join(', ') || '-'
        }; test crates: ${
          choice.signals
            .filter((s) => s.test)
            .map((s) => s.member)
            .join(', ') || '-'
        }`,
        `port: ${m.portSummary}`,
        `required: ${required.join('; ') || '-'}`,
        `secrets (environmentFile): ${secrets.join('; ') || '-'}`,
        `defaults carried: ${defaults.slice(0, 8).join(', ') || '-'}${defaults.length > 8 ? ` … (${defaults.length})` : ''}`,
        `config file: ${cf ? `${cf.format} via ${cf.carrier.kind === 'env' ? cf.carrier.name : cf.carrier.kind === 'arg' ? cf.carrier.flag : `argument ${cf.carrier.index}`} (${cf.at.file}:${cf.at.line}), parsed ${cf.parsedAt.file}:${cf.parsedAt.line}${cf.requiredKeys.length ? `, keys without default: ${cf.requiredKeys.join(', ')}` : ''}` : '-'}`,
        ...plan.warnings.filter((w) => /envy|config|figment|could not/.test(w)).map((w) => `note: ${w}`),
      ].join('\n');
    } catch (e) {
      line = `\n## ${label}: could not be planned (${(e as Error).message.split('\n')[0]})`;
    }
    console.log(line);
  }
  times.sort((a, b) => a - b);
  if (times.length)
    console.log(`\nneeds: ${times.length} workspaces, median ${times[times.length >> 1]!.toFixed(0)} ms, max ${times.at(-1)!.toFixed(0)} ms (member choice + sources read + module planned)`);
}

void main();

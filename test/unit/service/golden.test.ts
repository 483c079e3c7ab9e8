// Golden tests: the service files for representative crates, compared with the
// committed expected output under test/fixtures/service/golden/<case>/.
// UPDATE_GOLDEN=1 rewrites them (review the diff before committing).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { before, describe, it } from 'node:test';
import { attrs, fn, ident, print } from '../../../server/src/generate/nixWriter';
import { packageAdditionEntries, planService, type ServiceOptions } from '../../../server/src/generate/service';
import { loadWorkspace } from '../../../server/src/model/workspace';
import { ensureParser, initParsers } from '../../../server/src/parse/treeSitter';

const root = join(__dirname, '..', '..', 'fixtures', 'service');
const update = process.env.UPDATE_GOLDEN === '1';
before(() => Promise.all([initParsers(), ensureParser('rust')]));

const CASES: { name: string; crate: string; opts: ServiceOptions; why: string }[] = [
  { name: 'high-port-dynamic-user', crate: 'clap-port', opts: { module: true, docker: false, vmTest: false }, why: 'clap --port/--host on 8090, DynamicUser' },
  { name: 'static-user', crate: 'hardcoded', opts: { module: true, docker: false, vmTest: false, staticUser: true }, why: 'hard-coded 127.0.0.1:3000 and a static system user' },
  { name: 'nginx-subpath', crate: 'clap-port', opts: { module: true, docker: false, vmTest: true, nginxPath: '/forum/', virtualHost: 'example.org' }, why: 'example.org/forum/ with the VM test' },
  {
    name: 'nginx-root',
    crate: 'clap-port',
    opts: { module: true, docker: false, vmTest: false, nginxPath: '/', virtualHost: 'example.org' },
    why: 'the site root: no X-Forwarded-Prefix, no redirect',
  },
  { name: 'static-assets', crate: 'assets', opts: { module: true, docker: false, vmTest: false }, why: 'static/ and templates/ installed and the binary wrapped' },
  { name: 'docker', crate: 'assets', opts: { module: false, docker: true, vmTest: false }, why: 'streamLayeredImage with cacert' },
  { name: 'reads-port', crate: 'port-env', opts: { module: true, docker: true, vmTest: false }, why: 'std::env::var("PORT")' },
  {
    name: 'required-env',
    crate: 'needs-env',
    opts: { module: true, docker: false, vmTest: false },
    why: 'required env vars (?, expect, map_err?), a helper default, an envy prefix, a secret through environmentFile',
  },
  {
    name: 'required-clap',
    crate: 'needs-clap',
    opts: { module: true, docker: false, vmTest: false },
    why: 'required clap args, secret files through LoadCredential, a secret value only from the environment',
  },
  { name: 'config-file', crate: 'needs-config', opts: { module: true, docker: false, vmTest: false }, why: 'a TOML configuration file: settings with pkgs.formats.toml and configFile' },
  {
    name: 'root-links',
    crate: 'root-links',
    opts: { module: true, docker: false, vmTest: false, nginxPath: '/forum/', virtualHost: 'example.org' },
    why: 'links and redirects to the site root under /forum/: a warning naming each place, in the plan and in the module',
  },
  { name: 'server-member', crate: 'roles', opts: { module: true, docker: false, vmTest: false }, why: 'the member that binds, not the CLI client or the WebDriver e2e crate' },
  { name: 'sysinfo-monitor', crate: 'sysinfo-monitor', opts: { module: true, docker: false, vmTest: false }, why: 'sysinfo: no ProcSubset=pid, ProtectProc=default for its process list' },
  {
    name: 'sqlite-path',
    crate: 'sqlite-app',
    opts: { module: true, docker: false, vmTest: false },
    why: 'rusqlite opening notes.db: starts in its StateDirectory, no --chdir into the store, static/ mounted there',
  },
  { name: 'postgres', crate: 'postgres-app', opts: { module: true, docker: false, vmTest: true }, why: 'sqlx postgres + DATABASE_URL: local database by default, after/requires postgresql.service' },
];

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('service golden files', () => {
  for (const c of CASES) {
    it(`${c.name}: ${c.why}`, () => {
      const plan = planService(loadWorkspace(join(root, c.crate)), c.opts);
      const out = new Map(plan.files.map((f) => [f.path, f.content]));
      const summary = {
        member: plan.model.pname,
        port: plan.facts.port,
        address: plan.facts.address,
        warnings: plan.warnings,
        packageAdditions: plan.packageAdditions,
        flake: {
          topLevel: plan.flakeAdditions.topLevel ? print(attrs(plan.flakeAdditions.topLevel)) : undefined,
          packages: plan.flakeAdditions.packages ? print(attrs(plan.flakeAdditions.packages)) : undefined,
          checks: plan.flakeAdditions.checks ? print(attrs(plan.flakeAdditions.checks)) : undefined,
        },
      };
      out.set('plan.json', `${JSON.stringify(summary, null, 2)}\n`);
      if (plan.packageAdditions.postInstall)
        out.set('package-additions.nix', `${print(fn(plan.packageAdditions.nativeBuildInputs.map(ident), attrs(packageAdditionEntries(plan.packageAdditions))))}\n`);
      const dir = join(root, 'golden', c.name);
      if (update) {
        rmSync(dir, { recursive: true, force: true });
        for (const [p, content] of out) {
          mkdirSync(dirname(join(dir, p)), { recursive: true });
          writeFileSync(join(dir, p), content);
        }
      }
      const expected = listFiles(dir)
        .map((f) => relative(dir, f).split('\\').join('/'))
        .sort();
      assert.deepEqual([...out.keys()].sort(), expected, 'the same files (UPDATE_GOLDEN=1 to accept)');
      for (const p of expected) assert.equal(out.get(p), readFileSync(join(dir, p), 'utf8'), `${c.name}/${p} (UPDATE_GOLDEN=1 to accept)`);
    });
  }
});

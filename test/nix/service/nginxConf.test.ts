// The module's nginx location through a real `nginx -t`: the module is
// evaluated with real Nix (stub lib, test/fixtures/service/stub), and each
// location is written into an nginx.conf the way NixOS' nginx module renders
// a location (proxy_pass, the websocket headers, the recommended proxy
// headers, extraConfig, return) — that rendering is this test's glue, not
// NixOS' own file. Skips with a reason when nginx is not installed
// (scripts/setup-nix.sh installs Debian's nginx-light).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { planService } from '../../../server/src/generate/service';
import { loadWorkspace } from '../../../server/src/model/workspace';
import { ensureParser, initParsers } from '../../../server/src/parse/treeSitter';
import { nixEvalJson } from '../nix';

const fixtures = join(__dirname, '..', '..', 'fixtures', 'service');
const stubs = join(fixtures, 'stub', 'stubs.nix');
const tmp = mkdtempSync(join(tmpdir(), 'nixify-nginx-'));
const NGINX_MISSING: string | false = spawnSync('nginx', ['-v'], { stdio: 'ignore' }).status === 0 ? false : 'nginx is not installed (scripts/setup-nix.sh installs nginx-light)';
before(() => Promise.all([initParsers(), ensureParser('rust')]));
after(() => rmSync(tmp, { recursive: true, force: true }));

interface Location {
  proxyPass?: string | null;
  proxyWebsockets?: boolean;
  recommendedProxySettings?: boolean;
  extraConfig?: string;
  return?: string | null;
}

/** The location blocks of the module's nginx config, evaluated for `path`. */
function locations(path: string): Record<string, Location> {
  const dir = join(tmp, 'gen');
  const plan = planService(loadWorkspace(join(fixtures, 'clap-port')), { module: true, docker: false, vmTest: false, nginxPath: '/forum/', virtualHost: 'example.org' });
  for (const f of plan.files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.content);
  }
  const settings = `{ enable = true; package = s.package "forum"; nginx = { enable = true; path = ${JSON.stringify(path)}; }; }`;
  return nixEvalJson(
    `let s = import ${stubs}; r = s.evalModule { module = import ${join(dir, 'nixos', 'module.nix')}; name = "forum"; settings = ${settings}; }; in r.config.content.services.nginx.content.virtualHosts."example.org".locations`,
  ) as Record<string, Location>;
}

/** One location as NixOS' nginx module writes it into the server block. */
function renderLocation(name: string, l: Location): string {
  const lines = [`location ${name} {`];
  if (l.proxyPass) lines.push(`  proxy_pass ${l.proxyPass};`);
  if (l.proxyWebsockets) lines.push('  proxy_http_version 1.1;', '  proxy_set_header Upgrade $http_upgrade;', '  proxy_set_header Connection $connection_upgrade;');
  if (l.recommendedProxySettings) {
    for (const h of ['Host $host', 'X-Real-IP $remote_addr', 'X-Forwarded-For $proxy_add_x_forwarded_for', 'X-Forwarded-Proto $scheme', 'X-Forwarded-Host $host', 'X-Forwarded-Server $host'])
      lines.push(`  proxy_set_header ${h};`);
  }
  if (l.extraConfig) lines.push(`  ${l.extraConfig}`);
  if (l.return) lines.push(`  return ${l.return};`);
  lines.push('}');
  return lines.join('\n');
}

function nginxT(locs: Record<string, Location>): { ok: boolean; out: string } {
  const conf = join(tmp, 'nginx.conf');
  const server = Object.entries(locs)
    .map(([n, l]) => renderLocation(n, l))
    .join('\n');
  writeFileSync(
    conf,
    `pid ${join(tmp, 'nginx.pid')};\nerror_log stderr;\nevents {}\nhttp {\n  access_log off;\n  map $http_upgrade $connection_upgrade { default upgrade; '' close; }\n  server {\n    listen 127.0.0.1:18080;\n    server_name example.org;\n${server}\n  }\n}\n`,
  );
  const r = spawnSync('nginx', ['-t', '-q', '-e', 'stderr', '-p', tmp, '-c', conf], { encoding: 'utf8' });
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}\n${server}` };
}

describe('the nginx location through a real nginx -t', { skip: NGINX_MISSING }, () => {
  it('/forum/: the prefix-stripping location, X-Forwarded-Prefix and the = /forum redirect pass nginx -t', () => {
    const locs = locations('/forum/');
    assert.deepEqual(Object.keys(locs).sort(), ['/forum/', '= /forum']);
    const r = nginxT(locs);
    assert.ok(r.ok, r.out);
  });

  it('/: the site root has no X-Forwarded-Prefix (an empty value is "invalid number of arguments") and passes nginx -t', () => {
    const locs = locations('/');
    assert.deepEqual(Object.keys(locs), ['/']);
    assert.doesNotMatch(locs['/'].extraConfig ?? '', /X-Forwarded-Prefix/);
    const r = nginxT(locs);
    assert.ok(r.ok, r.out);
  });

  it('the glue is strict: the empty header the module used to write at / fails nginx -t', () => {
    const r = nginxT({ '/': { proxyPass: 'http://127.0.0.1:8090/', extraConfig: 'proxy_set_header X-Forwarded-Prefix ;' } });
    assert.equal(r.ok, false);
    assert.match(r.out, /invalid number of arguments/);
  });
});

// What the program needs to run, as the module passes it, evaluated with real
// Nix against the stub lib/pkgs (test/fixtures/service/stub/stubs.nix):
// required options have no default, values reach the environment or the
// command line escaped for systemd, secret files go through LoadCredential
// (never the store), secret values through environmentFile, and a TOML
// configuration file is made from `settings` with the listen key filled in.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { planService } from '../../../server/src/generate/service';
import { loadWorkspace } from '../../../server/src/model/workspace';
import { ensureParser, initParsers } from '../../../server/src/parse/treeSitter';
import { nixEvalJson, nixParse } from '../nix';

const fixtures = join(__dirname, '..', '..', 'fixtures', 'service');
const stubs = join(fixtures, 'stub', 'stubs.nix');
const tmp = mkdtempSync(join(tmpdir(), 'nixify-needs-'));
before(() => Promise.all([initParsers(), ensureParser('rust')]));
after(() => rmSync(tmp, { recursive: true, force: true }));

function generate(fixture: string): string {
  const dir = join(tmp, fixture);
  const plan = planService(loadWorkspace(join(fixtures, fixture)), { module: true, docker: false, vmTest: true, nginxPath: '/app/', virtualHost: 'example.org' });
  for (const f of plan.files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.content);
  }
  for (const f of plan.files) nixParse(join(dir, f.path));
  return dir;
}

function evalModule(dir: string, name: string, settings: string, select: string): any {
  return nixEvalJson(
    `let s = import ${stubs}; r = s.evalModule { module = import ${join(dir, 'nixos', 'module.nix')}; name = ${JSON.stringify(name)}; settings = ${settings}; }; c = r.config.content; o = r.options.services.${JSON.stringify(name)}; u = c.systemd.services.${JSON.stringify(name)}; in ${select}`,
  );
}

describe('runtime needs in the module (stub lib, real Nix)', () => {
  it('required env vars: options without default, set in the environment; a secret value makes environmentFile mandatory', () => {
    const dir = generate('needs-env');
    const opts = evalModule(dir, 'pastebin', '{ }', '{ host = o.databaseHost ? default; type = o.databaseHost.type.name; workers = o.appWorkers.default; assets = o.assetsPath.type.name; }');
    assert.deepEqual(opts, { host: false, type: 'str', workers: 4, assets: 'path' });
    const set =
      '{ enable = true; package = s.package "pastebin"; databaseHost = "db.internal"; databaseName = "paste"; assetsPath = "/srv/assets"; pasteMaxSize = 1048576; environment.DATABASE_HOST = "ignored"; }';
    const r = evalModule(dir, 'pastebin', set, '{ env = u.environment; ok = builtins.all (a: a.assertion) c.assertions; msgs = map (a: a.message) (builtins.filter (a: !a.assertion) c.assertions); }');
    assert.deepEqual(r.env, {
      DATABASE_HOST: 'db.internal',
      DATABASE_NAME: 'paste',
      ASSETS_PATH: '/srv/assets',
      APP_WORKERS: '4',
      GREETING: 'hello',
      PASTE_MAX_SIZE: '1048576',
      PORT: '3000',
    });
    assert.equal(r.ok, false, 'SESSION_SECRET needs environmentFile');
    assert.match(r.msgs[0], /SESSION_SECRET \(src\/main\.rs:14\)/);
    const withFile = set.replace('}', ' environmentFile = "/run/secrets/pastebin.env"; }');
    assert.equal(evalModule(dir, 'pastebin', withFile, 'builtins.all (a: a.assertion) c.assertions'), true);
  });

  it('required clap args on the command line; secret files through LoadCredential at %d, refused from the store', () => {
    const dir = generate('needs-clap');
    const base = {
      rpId: '"example.org"',
      rpOrigin: '"https://example.org/a b"',
      adminPasswordFile: '"/run/secrets/admin"',
      sessionSecretFile: '"/run/secrets/session"',
      environmentFile: '"/run/secrets/passkeys.env"',
    };
    const set = (over: Partial<typeof base> = {}) =>
      `{ enable = true; package = s.package "passkeys"; ${Object.entries({ ...base, ...over })
        .map(([k, v]) => `${k} = ${v};`)
        .join(' ')} }`;
    const r = evalModule(dir, 'passkeys', set(), '{ sc = u.serviceConfig; ok = builtins.all (a: a.assertion) c.assertions; }');
    assert.equal(
      r.sc.ExecStart,
      '"/nix/store/00000000000000000000000000000000-passkeys/bin/passkeys" "--listen" "127.0.0.1:8080" "--rp-id" "example.org" "--rp-origin" "https://example.org/a b" "--session-minutes" "60" --admin-password-file %d/admin-password-file --session-secret-file %d/session-secret-file',
    );
    assert.deepEqual(r.sc.LoadCredential, ['admin-password-file:/run/secrets/admin', 'session-secret-file:/run/secrets/session']);
    assert.equal(r.ok, true);
    assert.equal(evalModule(dir, 'passkeys', set({ adminPasswordFile: '"/nix/store/abc-admin"' }), 'builtins.all (a: a.assertion) c.assertions'), false);
    assert.equal(evalModule(dir, 'passkeys', set({ rpOrigin: '"100% $HOME"' }), 'u.serviceConfig.ExecStart').includes('"--rp-origin" "100%% $$HOME"'), true);
    assert.equal(evalModule(dir, 'passkeys', '{ }', 'o.rpId ? default'), false);
  });

  it('a TOML configuration file from settings, with the listen key from listenAddress and port', () => {
    const dir = generate('needs-config');
    const r = evalModule(
      dir,
      'wiki',
      '{ enable = true; package = s.package "wiki"; port = 4100; settings = { site_name = "Notes"; "data-dir" = "/var/lib/wiki"; }; }',
      '{ env = u.environment; file = o.configFile.default.value; type = o.settings.type.name; }',
    );
    assert.equal(r.type, 'tomlFormat');
    assert.deepEqual(r.file, { listen: '127.0.0.1:4100', site_name: 'Notes', 'data-dir': '/var/lib/wiki' });
    assert.equal(r.env.WIKI_CONFIG, '/nix/store/00000000000000000000000000000000-wiki.toml');
  });

  it('the VM test sets every required option, with secrets outside the store', () => {
    const dir = generate('needs-clap');
    const t = nixEvalJson(
      `let s = import ${stubs}; t = import ${join(dir, 'nixos', 'test.nix')} { inherit (s.pkgs) stdenv testers runCommand; nixosModule = { }; }; m = t.nodes.machine { pkgs = s.pkgs; }; in { svc = m.services.passkeys; etc = builtins.attrNames m.environment.etc; }`,
    ) as any;
    assert.equal(t.svc.rpId, 'test');
    assert.equal(t.svc.adminPasswordFile, '/etc/nixify-test/passkeys/admin-password-file');
    assert.equal(t.svc.environmentFile, '/etc/nixify-test/passkeys/env');
    assert.deepEqual(t.etc.sort(), ['nixify-test/passkeys/admin-password-file', 'nixify-test/passkeys/env', 'nixify-test/passkeys/session-secret-file']);
  });

  it('links to the site root: a NixOS warning under a sub-path, none at the root or without nginx', () => {
    const dir = generate('root-links');
    const w = (extra: string) => evalModule(dir, 'board', `{ enable = true; package = s.package "board"; ${extra} }`, 'c.warnings');
    const under = w('nginx = { enable = true; virtualHost = "example.org"; path = "/board/"; };');
    assert.equal(under.length, 1);
    assert.match(under[0], /^services\.board\.nginx\.path = \/board\/: board emits links that start at the site root \(src\/main\.rs:4 Redirect::to\("\/login"\)/);
    assert.deepEqual(w('nginx = { enable = true; virtualHost = "example.org"; path = "/"; };'), []);
    assert.deepEqual(w(''), []);
  });
});

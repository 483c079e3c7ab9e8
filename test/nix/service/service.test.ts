// The service files checked with real Nix: every file parses, and the module,
// the Docker image and the VM test are evaluated against stub lib/utils/pkgs
// (test/fixtures/service/stub/stubs.nix) to check their structure: options
// with types and defaults, serviceConfig, nginx locations and their
// trailing-slash semantics, assertions.
//
// Not run here (needs nixpkgs, which cannot be fetched): the real NixOS module
// system (type checks, merging with an existing virtual host, the rendered
// systemd unit), building the package or the image, and the VM test itself
// (`nix build .#checks.x86_64-linux.nixos` on Linux with KVM).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { infer } from '../../../server/src/infer/infer';
import { defaultInitOptions, planInit } from '../../../server/src/generate/plan';
import { planService, type ServiceOptions } from '../../../server/src/generate/service';
import { NGINX_PATH_REGEX } from '../../../server/src/generate/nginx';
import { escapeIndented } from '../../../server/src/generate/nixWriter';
import { loadWorkspace } from '../../../server/src/model/workspace';
import { ensureParser, initParsers } from '../../../server/src/parse/treeSitter';
import { nixEvalJson, nixParse } from '../nix';

const fixtures = join(__dirname, '..', '..', 'fixtures');
const stubs = join(fixtures, 'service', 'stub', 'stubs.nix');
const tmp = mkdtempSync(join(tmpdir(), 'nixify-service-'));
before(() => Promise.all([initParsers(), ensureParser('rust')]));
after(() => rmSync(tmp, { recursive: true, force: true }));

const ALL: ServiceOptions = { module: true, docker: true, vmTest: true, nginxPath: '/forum/', virtualHost: 'example.org' };

function generate(fixture: string, opts: Partial<ServiceOptions> = {}, name = `${fixture}-${Object.keys(opts).join('-')}`) {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  const plan = planService(loadWorkspace(join(fixtures, 'service', fixture)), { ...ALL, ...opts });
  for (const f of plan.files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.content);
  }
  return { dir, plan };
}

/** Evaluates `select` with `r` = the module evaluated with `settings` (a Nix attrset expression). */
function evalModule(dir: string, name: string, settings: string, select: string): any {
  return nixEvalJson(
    `let s = import ${stubs}; r = s.evalModule { module = import ${join(dir, 'nixos', 'module.nix')}; name = ${JSON.stringify(name)}; settings = ${settings}; }; c = r.config.content; o = r.options.services.${name}; in ${select}`,
  );
}

// clap-port's --database-url has no default: the module requires it (serviceNeeds.ts).
const enabled = (extra = '') => `{ enable = true; package = s.package "forum"; databaseUrl = "postgres:///forum"; ${extra} }`;

describe('service files parse with nix-instantiate --parse', () => {
  for (const f of ['clap-port', 'port-env', 'hardcoded', 'assets']) {
    for (const staticUser of [false, true]) {
      it(`${f}${staticUser ? ' (static user)' : ''}: module, VM test and Docker image parse`, () => {
        const { dir, plan } = generate(f, { staticUser }, `parse-${f}-${staticUser}`);
        assert.deepEqual(plan.files.map((x) => x.path).sort(), ['nix/docker.nix', 'nixos/module.nix', 'nixos/test.nix']);
        for (const x of plan.files) nixParse(join(dir, x.path));
      });
    }
  }
});

describe('golden files and package additions with real Nix', () => {
  it('every committed golden .nix file parses', () => {
    const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : e.name.endsWith('.nix') ? [join(d, e.name)] : []));
    const files = walk(join(fixtures, 'service', 'golden'));
    assert.ok(files.length >= 8);
    for (const f of files) nixParse(f);
  });

  it("postInstall evaluates to exactly the shell text, and indented strings keep '' and ${ literal", () => {
    const { plan } = generate('assets', { module: false }, 'post');
    const samples = [plan.packageAdditions.postInstall!, "a ''quoted'' ${not} $out\n\tb", "'''", '$${x}', 'x\n\ny', '  all\n    indented', '\tтаб\n\t😀'];
    const file = join(tmp, 'indented.nix');
    writeFileSync(file, `[\n${samples.map((t) => `  (${escapeIndented(`${t}\n`, 2)})`).join('\n')}\n]\n`);
    assert.deepEqual(
      nixEvalJson(`import ${file}`),
      samples.map((t) => `${t}\n`),
    );
  });
});

describe('NixOS module structure (stub lib, real Nix)', () => {
  let dir = '';
  before(() => void ({ dir } = generate('clap-port', {}, 'clap')));

  it('declares every option with its type and default', () => {
    const r = evalModule(
      dir,
      'forum',
      '{ }',
      `builtins.mapAttrs (n: v: { type = v.type.name; elem = v.type.elem.name or null; default = if n == "package" then null else v.default or "<none>"; }) (removeAttrs o [ "nginx" ]) // { nginx = builtins.mapAttrs (n: v: { type = v.type.name; regex = v.type.regex or null; default = v.default or "<none>"; }) o.nginx; }`,
    );
    assert.deepEqual(r.enable, { type: 'bool', elem: null, default: false });
    assert.deepEqual(r.port, { type: 'port', elem: null, default: 8090 }, 'the clap default_value_t');
    assert.deepEqual(r.listenAddress, { type: 'str', elem: null, default: '127.0.0.1' });
    assert.deepEqual(r.environment, { type: 'attrsOf', elem: 'str', default: {} });
    assert.deepEqual(r.environmentFile, { type: 'nullOr', elem: 'path', default: null });
    assert.deepEqual(r.extraArgs, { type: 'listOf', elem: 'str', default: [] });
    assert.deepEqual(r.openFirewall, { type: 'bool', elem: null, default: false });
    assert.deepEqual(r.user, { type: 'str', elem: null, default: 'forum' });
    assert.deepEqual(r.group, { type: 'str', elem: null, default: 'forum' });
    assert.equal(r.package.type, 'package');
    assert.deepEqual(r.nginx, {
      enable: { type: 'bool', regex: null, default: false },
      virtualHost: { type: 'str', regex: null, default: 'example.org' },
      path: { type: 'strMatching', regex: NGINX_PATH_REGEX, default: '/forum/' },
      stripPrefix: { type: 'bool', regex: null, default: true },
      websockets: { type: 'bool', regex: null, default: true },
    });
  });

  it('defaults the package to ../package.nix when imported without flakes', () => {
    const r = evalModule(dir, 'forum', '{ }', '{ p = o.package.default.calledPackage; t = o.package.defaultText.text; }');
    assert.ok(r.p.endsWith('/package.nix') && !r.p.endsWith('/nixos/package.nix'), r.p);
    assert.equal(r.t, 'pkgs.callPackage ./package.nix { }');
  });

  it('does nothing unless enabled', () => {
    assert.equal(evalModule(dir, 'forum', '{ }', 'r.config.condition'), false);
    assert.equal(evalModule(dir, 'forum', enabled(), 'r.config.condition'), true);
  });

  it('runs a hardened unit as a DynamicUser after the network, restarting on failure', () => {
    const r = evalModule(dir, 'forum', enabled(), 'let u = c.systemd.services.forum; in { inherit (u) wantedBy after wants environment; sc = u.serviceConfig; users = c ? users; }');
    assert.deepEqual(r.wantedBy, ['multi-user.target']);
    assert.deepEqual(r.after, ['network-online.target']);
    assert.deepEqual(r.wants, ['network-online.target']);
    assert.deepEqual(r.environment, {});
    assert.equal(r.users, false, 'no users.users with DynamicUser');
    const sc = r.sc;
    assert.equal(sc.ExecStart, '"/nix/store/00000000000000000000000000000000-forum/bin/forum" "--port" "8090" "--host" "127.0.0.1" "--database-url" "postgres:///forum"');
    assert.equal(sc.Restart, 'on-failure');
    assert.equal(sc.DynamicUser, true);
    assert.equal(sc.User, 'forum');
    assert.equal(sc.StateDirectory, 'forum');
    assert.equal(sc.EnvironmentFile, undefined);
    assert.deepEqual(
      {
        CapabilityBoundingSet: sc.CapabilityBoundingSet,
        AmbientCapabilities: sc.AmbientCapabilities,
        PrivateUsers: sc.PrivateUsers,
        NoNewPrivileges: sc.NoNewPrivileges,
        PrivateTmp: sc.PrivateTmp,
        PrivateDevices: sc.PrivateDevices,
        ProtectSystem: sc.ProtectSystem,
        ProtectHome: sc.ProtectHome,
        ProtectKernelTunables: sc.ProtectKernelTunables,
        ProtectKernelModules: sc.ProtectKernelModules,
        ProtectKernelLogs: sc.ProtectKernelLogs,
        ProtectControlGroups: sc.ProtectControlGroups,
        ProtectClock: sc.ProtectClock,
        ProtectHostname: sc.ProtectHostname,
        ProtectProc: sc.ProtectProc,
        ProcSubset: sc.ProcSubset,
        RestrictAddressFamilies: sc.RestrictAddressFamilies,
        RestrictNamespaces: sc.RestrictNamespaces,
        RestrictRealtime: sc.RestrictRealtime,
        RestrictSUIDSGID: sc.RestrictSUIDSGID,
        LockPersonality: sc.LockPersonality,
        MemoryDenyWriteExecute: sc.MemoryDenyWriteExecute,
        SystemCallArchitectures: sc.SystemCallArchitectures,
        SystemCallFilter: sc.SystemCallFilter,
        UMask: sc.UMask,
        RemoveIPC: sc.RemoveIPC,
      },
      {
        CapabilityBoundingSet: [''],
        AmbientCapabilities: [],
        PrivateUsers: true,
        NoNewPrivileges: true,
        PrivateTmp: true,
        PrivateDevices: true,
        ProtectSystem: 'strict',
        ProtectHome: true,
        ProtectKernelTunables: true,
        ProtectKernelModules: true,
        ProtectKernelLogs: true,
        ProtectControlGroups: true,
        ProtectClock: true,
        ProtectHostname: true,
        ProtectProc: 'invisible',
        ProcSubset: 'pid',
        RestrictAddressFamilies: ['AF_INET', 'AF_INET6', 'AF_UNIX'],
        RestrictNamespaces: true,
        RestrictRealtime: true,
        RestrictSUIDSGID: true,
        LockPersonality: true,
        MemoryDenyWriteExecute: true,
        SystemCallArchitectures: 'native',
        SystemCallFilter: ['@system-service', '~@privileged'],
        UMask: '0077',
        RemoveIPC: true,
      },
    );
  });

  it('a port below 1024 gets CAP_NET_BIND_SERVICE and no private user namespace', () => {
    const sc = evalModule(dir, 'forum', enabled('port = 80;'), 'c.systemd.services.forum.serviceConfig');
    assert.deepEqual(sc.CapabilityBoundingSet, ['CAP_NET_BIND_SERVICE']);
    assert.deepEqual(sc.AmbientCapabilities, ['CAP_NET_BIND_SERVICE']);
    assert.equal(sc.PrivateUsers, false);
    assert.match(sc.ExecStart, /"--port" "80"/);
  });

  it('quotes extraArgs for systemd (% and $ are doubled) after the wired listen arguments', () => {
    const sc = evalModule(dir, 'forum', enabled('extraArgs = [ "--motd=100% $HOME" "two words" ];'), 'c.systemd.services.forum.serviceConfig');
    assert.equal(
      sc.ExecStart,
      '"/nix/store/00000000000000000000000000000000-forum/bin/forum" "--port" "8090" "--host" "127.0.0.1" "--database-url" "postgres:///forum" "--motd=100%% $$HOME" "two words"',
    );
  });

  it('reads secrets from environmentFile, refusing Nix paths and store paths', () => {
    const r = evalModule(
      dir,
      'forum',
      enabled('environmentFile = "/run/secrets/forum.env";'),
      '{ f = c.systemd.services.forum.serviceConfig.EnvironmentFile; ok = builtins.all (a: a.assertion) c.assertions; }',
    );
    assert.deepEqual(r, { f: '/run/secrets/forum.env', ok: true });
    assert.equal(evalModule(dir, 'forum', enabled('environmentFile = ./secret.env;'), '(builtins.head c.assertions).assertion'), false);
    assert.equal(evalModule(dir, 'forum', enabled('environmentFile = "/nix/store/abc-secret.env";'), '(builtins.head c.assertions).assertion'), false);
  });

  it('opens the firewall only when asked', () => {
    assert.deepEqual(evalModule(dir, 'forum', enabled(), 'c.networking.firewall.allowedTCPPorts'), { _type: 'if', condition: false, content: [8090] });
    assert.equal(evalModule(dir, 'forum', enabled('openFirewall = true;'), 'c.networking.firewall.allowedTCPPorts.condition'), true);
  });

  const locations = (settings: string, host = 'example.org') =>
    evalModule(
      dir,
      'forum',
      enabled(settings),
      `let n = c.services.nginx; in { cond = n.condition; enable = n.content.enable; vhosts = builtins.attrNames n.content.virtualHosts; l = n.content.virtualHosts.${JSON.stringify(host)}.locations; }`,
    );

  it('nginx: adds /forum/ with a prefix-stripping proxyPass (trailing slash) and an exact /forum redirect to the existing host', () => {
    const r = locations('nginx.enable = true;');
    assert.equal(r.cond, true);
    assert.equal(r.enable, true);
    assert.deepEqual(r.vhosts, ['example.org']);
    assert.deepEqual(Object.keys(r.l).sort(), ['/forum/', '= /forum']);
    const loc = r.l['/forum/'];
    assert.equal(loc.proxyPass, 'http://127.0.0.1:8090/');
    assert.equal(loc.recommendedProxySettings, true);
    assert.equal(loc.proxyWebsockets, true);
    assert.equal(loc.extraConfig, 'proxy_set_header X-Forwarded-Prefix /forum;');
    assert.equal(r.l['= /forum'].return, '301 /forum/');
    assert.equal(
      Object.keys(loc).some((k) => /ACME|SSL|root/i.test(k)),
      false,
      "the virtual host stays the user's",
    );
  });

  it('nginx: keeps the prefix (no URI part in proxyPass) when stripPrefix = false', () => {
    const r = locations('nginx = { enable = true; stripPrefix = false; };');
    assert.equal(r.l['/forum/'].proxyPass, 'http://127.0.0.1:8090');
  });

  it('nginx: /forum and /forum/ are the same path; / serves the app at the root without a redirect', () => {
    assert.deepEqual(Object.keys(locations('nginx = { enable = true; path = "/forum"; };').l).sort(), ['/forum/', '= /forum']);
    const root = locations('nginx = { enable = true; path = "/"; };').l;
    assert.deepEqual(Object.keys(root), ['/']);
    assert.equal(root['/'].extraConfig, '', 'no X-Forwarded-Prefix at the root: nginx refuses an empty header value');
    assert.deepEqual(Object.keys(locations('nginx = { enable = true; path = "/apps/forum/"; };').l).sort(), ['/apps/forum/', '= /apps/forum']);
  });

  it("nginx: the path option's type (real builtins.match) takes what an nginx location holds and refuses spaces, ; { } # quotes and $", () => {
    const paths = ['/', '/forum/', '/forum', '/apps/my-forum_2/', '/a b/', '/x;y/', '/x{/', '/#x', '/"x"', "/'x'", '/$x/', 'forum/', ''];
    const ok = nixEvalJson(`map (p: builtins.match ${JSON.stringify(NGINX_PATH_REGEX)} p != null) ${`[ ${paths.map((p) => JSON.stringify(p).replace(/\$/g, '\\$')).join(' ')} ]`}`);
    assert.deepEqual(ok, [true, true, true, true, false, false, false, false, false, false, false, false, false]);
  });

  it('nginx: connects to IPv6 and wildcard listen addresses the right way, on another virtual host if told', () => {
    assert.equal(locations('listenAddress = "::1"; nginx.enable = true;').l['/forum/'].proxyPass, 'http://[::1]:8090/');
    assert.equal(locations('listenAddress = "0.0.0.0"; nginx.enable = true;').l['/forum/'].proxyPass, 'http://127.0.0.1:8090/');
    assert.deepEqual(locations('nginx = { enable = true; virtualHost = "www.example.net"; };', 'www.example.net').vhosts, ['www.example.net']);
  });

  it('nginx is off unless enabled', () => {
    assert.equal(locations('').cond, false);
  });
});

describe('port wiring per detection (stub lib, real Nix)', () => {
  it('PORT from the environment: set from the port option, which wins over environment; the hard-coded address is asserted', () => {
    const { dir } = generate('port-env', {}, 'env');
    const r = evalModule(
      dir,
      'pastebin',
      enabled('environment = { PORT = "1"; RUST_LOG = "info"; };'),
      '{ env = c.systemd.services.pastebin.environment; port = o.port.default; ok = builtins.all (a: a.assertion) c.assertions; }',
    );
    assert.deepEqual(r.env, { DATABASE_HOST: 'localhost', PORT: '3000', RUST_LOG: 'info' }, "DATABASE_HOST: the code's fallback, carried over");
    assert.equal(r.port, 3000);
    assert.equal(r.ok, true);
    assert.equal(evalModule(dir, 'pastebin', enabled('listenAddress = "0.0.0.0";'), 'builtins.all (a: a.assertion) c.assertions'), false);
    assert.equal(evalModule(dir, 'pastebin', enabled('port = 4000;'), 'c.systemd.services.pastebin.environment.PORT'), '4000');
  });

  it('address:port in one variable (BIND_ADDR), IPv6 in brackets', () => {
    const { dir } = generate('assets', {}, 'socket');
    assert.deepEqual(evalModule(dir, 'gallery', enabled(), 'c.systemd.services.gallery.environment'), { BIND_ADDR: '127.0.0.1:8000' });
    assert.deepEqual(evalModule(dir, 'gallery', enabled('listenAddress = "::1"; port = 9000;'), 'c.systemd.services.gallery.environment'), { BIND_ADDR: '[::1]:9000' });
    assert.equal(evalModule(dir, 'gallery', enabled(), 'c.systemd.services.gallery.serviceConfig ? WorkingDirectory'), false, 'the wrapper chdirs to the assets');
  });

  it('hard-coded 127.0.0.1:3000 with a static user: defaults to it, asserts it, creates a nologin system user', () => {
    const { dir } = generate('hardcoded', { staticUser: true }, 'static');
    const r = evalModule(
      dir,
      'hello-web',
      enabled(),
      '{ port = o.port.default; ok = builtins.all (a: a.assertion) c.assertions; users = c.users.users; groups = c.users.groups; sc = c.systemd.services.hello-web.serviceConfig; }',
    );
    assert.equal(r.port, 3000);
    assert.equal(r.ok, true);
    assert.equal(r.users.condition, true);
    assert.deepEqual(r.users.content['hello-web'], { isSystemUser: true, group: 'hello-web', description: 'hello-web service user' });
    assert.deepEqual(r.groups, { _type: 'if', condition: true, content: { 'hello-web': {} } });
    assert.equal(r.sc.DynamicUser, undefined);
    assert.equal(r.sc.User, 'hello-web');
    assert.equal(r.sc.ExecStart, '"/nix/store/00000000000000000000000000000000-forum/bin/forum"');
    const moved = evalModule(dir, 'hello-web', enabled('port = 4000;'), 'map (a: a.message) (builtins.filter (a: !a.assertion) c.assertions)');
    assert.equal(moved.length, 1);
    assert.match(moved[0], /hard-coded in src\/main\.rs:13/);
    assert.equal(evalModule(dir, 'hello-web', enabled('user = "www";'), 'c.users.users.condition'), false, 'an existing user is not redefined');
  });
});

describe('Docker image and VM test (stub pkgs, real Nix)', () => {
  let dir = '';
  before(() => void ({ dir } = generate('assets', {}, 'docker')));

  it('a streamed layered image: entrypoint, exposed port, listen settings for a container, CA certificates for TLS', () => {
    const r = nixEvalJson(
      `let s = import ${stubs}; in import ${join(dir, 'nix', 'docker.nix')} { inherit (s.pkgs) dockerTools cacert callPackage; inherit (s) lib; package = s.package "gallery"; }`,
    ) as any;
    assert.equal(r.image, 'stream');
    assert.equal(r.name, 'gallery');
    assert.equal(r.tag, '1.0.0');
    assert.deepEqual(r.contents, ['fakeNss', '/nix/store/00000000000000000000000000000000-cacert']);
    assert.deepEqual(r.config.Entrypoint, ['/nix/store/00000000000000000000000000000000-gallery/bin/gallery']);
    assert.deepEqual(r.config.ExposedPorts, { '8000/tcp': {} });
    assert.deepEqual(r.config.Env, ['BIND_ADDR=0.0.0.0:8000', 'SSL_CERT_FILE=/nix/store/00000000000000000000000000000000-cacert/etc/ssl/certs/ca-bundle.crt']);
    assert.equal(r.config.User, 'nobody');
  });

  it('the image without flakes builds ../package.nix', () => {
    const p = nixEvalJson(`let s = import ${stubs}; in (import ${join(dir, 'nix', 'docker.nix')} { inherit (s.pkgs) dockerTools cacert callPackage; inherit (s) lib; }).config.Entrypoint`) as string[];
    assert.deepEqual(p, ['/nix/store/00000000000000000000000000000000-called/bin/called'], 'the default package argument came from callPackage');
  });

  it('a clap service gets its arguments as the image Cmd, without cacert when it makes no TLS requests', () => {
    const { dir: d2 } = generate('clap-port', {}, 'docker-clap');
    const r = nixEvalJson(`let s = import ${stubs}; in (import ${join(d2, 'nix', 'docker.nix')} { inherit (s.pkgs) dockerTools callPackage; inherit (s) lib; package = s.package "forum"; })`) as any;
    assert.deepEqual(r.config.Cmd, ['--port', '8090', '--host', '0.0.0.0']);
    assert.deepEqual(r.contents, ['fakeNss']);
    assert.equal(r.config.Env, undefined);
  });

  it('the VM test enables the module and nginx beside an existing site and curls /forum/ through nginx', () => {
    const r = nixEvalJson(
      `let s = import ${stubs}; t = import ${join(dir, 'nixos', 'test.nix')} { inherit (s.pkgs) stdenv testers runCommand; }; node = t.nodes.machine { pkgs = s.pkgs; }; in { inherit (t) nixosTest name; imports = map toString node.imports; svc = node.services.gallery; site = node.services.nginx.virtualHosts.localhost.locations; script = t.testScript { nodes.machine.services.gallery = { port = 8000; listenAddress = "0.0.0.0"; }; }; }`,
    ) as any;
    assert.equal(r.nixosTest, true);
    assert.ok(r.imports[0].endsWith('/nixos/module.nix'));
    assert.deepEqual(r.svc, { enable: true, nginx: { enable: true, virtualHost: 'localhost', path: '/forum/' } });
    assert.deepEqual(Object.keys(r.site), ['/'], 'the stand-in site has its own location; the module adds /forum/');
    for (const line of [
      'machine.wait_for_unit("gallery.service")',
      'machine.wait_for_open_port(8000)',
      'machine.wait_for_open_port(80)',
      '--write-out \'\\\\n%{http_code}\' http://127.0.0.1:8000/").rsplit("\\n", 1)',
      '--write-out \'\\\\n%{http_code}\' http://localhost/forum/").rsplit("\\n", 1)',
      'assert proxied_status == direct_status',
      'assert proxied_body.strip() != ""',
      '--write-out \'%{http_code} %{redirect_url}\' http://localhost/forum").strip() == "301 http://localhost/forum/"',
      'assert "the existing site" in machine.succeed("curl --fail --silent http://localhost/")',
    ]) {
      assert.ok(r.script.includes(line), `${line} in\n${r.script}`);
    }
    // The test driver runs it as Python: it must parse.
    const py = spawnSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: r.script, encoding: 'utf8' });
    if (!py.error) assert.equal(py.status, 0, `${py.stderr}\n${r.script}`);
  });

  it('the VM test is skipped, saying so, on a system that is not Linux', () => {
    const r = nixEvalJson(`let s = import ${stubs}; in import ${join(dir, 'nixos', 'test.nix')} { inherit (s.pkgs) testers runCommand; stdenv.hostPlatform.isLinux = false; }`) as any;
    assert.equal(r.skipped, true);
    assert.match(r.script, /Linux only/);
  });
});

describe('flake outputs (with the flake generator and its stub nixpkgs)', () => {
  it('nixosModules.default is system-agnostic and takes the package from the flake for the host system; docker and the VM check are per system', () => {
    const dir = join(tmp, 'flake');
    cpSync(join(fixtures, 'service', 'clap-port'), dir, { recursive: true });
    const ws = loadWorkspace(dir);
    const svc = planService(ws, ALL);
    const plan = planInit(
      ws,
      infer(ws),
      { ...defaultInitOptions(ws), builder: 'buildRustPackage', flake: true },
      () => false,
      () => ({ files: svc.files, flake: svc.flakeAdditions, warnings: svc.warnings }),
    );
    for (const f of plan.files) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.content);
      nixParse(join(dir, f.path));
    }
    writeFileSync(join(dir, 'Cargo.lock'), 'version = 3\n');
    const gen = join(fixtures, 'generate', 'stub-nixpkgs', 'stub.nix');
    const r = nixEvalJson(
      `let g = import ${gen} { }; s = import ${stubs}; flake = import ${join(dir, 'flake.nix')}; self = flake.outputs { inherit self; inherit (g) nixpkgs; }; m = self.nixosModules.default { inherit (s) lib; pkgs = s.pkgs; }; in { outputs = builtins.attrNames self; imports = map toString m.imports; pkg = m.services.forum.package._type; pname = m.services.forum.package.content.pname; packages = builtins.attrNames self.packages.aarch64-linux; checks = builtins.attrNames self.checks.x86_64-linux; }`,
    ) as any;
    assert.ok(r.outputs.includes('nixosModules'));
    assert.ok(r.imports[0].endsWith('/nixos/module.nix'));
    assert.equal(r.pkg, 'override', 'mkDefault, so a user-set package wins');
    assert.equal(r.pname, 'forum');
    assert.deepEqual(r.packages, ['default', 'docker']);
    assert.ok(r.checks.includes('nixos'));
  });
});

// nixos/test.nix: a NixOS VM test (pkgs.testers.runNixOSTest) that enables the
// module and nginx with a stand-in for the existing site, then checks the
// service answers through http://localhost<path>. It needs Linux with KVM;
// on other systems the check is a derivation that says it was skipped, so
// `nix flake check` on a Mac does not fail for want of a Linux builder.
import { attrs, call, code, file, fn, istrWith, kv, list, name, print, raw, str } from './nixWriter';
import type { ServiceModel } from './service';
import { vmTestNeeds } from './serviceNeeds';

/** A Python string literal (JSON's escapes are Python's too). */
const py = (s: string) => JSON.stringify(s);

export function vmTestNix(m: ServiceModel): string {
  const path = m.nginx.path;
  // Stand-ins for the settings the program cannot start without (serviceNeeds.ts).
  const needs = vmTestNeeds(m);
  const base = path.replace(/\/$/, '');
  // What the service answers itself, then the same page through nginx: the proxied page must come from
  // the service (same status, not a 5xx from nginx, not empty) and hold the text its handler writes.
  const fetch = (v: string, url: string) => `${v}_body, ${v}_status = machine.succeed(${py(`curl --silent --show-error --write-out '\\n%{http_code}' ${url}`)}).rsplit("\\n", 1)`;
  // @PORT@ and @HOST@ become Nix interpolations of the node's settings.
  const script = [
    `machine.wait_for_unit(${py(`${m.name}.service`)})`,
    'machine.wait_for_open_port(@PORT@)',
    'machine.wait_for_unit("nginx.service")',
    'machine.wait_for_open_port(80)',
    `# What ${m.name} answers itself, then through nginx at ${path}: the same status, a page that is not empty, from the service.`,
    fetch('direct', 'http://@HOST@:@PORT@/'),
    fetch('proxied', `http://localhost${path}`),
    'assert proxied_status == direct_status, f"through nginx: {proxied_status}, directly: {direct_status}"',
    'assert int(proxied_status) < 500, f"nginx answered {proxied_status}: {proxied_body}"',
    'assert proxied_body.strip() != "", "an empty page"',
    ...(m.marker ? [`# ${m.marker.at.file}:${m.marker.at.line} writes it.`, `assert ${py(m.marker.text)} in proxied_body, proxied_body`] : []),
    ...(base
      ? [
          `# ${base} redirects to ${path}, and the existing site still answers at /.`,
          `assert machine.succeed("curl --silent --output /dev/null --write-out '%{http_code} %{redirect_url}' http://localhost${base}").strip() == ${py(`301 http://localhost${path}`)}`,
          'assert "the existing site" in machine.succeed("curl --fail --silent http://localhost/")',
        ]
      : []),
    '',
  ].join('\n');
  const parts = script.split(/@PORT@|@HOST@/);
  const holes = [...script.matchAll(/@PORT@|@HOST@/g)].map((x) => (x[0] === '@PORT@' ? code`port` : code`host`));
  const node = fn(
    ['pkgs'],
    attrs([
      kv('imports', list([raw('nixosModule')])),
      kv(
        code`services.${name(m.name)}`,
        attrs([kv('enable', raw('true')), ...needs.service, kv('nginx', attrs([kv('enable', raw('true')), kv('virtualHost', str('localhost')), kv('path', str(path))]))]),
      ),
      ...(base
        ? [
            kv(
              'services.nginx.virtualHosts.localhost.locations',
              attrs([kv('"/"', attrs([kv('return', str("200 'the existing site'"))]))]),
              'Stands in for the site nginx already serves (the Hugo site in docs/deploy.md).',
            ),
          ]
        : []),
      ...needs.machine,
      kv('environment.systemPackages', list([raw('pkgs.curl')])),
    ]),
    true,
  );
  const test = attrs([
    kv('name', str(`${m.name}-behind-nginx`)),
    kv('nodes.machine', node),
    kv(
      'testScript',
      raw(
        code`{ nodes, ... }:\n      let\n        cfg = nodes.machine.services.${name(m.name)};\n        port = toString cfg.port;\n        # A wildcard or IPv6 listen address is reached through loopback.\n        host = if builtins.match ".*:.*" cfg.listenAddress != null then "[::1]" else "127.0.0.1";\n      in\n      ${print(istrWith(parts, holes), 6)}`,
      ),
    ),
  ]);
  const skipped = call('runCommand', str(`${m.name}-vm-test-skipped`), attrs([]), str('echo "the NixOS VM test of this flake runs on Linux only" > $out'));
  const body = raw(code`if stdenv.hostPlatform.isLinux then\n  testers.runNixOSTest ${print(test, 2)}\nelse\n  ${print(skipped, 2)}`);
  const header = [
    `NixOS VM test: ${m.name} behind nginx at http://localhost${path}, next to an existing site.`,
    "Run: nix build .#checks.x86_64-linux.nixos -L (Linux with KVM). Without flakes: nix-build -E '(import <nixpkgs> { }).callPackage ./nixos/test.nix { }'",
  ].join('\n');
  return file(fn(['stdenv', 'testers', 'runCommand', 'nixosModule ? ./module.nix'], body), header);
}

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
  // The port is a Nix interpolation in the middle of the script.
  const before = `machine.wait_for_unit(${py(`${m.name}.service`)})\nmachine.wait_for_open_port(`;
  const script = [
    ')',
    'machine.wait_for_unit("nginx.service")',
    'machine.wait_for_open_port(80)',
    `machine.succeed("curl --fail --silent --show-error http://localhost${path}")`,
    ...(base
      ? [
          `# ${base} redirects to ${path}, and the existing site still answers at /.`,
          `assert machine.succeed("curl --silent --output /dev/null --write-out '%{http_code}' http://localhost${base}").strip() == "301"`,
        ]
      : []),
    ...(base ? ['machine.succeed("curl --fail --silent http://localhost/")'] : []),
    '',
  ].join('\n');
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
      raw(code`{ nodes, ... }:\n      let\n        port = toString nodes.machine.services.${name(m.name)}.port;\n      in\n      ${print(istrWith([before, script], [code`port`]), 6)}`),
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

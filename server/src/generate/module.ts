// nixos/module.nix: services.<name> in the style of nixpkgs' best web-service
// modules (vaultwarden, atuin, microbin): options with types and defaults, a
// hardened systemd unit running as a non-interactive user on a local port,
// secrets through EnvironmentFile, and an optional nginx location.
//
// Importable two ways: the flake's nixosModules.default sets `package` from
// the flake (mkDefault); a plain `imports = [ ./nixos/module.nix ]` falls back
// to callPackage on the repository's package.nix.
import { nginxConfig, nginxLets, nginxOptions } from './nginx';
import { attrs, call, code, escapeString, file, fn, inlineCode, int, interpolated, kv, letIn, list, name, pathExpr, print, raw, str, textStr, update, type Entry, type Nix } from './nixWriter';
import type { ServiceModel, WiredValue } from './service';
import { execStartSuffix, loadCredential, rootLinkMessage, needArgs, needArgsFirst, needAssertions, needEnv, needLets, needOptions } from './serviceNeeds';
import { addressFamilies, databaseAssertions, databaseConfig, databaseEnv, databaseOptions, databaseOrdering, procEntries, writableEntries } from './serviceUses';

const opt = (entries: Entry[]): Nix => call('lib.mkOption', attrs(entries));
const valueExpr = (v: WiredValue) => (v === 'port' ? 'toString cfg.port' : v === 'socket' ? 'hostPort' : 'cfg.listenAddress');

function options(m: ServiceModel): Entry[] {
  const fixedNote = m.fixed
    ? ` ${m.bin} hard-codes ${m.fixed.port !== undefined ? 'its port' : 'its address'}${m.fixed.at ? ` (${m.fixed.at.file}:${m.fixed.at.line})` : ''}: changing it here fails an assertion until the program reads it.`
    : '';
  const pkgDefault: Entry[] = m.packageFile
    ? [
        kv('default', raw(code`pkgs.callPackage ${pathExpr(m.packageFile, 1)} { }`)),
        kv('defaultText', raw(code`lib.literalExpression ${escapeString(`pkgs.callPackage ${pathExpr(m.packageFile)} { }`)}`)),
      ]
    : [];
  return [
    kv('enable', call('lib.mkEnableOption', textStr(m.description ? `${m.name}, ${lowerFirst(m.description.trim().replace(/\.$/, ''))}` : m.name))),
    kv(
      'package',
      opt([
        kv('type', raw('lib.types.package')),
        ...pkgDefault,
        kv('description', str(`The ${m.pname} package to run. The flake's nixosModules.default sets it to the flake's own package for the host's system.`)),
      ]),
    ),
    kv(
      'listenAddress',
      opt([
        kv('type', raw('lib.types.str')),
        kv('default', str(m.listenAddress)),
        kv('example', str('::1')),
        kv('description', str(`Address ${m.bin} listens on. Keep it local when nginx is in front.${m.fixed?.address !== undefined ? fixedNote : ''}`)),
      ]),
    ),
    kv(
      'port',
      opt([
        kv('type', raw('lib.types.port')),
        kv('default', raw(int(m.port))),
        kv('description', str(`TCP port ${m.bin} listens on. ${m.portSummary}.${m.fixed?.port !== undefined ? fixedNote : ''}`)),
      ]),
    ),
    kv(
      'environment',
      opt([
        kv('type', raw('lib.types.attrsOf lib.types.str')),
        kv('default', attrs([])),
        kv('example', attrs([kv('RUST_LOG', str('info'))])),
        kv('description', str('Environment variables for the service. They end up in the world-readable Nix store: put secrets in environmentFile.')),
      ]),
    ),
    kv(
      'environmentFile',
      opt([
        kv('type', raw('lib.types.nullOr lib.types.path')),
        kv('default', raw('null')),
        kv('example', str(`/run/secrets/${m.name}.env`)),
        kv('description', str('A file of KEY=value lines (secrets) that systemd reads when the service starts. Give it as a string so it is not copied into the Nix store.')),
      ]),
    ),
    kv('extraArgs', opt([kv('type', raw('lib.types.listOf lib.types.str')), kv('default', list([])), kv('description', str(`Extra command-line arguments for ${m.bin}.`))])),
    kv('openFirewall', opt([kv('type', raw('lib.types.bool')), kv('default', raw('false')), kv('description', str('Open the port in the firewall. Not needed behind nginx on the same machine.'))])),
    kv(
      'user',
      opt([
        kv('type', raw('lib.types.str')),
        kv('default', str(m.name)),
        kv(
          'description',
          str(
            m.staticUser
              ? 'System user the service runs as; created (no login shell, no home) when left at the default.'
              : 'User name of the service. With the default, systemd allocates it when the service starts (DynamicUser); an existing user of that name is used instead.',
          ),
        ),
      ]),
    ),
    kv('group', opt([kv('type', raw('lib.types.str')), kv('default', str(m.name)), kv('description', str('Group of the service.'))])),
    ...needOptions(m),
    ...databaseOptions(m),
    kv('nginx', attrs(nginxOptions(m.name, m.nginx))),
  ];
}

function hardening(m: ServiceModel): Entry[] {
  return [
    { comment: 'Hardening, as nixpkgs does for vaultwarden and atuin. A port below 1024 needs CAP_NET_BIND_SERVICE, which only works outside a private user namespace.' },
    kv('CapabilityBoundingSet', raw('if lowPort then [ "CAP_NET_BIND_SERVICE" ] else [ "" ]')),
    kv('AmbientCapabilities', raw('lib.optionals lowPort [ "CAP_NET_BIND_SERVICE" ]')),
    kv('PrivateUsers', raw('!lowPort')),
    kv('NoNewPrivileges', raw('true')),
    kv('PrivateTmp', raw('true')),
    kv('PrivateDevices', raw('true')),
    kv('DevicePolicy', str('closed')),
    kv('ProtectSystem', str('strict')),
    kv('ProtectHome', raw('true')),
    kv('ProtectKernelTunables', raw('true')),
    kv('ProtectKernelModules', raw('true')),
    kv('ProtectKernelLogs', raw('true')),
    kv('ProtectControlGroups', raw('true')),
    kv('ProtectClock', raw('true')),
    kv('ProtectHostname', raw('true')),
    ...procEntries(m),
    addressFamilies(m),
    kv('RestrictNamespaces', raw('true')),
    kv('RestrictRealtime', raw('true')),
    kv('RestrictSUIDSGID', raw('true')),
    kv('LockPersonality', raw('true')),
    kv('MemoryDenyWriteExecute', raw(m.jit.length ? 'false' : 'true'), m.jit.length ? `${m.jit.join(', ')} generate code at run time.` : undefined),
    kv('SystemCallArchitectures', str('native')),
    kv('SystemCallFilter', list([str('@system-service'), str('~@privileged')])),
    kv('UMask', str('0077')),
    kv('RemoveIPC', raw('true')),
  ];
}

function assertions(m: ServiceModel): Nix {
  const items: Nix[] = [
    attrs([
      kv('assertion', raw('!(builtins.isPath cfg.environmentFile) && !(lib.hasPrefix builtins.storeDir (toString cfg.environmentFile))')),
      kv(
        'message',
        str(
          `services.${m.name}.environmentFile must be a path outside the Nix store, given as a string ("/run/secrets/${m.name}.env"): a Nix path value would copy the secrets into the world-readable store.`,
        ),
      ),
    ]),
    ...needAssertions(m),
    ...databaseAssertions(m),
  ];
  const f = m.fixed;
  if (f?.port !== undefined) {
    items.push(
      attrs([
        kv('assertion', raw(code`cfg.port == ${int(f.port)}`)),
        kv(
          'message',
          str(
            `services.${m.name}.port: ${m.bin} listens on port ${f.port}, hard-coded${f.at ? ` in ${f.at.file}:${f.at.line}` : ''}; make the program read its port (e.g. std::env::var("PORT")) before changing it here.`,
          ),
        ),
      ]),
    );
  }
  if (f?.address !== undefined) {
    items.push(
      attrs([
        kv('assertion', raw(code`cfg.listenAddress == ${escapeString(f.address)}`)),
        kv('message', str(`services.${m.name}.listenAddress: ${m.bin} listens on ${f.address}, hard-coded${f.at ? ` in ${f.at.file}:${f.at.line}` : ''}; it cannot be moved from here.`)),
      ]),
    );
  }
  return list(items);
}

function serviceConfig(m: ServiceModel): Nix {
  const user: Entry[] = m.staticUser
    ? [kv('User', raw('cfg.user')), kv('Group', raw('cfg.group'))]
    : [kv('DynamicUser', raw('true'), 'A fresh unprivileged user each start; its files live only in StateDirectory.'), kv('User', raw('cfg.user')), kv('Group', raw('cfg.group'))];
  const suffix = execStartSuffix(m);
  const creds = loadCredential(m);
  const entries: Entry[] = [
    suffix
      ? kv(
          'ExecStart',
          raw(interpolated(['', suffix], [code`utils.escapeSystemdExecArgs ([ (lib.getExe cfg.package) ] ++ args)`])),
          'Quoted for systemd, which would otherwise expand % and $ in arguments; then the secret files, where systemd expands %d to the credentials directory.',
        )
      : kv('ExecStart', raw('utils.escapeSystemdExecArgs ([ (lib.getExe cfg.package) ] ++ args)'), 'Quoted for systemd, which would otherwise expand % and $ in arguments.'),
    ...(creds ? [kv('LoadCredential', creds, 'Secret files, readable by the service only, at %d/<name>.')] : []),
    kv('Restart', str('on-failure')),
    kv('RestartSec', str('5s')),
    ...user,
  ];
  const writable = writableEntries(m);
  entries.push(
    kv(
      'StateDirectory',
      writable.state.length ? list([str(m.name), ...writable.state.map((d) => str(d))]) : str(m.name),
      `/var/lib/${m.name}${writable.state.map((d) => `, /var/lib/${d}`).join('')}, writable by the service; everything else is read-only.`,
    ),
    kv('StateDirectoryMode', str('0700')),
  );
  if (!m.assets.chdir) entries.push(kv('WorkingDirectory', str(`/var/lib/${m.name}`), m.uses?.writesRelative.length ? 'It writes relative paths: they land in its StateDirectory.' : undefined));
  entries.push(...writable.entries);
  entries.push(...hardening(m));
  return update(attrs(entries), call('lib.optionalAttrs', raw('(cfg.environmentFile != null)'), attrs([kv('EnvironmentFile', raw('cfg.environmentFile'))])));
}

export function moduleNix(m: ServiceModel): string {
  const argItems = [...needArgsFirst(m), ...m.args.flatMap((a) => [str(a.flag), raw(valueExpr(a.value))]), ...needArgs(m)];
  const argsList = list(argItems);
  const lets: Entry[] = [
    kv('cfg', raw(code`config.services.${name(m.name)}`)),
    kv('lowPort', raw('cfg.port < 1024')),
    ...(m.env.some((e) => e.value === 'socket') || m.args.some((a) => a.value === 'socket') || m.needs.config?.listen?.form === 'socket'
      ? [
          kv(
            'hostPort',
            raw('if lib.hasInfix ":" cfg.listenAddress then "[${cfg.listenAddress}]:${toString cfg.port}" else "${cfg.listenAddress}:${toString cfg.port}"'),
            'address:port, IPv6 in brackets.',
          ),
        ]
      : []),
    kv(
      'args',
      argItems.length ? raw(code`${argItems.length > 4 ? print(argsList, 2) : inlineCode(argsList)} ++ cfg.extraArgs`) : raw('cfg.extraArgs'),
      argItems.length ? (m.needs.options.length || m.needs.config ? 'The settings from the options, then extraArgs.' : 'The listen settings from the options, then extraArgs.') : undefined,
    ),
    ...needLets(m),
    ...nginxLets(),
  ];
  const wiredEnv = attrs([...needEnv(m), ...m.env.map((e) => kv(name(e.name), raw(valueExpr(e.value))))]);
  const anyWired = m.env.length > 0 || needEnv(m).length > 0;
  const ordering = databaseOrdering(m);
  const db = databaseEnv(m);
  const withDb = db ? update(raw('cfg.environment'), call('lib.optionalAttrs', raw('cfg.database.createLocally'), attrs([kv(name(db.env), db.value)]))) : raw('cfg.environment');
  const environment = anyWired ? update(withDb, wiredEnv) : withDb;
  const systemdService = attrs([
    kv('description', textStr(m.description ? `${m.name}: ${m.description.trim().replace(/\.$/, '')}` : m.name)),
    kv('wantedBy', list([str('multi-user.target')])),
    kv('wants', list([str('network-online.target')])),
    kv('after', ordering.after),
    ...(ordering.requires ? [ordering.requires] : []),
    kv(
      'environment',
      environment,
      needEnv(m).length ? 'The settings from the options come last so they always win.' : m.env.length ? 'The port settings come last so the port option always wins.' : undefined,
    ),
    kv('serviceConfig', serviceConfig(m)),
  ]);
  const config: Entry[] = [kv('assertions', assertions(m))];
  if (m.rootLinks.links.length)
    config.push(
      kv(
        'warnings',
        call('lib.optional', raw('(cfg.nginx.enable && base != "")'), raw(interpolated([`services.${m.name}.nginx.path = `, `: ${rootLinkMessage(m.bin, m.rootLinks)}.`], [code`cfg.nginx.path`]))),
        'Links to the site root leave a sub-path whichever way nginx passes it (model/rootLinks.ts).',
      ),
    );
  config.push(kv(code`systemd.services.${name(m.name)}`, systemdService));
  if (m.staticUser) {
    config.push(
      kv(
        'users.users',
        call(
          'lib.mkIf',
          raw(code`(cfg.user == ${escapeString(m.name)})`),
          attrs([
            kv(
              name(m.name),
              attrs([kv('isSystemUser', raw('true'), 'nologin shell and /var/empty as home: nobody logs in as it.'), kv('group', raw('cfg.group')), kv('description', str(`${m.name} service user`))]),
            ),
          ]),
        ),
      ),
      kv('users.groups', call('lib.mkIf', raw(code`(cfg.group == ${escapeString(m.name)})`), attrs([kv(name(m.name), attrs([]))]))),
    );
  }
  config.push(kv('networking.firewall.allowedTCPPorts', call('lib.mkIf', raw('cfg.openFirewall'), list([raw('cfg.port')]))));
  config.push(...databaseConfig(m));
  config.push(kv('services.nginx', nginxConfig()));
  const body = letIn(lets, attrs([kv(code`options.services.${name(m.name)}`, attrs(options(m))), kv('config', call('lib.mkIf', raw('cfg.enable'), attrs(config)))]));
  const header = [
    `NixOS module for ${m.name}, written by Nixify.`,
    '',
    `With the flake:  imports = [ inputs.${m.pname}.nixosModules.default ];`,
    `Without flakes:  imports = [ ./nixos/module.nix ];${m.packageFile ? ` (the package defaults to ./${m.packageFile})` : ` and set services.${m.name}.package`}`,
    `Then:            services.${m.name}.enable = true;`,
    '',
    `Port: ${m.portSummary}.`,
  ].join('\n');
  return file(fn(['config', 'lib', 'pkgs', 'utils'], body, true), header);
}

/** "A small forum" → "a small forum" (but "HTTP proxy" stays). */
function lowerFirst(s: string): string {
  return /^[A-Z][a-z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s;
}

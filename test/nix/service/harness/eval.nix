# Evaluates a generated NixOS module the way NixOS does, with the real module
# system (lib.evalModules of the real nixpkgs lib) and NixOS' own systemd and
# nginx files brought from nixpkgs into `nixos` (see
# scripts/nixos-harness/files.txt: which files, from where; they are never
# committed). What is ours is only what a full NixOS would add around them:
# the handful of options the generated module sets outside its own
# services.<name> (users, networking, the nginx service's top level), a
# stand-in `pkgs` whose attributes are placeholders with store-like paths, and
# the nginx rendering, written after nixos/modules/services/web-servers/nginx/
# default.nix (its mkLocations and server block), which cannot be imported
# without the rest of NixOS.
#
# Result (JSON): the unit text rendered by systemd-lib's serviceToUnit, the
# nginx server blocks, the assertions that failed, the warnings, and every
# option of services.<name> with whether it has a value and its description.
{
  # path to the real nixpkgs lib (lib/default.nix's folder)
  libPath,
  # folder holding nixos/lib/*.nix and nixos/modules/... as in nixpkgs
  nixos,
  # the generated nixos/module.nix
  module,
  # services.<name>
  name,
  # JSON file: values for services.<name> (merged over enable = true)
  settings,
  # the executable the fake package provides (meta.mainProgram)
  mainProgram,
  # file the `include` of recommendedProxySettings points at
  proxyHeaders,
  # port the rendered server blocks listen on
  listenPort ? 18080,
  # values for the options that have no default, filled by type (a required
  # option left empty is what the table reports; evaluation needs a value)
  fillRequired ? true,
}:
let
  realLib = import libPath;
  # vhost-options.nix (the stored version) still calls lib.mdDoc, which lib
  # dropped; it was the identity on strings for years before.
  lib = realLib.extend (self: super: { mdDoc = super.mdDoc or (x: x); });
  inherit (lib) mkOption types;

  storePath = n: "${builtins.storeDir}/${builtins.substring 0 32 (builtins.hashString "sha256" n)}-${n}";
  fakeDrv =
    n: extra:
    let
      self = {
        type = "derivation";
        name = n;
        pname = n;
        version = "0";
        outPath = storePath n;
        drvPath = storePath "${n}.drv";
        outputs = [ "out" ];
        outputName = "out";
        out = self;
        meta = { };
      } // extra;
    in
    self;
  fakeFile = n: storePath n;
  pkgs = {
    coreutils = fakeDrv "coreutils" { };
    findutils = fakeDrv "findutils" { };
    gnugrep = fakeDrv "gnugrep" { };
    gnused = fakeDrv "gnused" { };
    writeText = n: _text: fakeFile n;
    runCommand = n: _env: _script: fakeDrv n { };
    callPackage = p: _args: throw "harness: pkgs.callPackage ${toString p} is not evaluated here; the harness sets services.${name}.package";
    formats = import ./formats.nix { inherit lib fakeFile; };
    buildPackages = pkgs;
  };

  servicePackage = fakeDrv name { meta.mainProgram = mainProgram; };

  glue =
    { config, ... }:
    {
      _module.args = {
        inherit pkgs;
        utils = import "${nixos}/nixos/lib/utils.nix" { inherit lib config pkgs; };
      };
    };

  systemdOptions =
    { utils, ... }:
    {
      options.systemd = {
        services = mkOption {
          type = utils.systemdUtils.types.services;
          default = { };
          description = "Definition of systemd service units (NixOS' own type).";
        };
        package = mkOption {
          type = types.package;
          default = fakeDrv "systemd" { };
        };
        globalEnvironment = mkOption {
          type = types.attrsOf (types.nullOr (types.oneOf [ types.str types.path types.package ]));
          default = { };
        };
        enableStrictShellChecks = mkOption {
          type = types.bool;
          default = false;
        };
      };
    };

  # systemd-lib.nix is newer than the stored systemd-unit-options.nix: these
  # unit options appeared in between (same types and defaults as NixOS now).
  systemdNewerUnitOptions = {
    options.systemd.services = mkOption {
      type = types.attrsOf (
        types.submodule {
          options = {
            name = mkOption {
              type = types.str;
              description = "The unit's name with its extension (set by systemd-lib's serviceConfig).";
            };
            upholds = mkOption {
              type = types.listOf types.str;
              default = [ ];
            };
            upheldBy = mkOption {
              type = types.listOf types.str;
              default = [ ];
            };
            onSuccess = mkOption {
              type = types.listOf types.str;
              default = [ ];
            };
            overrideStrategy = mkOption {
              type = types.enum [
                "asDropinIfExists"
                "asDropin"
              ];
              default = "asDropinIfExists";
            };
            enableStrictShellChecks = mkOption { type = types.bool; };
          };
        }
      );
    };
  };

  # What the rest of NixOS declares and the generated module sets.
  nixosRest =
    { config, ... }:
    {
      options = {
        users.users = mkOption {
          type = types.attrsOf (
            types.submodule {
              options = {
                isSystemUser = mkOption {
                  type = types.bool;
                  default = false;
                };
                isNormalUser = mkOption {
                  type = types.bool;
                  default = false;
                };
                group = mkOption {
                  type = types.str;
                  default = "";
                };
                extraGroups = mkOption {
                  type = types.listOf types.str;
                  default = [ ];
                };
                description = mkOption {
                  type = types.passwdEntry types.str;
                  default = "";
                };
                home = mkOption {
                  type = types.passwdEntry types.path;
                  default = "/var/empty";
                };
                createHome = mkOption {
                  type = types.bool;
                  default = false;
                };
              };
            }
          );
          default = { };
        };
        users.groups = mkOption {
          type = types.attrsOf (
            types.submodule {
              options = {
                gid = mkOption {
                  type = types.nullOr types.int;
                  default = null;
                };
                members = mkOption {
                  type = types.listOf types.str;
                  default = [ ];
                };
              };
            }
          );
          default = { };
        };
        networking.firewall.allowedTCPPorts = mkOption {
          type = types.listOf types.port;
          default = [ ];
        };
        services.postgresql = {
          enable = mkOption {
            type = types.bool;
            default = false;
          };
          ensureDatabases = mkOption {
            type = types.listOf types.str;
            default = [ ];
          };
          ensureUsers = mkOption {
            type = types.listOf (
              types.submodule {
                options = {
                  name = mkOption { type = types.str; };
                  ensureDBOwnership = mkOption {
                    type = types.bool;
                    default = false;
                  };
                  ensureClauses = mkOption {
                    type = types.attrsOf types.anything;
                    default = { };
                  };
                };
              }
            );
            default = [ ];
          };
        };
        services.nginx = {
          enable = mkOption {
            type = types.bool;
            default = false;
          };
          recommendedProxySettings = mkOption {
            type = types.bool;
            default = false;
          };
          virtualHosts = mkOption {
            type = types.attrsOf (
              types.submodule (
                import "${nixos}/nixos/modules/services/web-servers/nginx/vhost-options.nix" { inherit config lib; }
              )
            );
            default = { };
          };
        };
      };
    };

  # What NixOS' postgresql module asserts about ensureDBOwnership (a database of the user's name must be ensured).
  postgresqlAssertions =
    { config, ... }:
    {
      assertions = map (u: {
        assertion = !u.ensureDBOwnership || builtins.elem u.name config.services.postgresql.ensureDatabases;
        message = "services.postgresql.ensureUsers.${u.name}.ensureDBOwnership needs a database named ${u.name} in services.postgresql.ensureDatabases";
      }) config.services.postgresql.ensureUsers;
    };

  userSettings = builtins.fromJSON (builtins.readFile settings);

  evalWith =
    extra:
    lib.evalModules {
      modules = [
        glue
        systemdOptions
        systemdNewerUnitOptions
        nixosRest
        postgresqlAssertions
        "${nixos}/nixos/modules/misc/assertions.nix"
        module
        {
          services.${name} = {
            enable = true;
            package = servicePackage;
          } // userSettings;
        }
        extra
      ];
    };

  first = evalWith { };

  # Options of services.<name>, flattened: loc, whether a value is defined, description.
  collect =
    prefix: opts:
    lib.concatLists (
      lib.mapAttrsToList (
        k: o:
        if lib.isOption o then
          [
            {
              path = prefix ++ [ k ];
              defined = o.isDefined;
              type = o.type.description or o.type.name;
              typeName = o.type.name;
              description = o.description or "";
            }
          ]
        else if builtins.isAttrs o && !(o ? _type) then
          collect (prefix ++ [ k ]) o
        else
          [ ]
      ) opts
    );
  serviceOptions = collect [ ] (builtins.removeAttrs first.options.services.${name} [ "_module" ]);
  missing = builtins.filter (o: !o.defined) serviceOptions;

  # A placeholder for an option the program requires (no default): what its
  # type accepts, as a person would write it.
  placeholderFor =
    o:
    let
      t = o.typeName;
      leaf = lib.last o.path;
    in
    if t == "str" || t == "singleLineStr" || t == "nonEmptyStr" || t == "strMatching" then
      "harness-${leaf}"
    else if t == "path" || t == "pathInStore" then
      "/run/keys/${leaf}"
    else if t == "port" || t == "unsignedInt16" || t == "int" || t == "positiveInt" || t == "unsignedInt" then
      4242
    else if t == "bool" then
      false
    else if t == "nullOr" then
      null
    else if t == "listOf" then
      [ ]
    else if t == "attrsOf" || t == "submodule" then
      { }
    else if t == "either" || t == "oneOf" then
      "harness-${leaf}"
    else
      throw "harness: no placeholder for a required option of type ${o.type} (${lib.concatStringsSep "." o.path})";
  filled = lib.foldl' (acc: o: lib.recursiveUpdate acc (lib.setAttrByPath o.path (placeholderFor o))) { } missing;

  final = if fillRequired && missing != [ ] then evalWith { services.${name} = filled; } else first;
  cfg = final.config;

  sysLib = final._module.args.utils.systemdUtils.lib;
  units = lib.mapAttrs (_n: def: (sysLib.serviceToUnit def).text) cfg.systemd.services;

  # nginx: written after nixos/modules/services/web-servers/nginx/default.nix
  # (mkLocations: proxy_pass, the websocket headers, index/try_files/root/
  # alias/return, extraConfig, then the recommended proxy headers' include;
  # locations sorted by priority).
  renderLocation = loc: ''
    location ${loc.location} {
      ${lib.optionalString (loc.proxyPass != null) "proxy_pass ${loc.proxyPass};"}
      ${lib.optionalString loc.proxyWebsockets ''
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;
      ''}
      ${lib.optionalString (loc.index != null) "index ${loc.index};"}
      ${lib.optionalString (loc.tryFiles != null) "try_files ${loc.tryFiles};"}
      ${lib.optionalString (loc.root != null) "root ${loc.root};"}
      ${lib.optionalString (loc.alias != null) "alias ${loc.alias};"}
      ${lib.optionalString (loc.return != null) "return ${toString loc.return};"}
      ${loc.extraConfig}
      ${lib.optionalString (loc.proxyPass != null && loc.recommendedProxySettings) "include ${proxyHeaders};"}
    }
  '';
  renderLocations =
    locations:
    lib.concatStringsSep "\n" (
      map renderLocation (lib.sortProperties (lib.mapAttrsToList (k: v: v // { location = k; }) locations))
    );
  servers = lib.mapAttrs (vhostName: vhost: ''
    server {
      listen 127.0.0.1:${toString listenPort};
      server_name ${if vhost.serverName != null then vhost.serverName else vhostName} ${lib.concatStringsSep " " vhost.serverAliases};
      ${lib.optionalString (vhost.root != null) "root ${vhost.root};"}
      ${renderLocations vhost.locations}
      ${vhost.extraConfig}
    }
  '') cfg.services.nginx.virtualHosts;
in
{
  inherit units servers;
  nginxEnabled = cfg.services.nginx.enable;
  failedAssertions = map (a: a.message) (builtins.filter (a: !a.assertion) cfg.assertions);
  warnings = cfg.warnings;
  options = map (o: {
    path = lib.concatStringsSep "." o.path;
    inherit (o) defined type description;
  }) serviceOptions;
  filled = map (o: lib.concatStringsSep "." o.path) (if fillRequired then missing else [ ]);
  postgresql = cfg.services.postgresql.enable;
}

# bench:src's oracle: the store copy of each builder's generated src, made by
# the REAL nixpkgs lib.fileset and the REAL crane source functions (both brought
# with `fetch`, on NIX_PATH as <nixpkgs-lib> and <crane>; Nix >= 2.18, so it
# runs in ../shared/oracles/nix-2.26.sh). `spec` is a JSON file the bench
# writes from the same entries the generators print:
#   { "<builder>": { "paths": [ "rel", … ], "crane": bool, "proto": bool }, … }
# crane: craneLib.fileset.commonCargoSources unioned with `paths`, or
# craneLib.cleanCargoSource when `paths` is empty (what crane's flake says).
# Returns { <builder> = "/nix/store/…-source"; }.
{
  src,
  spec,
}:
let
  lib = import <nixpkgs-lib>;
  crane = <crane>;
  # crane's functions take their siblings by name, as crane's own lib does.
  craneLib = lib.fix (
    self:
    let
      callPackage = lib.callPackageWith (self // { inherit lib; });
    in
    {
      internalCrateNameFromCargoToml = callPackage (crane + "/internalCrateNameFromCargoToml.nix") { };
      internalCrateNameForCleanSource = callPackage (crane + "/internalCrateNameForCleanSource.nix") { };
      filterCargoSources = callPackage (crane + "/filterCargoSources.nix") { };
      cleanCargoSource = callPackage (crane + "/cleanCargoSource.nix") { };
      fileset = {
        cargoTomlAndLock = callPackage (crane + "/fileset/cargoTomlAndLock.nix") { };
        commonCargoSources = callPackage (crane + "/fileset/commonCargoSources.nix") { };
        rust = callPackage (crane + "/fileset/rust.nix") { };
        toml = callPackage (crane + "/fileset/toml.nix") { };
      };
    }
  );
  specs = builtins.fromJSON (builtins.readFile spec);
  at = rel: src + "/${rel}";
  proto = lib.fileset.fileFilter (file: file.hasExt "proto") src;
  one =
    s:
    let
      paths = map at s.paths ++ lib.optional s.proto proto;
    in
    if s.crane && paths == [ ] then
      craneLib.cleanCargoSource src
    else
      lib.fileset.toSource {
        root = src;
        fileset = lib.fileset.unions ((lib.optional s.crane (craneLib.fileset.commonCargoSources src)) ++ paths);
      };
in
lib.mapAttrs (_: s: "${one s}") specs

/**
 * The derivations of builders that compile each crate on its own, named by the builder, not by the package:
 * cargo2nix's mkcrate (`crate-<name>-<version>`, with `-<compileMode>` for tests) and nixpkgs' buildRustCrate, which
 * crate2nix and carnix generate calls to (`rust_<crateName>-<version>`, its build script `-build`). cargo2nix writes each
 * one's Cargo.lock itself (a single `[[package]]`, the crate's own) and strips the dependencies from its Cargo.toml,
 * handing them to rustc as `--extern`; buildRustCrate runs rustc with no cargo at all. So in such a derivation the
 * package's Cargo.lock and Cargo.toml are not what cargo resolves: a resolution that fails there is the generated build's.
 */
const PER_CRATE_DRV = /\/[0-9a-z]{32}-(?:crate-[\w.-]+|rust_[\w.-]+)-\d+\.\d+\.\d+[\w.+-]*\.drv$/;

export function isPerCrateDrv(drv: string | undefined): boolean {
  return !!drv && PER_CRATE_DRV.test(drv);
}

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

/**
 * The generators of those builds failing in their own words around cargo's error: crate2nix's ``while retrieving
 * metadata about <Cargo.toml>: …`` (its `cargo metadata` call), cargo2nix's `Error generating nix expressions` (its
 * `expect` on generation, through the cargo library it links). Run on the command line, the cargo that failed is the
 * generator's (linked, or first on its wrapper's PATH), not a toolchain the package's expression chooses.
 */
export const GENERATOR_FAILED = /\bwhile retrieving metadata about \S|\bError generating nix expressions\b/;
export const GENERATOR_MARKERS = ['while retrieving metadata about', 'Error generating nix expressions'];

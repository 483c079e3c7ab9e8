// Which crate a rustc failure belongs to, and whether that crate is the
// package's own code. cargo and buildRustCrate say what they compile just
// before rustc's errors; the rules read it from the recent lines.

/**
 * The standard library's own crates. They are compiled only when a build
 * compiles the standard library itself (cargo's `-Z build-std`, cargo-xbuild,
 * a crate graph that names them, rust-src in a dev shell): their failures are
 * that setup's, never the package's code nor a toolchain lacking a target's std
 * (a build that compiles std does not take it from the toolchain). Only `cargo
 * new` refuses these names: cargo builds a workspace's own package named `core`
 * like any other (real cargo 1.95), so a crate cargo shows from a path outside
 * the toolchain's sources, at a version other than std's `0.0.0`, is the
 * package's (see isSysrootCrate). (`unwind` is left out: a crates.io crate has
 * that name.)
 */
const SYSROOT_CRATES = new Set([
  'core',
  'alloc',
  'std',
  'compiler_builtins',
  'rustc-std-workspace-core',
  'rustc-std-workspace-alloc',
  'rustc-std-workspace-std',
  'panic_abort',
  'panic_unwind',
  'std_detect',
  'profiler_builtins',
  // libtest, the harness: `cargo new test` is refused outright (real cargo 1.95: ``it conflicts with Rust's built-in
  // test library``), so no package's crate has the name; rustc not finding it is the sysroot's lack for the target.
  'test',
]);

/** The standard library's sources as build-std, cargo-xbuild or nixpkgs' rustLibSrc hand them to cargo. */
const SYSROOT_SOURCE = /\/lib\/rustlib\/src\/rust\/|-rust-lib-src\/|\/library\/[\w-]+\/?$/;

/**
 * Whether a crate of that name is the standard library's own; `compiled`, what cargo said it compiled
 * under that name: a path of the workspace's own (not the toolchain's sources, not std's `0.0.0`) is not.
 */
export function isSysrootCrate(name: string, compiled?: CompiledCrate): boolean {
  if (!SYSROOT_CRATES.has(name.replace(/-/g, '_')) && !SYSROOT_CRATES.has(name)) return false;
  return !compiled?.source || compiled.version === '0.0.0' || SYSROOT_SOURCE.test(compiled.source);
}

// cargo: `Compiling foo v1.2.3` (a registry or vendored crate) or `Compiling foo v1.2.3 (/build/source)`
// (a path or git crate: cargo shows every source but crates.io's, which source replacement keeps).
const CARGO = /^\s*(?:Compiling|Checking) ([\w-]+) v(\d[^\s]*)(?:\s+\((.+)\))?\s*$/;
// buildRustCrate (crate2nix): `Building src/lib.rs (foo)`, `Building build.rs (foo)`.
const BUILD_RUST_CRATE = /^\s*Building \S+ \(([\w-]+)\)\s*$/;

export interface CompiledCrate {
  name: string;
  /** From a registry or vendored directory (cargo printed no source path for it); undefined: not said. */
  published?: boolean;
  /** cargo's `v…` and the source it printed in parentheses (a path or git URL), when it printed them. */
  version?: string;
  source?: string;
}

/** The crate being compiled according to the latest cargo/buildRustCrate line among `recent` (oldest first). */
export function compiledCrate(recent: readonly string[], name?: string): CompiledCrate | undefined {
  for (let i = recent.length - 1; i >= 0; i--) {
    const t = recent[i]!;
    const c = CARGO.exec(t);
    if (c && (!name || c[1] === name)) return { name: c[1]!, published: !c[3], version: c[2], ...(c[3] ? { source: c[3] } : {}) };
    const b = name ? null : BUILD_RUST_CRATE.exec(t);
    if (b) return { name: b[1]! };
  }
  return undefined;
}

/** buildRustCrate names its derivation `rust_<crate>-<version>`: the crate, or undefined for another derivation. */
export function crateOfDrv(drv: string | undefined): string | undefined {
  return drv ? /-rust_([\w-]+?)-\d+\.\d+\.\d+[\w.+-]*\.drv$/.exec(drv)?.[1] : undefined;
}

// Which crate a rustc failure belongs to, and whether that crate is the
// package's own code. cargo and buildRustCrate say what they compile just
// before rustc's errors; the rules read it from the recent lines.

/**
 * The standard library's own crates. They are compiled only when a build
 * compiles the standard library itself (cargo's `-Z build-std`, cargo-xbuild,
 * a crate graph that names them, rust-src in a dev shell): their failures are
 * that setup's, never the package's code nor a toolchain lacking a target's std
 * (a build that compiles std does not take it from the toolchain). Cargo
 * refuses core, std, alloc, test and proc_macro as package names, and the others
 * exist only for the standard library's workspace. (`unwind` is left out: a
 * crates.io crate has that name.)
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
]);

export function isSysrootCrate(name: string): boolean {
  return SYSROOT_CRATES.has(name.replace(/-/g, '_')) || SYSROOT_CRATES.has(name);
}

// cargo: `Compiling foo v1.2.3` (a registry or vendored crate) or `Compiling foo v1.2.3 (/build/source)`
// (a path or git crate: cargo shows every source but crates.io's, which source replacement keeps).
const CARGO = /^\s*(?:Compiling|Checking) ([\w-]+) v\d[^\s]*(\s+\(.+\))?\s*$/;
// buildRustCrate (crate2nix): `Building src/lib.rs (foo)`, `Building build.rs (foo)`.
const BUILD_RUST_CRATE = /^\s*Building \S+ \(([\w-]+)\)\s*$/;

export interface CompiledCrate {
  name: string;
  /** From a registry or vendored directory (cargo printed no source path for it); undefined: not said. */
  published?: boolean;
}

/** The crate being compiled according to the latest cargo/buildRustCrate line among `recent` (oldest first). */
export function compiledCrate(recent: readonly string[], name?: string): CompiledCrate | undefined {
  for (let i = recent.length - 1; i >= 0; i--) {
    const t = recent[i]!;
    const c = CARGO.exec(t);
    if (c && (!name || c[1] === name)) return { name: c[1]!, published: !c[2] };
    const b = name ? null : BUILD_RUST_CRATE.exec(t);
    if (b) return { name: b[1]! };
  }
  return undefined;
}

/** buildRustCrate names its derivation `rust_<crate>-<version>`: the crate, or undefined for another derivation. */
export function crateOfDrv(drv: string | undefined): string | undefined {
  return drv ? /-rust_([\w-]+?)-\d+\.\d+\.\d+[\w.+-]*\.drv$/.exec(drv)?.[1] : undefined;
}

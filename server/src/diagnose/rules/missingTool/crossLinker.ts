// A cross C toolchain's name as a linker, and cargo's variable that overrides it.
// `<arch>-<vendor/os>-…-gcc|cc|clang|ld`: a target triple's C compiler or linker.
export const CROSS_LINKER = /^(?:aarch64|arm\w*|i[3-6]86|x86_64|riscv\w+|powerpc\w*|mips\w*|s390x|wasm32)-[\w.]+(?:-[\w.]+)*-(?:gcc|cc|clang|ld)$/;

/**
 * The Rust target a cross C toolchain's prefix is for, where only one can be: GCC's own triplet (`aarch64-unknown-linux-gnu`,
 * what nixpkgs' cross compilers are called), Debian's without a vendor (`aarch64-linux-gnu`), MinGW-w64's
 * (`x86_64-w64-mingw32` → `x86_64-pc-windows-gnu`). Not 32-bit ARM (`arm-linux-gnueabihf-gcc` links ARMv6 and ARMv7 targets
 * alike) nor i386 (Rust's x86 Linux targets are i586 and i686): no target is guessed there.
 */
export function crossTarget(prefix: string): string | undefined {
  const mingw = /^(x86_64|i686)-w64-mingw32$/.exec(prefix);
  if (mingw) return `${mingw[1]}-pc-windows-gnu`;
  const m = /^(aarch64|x86_64|i686|powerpc64le|s390x|riscv64)-(?:unknown-)?linux-(gnu|musl)$/.exec(prefix);
  return m ? `${m[1] === 'riscv64' ? 'riscv64gc' : m[1]}-unknown-linux-${m[2]}` : undefined;
}

/** Cargo's environment variable for a target's linker (cargo's `CARGO_TARGET_<triple>_LINKER`, the triple upper-cased, `-` and `.` as `_`). */
export const linkerVar = (target: string) => `CARGO_TARGET_${target.toUpperCase().replace(/[-.]/g, '_')}_LINKER`;
/** The C compiler of the build's own stdenv, named for the platform it builds for (the cc wrapper's `<targetPrefix>cc`; `cc` natively). */
export const STDENV_CC = '"${stdenv.cc.targetPrefix}cc"';

// A linker that ran and failed. When rustc reaches the link, the code has compiled:
// what failed is the linker, its inputs or the toolchain around it, and cargo still
// sums it up as `could not compile`. A library the linker names as missing
// (`cannot find -lfoo`, `unable to find library -lfoo`, `library not found for -lfoo`)
// is a missing build input, pkgconfig-lib's (openssl's for -lssl/-lcrypto); every
// other link failure (undefined symbols of the toolchain's own libraries, outline
// atomics, a broken linker wrapper, an SDK setup) has no fix in the package's code.

/**
 * The words of a failed link, each from the tool that prints it:
 * - rustc_codegen_ssa: `error: linking with \`cc\` failed: exit status: 1` (`exit code: 1`
 *   before 1.52) and, when the linker's output has `undefined reference to`, the note
 *   ``some `extern` functions couldn't be found; …``;
 * - the gcc driver: `collect2: error: ld returned 1 exit status` (`collect2: fatal error: …`
 *   when it cannot run ld); clang's: `clang: error: linker command failed with exit code 1`;
 * - GNU ld and gold: ``undefined reference to `sym'``; lld and mold: `error: undefined symbol: sym`;
 *   Apple's ld: `Undefined symbols for architecture arm64:`, `ld: symbol(s) not found for architecture`.
 */
export const LINK_FAILURE =
  /\berror: linking with `[^`]+` failed\b|extern` functions couldn't be found|\bcollect2: (?:fatal )?error: |\b(?:clang|gcc|cc)(?:-[\d.]+)?: error: linker command failed\b|undefined reference to [`']|\berror: undefined symbol: |Undefined symbols for architecture\b|\bsymbol\(s\) not found for architecture\b/;

/** What a line must contain for LINK_FAILURE to match it: the rule's markers. */
export const LINK_FAILURE_MARKERS = ['error:', 'extern` functions', 'undefined reference to', 'Undefined symbols for', 'symbol(s) not found'] as const;

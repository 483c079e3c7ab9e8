// Where a Nix build's unpacked source lies, as logs print it: the build directory — the sandbox's `/build/<dir>`, Nix
// 2.30+'s `/nix/var/nix/builds/nix-<n>/<dir>`, an unsandboxed or macOS `/tmp/nix-build-<drv>-<n>/<dir>` — or a store
// source path (`…-source`, `…-src`). The match is the root alone, followed by `/` or the end.
export const SOURCE_ROOT = /^(?:\/build\/[^/]+|(?:\/private)?\/tmp\/nix-build-[^/]+\/[^/]+|\/nix\/var\/nix\/builds\/nix-[^/]+\/[^/]+|\/nix\/store\/[0-9a-z]{32}-[^/]*(?:source|src))(?=\/|$)/;

/**
 * A Nix build directory anywhere in a log line (the Linux sandbox's `/build/`, Nix ≥ 2.2x's `/nix/var/nix/builds/`, the
 * older or darwin `/tmp/nix-build-…`): the line was printed inside a derivation's build.
 */
export const IN_NIX_BUILD_DIR = /(?:^|[\s'"(])\/build\/|\/nix\/var\/nix\/builds\/|\/nix-build-/;

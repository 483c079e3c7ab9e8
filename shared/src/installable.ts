// What an installable names, as both sides read it: the client builds it, the
// server keys a build's diagnostics by it and finds the Nix file it evaluates.

/** `default.nix`, `./nix/pkg.nix`: a file for nix-build, not a flake output. */
export function isFileInstallable(installable: string): boolean {
  return !installable.includes('#') && /\.nix$/.test(installable) && !/^[a-z+]+:/.test(installable);
}

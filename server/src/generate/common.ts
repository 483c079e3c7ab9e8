// Text shared by the generators.
export const GIT_HASH_NOTE = 'Git dependencies: the first build fails and reports each real hash; the editor offers to fill it in.';
export const fakeHashComment = 'replace with the hash the first build reports';
export const SYSTEMS = ['x86_64-linux', 'aarch64-linux', 'x86_64-darwin', 'aarch64-darwin'];
export const NIXPKGS_URL = 'github:NixOS/nixpkgs/nixos-unstable';

/** `description = "…";` for flake.nix: the crate's own description, else its name. */
export function flakeDescription(name: string, description?: string): string {
  return description?.trim() || `${name}, packaged with Nix`;
}

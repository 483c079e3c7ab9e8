// The third-party actions and images the generated CI files use, pinned in one
// place. Each action is pinned to the full commit SHA of a release tag, with
// the tag in a comment (what Dependabot and Renovate update): a tag can be
// moved, a commit cannot. The SHAs were read from the actions' own git
// repositories at those tags; update them the same way (`git rev-parse
// vX.Y.Z^{commit}` in a clone), never from a third-party workflow.

export interface ActionPin {
  uses: string;
  sha: string;
  tag: string;
}

export const PINS = {
  checkout: { uses: 'actions/checkout', sha: '3d3c42e5aac5ba805825da76410c181273ba90b1', tag: 'v7.0.1' },
  /** Installs upstream Nix (2.35.1 at this tag) with flakes enabled. */
  installNix: { uses: 'cachix/install-nix-action', sha: '630ae543ea3a38a9a4166f03376c02c50f408342', tag: 'v31.11.0' },
  /** Keeps /nix/store in the GitHub Actions cache (needs Nix 2.24 or later). */
  cacheNix: { uses: 'nix-community/cache-nix-action', sha: '7df957e333c1e5da7721f60227dbba6d06080569', tag: 'v7.0.2' },
  cachix: { uses: 'cachix/cachix-action', sha: '1eb2ef646ac0255473d23a5907ad7b04ce94065c', tag: 'v17' },
} satisfies Record<string, ActionPin>;

/**
 * GitLab's job image: the official Nix image at the Nix release the GitHub
 * installer above installs. Docker Hub is not reachable from where Nixify was
 * built, so this tag follows the Nix release rather than a registry lookup.
 */
export const NIX_IMAGE = 'nixos/nix:2.35.1';

export const usesOf = (p: ActionPin) => `${p.uses}@${p.sha}`;

// What a CI workflow has to build, from the packaging Nixify writes (it knows
// every package name) or from a flake.nix someone else wrote (it does not: the
// workflow then lists the flake's packages when it runs).
import type { GenContext } from './context';
import { extraMembers } from './builders';

export type CiCache = { kind: 'actions' } | { kind: 'cachix'; name: string } | { kind: 'none' };

export interface CiFacts {
  /** For the header comment and the workflow name. */
  name: string;
  /** Flake package attributes to `nix build`; undefined: every `packages.<system>.*`, listed at run time. */
  packages?: string[];
  /** The flake package that is a streamed OCI image (dockerTools.streamLayeredImage), if any. */
  dockerAttr?: string;
  /** The source has git submodules: the checkout must bring them. */
  submodules: boolean;
  cache: CiCache;
}

/** A Cachix cache name as Cachix accepts it (lowercase letters, digits, dashes). */
export function validCachixName(name: string): boolean {
  return /^[a-z0-9][a-z0-9-]{0,62}$/.test(name);
}

/** For the flake Nixify writes: the main package, one per binary member, the image when the service adds one. */
export function ciFactsFromContext(ctx: GenContext, opts: { docker: boolean; cache: CiCache }): CiFacts {
  return {
    name: ctx.pname,
    packages: ['default', ...extraMembers(ctx).map((m) => m.name)],
    dockerAttr: opts.docker ? 'docker' : undefined,
    submodules: ctx.ws.git.submodules.length > 0,
    cache: opts.cache,
  };
}

/**
 * For a flake.nix that exists: package names are left to run time (flake-utils,
 * overlays and `//` chains make them unknowable without evaluating), the image
 * is recognised by its attribute name (`docker`, `dockerImage`, `docker-image`).
 */
export function ciFactsFromFlake(flakeText: string, name: string, submodules: boolean, cache: CiCache): CiFacts {
  const code = flakeText.replace(/#[^\n]*/g, '');
  // `docker = pkgs.callPackage ./nix/docker.nix { … }`, `packages.x86_64-linux.docker-image = …`; not `dockerTools.…`.
  const dockerAttr = /(?:^|[\s{;.])(docker(?:[-_]?[Ii]mage)?)\s*=/m.exec(code)?.[1];
  return { name, dockerAttr, submodules, cache };
}

// What a CI workflow has to build, from the packaging Nixify writes (it knows
// every package name) or from a flake.nix someone else wrote (it does not: the
// workflow then lists the flake's packages when it runs).
import type { GenContext } from './context';
import { extraMembers } from './builders';

/** A flake with git submodules, built with them on every Nix with flakes. */
export const SUBMODULES_REF = '.?submodules=1';

/** `.#attr` (or `.?submodules=1#attr`) for the shell. */
export const installable = (f: CiFacts, attr: string): string => `${f.flakeRef ?? '.'}#${attr}`;

/** `nix flake check` of the flake reference. */
export const flakeCheckLine = (f: CiFacts, word: (s: string) => string): string => `nix flake check --print-build-logs${(f.flakeRef ?? '.') === '.' ? '' : ` ${word(f.flakeRef!)}`}`;

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
  /**
   * The flake reference the commands build: `.`, or `.?submodules=1` when the flake has
   * submodules without `inputs.self.submodules` (which Nix before 2.27 rejects). Default `.`.
   */
  flakeRef?: string;
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
    flakeRef: ctx.submodules?.form === 'url' ? SUBMODULES_REF : '.',
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
  const selfInput = /\bself\.submodules\s*=\s*true\b|\bself\s*=\s*\{[^}]*\bsubmodules\s*=\s*true/.test(code);
  return { name, dockerAttr, submodules, flakeRef: submodules && !selfInput ? SUBMODULES_REF : '.', cache };
}

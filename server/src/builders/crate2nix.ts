// crate2nix: one derivation per crate from a generated Cargo.nix; native
// inputs come from nixpkgs' defaultCrateOverrides.
import { crate2nixFlake } from '../generate/crate2nix';
import type { BuilderSpec } from './types';
import { CAPABILITIES } from './capabilities';

export const crate2nix = {
  name: 'crate2nix',
  detail: 'one derivation per crate: a one-crate change rebuilds one crate',
  capabilities: CAPABILITIES.crate2nix,
  // Generated builds: their arguments are crate2nix's, not the crate's derivation attributes. No doCheck: buildRustCrate
  // builds test binaries only with `buildTests` and runs none in a check phase.
  calls: [{ kind: 'crate2nix', compiles: false, packageDerivation: false }],
  recognise: {
    // crate2nix tools (generatedCargoNix, appliedCargoNix) or anything under a crate2nix input.
    kindOf: (parts) => (/^(generatedCargoNix|appliedCargoNix)$/.test(parts.at(-1)!) || /crate2nix/.test(parts.slice(0, -1).join('.')) ? 'crate2nix' : undefined),
    // `import ./Cargo.nix { … }` and `callPackage ./Cargo.nix { }`.
    generatedApplication: (fn, applied) => /(^|\.)(import|callPackage)\s+\.\/Cargo\.nix$/.test(fn.replace(/\s+/g, ' ')) || (applied && /Cargo\.nix/.test(fn) && /(import|callPackage)/.test(fn)),
    opaqueArgs: true,
  },
  generate(ctx, flake) {
    const warnings: string[] = [];
    const inputs = [...ctx.inferred.nativeBuildInputs, ...ctx.inferred.buildInputs];
    if (inputs.length) {
      warnings.push(
        `crate2nix takes native inputs from nixpkgs' defaultCrateOverrides, not from the inferred list (${inputs.map((i) => i.attr).join(', ')}); a -sys crate it does not cover needs a crateOverrides entry.`,
      );
    }
    if (ctx.packageAdditions) warnings.push('crate2nix builds one derivation per crate: install the static assets with a crateOverrides postInstall by hand.');
    return { files: [{ path: 'flake.nix', content: crate2nixFlake(ctx, flake) }], warnings };
  },
} as const satisfies BuilderSpec;

// nixpkgs' rustPlatform.buildRustPackage: package.nix (the derivation, as in
// nixpkgs), default.nix (nix-build without flakes) and, unless --no-flake,
// flake.nix wrapping package.nix.
import { buildRustPackageFlake, defaultNix, packageNix } from '../generate/buildRustPackage';
import type { BuilderSpec, Generated } from './types';
import { CAPABILITIES } from './capabilities';
import { wasmMembers } from '../generate/wasm';

export const buildRustPackage = {
  name: 'buildRustPackage',
  detail: 'nixpkgs rustPlatform: package.nix + default.nix, the style nixpkgs reviewers expect',
  capabilities: CAPABILITIES.buildRustPackage,
  packageFile: 'package.nix',
  calls: [{ kind: 'buildRustPackage', compiles: true, packageDerivation: true, pnameIsCrateName: true, cargoLockVendoring: true, doCheck: 'runs' }],
  recognise: {
    // rustPlatform.buildRustPackage, pkgs.rustPlatform…, (makeRustPlatform { … }).buildRustPackage
    kindOf: (parts) => (parts.at(-1) === 'buildRustPackage' ? 'buildRustPackage' : undefined),
  },
  generate(ctx, flake): Generated {
    const pkg = packageNix(ctx);
    const files = [
      { path: 'package.nix', content: pkg },
      { path: 'default.nix', content: defaultNix(pkg) },
    ];
    if (ctx.opts.flake) files.push({ path: 'flake.nix', content: buildRustPackageFlake(ctx, flake) });
    const warnings: string[] = [];
    // Extra members (wasm ones too) are flake packages; package.nix builds one member.
    const wasm = wasmMembers(ctx.ws).filter((m) => m !== ctx.pkg);
    if (wasm.length && !ctx.opts.flake) {
      warnings.push(
        `without a flake only ${ctx.pname} is packaged: the wasm32 member${wasm.length > 1 ? 's' : ''} ${wasm.map((m) => m.package!.name).join(', ')} get their package (wasm32 build + wasm-bindgen) in flake.nix; generate with the flake or package ${wasm.length > 1 ? 'each' : 'it'} with --member.`,
      );
    }
    if (ctx.toolchain) {
      const asks = ctx.toolchain.kind === 'file' ? ctx.toolchain.file : 'rust-version';
      warnings.push(
        ctx.opts.flake
          ? `default.nix builds with the rustc of <nixpkgs>; only the flake uses the toolchain ${asks} asks for.`
          : `without a flake the build uses the rustc of <nixpkgs>, not the toolchain ${asks} asks for; pass a rustPlatform from rust-overlay to package.nix to change that.`,
      );
    }
    return { files, warnings };
  },
} as const satisfies BuilderSpec;

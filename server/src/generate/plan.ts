// "Nixify this crate": which files to write for the chosen builder, with the
// defaults a crate suggests. Pure apart from probing which files exist (the
// caller may pass its own probe, e.g. the editor's view of the workspace).
//
// Files per builder: buildRustPackage → package.nix (the derivation, as in
// nixpkgs), default.nix (nix-build without flakes) and, unless --no-flake,
// flake.nix wrapping package.nix. crane, naersk and crate2nix only exist as
// flake inputs, so they get flake.nix alone: no default.nix through
// flake-compat, which would add an input and a lock entry for little use.
import type { InferenceResult } from '../infer/types';
import type { Workspace } from '../model/types';
import { buildRustPackageFlake, defaultNix, packageNix } from './buildRustPackage';
import { mainPackage, makeContext, wasmMembers, type GenContext, type InitOptions, type PackageExtras } from './context';
import { crate2nixFlake } from './crate2nix';
import { craneFlake } from './crane';
import type { FlakeExtras } from './flake';
import { naerskFlake } from './naersk';

export type { Builder, InitOptions, PackageExtras } from './context';
export type { FlakeExtras } from './flake';

export interface GeneratedFile {
  path: string;
  content: string;
}

export interface InitPlan {
  files: GeneratedFile[];
  warnings: string[];
}

/** What another generator (the NixOS service) adds: its own files, flake outputs, package attributes, warnings. */
export interface PlanExtras {
  files: GeneratedFile[];
  flake: FlakeExtras;
  warnings: string[];
  /** Merged into the package derivation (package.nix, crane's and naersk's package); used when it has a postInstall. */
  packageAdditions?: PackageExtras;
}

/** Workspaces this large build faster with crane's shared dependency build. */
const MANY_MEMBERS = 8;

/** What the quick pick preselects: buildRustPackage with a flake and the lock imported, except where the crate says otherwise. */
export function defaultInitOptions(ws: Workspace): InitOptions {
  let main;
  try {
    main = mainPackage(ws);
  } catch {
    main = undefined;
  }
  return {
    // crane builds wasm32 members for their own target and caches one dependency build for large workspaces.
    builder: wasmMembers(ws).length || ws.members.length > MANY_MEMBERS ? 'crane' : 'buildRustPackage',
    flake: true,
    member: ws.members.length > 1 ? main?.package?.name : undefined,
    vendoring: 'cargoLock',
  };
}

/**
 * The files `nixify init` writes (paths relative to ws.root) and what to tell
 * the user. `exists` answers for paths relative to ws.root (default: the disk).
 * `extras` lets the NixOS service generator add its outputs to the same files.
 */
export function planInit(ws: Workspace, inferred: InferenceResult, opts: InitOptions, exists?: (rel: string) => boolean, extras?: (ctx: GenContext) => PlanExtras): InitPlan {
  const ctx = makeContext(ws, inferred, opts, exists);
  const more = extras?.(ctx);
  if (more?.packageAdditions?.postInstall) ctx.packageAdditions = more.packageAdditions;
  const files: GeneratedFile[] = [];
  switch (opts.builder) {
    case 'buildRustPackage':
      files.push({ path: 'package.nix', content: packageNix(ctx) });
      files.push({ path: 'default.nix', content: defaultNix() });
      if (opts.flake) files.push({ path: 'flake.nix', content: buildRustPackageFlake(ctx, more?.flake) });
      if (ctx.toolchain) {
        ctx.warnings.push(
          opts.flake
            ? `default.nix builds with the rustc of <nixpkgs>; only the flake uses the toolchain ${ctx.toolchain.kind === 'file' ? ctx.toolchain.file : 'rust-version'} asks for.`
            : `without a flake the build uses the rustc of <nixpkgs>, not the toolchain ${ctx.toolchain.kind === 'file' ? ctx.toolchain.file : 'rust-version'} asks for; pass a rustPlatform from rust-overlay to package.nix to change that.`,
        );
      }
      if (ctx.wasm) ctx.warnings.push('a wasm32 cdylib member: buildRustPackage builds it for the host; choose crane to build it for wasm32-unknown-unknown.');
      break;
    case 'crane':
      files.push({ path: 'flake.nix', content: craneFlake(ctx, more?.flake) });
      break;
    case 'naersk':
      files.push({ path: 'flake.nix', content: naerskFlake(ctx, more?.flake) });
      if (ctx.wasm) ctx.warnings.push('a wasm32 cdylib member: naersk builds it for the host; choose crane to build it for wasm32-unknown-unknown.');
      break;
    case 'crate2nix':
      files.push({ path: 'flake.nix', content: crate2nixFlake(ctx, more?.flake) });
      if (ctx.inferred.nativeBuildInputs.length || ctx.inferred.buildInputs.length) {
        ctx.warnings.push(
          `crate2nix takes native inputs from nixpkgs' defaultCrateOverrides, not from the inferred list (${[...ctx.inferred.nativeBuildInputs, ...ctx.inferred.buildInputs].map((i) => i.attr).join(', ')}); a -sys crate it does not cover needs a crateOverrides entry.`,
        );
      }
      if (ctx.packageAdditions) ctx.warnings.push('crate2nix builds one derivation per crate: install the static assets with a crateOverrides postInstall by hand.');
      if (ctx.wasm) ctx.warnings.push('a wasm32 cdylib member: crate2nix builds it for the host; choose crane to build it for wasm32-unknown-unknown.');
      break;
  }
  if (more) files.push(...more.files);
  return { files, warnings: [...ctx.warnings, ...(more?.warnings ?? [])] };
}

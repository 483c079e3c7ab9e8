// "Nixify this crate": which files to write for the chosen builder, with the
// defaults a crate suggests. Pure: the caller says which paths exist.
import type { InferenceResult } from '../infer/types';
import type { Workspace } from '../model/types';
import { buildRustPackageFlake, crate2nixFlake, craneFlake, naerskFlake } from './builders';
import { defaultNix, packageNix } from './buildRustPackage';
import { mainPackage, makeContext, type GenContext, type InitOptions } from './context';
import type { FlakeExtras } from './flake';

export type { InitOptions } from './context';

export interface GeneratedFile {
  path: string;
  content: string;
}

export interface InitPlan {
  files: GeneratedFile[];
  warnings: string[];
}

/** What the quick pick preselects: buildRustPackage with a flake and the lock imported, except where the crate says otherwise. */
export function defaultInitOptions(ws: Workspace): InitOptions {
  const wasm = ws.members.some((m) => m.lib?.crateTypes.includes('cdylib') && m.dependencies.some((d) => d.package === 'wasm-bindgen'));
  const main = (() => {
    try {
      return mainPackage(ws);
    } catch {
      return undefined;
    }
  })();
  return {
    // crane handles the wasm32 target and caches dependency builds for large workspaces.
    builder: wasm || ws.members.length > 8 ? 'crane' : 'buildRustPackage',
    flake: true,
    member: ws.members.length > 1 ? main?.package?.name : undefined,
    vendoring: 'cargoLock',
  };
}

export interface PlanExtras {
  files: GeneratedFile[];
  flake: FlakeExtras;
  warnings: string[];
  packageAdditions?: GenContext['packageAdditions'];
}

export function planInit(ws: Workspace, inferred: InferenceResult, opts: InitOptions, exists: (rel: string) => boolean = () => false, extras?: (ctx: GenContext) => PlanExtras): InitPlan {
  const ctx = makeContext(ws, inferred, opts, exists);
  const more = extras?.(ctx);
  if (more?.packageAdditions?.postInstall) ctx.packageAdditions = more.packageAdditions;
  if (ctx.packageAdditions && opts.builder === 'crate2nix') {
    ctx.warnings.push('crate2nix builds one derivation per crate: install the static assets with a crateOverrides postInstall by hand.');
  }
  const files: GeneratedFile[] = [];
  switch (opts.builder) {
    case 'buildRustPackage':
      files.push({ path: 'package.nix', content: packageNix(ctx) });
      files.push({ path: 'default.nix', content: defaultNix() });
      if (opts.flake) files.push({ path: 'flake.nix', content: buildRustPackageFlake(ctx, more?.flake) });
      if (ctx.wasm) ctx.warnings.push('a wasm32 cdylib member: buildRustPackage builds for the host; choose crane to build it for wasm32-unknown-unknown.');
      break;
    case 'crane':
      files.push({ path: 'flake.nix', content: craneFlake(ctx, more?.flake) });
      break;
    case 'naersk':
      files.push({ path: 'flake.nix', content: naerskFlake(ctx, more?.flake) });
      break;
    case 'crate2nix':
      files.push({ path: 'flake.nix', content: crate2nixFlake(ctx, more?.flake) });
      break;
  }
  if (more) files.push(...more.files);
  return { files, warnings: [...ctx.warnings, ...(more?.warnings ?? [])] };
}

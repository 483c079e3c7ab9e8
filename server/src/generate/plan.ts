// "Nixify this crate": which files to write for the chosen builder, with the
// defaults a crate suggests. Pure apart from probing which files exist (the
// caller may pass its own probe, e.g. the editor's view of the workspace).
//
// Each builder's module (server/src/builders) says which files it writes:
// buildRustPackage writes package.nix, default.nix and (unless --no-flake)
// flake.nix; the flake-only builders flake.nix alone, with no default.nix
// through flake-compat, which would add an input and a lock entry for little use.
import { BUILDERS, builderSpec, type Capabilities } from '../builders';
import type { InferenceResult } from '../infer/types';
import type { BuildReads } from '../model/buildReads';
import type { Workspace } from '../model/types';
import { mainPackage, makeContext, wasmMembers, type Builder, type GenContext, type InitOptions, type PackageExtras } from './context';
import type { FlakeExtras } from './flake';

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

/**
 * The first builder (in the order they are offered) that can build what the crate has:
 * wasm32 members with their own target's dependency build, one dependency build shared by
 * a large workspace.
 */
function defaultBuilder(ws: Workspace): Builder {
  const needs: Partial<Capabilities> = {
    // wasm32 members get their own target's dependency build beside the host's.
    ...(wasmMembers(ws).length ? { wasm: true, sharedDependencyBuild: true } : {}),
    ...(ws.members.length > MANY_MEMBERS ? { sharedDependencyBuild: true } : {}),
  };
  const fits = BUILDERS.find((b) => Object.entries(needs).every(([k, v]) => b.capabilities[k as keyof Capabilities] === v));
  return (fits ?? BUILDERS[0]).name;
}

/** What the quick pick preselects: buildRustPackage with a flake and the lock imported, except where the crate says otherwise. */
export function defaultInitOptions(ws: Workspace): InitOptions {
  let main;
  try {
    main = mainPackage(ws);
  } catch {
    main = undefined;
  }
  return {
    builder: defaultBuilder(ws),
    flake: true,
    member: ws.members.length > 1 ? main?.package?.name : undefined,
    vendoring: 'cargoLock',
  };
}

/**
 * The files `nixify init` writes (paths relative to ws.root) and what to tell
 * the user. `exists` answers for paths relative to ws.root (default: the disk).
 * `extras` lets the NixOS service generator add its outputs to the same files.
 * `reads`: what the build reads (default: analysed from the disk under ws.root).
 */
export function planInit(ws: Workspace, inferred: InferenceResult, opts: InitOptions, exists?: (rel: string) => boolean, extras?: (ctx: GenContext) => PlanExtras, reads?: BuildReads): InitPlan {
  const ctx = makeContext(ws, inferred, opts, exists, reads);
  const more = extras?.(ctx);
  if (more?.packageAdditions?.postInstall) ctx.packageAdditions = more.packageAdditions;
  const spec = builderSpec(opts.builder);
  const own = spec.generate(ctx, more?.flake);
  const files: GeneratedFile[] = [...own.files];
  ctx.warnings.push(...own.warnings);
  if (ctx.wasm && !spec.capabilities.wasm) {
    const able = BUILDERS.filter((b) => b.capabilities.wasm).map((b) => b.name);
    const names = wasmMembers(ws).map((m) => m.package!.name);
    ctx.warnings.push(
      `${names.join(', ')} ${names.length > 1 ? 'are wasm32 cdylib members' : 'is a wasm32 cdylib member'} (wasm-bindgen): ${spec.name} cannot build ${names.length > 1 ? 'them' : 'it'} for the browser — it compiles every crate for the host and has no wasm32-unknown-unknown build or wasm-bindgen step, so there is no .wasm or JS glue in its packages. Choose ${able.join(', ').replace(/, ([^,]*)$/, ' or $1')} for that.`,
    );
  }
  if (ctx.trunk.length && !spec.capabilities.trunk) {
    const able = BUILDERS.filter((b) => b.capabilities.trunk).map((b) => b.name);
    const names = ctx.trunk.map((t) => t.member.package!.name);
    const main = ctx.trunk.some((t) => t.member === ctx.pkg);
    ctx.warnings.push(
      `${names.join(', ')} ${names.length > 1 ? 'are trunk web apps' : 'is a trunk web app'} (${ctx.trunk.map((t) => t.because).join('; ')}): ${spec.name} cannot run trunk (it runs cargo itself and has no wasm32 + wasm-bindgen + asset pipeline), so ${main ? `the default package is ${ctx.pname} built for the host, not the web app` : `${names.length > 1 ? 'they are' : 'it is'} not packaged`}. Choose ${able.join(' or ')} (crane's buildTrunkPackage) for the web app.`,
    );
  }
  if (ctx.frontend.length && !spec.capabilities.nativeInputs) {
    ctx.warnings.push(
      `${ctx.frontend.map((f) => `${f.out} (npm run ${f.script} in ${f.dir || 'the root'})`).join(', ')}: the program reads a frontend build, but ${spec.name} builds each crate with buildRustCrate and takes no preBuild from Nixify; choose ${BUILDERS.filter(
        (b) => b.capabilities.nativeInputs,
      )
        .map((b) => b.name)
        .join(', ')} to have it built with buildNpmPackage and put in place.`,
    );
  }
  if (more) files.push(...more.files);
  return { files, warnings: [...ctx.warnings, ...(more?.warnings ?? [])] };
}

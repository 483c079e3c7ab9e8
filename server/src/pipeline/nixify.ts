// "Nixify this crate" for every front door (`nixify init`, the editor's
// nixify/nixifyPlan): request → options → inference → plan (+ the NixOS
// service) → files. The doors only translate their arguments into a
// NixifyRequest and the resulting files into their output (files on disk, or a
// WorkspaceEdit): what gets generated cannot differ between them.
import { BUILDER_NAMES, BUILDERS, builderSpec, isBuilder } from '../builders';
import { defaultInitOptions, planInit, type GeneratedFile, type InitOptions } from '../generate/plan';
import { planService, type ServicePlan } from '../generate/service';
import { chooseServiceMember } from '../model/serviceRole';
import { infer } from '../infer/infer';
import type { InferenceResult, InferOptions } from '../infer/types';
import { analyzeBuildReads } from '../model/buildReads';
import type { Workspace } from '../model/types';
import type { WorkspaceFs } from '../model/workspace';

/** What the person asked for, as loosely typed as a command line or a JSON request. */
export interface NixifyRequest {
  builder?: string;
  /** false: no flake.nix (only builders that are not flake-only). */
  flake?: boolean;
  member?: string;
  vendoring?: string;
  features?: string[];
  noDefaultFeatures?: boolean;
  vendored?: InferOptions['vendored'];
  module?: boolean;
  docker?: boolean;
  /** The NixOS VM test beside the module; default: with the module. */
  vmTest?: boolean;
  nginxPath?: string;
  virtualHost?: string;
  staticUser?: boolean;
  /** The Nix that will evaluate the flake (`nix --version`), when the door knows it. */
  nixVersion?: string;
}

/** A request that cannot be planned; the message says what to change. */
export class RequestError extends Error {}

export interface NixifyEnv {
  /** Whether a file exists, relative to the workspace root. */
  exists(rel: string): boolean;
  /** Reads the Rust sources (what the build reads; the service generator's facts). Needs `ensureParser('rust')`. */
  fs: WorkspaceFs;
  /** Published manifests of registry crates (the local cargo cache), for exact feature edges. */
  manifestOf?: InferOptions['manifestOf'];
}

export interface NixifyResult {
  options: InitOptions;
  inferred: InferenceResult;
  files: GeneratedFile[];
  warnings: string[];
  service?: ServicePlan;
}

/** Checks the request against the crate and fills in the defaults the crate suggests. */
export function resolveRequest(ws: Workspace, req: NixifyRequest): InitOptions {
  const defaults = defaultInitOptions(ws);
  const builder = req.builder ?? defaults.builder;
  if (!isBuilder(builder)) throw new RequestError(`--builder must be one of ${BUILDER_NAMES.join(', ')}`);
  const vendoring = req.vendoring ?? defaults.vendoring;
  if (vendoring !== 'cargoLock' && vendoring !== 'cargoHash') throw new RequestError('--vendoring must be cargoLock or cargoHash');
  const member = req.member || ws.focus || defaults.member;
  if (member && !ws.members.some((m) => m.package?.name === member)) {
    throw new RequestError(`no workspace member named \`${member}\` (members: ${ws.members.map((m) => m.package?.name).join(', ')})`);
  }
  if (req.flake === false && builderSpec(builder).capabilities.flakeOnly) {
    const without = BUILDERS.filter((b) => !b.capabilities.flakeOnly).map((b) => b.name);
    throw new RequestError(`--no-flake only works with --builder ${without.join(' or ')} (${builder} is used through a flake)`);
  }
  if ((req.nginxPath || req.virtualHost) && !req.module) throw new RequestError('--nginx-path and --virtual-host configure the NixOS module: add --module');
  if (req.nginxPath && !req.virtualHost) throw new RequestError('--nginx-path needs --virtual-host (the existing site, e.g. example.org)');
  const features = req.features?.filter(Boolean) ?? [];
  return {
    builder,
    flake: req.flake ?? true,
    member,
    vendoring,
    features: features.length ? features : undefined,
    noDefaultFeatures: req.noDefaultFeatures || undefined,
    ...nixVersionOf(req.nixVersion),
  };
}

/** `{ nixVersion }` when the request names a version (a bare `2.8.0`, or `nix --version`'s line); else nothing. */
function nixVersionOf(text: string | undefined): { nixVersion?: string } {
  const v = [...(text ?? '').matchAll(/\d+\.\d+(?:\.\d+)?/g)].at(-1)?.[0];
  return v ? { nixVersion: v } : {};
}

export function nixify(ws: Workspace, req: NixifyRequest, env: NixifyEnv): NixifyResult {
  // A service is packaged and run from the member that serves, not the first binary.
  const choice = (req.module || req.docker) && !req.member && !ws.focus && ws.members.length > 1 ? chooseServiceMember(ws, env.fs) : undefined;
  const options = resolveRequest(ws, choice?.member ? { ...req, member: choice.member } : req);
  const inferred = infer(ws, {
    members: options.member ? [options.member] : undefined,
    features: options.features ?? [],
    noDefaultFeatures: options.noDefaultFeatures,
    vendored: req.vendored,
    manifestOf: env.manifestOf,
  });
  // One reading of the sources for src and the service's assets, through the caller's view of the files.
  const reads = analyzeBuildReads(ws, env.fs);
  const service =
    req.module || req.docker
      ? planService(
          ws,
          {
            module: !!req.module,
            docker: !!req.docker,
            vmTest: !!req.module && req.vmTest !== false,
            nginxPath: req.nginxPath || undefined,
            virtualHost: req.virtualHost || undefined,
            staticUser: req.staticUser || undefined,
            member: options.member,
            packageFile: builderSpec(options.builder).packageFile ?? null,
          },
          env.fs,
          undefined,
          reads,
        )
      : undefined;
  if (service && choice?.message) service.warnings.unshift(`${choice.message}.`);
  const plan = planInit(
    ws,
    inferred,
    options,
    env.exists,
    service && (() => ({ files: service.files, flake: service.flakeAdditions, warnings: service.warnings, packageAdditions: service.packageAdditions })),
    reads,
  );
  return { options, inferred, files: plan.files, warnings: plan.warnings, service };
}

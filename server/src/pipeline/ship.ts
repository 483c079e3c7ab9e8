// The packaging leaves the editor: a CI file and a nixpkgs package, planned the
// same way for every front door (`nixify init --ci/--nixpkgs`, the editor's
// "Add CI workflow" / "Prepare for nixpkgs"). The doors supply what needs a
// process (git remote and tags, the tag's hash) only where they may run one.
import { ciFactsFromContext, ciFactsFromFlake, validCachixName, type CiCache } from '../generate/ciFacts';
import { GITHUB_WORKFLOW_PATH, githubWorkflow } from '../generate/ciGithub';
import { GITLAB_CI_PATH, gitlabCi } from '../generate/ciGitlab';
import { makeContext, mainPackage, type GenContext } from '../generate/context';
import { nixpkgsPackage } from '../generate/nixpkgsPackage';
import { cliSignals } from '../generate/nixpkgsSignals';
import { sourceTag } from '../generate/nixpkgsSource';
import type { GeneratedFile } from '../generate/plan';
import { infer } from '../infer/infer';
import type { InferOptions } from '../infer/types';
import type { GitRemoteInfo } from '../model/gitRemote';
import { readRustSources } from '../model/rustSource';
import type { Workspace } from '../model/types';
import type { WorkspaceFs } from '../model/workspace';
import { RequestError } from './nixify';

export const CI_FORGES = ['github', 'gitlab'] as const;
export type CiForge = (typeof CI_FORGES)[number];

export interface ShipPlan {
  files: GeneratedFile[];
  warnings: string[];
}

export interface CiRequest {
  forge?: string;
  /** A Cachix cache to push to; else GitHub's Actions cache (GitHub) or none (GitLab). */
  cachix?: string;
}

/** Checks the forge and cache name; the message says what to change. */
export function ciCache(req: CiRequest): { forge: CiForge; cache: CiCache } {
  if (!req.forge || !(CI_FORGES as readonly string[]).includes(req.forge)) throw new RequestError(`--ci must be one of ${CI_FORGES.join(', ')}`);
  const forge = req.forge as CiForge;
  if (req.cachix !== undefined && !validCachixName(req.cachix)) throw new RequestError(`--cachix: "${req.cachix}" is not a Cachix cache name (lowercase letters, digits and dashes)`);
  return { forge, cache: req.cachix ? { kind: 'cachix', name: req.cachix } : forge === 'github' ? { kind: 'actions' } : { kind: 'none' } };
}

function ciFile(forge: CiForge, facts: Parameters<typeof githubWorkflow>[0]): GeneratedFile {
  return forge === 'github' ? { path: GITHUB_WORKFLOW_PATH, content: githubWorkflow(facts) } : { path: GITLAB_CI_PATH, content: gitlabCi(facts) };
}

/** The CI file for the flake Nixify is writing now: it knows every package name. */
export function planCiForGenerated(ctx: GenContext, req: CiRequest, docker: boolean): ShipPlan {
  const { forge, cache } = ciCache(req);
  return { files: [ciFile(forge, ciFactsFromContext(ctx, { docker, cache }))], warnings: ciWarnings(forge, cache) };
}

/** The CI file for a flake.nix that exists (whoever wrote it). */
export function planCiForFlake(ws: Workspace, flakeText: string, req: CiRequest): ShipPlan {
  const { forge, cache } = ciCache(req);
  let name: string;
  try {
    name = mainPackage(ws).package?.name ?? 'the flake';
  } catch {
    name = 'the flake';
  }
  return { files: [ciFile(forge, ciFactsFromFlake(flakeText, name, ws.git.submodules.length > 0, cache))], warnings: ciWarnings(forge, cache) };
}

function ciWarnings(forge: CiForge, cache: CiCache): string[] {
  if (cache.kind === 'cachix') {
    return [
      `${forge === 'github' ? 'add the repository secret' : 'add the masked CI/CD variable'} CACHIX_AUTH_TOKEN (a write token of the Cachix cache ${cache.name}); without it the cache is only read.`,
    ];
  }
  if (forge === 'gitlab') return ['GitLab keeps no Nix store between pipelines without a binary cache: pass a Cachix cache name (--cachix NAME) to reuse what was built.'];
  return [];
}

export interface NixpkgsRequest {
  member?: string;
  features?: string[];
  noDefaultFeatures?: boolean;
  vendored?: InferOptions['vendored'];
}

export interface NixpkgsEnv {
  exists(rel: string): boolean;
  fs: WorkspaceFs;
  /** The git remote and tags; undefined where git must not run. */
  gitRemote?(): GitRemoteInfo | undefined;
  /** The source hash of a local tag; undefined where git/nix must not run. */
  tagHash?(tag: string): string | undefined;
  manifestOf?: InferOptions['manifestOf'];
}

/** pkgs/by-name/<xx>/<pname>/package.nix for the crate's main (or chosen) binary package. */
export function planNixpkgs(ws: Workspace, req: NixpkgsRequest, env: NixpkgsEnv): ShipPlan {
  const member = req.member || ws.focus;
  if (member && !ws.members.some((m) => m.package?.name === member)) {
    throw new RequestError(`no workspace member named \`${member}\` (members: ${ws.members.map((m) => m.package?.name).join(', ')})`);
  }
  const pkg = mainPackage(ws, member);
  if (!pkg.package) throw new RequestError('the workspace has no package to submit to nixpkgs');
  const features = req.features?.filter(Boolean) ?? [];
  const inferred = infer(ws, { members: [pkg.package.name], features, noDefaultFeatures: req.noDefaultFeatures, vendored: req.vendored, manifestOf: env.manifestOf });
  const ctx = makeContext(
    ws,
    inferred,
    {
      builder: 'buildRustPackage',
      flake: false,
      member: pkg.package.name,
      vendoring: 'cargoHash',
      features: features.length ? features : undefined,
      noDefaultFeatures: req.noDefaultFeatures || undefined,
    },
    env.exists,
  );
  const remote = env.gitRemote?.() ?? { tags: [] };
  const tag = sourceTag(pkg.package.version ?? '0.0.0', pkg.package.name, remote.tags);
  const srcHash = tag.exists ? env.tagHash?.(tag.literal) : undefined;
  const r = nixpkgsPackage(ctx, { remoteUrl: remote.remoteUrl, tags: remote.tags, signals: cliSignals(pkg, readRustSources(env.fs, pkg)), srcHash });
  const warnings = [...r.warnings];
  if (!env.gitRemote) warnings.unshift('git was not run (untrusted workspace): the source URL comes from Cargo.toml and the release tag is a guess.');
  return { files: [{ path: r.path, content: r.content }], warnings };
}

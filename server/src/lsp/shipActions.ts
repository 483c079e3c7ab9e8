// "Add CI workflow" and "Prepare for nixpkgs" in the editor: code actions on
// flake.nix, and the requests behind the client's commands. The files are
// planned by the same pipeline as `nixify init --ci/--nixpkgs` and created
// after confirmation (Refactor Preview); a file that exists is never replaced.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type CiWorkflowParams, type NixifyPlanResponse, type NixpkgsPackageParams } from '../../../shared/src/protocol';
import { readGitRemote, tagSourceHash } from '../model/gitRemote';
import type { FileEdits } from '../model/types';
import { planCiForFlake, planNixpkgs, type ShipPlan } from '../pipeline/ship';
import { pathToUri } from './convert';
import { toWorkspaceEdit } from './edits';
import type { WorkspaceIndex } from './workspaceIndex';

function response(root: string, plan: ShipPlan, label: string): NixifyPlanResponse {
  const files: NixifyPlanResponse['files'] = [];
  const changes: FileEdits[] = [];
  const warnings = [...plan.warnings];
  for (const f of plan.files) {
    if (existsSync(join(root, f.path))) {
      files.push({ path: f.path, action: 'skip', reason: `${f.path} already exists; Nixify never overwrites a file` });
      warnings.unshift(`${f.path} already exists and was left as it is; delete or rename it to generate a new one.`);
      continue;
    }
    changes.push({ path: f.path, create: f.content });
    files.push({ path: f.path, action: 'create' });
  }
  return { edit: toWorkspaceEdit(root, changes, { id: 'nixify.ship', label, needsConfirmation: true }), files, rootUri: pathToUri(root), warnings };
}

export function ciWorkflow(index: WorkspaceIndex, root: string, p: CiWorkflowParams): NixifyPlanResponse {
  const e = index.get(root);
  if (!e.ws) throw new Error(e.error?.message ?? `cannot load the crate at ${root}`);
  const flake = index.fs(root).readFile('flake.nix');
  if (flake === undefined) throw new Error('no flake.nix here: run "Nix: Nixify this crate" first; the workflow builds what the flake exposes');
  return response(root, planCiForFlake(e.ws, flake, { forge: p.forge, cachix: p.cachix || undefined }), p.forge === 'github' ? 'Add the GitHub Actions workflow' : 'Add the GitLab CI pipeline');
}

/** `trusted`: git and nix may run (remote, tags, the tag's hash); otherwise Cargo.toml alone. */
export function nixpkgsPackageFor(index: WorkspaceIndex, dir: string, p: NixpkgsPackageParams, trusted: boolean): NixifyPlanResponse {
  const { ws, fs } = index.loadFull(dir);
  const plan = planNixpkgs(
    ws,
    { member: p.member },
    {
      exists: (rel) => existsSync(join(ws.root, rel)),
      fs,
      gitRemote: trusted ? () => readGitRemote(ws.root) : undefined,
      tagHash: trusted ? (tag) => tagSourceHash(ws.root, tag) : undefined,
    },
  );
  return response(ws.root, plan, 'Prepare the nixpkgs package');
}

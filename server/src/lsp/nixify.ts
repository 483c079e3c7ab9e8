// "Nixify this crate" over LSP: the choices to offer, and the plan as a
// WorkspaceEdit whose file creations need confirmation, so VS Code opens the
// Refactor Preview before anything is written. Existing files are never
// overwritten: they are listed as skipped, with the reason.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ChangeAnnotation, CreateFile, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import type { NixifyChoicesResponse, NixifyOptions, NixifyPlanResponse } from '../../../shared/src/protocol';
import { ErrorCodes, RequestFailure } from './protocolValues';
import { BUILDERS } from '../builders';
import { nixify, RequestError, resolveRequest } from '../pipeline/nixify';
import { pathToUri, startOfFile } from './convert';
import type { WorkspaceIndex } from './workspaceIndex';

const CANDIDATE_FILES = ['flake.nix', 'package.nix', 'default.nix', 'nixos/module.nix'];
const WEB_CRATES = ['axum', 'actix-web', 'rocket', 'warp', 'poem', 'tide', 'hyper', 'salvo', 'loco-rs'];

/** `dir`: the directory of the Cargo.toml the request names (a member's focuses the workspace on it). */
export function nixifyChoices(index: WorkspaceIndex, dir: string): NixifyChoicesResponse {
  const { ws } = index.loadFull(dir);
  const root = ws.root;
  const d = resolveRequest(ws, {});
  return {
    root,
    defaults: { builder: d.builder, flake: d.flake, member: d.member, vendoring: d.vendoring },
    builders: BUILDERS.map((b) => ({ name: b.name, detail: b.detail, flakeOnly: b.capabilities.flakeOnly })),
    members: ws.members.filter((m) => m.package).map((m) => ({ name: m.package!.name, bins: m.bins.map((b) => b.name) })),
    existing: CANDIDATE_FILES.filter((f) => existsSync(join(root, f))),
    looksLikeService: ws.members.some((m) => m.dependencies.some((dep) => dep.kind === 'normal' && WEB_CRATES.includes(dep.package))),
  };
}

export const CREATE_ANNOTATION = 'nixify.create';

export function nixifyPlan(index: WorkspaceIndex, dir: string, options: NixifyOptions): NixifyPlanResponse {
  const { ws, fs } = index.loadFull(dir);
  const root = ws.root;
  let plan;
  try {
    plan = nixify(ws, options, { exists: (p) => existsSync(join(root, p)), fs, manifestOf: index.manifests });
  } catch (e) {
    if (e instanceof RequestError) throw new RequestFailure(ErrorCodes.InvalidParams, e.message);
    throw e;
  }
  const documentChanges: (CreateFile | TextDocumentEdit)[] = [];
  const files: NixifyPlanResponse['files'] = [];
  const existing = plan.files.filter((f) => existsSync(join(root, f.path)));
  for (const f of plan.files) {
    let path = f.path;
    if (existing.includes(f)) {
      // Never overwrite: the generated version goes beside it, to compare and merge by hand.
      const beside = `nixify/${f.path}`;
      if (existsSync(join(root, beside))) {
        files.push({ path: f.path, action: 'skip', reason: `${f.path} and ${beside} already exist; Nixify never overwrites a file` });
        continue;
      }
      files.push({ path: f.path, action: 'skip', reason: `${f.path} already exists, so Nixify wrote its version to ${beside} to compare and merge (it never overwrites a file)` });
      path = beside;
    }
    const uri = pathToUri(join(root, path));
    documentChanges.push({ kind: 'create', uri, options: { overwrite: false, ignoreIfExists: false }, annotationId: CREATE_ANNOTATION });
    documentChanges.push({
      textDocument: { uri, version: null },
      edits: [{ range: startOfFile(), newText: f.content, annotationId: CREATE_ANNOTATION }],
    });
    files.push({ path, action: 'create' });
  }
  const annotation: ChangeAnnotation = {
    label: 'Create Nix packaging',
    needsConfirmation: true,
    description: `${plan.options.builder}${plan.options.flake ? ' flake' : ''}: ${files
      .filter((f) => f.action === 'create')
      .map((f) => f.path)
      .join(', ')}`,
  };
  const edit: WorkspaceEdit = { documentChanges, changeAnnotations: { [CREATE_ANNOTATION]: annotation } };
  const warnings = [...plan.warnings, ...files.filter((f) => f.action === 'skip').map((f) => f.reason!)];
  return { edit, files, rootUri: pathToUri(root), warnings };
}

// "Nixify this crate" over LSP: the choices to offer, and the plan as a
// WorkspaceEdit whose file creations need confirmation, so VS Code opens the
// Refactor Preview before anything is written. Existing files are never
// overwritten: they are listed as skipped, with the reason.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ChangeAnnotation, CreateFile, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import type { NixifyChoicesResponse, NixifyOptions, NixifyPlanResponse } from '../../../shared/src/protocol';
import { defaultInitOptions, planInit } from '../generate/plan';
import { planService } from '../generate/service';
import { pathToUri } from './server';
import type { WorkspaceIndex } from './workspaceIndex';

const CANDIDATE_FILES = ['flake.nix', 'package.nix', 'default.nix', 'nixos/module.nix'];
const WEB_CRATES = ['axum', 'actix-web', 'rocket', 'warp', 'poem', 'tide', 'hyper', 'salvo', 'loco-rs'];

function loaded(index: WorkspaceIndex, root: string) {
  const e = index.get(root);
  if (!e.ws) throw new Error(e.error?.message ?? `cannot load the crate at ${root}`);
  return e.ws;
}

export function nixifyChoices(index: WorkspaceIndex, root: string): NixifyChoicesResponse {
  const ws = loaded(index, root);
  const d = defaultInitOptions(ws);
  return {
    root,
    defaults: { builder: d.builder, flake: d.flake, member: d.member, vendoring: d.vendoring },
    members: ws.members.filter((m) => m.package).map((m) => ({ name: m.package!.name, bins: m.bins.map((b) => b.name) })),
    existing: CANDIDATE_FILES.filter((f) => existsSync(join(root, f))),
    looksLikeService: ws.members.some((m) => m.dependencies.some((dep) => dep.kind === 'normal' && WEB_CRATES.includes(dep.package))),
  };
}

export const CREATE_ANNOTATION = 'nixify.create';

export function nixifyPlan(index: WorkspaceIndex, root: string, options: NixifyOptions): NixifyPlanResponse {
  const ws = loaded(index, root);
  const inferred = index.inferred(root)!;
  const init = { ...defaultInitOptions(ws), ...options };
  const service =
    options.module || options.docker
      ? planService(
          ws,
          {
            module: !!options.module,
            docker: !!options.docker,
            vmTest: !!options.module,
            nginxPath: options.nginxPath || undefined,
            virtualHost: options.nginxPath ? options.virtualHost : undefined,
            member: init.member,
            packageFile: init.builder === 'buildRustPackage' ? 'package.nix' : null,
          },
          index.fs(root),
        )
      : undefined;
  const plan = planInit(ws, inferred, init, (p) => existsSync(join(root, p)), service && (() => ({ files: service.files, flake: service.flakeAdditions, warnings: service.warnings, packageAdditions: service.packageAdditions })));
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
      edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: f.content, annotationId: CREATE_ANNOTATION }],
    });
    files.push({ path, action: 'create' });
  }
  const annotation: ChangeAnnotation = {
    label: 'Create Nix packaging',
    needsConfirmation: true,
    description: `${options.builder}${options.flake ? ' flake' : ''}: ${files.filter((f) => f.action === 'create').map((f) => f.path).join(', ')}`,
  };
  const edit: WorkspaceEdit = { documentChanges, changeAnnotations: { [CREATE_ANNOTATION]: annotation } };
  const warnings = [...plan.warnings, ...files.filter((f) => f.action === 'skip').map((f) => f.reason!)];
  return { edit, files, rootUri: pathToUri(root), warnings };
}

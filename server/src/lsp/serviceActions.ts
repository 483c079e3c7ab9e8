// "Add NixOS module", "Add nginx reverse proxy", "Add Docker image" on a
// flake.nix that already exists: new files are created after confirmation
// (Refactor Preview) and the flake's outputs are extended in place.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type NixifyPlanResponse, type ServiceAdditionParams } from '../../../shared/src/protocol';
import { extendFlakeOutputs } from '../generate/flakeEdit';
import { planService } from '../generate/service';
import type { FileEdits } from '../model/types';
import { toWorkspaceEdit } from './edits';
import { pathToUri } from './convert';
import type { WorkspaceIndex } from './workspaceIndex';

export function serviceAddition(index: WorkspaceIndex, root: string, p: ServiceAdditionParams): NixifyPlanResponse {
  const e = index.get(root);
  if (!e.ws) throw new Error(e.error?.message ?? `cannot load the crate at ${root}`);
  const flake = index.fs(root).readFile('flake.nix');
  if (flake === undefined) throw new Error('no flake.nix here: use "Nix: Nixify this crate" to create one with the module');
  const hasPackageNix = existsSync(join(root, 'package.nix'));
  const plan = planService(
    e.ws,
    {
      module: p.module,
      docker: p.docker,
      vmTest: p.module,
      nginxPath: p.nginxPath || undefined,
      virtualHost: p.nginxPath ? p.virtualHost : undefined,
      packageFile: hasPackageNix ? 'package.nix' : null,
    },
    index.fs(root),
  );
  const warnings = [...plan.warnings];
  const files: NixifyPlanResponse['files'] = [];
  const changes: FileEdits[] = [];
  for (const f of plan.files) {
    if (existsSync(join(root, f.path))) {
      files.push({ path: f.path, action: 'skip', reason: `${f.path} already exists; Nixify never overwrites a file` });
      continue;
    }
    changes.push({ path: f.path, create: f.content });
    files.push({ path: f.path, action: 'create' });
  }
  const extended = extendFlakeOutputs(flake, plan.flakeAdditions);
  if ('error' in extended) warnings.push(`flake.nix was left as it is (${extended.error}); expose the new files from its outputs by hand.`);
  else {
    changes.push({ path: 'flake.nix', edits: extended.edits });
    files.push({ path: 'flake.nix', action: 'edit' });
  }
  if (plan.packageAdditions.postInstall) {
    warnings.push(
      `The crate reads ${plan.facts.assets
        .filter((a) => a.use === 'runtime')
        .map((a) => a.dir)
        .join(', ')} at run time: add makeWrapper to nativeBuildInputs and this postInstall to the package:\n${plan.packageAdditions.postInstall}`,
    );
  }
  const edit = toWorkspaceEdit(root, changes, { id: 'nixify.service', label: 'Add the NixOS service', needsConfirmation: true });
  return { edit, files, rootUri: pathToUri(root), warnings };
}

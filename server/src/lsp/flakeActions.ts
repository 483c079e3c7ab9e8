// The code actions offered on an existing flake.nix: "Add NixOS module", "Add
// nginx…", "Add Docker image", "Add CI workflow", "Prepare for nixpkgs". Each
// only names its command; the plans behind them (serviceActions.ts,
// shipActions.ts) run on the analysis thread when the command comes.
import type { CodeAction } from 'vscode-languageserver/node';
import { ClientCommands } from '../../../shared/src/protocol';
import { ActionKinds } from './convert';

export function serviceCodeActions(flakeText: string, uri: string): CodeAction[] {
  const actions: CodeAction[] = [];
  const offer = (title: string, what: 'module' | 'nginx' | 'docker') =>
    actions.push({ title, kind: ActionKinds.addService, command: { title, command: ClientCommands.addService, arguments: [uri, what] } });
  if (!/nixosModules/.test(flakeText)) {
    offer('Add NixOS module (hardened service, non-interactive user)', 'module');
    offer('Add NixOS module with nginx under a subdirectory of an existing site', 'nginx');
  }
  if (!/docker/i.test(flakeText)) offer('Add Docker image (dockerTools)', 'docker');
  return actions;
}

export function shipCodeActions(uri: string): CodeAction[] {
  const offer = (title: string, command: string): CodeAction => ({ title, kind: ActionKinds.addService, command: { title, command, arguments: [uri] } });
  return [offer('Add CI workflow (GitHub Actions or GitLab CI)', ClientCommands.addCiWorkflow), offer('Prepare for nixpkgs (pkgs/by-name/…/package.nix)', ClientCommands.prepareNixpkgs)];
}

// Code lenses on Cargo.toml: the "Nixify this crate" entry point on `[package]`
// and, beside it, what the Nix build will need.
import { relative, sep } from 'node:path';
import type { CodeLens } from 'vscode-languageserver/node';
import { ClientCommands } from '../../../shared/src/protocol';
import { pathToUri } from './convert';
import type { WorkspaceView } from './workspaceView';

export function cargoCodeLenses(view: WorkspaceView, root: string, file: string): CodeLens[] {
  if (!view.loaded) return [];
  const rel = relative(root, file).split(sep).join('/');
  const m = view.members.find((x) => x.path === rel);
  const header = m?.package ?? (rel === 'Cargo.toml' ? view.workspace : undefined);
  if (!header) return [];
  // The whole `[package]` line, bracket included.
  const range = { start: { line: header.start.line, character: 0 }, end: { line: header.end.line, character: header.end.character + 1 } };
  const uri = pathToUri(file);
  const lenses: CodeLens[] = [{ range, command: { title: '$(package) Nixify this crate', command: ClientCommands.nixify, arguments: [uri] } }];
  const inferred = view.inferred;
  if (inferred) {
    const inputs = [...inferred.nativeBuildInputs, ...inferred.buildInputs].map((i) => i.attr);
    const list = [...new Set(inputs)].join(', ');
    // Without a lock the transitive crates are unknown: "none needed" would be a guess.
    const title = inferred.withoutLock ? `Nix inputs (no Cargo.lock, direct dependencies only): ${list || 'none found'}` : `Nix inputs: ${list || 'none needed'}`;
    lenses.push({ range, command: { title, command: 'nixify.showInferredInputs', arguments: [uri] } });
  }
  return lenses;
}

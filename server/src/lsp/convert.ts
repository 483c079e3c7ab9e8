// Every conversion between the core's plain data and LSP values, in one place
// (as nil's convert.rs or rust-analyzer's to_proto): URIs ↔ paths, the empty
// range at the start of a file, severities.
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Command } from 'vscode-languageserver/node';
import { CodeActionKind, DiagnosticSeverity } from './protocolValues';
import type { Fix } from '../check/types';

/** The file system path of a `file:` URI; undefined for other schemes (untitled buffers, remote files). */
export function uriToPath(uri: string): string | undefined {
  return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
}

export const pathToUri = (p: string) => pathToFileURL(p).href;

/** The URI of a workspace-relative path. */
export const relUri = (root: string, rel: string) => pathToUri(join(root, rel));

/** The empty range at the start of a file (the core's, which LSP's Range matches). */
export { startOfFile } from '../model/ranges';

/** The core's severities (checks and build diagnoses) as LSP's. */
export const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
} as const;

/** Code action kinds the server produces (and advertises in its capabilities). */
export const ActionKinds = {
  quickFix: CodeActionKind.QuickFix,
  /** "Nixify this crate" on Cargo.toml (Source Action…, codeActionsOnSave). */
  nixify: `${CodeActionKind.Source}.nixify`,
  /** Add a NixOS module / nginx location / Docker image to an existing flake.nix (Refactor…). */
  addService: `${CodeActionKind.Refactor}.nixify`,
} as const;

/**
 * A core fix's action as an LSP command: its protocol-level id (shared
 * FixCommands, the same names `nixify check/diagnose --json` print) with the
 * workspace root before the fix's own arguments. Each client maps the ids to
 * its own commands (the VS Code client in client/src/commands.ts).
 */
export function fixCommand(fix: Fix, root: string): Command | undefined {
  return fix.command ? { title: fix.title, command: fix.command.id, arguments: [root, ...fix.command.args] } : undefined;
}

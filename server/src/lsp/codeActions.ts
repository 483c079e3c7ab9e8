// Quick fixes for build diagnostics. The diagnostic carries what would fix
// the cause as intents; the edits are computed now, against the text as it is
// when the person opens the lightbulb (the file may have changed since the build).
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver/node';
import { ClientCommands, FixCommands } from '../../../shared/src/protocol';
import type { Fix } from '../check/types';
import { fixesFor } from '../diagnose/toFixes';
import type { BuildDiagnosticData } from './build';
import { buildWorkspace } from './build';
import { toWorkspaceEdit } from './edits';
import type { NixModelCache } from './nixModels';

export function isBuildDiagnostic(d: Diagnostic): d is Diagnostic & { data: BuildDiagnosticData } {
  return d.source === 'nixify' && (d.data as Partial<BuildDiagnosticData> | undefined)?.kind === 'build';
}

/** Commands a fix names, as this client implements them (git add needs the root and asks first). */
function command(fix: Fix, root: string): CodeAction['command'] {
  if (!fix.command) return undefined;
  const { id, args } = fix.command;
  if (id === FixCommands.gitAdd) return { title: fix.title, command: ClientCommands.gitAdd, arguments: [root, args[0], false] };
  const vscodeId: Record<string, string> = {
    [FixCommands.enableExperimentalFeatures]: ClientCommands.enableFlakes,
    [FixCommands.runInWorkspace]: ClientCommands.runInWorkspace,
    [FixCommands.useRustToolchain]: ClientCommands.useRustToolchain,
  };
  return { title: fix.title, command: vscodeId[id] ?? id, arguments: [root, ...args] };
}

export function buildCodeActions(params: CodeActionParams, nixModels: NixModelCache, textOf: (abs: string) => string | undefined): CodeAction[] {
  const actions: CodeAction[] = [];
  const logs = new Set<string>();
  for (const d of params.context.diagnostics) {
    if (!isBuildDiagnostic(d)) continue;
    const data = d.data;
    const { files, nixFiles } = buildWorkspace(data.root, textOf, nixModels);
    const fixes = fixesFor({ ...data.diagnostic, fixes: data.intents }, nixFiles, files, { root: data.root, builtFile: data.builtFile });
    for (const fix of fixes) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        // Only replacing the exact hash Nix reported is certain to address the error.
        isPreferred: data.diagnostic.category === 'hash-mismatch' && fix.edits.length > 0 && data.intents[0]?.kind === 'replace-hash',
        edit: fix.edits.length ? toWorkspaceEdit(data.root, fix.edits) : undefined,
        command: command(fix, data.root),
      });
    }
    if (!logs.has(data.logPath)) {
      logs.add(data.logPath);
      actions.push({
        title: 'Show full build log',
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        command: { title: 'Show full build log', command: ClientCommands.showLog, arguments: [data.logPath, data.installable] },
      });
    }
  }
  return actions;
}

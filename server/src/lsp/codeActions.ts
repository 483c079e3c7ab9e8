// Quick fixes for build diagnostics. The diagnostic carries what would fix
// the cause as intents; the edits are computed now, against the text as it is
// when the person opens the lightbulb (the file may have changed since the build).
import type { CodeAction, CodeActionParams } from 'vscode-languageserver/node';
import { ClientCommands } from '../../../shared/src/protocol';
import { fixesFor } from '../diagnose/toFixes';
import { isBuildDiagnostic } from './build';
import { buildWorkspace } from './buildWorkspace';
import { ActionKinds, fixCommand } from './convert';
import { toWorkspaceEdit } from './edits';
import type { NixModelCache } from './nixModels';

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
        kind: ActionKinds.quickFix,
        diagnostics: [d],
        // The diagnosis rule knows when a fix exactly addresses its cause.
        isPreferred: fix.preferred,
        edit: fix.edits.length ? toWorkspaceEdit(data.root, fix.edits) : undefined,
        command: fixCommand(fix, data.root),
      });
    }
    if (!logs.has(data.logPath)) {
      logs.add(data.logPath);
      actions.push({
        title: 'Show full build log',
        kind: ActionKinds.quickFix,
        diagnostics: [d],
        command: { title: 'Show full build log', command: ClientCommands.showLog, arguments: [data.logPath, data.installable] },
      });
    }
  }
  return actions;
}

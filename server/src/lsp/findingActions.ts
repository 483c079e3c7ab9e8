// Quick fixes for the server's own diagnostics: each diagnostic carries its
// fixes as plain data (computed with the finding), so answering a code-action
// request is a lookup, not a recomputation (budget: p99 ≤ 10 ms).
import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver/node';
import type { Fix } from '../check/types';
import { toWorkspaceEdit } from './edits';

interface WithFixes {
  fixes?: Fix[];
}

export function fixesToCodeActions(root: string, params: CodeActionParams): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const d of params.context.diagnostics) {
    if (d.source !== 'nixify') continue;
    const fixes = (d.data as WithFixes | undefined)?.fixes ?? [];
    for (const fix of fixes) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: fix.preferred,
        edit: fix.edits.length ? toWorkspaceEdit(root, fix.edits) : undefined,
        command: fix.command ? { title: fix.title, command: fix.command.id, arguments: fix.command.args } : undefined,
      });
    }
  }
  return actions;
}

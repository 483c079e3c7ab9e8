// Quick fixes for the server's own diagnostics: each diagnostic carries its
// fixes as plain data (computed with the finding), so answering a code-action
// request is a lookup, not a recomputation (budget: p99 ≤ 10 ms).
import type { CodeAction, CodeActionParams } from 'vscode-languageserver/node';
import type { Fix } from '../check/types';
import { ActionKinds, fixCommand } from './convert';
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
        kind: ActionKinds.quickFix,
        diagnostics: [d],
        isPreferred: fix.preferred,
        edit: fix.edits.length ? toWorkspaceEdit(root, fix.edits) : undefined,
        command: fixCommand(fix, root),
      });
    }
  }
  return actions;
}

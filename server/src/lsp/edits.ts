// Plain FileEdits → LSP WorkspaceEdit. Fixes are computed by the cores as plain
// data and only become protocol objects here.
import type { CreateFile, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import type { FileEdits } from '../model/types';
import { relUri, startOfFile } from './convert';

export function toWorkspaceEdit(root: string, files: FileEdits[], annotation?: { id: string; label: string; needsConfirmation: boolean }): WorkspaceEdit {
  const documentChanges: (CreateFile | TextDocumentEdit)[] = [];
  for (const f of files) {
    const uri = relUri(root, f.path);
    if (f.create !== undefined) {
      documentChanges.push({ kind: 'create', uri, options: { overwrite: false, ignoreIfExists: false }, annotationId: annotation?.id });
      documentChanges.push({
        textDocument: { uri, version: null },
        edits: [{ range: startOfFile(), newText: f.create, ...(annotation ? { annotationId: annotation.id } : {}) }],
      });
    }
    if (f.edits?.length) {
      documentChanges.push({ textDocument: { uri, version: null }, edits: f.edits.map((e) => ({ ...e, ...(annotation ? { annotationId: annotation.id } : {}) })) });
    }
  }
  return annotation ? { documentChanges, changeAnnotations: { [annotation.id]: { label: annotation.label, needsConfirmation: annotation.needsConfirmation } } } : { documentChanges };
}

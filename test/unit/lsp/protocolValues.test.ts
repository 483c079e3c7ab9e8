import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as lsp from 'vscode-languageserver/node';
import * as ours from '../../../server/src/lsp/protocolValues';

describe('the LSP values the analysis thread writes', () => {
  it('are vscode-languageserver’s', () => {
    for (const name of ['DiagnosticSeverity', 'DiagnosticTag', 'CodeActionKind', 'FileChangeType', 'ErrorCodes'] as const) {
      const theirs = lsp[name] as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(ours[name])) assert.equal(v, theirs[k], `${name}.${k}`);
    }
  });
});

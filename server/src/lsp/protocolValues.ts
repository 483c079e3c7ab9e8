// The LSP's numbers and names that the analysis thread writes into what it posts: diagnostic
// severities and tags, code action kinds, file change types, an error code. They are the
// protocol's own, fixed by its specification (test/unit/lsp/protocolValues.test.ts holds them
// equal to vscode-languageserver's). Written here so that the analysis thread, which speaks no
// JSON-RPC, does not load vscode-languageserver at start for them: its JSON-RPC and protocol
// modules are 200 KB of the bundle the thread would parse (bench/coldStart.ts).

export const DiagnosticSeverity = { Error: 1, Warning: 2, Information: 3, Hint: 4 } as const;

export const DiagnosticTag = { Unnecessary: 1, Deprecated: 2 } as const;

export const CodeActionKind = { QuickFix: 'quickfix', Refactor: 'refactor', Source: 'source' } as const;

export const FileChangeType = { Created: 1, Changed: 2, Deleted: 3 } as const;

export const ErrorCodes = { InvalidParams: -32602, InternalError: -32603 } as const;

/** A request that fails with an LSP error code: the request thread answers it as a ResponseError with that code. */
export class RequestFailure extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

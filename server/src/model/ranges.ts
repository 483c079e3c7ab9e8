// Range helpers the core shares (LSP conversions live in lsp/convert.ts).
import type { Range } from './types';

/** The empty range at the start of a file: a finding about a whole file, or where a new file's text goes. */
export function startOfFile(): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

// Builds a CheckContext from a workspace on disk (CLI) or with editor buffers
// laid over it (LSP): the Nix files parsed, the inference computed once.
import { infer } from '../infer/infer';
import type { InferenceResult, InferOptions } from '../infer/types';
import { parseNixFile } from '../model/nix';
import type { NixFileModel } from '../model/nixTypes';
import type { Workspace } from '../model/types';
import type { WorkspaceFs } from '../model/workspace';
import { nixFilePaths } from './run';
import type { CheckContext, CheckState, NixFile } from './types';

export function checkContext(
  ws: Workspace,
  fs: WorkspaceFs,
  opts: { state?: CheckState; nixModel?: (path: string, text: string) => NixFileModel; inferred?: InferenceResult; manifestOf?: InferOptions['manifestOf'] } = {},
): CheckContext {
  const nixFiles: NixFile[] = [];
  for (const path of nixFilePaths((rel) => fs.readDir(rel))) {
    const text = fs.readFile(path);
    if (text === undefined) continue;
    nixFiles.push({ path, text, model: opts.nixModel ? opts.nixModel(path, text) : parseNixFile(text, path) });
  }
  const inferred = opts.inferred ?? infer(ws, { members: ws.focus ? [ws.focus] : undefined, manifestOf: opts.manifestOf });
  return { ws, inferred, nixFiles, fs, state: opts.state, manifestOf: opts.manifestOf };
}

// "What will break before a build" for every front door (`nixify check`, the
// language server's diagnostics): the same inference (with the cargo cache's
// manifests when given) and the same checks over the workspace's Nix files.
import { checkContext } from '../check/context';
import { runChecks } from '../check/run';
import type { CheckState, Finding } from '../check/types';
import { infer } from '../infer/infer';
import type { InferenceResult, InferOptions } from '../infer/types';
import type { NixFileModel } from '../model/nixTypes';
import type { Workspace } from '../model/types';
import type { WorkspaceFs } from '../model/workspace';

export interface CheckEnv {
  state?: CheckState;
  /** Parses a Nix file (the server passes its incremental cache). */
  nixModel?: (path: string, text: string) => NixFileModel;
  /** Inference already computed for this workspace (the server caches it per load). */
  inferred?: InferenceResult;
  manifestOf?: InferOptions['manifestOf'];
}

/** The inference checks compare against: the focused member's, or the whole workspace's. */
export function inferForChecks(ws: Workspace, manifestOf?: InferOptions['manifestOf']): InferenceResult {
  return infer(ws, inferOptionsForChecks(ws, manifestOf));
}

/** The options of that inference (the language server infers incrementally with the same ones). */
export function inferOptionsForChecks(ws: Workspace, manifestOf?: InferOptions['manifestOf']): InferOptions {
  return { members: ws.focus ? [ws.focus] : undefined, manifestOf };
}

export function checkCrate(ws: Workspace, fs: WorkspaceFs, env: CheckEnv = {}): Finding[] {
  return runChecks(checkContext(ws, fs, { state: env.state, nixModel: env.nixModel, inferred: env.inferred ?? inferForChecks(ws, env.manifestOf), manifestOf: env.manifestOf }));
}

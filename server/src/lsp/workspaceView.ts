// What the request thread needs of an analysed workspace to answer hovers and
// code lenses at once, whatever the analysis thread is doing: each member's
// dependencies with their source ranges and the inference. Small and plain, so
// it crosses threads cheaply; the analysis sends it when either changed.
import type { InferenceResult } from '../infer/types';
import type { DependencyKind, Range } from '../model/types';
import type { WorkspaceEntry } from './workspaceIndex';

export interface DependencyView {
  name: string;
  package: string;
  kind: DependencyKind;
  range?: Range;
}

export interface WorkspaceView {
  members: { path: string; package?: Range; dependencies: DependencyView[] }[];
  /** The root manifest's `[workspace]` header. */
  workspace?: Range;
  /** Without `builtCrates` (hovers and lenses never read it; on a large lock it is most of the bytes). */
  inferred?: InferenceResult;
  /** The workspace did not load: hovers and lenses have nothing to say. */
  loaded: boolean;
  /**
   * Made after every view of a lower number (the analysis thread counts them). Views come in two
   * ways, with diagnostics and as a call's reply: the request thread keeps the latest made, not the
   * latest arrived (a diagnostics' view can arrive before the reply of an older call's newer view).
   */
  seq: number;
}

export function workspaceView(entry: WorkspaceEntry, inferred: InferenceResult | undefined, seq: number): WorkspaceView {
  const ws = entry.ws;
  return {
    loaded: ws !== undefined,
    members: (ws?.members ?? []).map((m) => ({
      path: m.path,
      package: m.ranges.package,
      dependencies: m.dependencies.map((d) => ({ name: d.name, package: d.package, kind: d.kind, range: d.range })),
    })),
    workspace: ws?.rootManifest.ranges.workspace,
    inferred: inferred && { ...inferred, builtCrates: [] },
    seq,
  };
}

// What the request thread needs of an analysed workspace to answer hovers and
// code lenses at once, whatever the analysis thread is doing: each member's
// dependencies with their source ranges and the inference. Plain data; it
// crosses threads as JSON (sentView), sent only when that JSON changed, and the
// request thread parses it when a hover or lens first reads it.
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
}

/**
 * A view as it crosses threads. As JSON, not as objects: a message's objects are rebuilt by the
 * receiving thread before it reads anything else (≈ 0.6 ms for nushell's 80 KB view, on the request
 * thread, with every manifest edit), while a string is copied whole, and the request thread parses
 * it only when a hover or lens reads it. The analysis thread compares it with the JSON it sent
 * before and sends nothing when equal (a version bump maps the inference anew to the same view).
 */
export interface SentView {
  /**
   * Made after every view of a lower number (the analysis thread counts them). Views come in two
   * ways, with diagnostics and as a call's reply: the request thread keeps the latest made, not the
   * latest arrived (a diagnostics' view can arrive before the reply of an older call's newer view).
   */
  seq: number;
  /** JSON of a WorkspaceView. */
  json: string;
}

export function workspaceView(entry: WorkspaceEntry, inferred: InferenceResult | undefined): WorkspaceView {
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
  };
}

// What the request thread needs of an analysed workspace to answer hovers and
// code lenses at once, whatever the analysis thread is doing: each member's
// dependencies with their source ranges and the inference. Plain data; it
// crosses threads as JSON in parts (viewParts.ts), each sent only when its JSON
// changed, and the request thread parses a part when a hover or lens first reads it.
import type { InferenceResult } from '../infer/types';
import type { CargoManifest, DependencyKind, Range } from '../model/types';
import type { WorkspaceEntry } from './workspaceIndex';

export interface DependencyView {
  name: string;
  package: string;
  kind: DependencyKind;
  range?: Range;
}

export interface MemberView {
  path: string;
  package?: Range;
  dependencies: DependencyView[];
}

export interface WorkspaceView {
  members: MemberView[];
  /** The root manifest's `[workspace]` header. */
  workspace?: Range;
  /** Without `builtCrates` (hovers and lenses never read it; on a large lock it is most of the bytes). */
  inferred?: InferenceResult;
  /** The workspace did not load: hovers and lenses have nothing to say. */
  loaded: boolean;
}

/**
 * A view as it crosses threads: the parts of it made anew since the view sent before (all of them
 * when asked for), each as JSON. As JSON, not as objects: a message's objects are rebuilt by the
 * receiving thread before it reads anything else, while a string is copied whole, and the request
 * thread parses a part only when a hover or lens reads it. In parts: a member's ranges are its own
 * manifest's, so an edit to one manifest sends that member's part (and the head when the
 * `[workspace]` header moved), not nushell's 85 KB of all 41.
 */
export interface SentView {
  /**
   * Made after every view of a lower number (the analysis thread counts them). Views come in two
   * ways, with diagnostics and as a call's reply: the request thread keeps, part by part, the latest
   * made, not the latest arrived (a diagnostics' view can arrive before the reply of an older call's newer view).
   */
  seq: number;
  /** [key, JSON]: HEAD_PART (a ViewHead), INFERRED_PART, and each member's by memberPart(path). */
  parts: [string, string][];
}

/** What a view holds besides its members' parts and the inference. */
export interface ViewHead {
  loaded: boolean;
  workspace?: Range;
  /** The members' paths, in the workspace's order: the view's members are these parts. */
  paths: string[];
}

export const HEAD_PART = 'head';
/** JSON of the inference without `builtCrates`, or `null`. */
export const INFERRED_PART = 'inferred';
/** A member's part (paths end in Cargo.toml: never the two above). */
export const memberPart = (path: string) => `member ${path}`;

export function memberView(m: CargoManifest): MemberView {
  return { path: m.path, package: m.ranges.package, dependencies: m.dependencies.map((d) => ({ name: d.name, package: d.package, kind: d.kind, range: d.range })) };
}

export function inferredView(inferred: InferenceResult | undefined): InferenceResult | undefined {
  return inferred && { ...inferred, builtCrates: [] };
}

/** The whole view at once (tests compare the parts the request thread puts together with it). */
export function workspaceView(entry: WorkspaceEntry, inferred: InferenceResult | undefined): WorkspaceView {
  const ws = entry.ws;
  return {
    loaded: ws !== undefined,
    members: (ws?.members ?? []).map(memberView),
    workspace: ws?.rootManifest.ranges.workspace,
    inferred: inferredView(inferred),
  };
}

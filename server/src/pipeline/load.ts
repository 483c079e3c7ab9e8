// Loading a crate the same way for every front door: the workspace containing
// a directory (its member focused), files read through the caller's view (the
// editor lays unsaved buffers over the disk), git state when the caller may
// read it, and the tree scanned for symlinks (src has to know them).
import type { GitInfo, Workspace } from '../model/types';
import { findWorkspaceRoot, loadWorkspaceAt, nodeFs, type ParseCache, type WorkspaceFs } from '../model/workspace';

export interface LoadEnv {
  /** How files under `root` are read; default: the disk. */
  fs?(root: string): WorkspaceFs;
  /** git's view of `root`; undefined where git must not run (an untrusted workspace). */
  git?(root: string): GitInfo | undefined;
  /** Parsed manifests and locks to reuse across loads. */
  cache?(root: string): ParseCache | undefined;
}

export interface Loaded {
  ws: Workspace;
  /** The view the workspace was read through, for later reads (Rust sources, existing files). */
  fs: WorkspaceFs;
}

/** The workspace containing `dir` (a crate, a workspace root or a member's directory), fully scanned. */
export function loadCrate(dir: string, env: LoadEnv = {}): Loaded {
  const { root, member } = findWorkspaceRoot(dir);
  const fs = env.fs?.(root) ?? nodeFs(root);
  const ws = loadWorkspaceAt(root, { fs, git: env.git?.(root), cache: env.cache?.(root) });
  if (member) ws.focus = member;
  return { ws, fs };
}

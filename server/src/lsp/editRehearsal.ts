// What a workspace's first edit would otherwise pay, done while the server is
// idle after the workspace's first diagnostics went out: the open documents'
// line indexes (an incremental change is placed by line; the index is built on
// the first read or edit) and a first run of the comparison a manifest edit
// makes (V8 compiles a function when it first runs). Each step runs in a turn
// of its own, after the diagnostics were posted, so a change that arrives
// meanwhile waits for one step at most.
import type { PieceTextDocument } from './textDocument';
import type { WorkspaceIndex } from './workspaceIndex';

/** The line indexes of those of `docs` that have none yet (opened since), in a later turn (after what is being sent now). */
export function indexLinesLater(docs: Iterable<PieceTextDocument>): void {
  const list = [...docs].filter((d) => !d.linesIndexed);
  if (list.length) setImmediate(() => list.forEach((d) => d.indexLines()));
}

/** The manifest edit's comparison on `root`'s load, in a later turn than indexLinesLater's. */
export function rehearseManifestEditLater(index: WorkspaceIndex, root: string): void {
  setImmediate(() => setImmediate(() => index.rehearseManifestEdit(root)));
}

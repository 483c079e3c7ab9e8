// Which Cargo workspace a file belongs to, found by walking up to the nearest
// Cargo.toml (an open buffer counts) and asking it for its workspace root.
// Cheap and memoised per directory: both the request thread (code actions,
// build diagnostics) and the analysis thread ask it.
//
// What a directory's answer read: whether a Cargo.toml exists (on disk or as an
// open buffer) in it and each directory above it up to the nearest one that has
// one; then findWorkspaceRoot's reads, which are that Cargo.toml and those of the
// directories above it, and, for a `members` glob, the listing of directories
// under a workspace root. So a Cargo.toml's edit, opening or closing can only
// change the answers of its own directory and those under it: only they are
// forgotten (an edit to one member's manifest keeps every other member's, and
// every other workspace's, answers). A Cargo.toml created or deleted on disk may
// come or go with its directory, which a glob's listing reads: everything is
// forgotten then.
import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { findWorkspaceRoot } from '../model/workspace';

export class WorkspaceRoots {
  private readonly rootOfDir = new Map<string, string | null>();

  constructor(
    private readonly textOf: (absPath: string) => string | undefined,
    /** Tests count the calls; it reads the disk. */
    private readonly find: (dir: string) => { root: string } = findWorkspaceRoot,
  ) {}

  /** The workspace root for a file, found by walking up to the nearest Cargo.toml. */
  rootFor(absPath: string): string | undefined {
    let dir = dirname(absPath);
    const visited: string[] = [];
    for (let i = 0; i < 32; i++) {
      const cached = this.rootOfDir.get(dir);
      if (cached !== undefined) {
        for (const v of visited) this.rootOfDir.set(v, cached);
        return cached ?? undefined;
      }
      visited.push(dir);
      if (existsSync(join(dir, 'Cargo.toml')) || this.textOf(join(dir, 'Cargo.toml')) !== undefined) {
        let root = dir;
        try {
          root = this.find(dir).root;
        } catch {
          // A malformed Cargo.toml still roots its own (erroneous) workspace.
        }
        for (const v of visited) this.rootOfDir.set(v, root);
        return root;
      }
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
    for (const v of visited) this.rootOfDir.set(v, null);
    return undefined;
  }

  /**
   * A Cargo.toml changed. `structural`: it was created or deleted on disk (its directory may have
   * come or gone with it), and every answer is forgotten; otherwise (its text edited, in a buffer or
   * on disk, or the buffer opened or closed) those of its directory and the ones under it.
   */
  manifestChanged(manifest: string, structural: boolean) {
    if (structural) return this.forget();
    const dir = dirname(manifest);
    const under = dir.endsWith(sep) ? dir : dir + sep;
    for (const d of this.rootOfDir.keys()) if (d === dir || d.startsWith(under)) this.rootOfDir.delete(d);
  }

  /** Every answer forgotten (trust granted, the index cleared). */
  forget() {
    this.rootOfDir.clear();
  }
}

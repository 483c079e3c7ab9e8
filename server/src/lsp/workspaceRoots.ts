// Which Cargo workspace a file belongs to, found by walking up to the nearest
// Cargo.toml (an open buffer counts) and asking it for its workspace root.
// Cheap and memoised per directory: both the request thread (code actions,
// build diagnostics) and the analysis thread ask it; a Cargo.toml edit forgets.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findWorkspaceRoot } from '../model/workspace';

export class WorkspaceRoots {
  private readonly rootOfDir = new Map<string, string | null>();

  constructor(private readonly textOf: (absPath: string) => string | undefined) {}

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
          root = findWorkspaceRoot(dir).root;
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

  /** A Cargo.toml was edited, created or deleted: roots must be found again. */
  forget() {
    this.rootOfDir.clear();
  }
}

// The server's view of every Cargo workspace it has seen: loaded lazily from
// disk with unsaved editor buffers laid over it, cached until a file of that
// workspace changes. Errors are kept (not thrown) so they can be shown.
import { isAbsolute, join, relative, sep } from 'node:path';
import { cargoCacheManifests } from '../infer/registry';
import type { InferenceResult } from '../infer/types';
import { readGitInfo } from '../model/git';
import { inferAfterLockEdit, inferTracked, PACKAGE_FIELDS_INFERENCE_SKIPS } from '../infer/reuse';
import { cachedEditedLock, cachedLock, loadWorkspaceAt, newParseCache, nodeFs, type DirEntry, type ParseCache, type WorkspaceFs } from '../model/workspace';
import { ModelError, type GitInfo, type Workspace } from '../model/types';
import { inferOptionsForChecks } from '../pipeline/check';
import { loadCrate, type Loaded } from '../pipeline/load';
import { withManifestPositions } from '../model/manifestPositions';
import { onlyTriviaLinesDiffer } from '../model/tomlTrivia';
import { samePositionless } from '../model/positionless';
import { WorkspaceRoots } from './workspaceRoots';
import type { EditedText } from '../model/editedText';

export interface OpenBuffers {
  /** Text of an open editor buffer by absolute path, if open. */
  textOf(absPath: string): string | undefined;
  /** An open buffer read by its change since the previous such read (the lock, read again on every edit), if open. */
  editedOf?(absPath: string): EditedText | undefined;
}

export interface WorkspaceEntry {
  root: string;
  ws?: Workspace;
  error?: ModelError;
  /** Bumped on every invalidation; lets async consumers drop stale results. */
  generation: number;
  inferred?: InferenceResult;
  /** The previous load and its inference, when only Cargo.lock changed since: the inference starts from them. */
  basis?: { ws: Workspace; inferred: InferenceResult };
  /** What the load read, and the load before an invalidation: an edit that changed none of it reuses it. */
  reads?: LoadReads;
  previous?: WorkspaceEntry;
}

/** Every file and folder a workspace load read, as it read them. */
interface LoadReads {
  files: Map<string, string | undefined>;
  dirs: Map<string, DirEntry[] | undefined>;
}

const LOCK = 'Cargo.lock';
const isManifest = (rel: string) => rel === 'Cargo.toml' || rel.endsWith('/Cargo.toml');

function recording(fs: WorkspaceFs): { fs: WorkspaceFs; reads: LoadReads } {
  const reads: LoadReads = { files: new Map(), dirs: new Map() };
  return {
    reads,
    fs: {
      readFile: (rel) => {
        const t = fs.readFile(rel);
        reads.files.set(rel, t);
        return t;
      },
      readDir: (rel) => {
        const d = fs.readDir(rel);
        reads.dirs.set(rel, d);
        return d;
      },
      readLink: fs.readLink && ((rel) => fs.readLink!(rel)),
    },
  };
}

/**
 * Whether resolveBuild and infer read the same of two loads besides their
 * locks: the manifests and the focused member, source positions and the
 * `[package]` fields they never read (PACKAGE_FIELDS_INFERENCE_SKIPS) aside. (A new
 * thing resolve.ts reads of the workspace must be added here:
 * test/unit/lsp/incremental.test.ts replays manifest edits against
 * from-scratch analyses.)
 */
function sameResolutionInputs(a: Workspace, b: Workspace): boolean {
  return a.focus === b.focus && samePositionless([a.rootManifest, a.members, a.pathCrates ?? []], [b.rootManifest, b.members, b.pathCrates ?? []], PACKAGE_FIELDS_INFERENCE_SKIPS);
}

/**
 * Disk reads memoised until the client reports a change (didChangeWatchedFiles):
 * re-checking a 40-member workspace after an edit then costs no file-system
 * calls beyond the changed file. Open buffers always win over the disk.
 */
class DiskMemo {
  readonly files = new Map<string, string | undefined>();
  readonly dirs = new Map<string, ReturnType<WorkspaceFs['readDir']>>();

  forget(absPath: string, structural: boolean) {
    this.files.delete(absPath);
    if (structural) this.dirs.clear();
  }
}

function overlayFs(root: string, buffers: OpenBuffers, memo: DiskMemo): WorkspaceFs {
  const disk = nodeFs(root);
  return {
    readFile: (rel) => {
      const abs = join(root, rel);
      const open = buffers.textOf(abs);
      if (open !== undefined) return open;
      if (!memo.files.has(abs)) memo.files.set(abs, disk.readFile(rel));
      return memo.files.get(abs);
    },
    readDir: (rel) => {
      const abs = join(root, rel);
      if (!memo.dirs.has(abs)) memo.dirs.set(abs, disk.readDir(rel));
      return memo.dirs.get(abs);
    },
    // Links are not buffers: read them from the disk (src needs the targets of the ones the build reads).
    readLink: (rel) => disk.readLink?.(rel),
  };
}

export class WorkspaceIndex {
  private readonly entries = new Map<string, WorkspaceEntry>();
  private readonly roots_: WorkspaceRoots;
  /** Parsed files by content and git state survive invalidation: an edit re-parses only what changed. */
  private readonly caches = new Map<string, ParseCache>();
  private readonly gitInfo = new Map<string, GitInfo>();
  private readonly memo = new DiskMemo();
  /** Published manifests from the local cargo cache, each parsed once per server. */
  readonly manifests = cargoCacheManifests();

  /**
   * `trusted()` false: spawn nothing, not even git (a hostile repository's git
   * config can run commands, e.g. core.fsmonitor).
   */
  constructor(
    private readonly buffers: OpenBuffers,
    private readonly trusted: () => boolean = () => true,
  ) {
    this.roots_ = new WorkspaceRoots((p) => buffers.textOf(p));
  }

  /** The workspace root for a file, found by walking up to the nearest Cargo.toml. */
  rootFor(absPath: string): string | undefined {
    return this.roots_.rootFor(absPath);
  }

  get(root: string): WorkspaceEntry {
    const old = this.entries.get(root);
    if (old && (old.ws || old.error)) return old;
    const e: WorkspaceEntry = { root, generation: (old?.generation ?? 0) + 1 };
    let cache = this.caches.get(root);
    if (!cache) this.caches.set(root, (cache = newParseCache()));
    if (!(old?.previous && this.reuse(e, old.previous, cache))) {
      const rec = recording(this.fs(root));
      // An open lock is read by its change here too (as reuse reads it): the first full load after lock edits
      // (a Cargo.toml edit the resolution reads) otherwise joined its text and parsed every block again.
      const editedOf = this.buffers.editedOf;
      const lock = () => {
        const edited = editedOf?.(join(root, LOCK));
        if (edited) return cachedEditedLock(edited, cache);
        const text = rec.fs.readFile(LOCK);
        return text === undefined ? undefined : cachedLock(text, cache);
      };
      try {
        e.ws = loadWorkspaceAt(root, { fs: rec.fs, git: this.git(root), cache, skipScan: true, ...(editedOf ? { lock } : {}) });
        e.reads = rec.reads;
      } catch (err) {
        if (!(err instanceof ModelError)) throw err;
        e.error = err;
      }
      // A manifest edit that changed nothing the resolution reads (a comment, a description, a
      // profile): the inference starts from the previous one, as after a lock edit.
      const prev = old?.previous;
      const basis = prev?.ws && prev.inferred ? { ws: prev.ws, inferred: prev.inferred } : prev?.basis;
      if (e.ws && basis && sameResolutionInputs(basis.ws, e.ws)) e.basis = basis;
    }
    this.entries.set(root, e);
    return e;
  }

  /**
   * The previous load still holds when every file and folder it read reads the
   * same; Cargo.lock may differ in text as long as its packages are the same
   * (then the very same objects) or differ only where the inference never looked,
   * and a manifest may differ in comments and blank lines (then its positions are the new text's).
   */
  private reuse(e: WorkspaceEntry, prev: WorkspaceEntry, cache: ParseCache): boolean {
    if (!prev.ws || !prev.reads) return false;
    const fs = this.fs(e.root);
    // Manifests whose edit changed only comments or blank lines: the load is kept, their positions taken anew.
    let retexted: Map<string, string> | undefined;
    for (const [rel, text] of prev.reads.files) {
      if (rel === LOCK) continue;
      const now = fs.readFile(rel);
      if (now === text) continue;
      if (now === undefined || text === undefined || !isManifest(rel) || !onlyTriviaLinesDiffer(text, now)) return false;
      (retexted ??= new Map()).set(rel, now);
    }
    for (const [rel, list] of prev.reads.dirs) if (fs.readDir(rel) !== list) return false;
    // An open lock is read by its change alone: no whole copy of its text per edit (editedText.ts).
    const edited = this.buffers.editedOf?.(join(e.root, LOCK));
    const lockText = edited ? undefined : fs.readFile(LOCK);
    if ((lockText === undefined && !edited) !== (prev.ws.lock === undefined)) return false;
    let lock = prev.ws.lock;
    if (lockText !== undefined || edited) {
      try {
        lock = edited ? cachedEditedLock(edited, cache) : cachedLock(lockText!, cache);
      } catch (err) {
        if (err instanceof ModelError) return false; // the full load reports it
        throw err;
      }
    }
    let ws: Workspace | undefined = lock === prev.ws.lock ? prev.ws : { ...prev.ws, lock };
    for (const [rel, text] of retexted ?? []) {
      try {
        ws = ws && withManifestPositions(ws, rel, text, cache);
      } catch (err) {
        if (err instanceof ModelError) return false; // the full load reports it
        throw err;
      }
    }
    if (!ws) return false;
    e.ws = ws;
    // (The lock's entry is never compared, reuse skips it: an open lock's is left as it was.)
    const files = edited ? new Map(prev.reads.files) : new Map(prev.reads.files).set(LOCK, lockText);
    for (const [rel, text] of retexted ?? []) files.set(rel, text);
    e.reads = { files, dirs: prev.reads.dirs };
    if (prev.inferred) e.basis = { ws: prev.ws, inferred: prev.inferred };
    else if (prev.basis) e.basis = prev.basis;
    return true;
  }

  /**
   * The crate containing `dir` loaded the way `nixify init` loads it (its member
   * focused, the tree scanned for symlinks), through the editor's view of the
   * files: for requests that generate files, which must not differ from the CLI's.
   */
  loadFull(dir: string): Loaded {
    try {
      return loadCrate(dir, { fs: (root) => this.fs(root), git: (root) => this.git(root), cache: (root) => this.caches.get(root) });
    } catch (err) {
      if (err instanceof ModelError) throw new Error(err.message);
      throw err;
    }
  }

  fs(root: string): WorkspaceFs {
    return overlayFs(root, this.buffers, this.memo);
  }

  /** A file changed on disk; `structural` when it was created or deleted. */
  diskChanged(absPath: string, structural: boolean) {
    this.memo.forget(absPath, structural);
  }

  private git(root: string): GitInfo | undefined {
    if (!this.trusted()) return undefined;
    let g = this.gitInfo.get(root);
    if (!g) this.gitInfo.set(root, (g = readGitInfo(root)));
    return g;
  }

  /** Files were created, deleted or staged: git's view must be read again. */
  invalidateGit(root: string) {
    this.gitInfo.delete(root);
    const e = this.entries.get(root);
    if (e) this.entries.set(root, { root, generation: e.generation + 1 });
  }

  /** The loaded roots inside repo, their git state forgotten (its index changed). */
  invalidateGitUnder(repo: string): string[] {
    const roots = [...this.entries.keys()].filter((root) => {
      const rel = relative(repo, root);
      return !rel.startsWith('..') && !isAbsolute(rel);
    });
    roots.forEach((root) => this.invalidateGit(root));
    return roots;
  }

  inferred(root: string): InferenceResult | undefined {
    const e = this.get(root);
    if (!e.ws) return undefined;
    if (e.inferred) return e.inferred;
    const opts = inferOptionsForChecks(e.ws, this.manifests);
    e.inferred = e.basis ? inferAfterLockEdit(e.basis, e.ws, opts) : inferTracked(e.ws, opts);
    e.basis = undefined;
    return e.inferred;
  }

  /**
   * Runs, on a copy of this load's manifests, the comparison a manifest edit makes (sameResolutionInputs): V8
   * compiles a function the first time it runs and optimises it once it ran a while, and this recursive walk over
   * every member's manifest ran cold, ten times its later cost, inside the first Cargo.toml edit. Called while idle,
   * after the root's first diagnostics went out; it changes nothing.
   */
  rehearseManifestEdit(root: string): void {
    const ws = this.entries.get(root)?.ws;
    if (!ws) return;
    let copy: Workspace;
    try {
      copy = { ...ws, rootManifest: structuredClone(ws.rootManifest), members: structuredClone(ws.members), pathCrates: structuredClone(ws.pathCrates) };
    } catch {
      return; // (plain data, but nothing depends on it)
    }
    sameResolutionInputs(ws, copy);
  }

  /** A file changed (on disk or in a buffer; `structural`: created or deleted on disk): drop what depends on it. */
  invalidate(absPath: string, structural = false): string | undefined {
    const base = absPath.split(sep).pop() ?? '';
    if (base === 'Cargo.toml') this.roots_.manifestChanged(absPath, structural);
    for (const [root, e] of this.entries) {
      const rel = relative(root, absPath);
      if (!rel.startsWith('..') && !rel.startsWith(sep)) {
        this.entries.set(root, { root, generation: e.generation + 1, previous: e.ws ? e : e.previous });
        return root;
      }
    }
    return undefined;
  }

  /** Forget everything (e.g. trust was granted: git state can now be read). */
  clear() {
    this.entries.clear();
    this.roots_.forget();
    this.gitInfo.clear();
  }

  roots(): string[] {
    return [...this.entries.keys()];
  }
}

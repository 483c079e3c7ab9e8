// Writing generated files into a crate that may be hostile or half-broken:
// every target resolved inside the crate (no symlink followed out of it, a
// dangling one included, `--force` included), and all files or none — each is
// written to a temporary file beside its target, then renamed over it; on any
// failure the renames done so far are undone and the temporary files removed,
// so a rerun never trips over a half-written set.
import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, realpathSync, renameSync, rmdirSync, unlinkSync, writeSync, constants } from 'node:fs';
import { dirname, join, posix, sep } from 'node:path';
import { ModelError } from './types';

export interface FileToWrite {
  /** Relative to the crate root, `/`-separated. */
  path: string;
  content: string;
}

/** A target that cannot be written; the message names it. Nothing was written when it is thrown. */
export class WriteError extends ModelError {}

const lstat = (p: string) => {
  try {
    return lstatSync(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
};

const reason = (e: unknown) => ((e as NodeJS.ErrnoException).code ? `${(e as NodeJS.ErrnoException).code}: ${(e as Error).message.replace(/^\w+: /, '')}` : (e as Error).message);

/** Targets that already exist (a dangling symlink counts: writing there would create its target). */
export function existingTargets(root: string, files: readonly FileToWrite[]): string[] {
  return files.filter((f) => lstat(join(root, f.path)) !== undefined).map((f) => f.path);
}

/** Checks a target and returns the folders to create for it, outermost first. */
function checkTarget(root: string, realRoot: string, rel: string, overwrite: boolean): string[] {
  const norm = posix.normalize(rel);
  if (!rel || posix.isAbsolute(rel) || norm.startsWith('..') || norm !== rel.replace(/\/+$/, '')) throw new WriteError(`${rel}: not a plain path inside the crate`, rel);
  const parts = rel.split('/');
  const missing: string[] = [];
  let dir = root;
  for (const part of parts.slice(0, -1)) {
    dir = join(dir, part);
    const st = lstat(dir);
    if (!st) {
      missing.push(dir);
      continue;
    }
    if (missing.length) continue;
    // A folder may be a link, but only to somewhere inside the crate.
    const real = st.isSymbolicLink() ? realpathOrUndefined(dir) : dir;
    if (!real) throw new WriteError(`${posix.dirname(rel)}: a dangling symlink; Nixify does not create what it points at`, rel);
    if (st.isSymbolicLink() && !inside(realRoot, real)) throw new WriteError(`${rel}: its folder is a symlink to ${real}, outside the crate; nothing was written`, rel);
    if (!lstatSync(real).isDirectory()) throw new WriteError(`${rel}: ${posix.dirname(rel)} is not a folder; nothing was written`, rel);
  }
  const target = lstat(join(root, rel));
  if (target) {
    if (target.isSymbolicLink()) {
      const to = realpathOrUndefined(join(root, rel));
      throw new WriteError(`${rel} is a symlink${to ? ` to ${to}` : ' that points nowhere'}; Nixify replaces no links (remove it to let Nixify write the file); nothing was written`, rel);
    }
    if (!target.isFile()) throw new WriteError(`${rel} exists and is not a regular file; nothing was written`, rel);
    if (!overwrite) throw new WriteError(`${rel} already exists; nothing was written`, rel);
  }
  return missing;
}

function realpathOrUndefined(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

const inside = (realRoot: string, p: string) => p === realRoot || p.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep);

let counter = 0;
const tempName = (target: string, what: string) => join(dirname(target), `.${target.split(sep).pop()}.nixify-${what}-${process.pid}-${Date.now().toString(36)}-${counter++}`);

/**
 * Writes every file or none. `overwrite`: existing regular files are replaced
 * (never through a symlink); without it an existing target is an error.
 * Throws WriteError naming the file that could not be written.
 */
export function writeCrateFiles(
  root: string,
  files: readonly FileToWrite[],
  opts: { overwrite?: boolean; /** Tests: runs before each rename (throw to fail there). */ beforeRename?: (path: string) => void } = {},
): void {
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch (e) {
    throw new WriteError(`${root}: cannot open the crate folder: ${reason(e)}`, '.');
  }
  const dirs = new Set<string>();
  for (const f of files) for (const d of checkTarget(root, realRoot, f.path, !!opts.overwrite)) dirs.add(d);

  const createdDirs: string[] = [];
  const temps = new Map<string, string>(); // target → temp
  const replaced: { target: string; backup?: string }[] = [];
  const undo = () => {
    for (const r of replaced.reverse()) {
      try {
        if (r.backup) renameSync(r.backup, r.target);
        else unlinkSync(r.target);
      } catch {
        // Best effort: keep undoing the rest.
      }
    }
    for (const t of temps.values()) {
      try {
        unlinkSync(t);
      } catch {
        // Already renamed or never created.
      }
    }
    for (const d of createdDirs.reverse()) {
      try {
        rmdirSync(d);
      } catch {
        // Not empty (something else is there now) or gone: leave it.
      }
    }
  };
  let current = '';
  try {
    for (const d of [...dirs].sort((a, b) => a.length - b.length)) {
      current = d;
      if (lstat(d)) continue;
      mkdirSync(d);
      createdDirs.push(d);
    }
    for (const f of files) {
      current = f.path;
      const target = join(root, f.path);
      const temp = tempName(target, 'new');
      // O_EXCL|O_NOFOLLOW: the temporary name is ours alone, never an existing file or link.
      const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
      temps.set(target, temp);
      try {
        const buf = Buffer.from(f.content, 'utf8');
        for (let off = 0; off < buf.length;) off += writeSync(fd, buf, off);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    for (const f of files) {
      current = f.path;
      const target = join(root, f.path);
      let backup: string | undefined;
      if (lstat(target)) {
        backup = tempName(target, 'old');
        renameSync(target, backup);
      }
      replaced.push({ target, backup });
      opts.beforeRename?.(f.path);
      renameSync(temps.get(target)!, target);
      temps.delete(target);
    }
  } catch (e) {
    undo();
    const rel = current.startsWith(root) ? current.slice(root.length + 1) : current;
    throw new WriteError(`cannot write ${rel}: ${reason(e)}; nothing was written`, rel);
  }
  for (const r of replaced) {
    if (!r.backup) continue;
    try {
      unlinkSync(r.backup);
    } catch {
      // The new files are in place; a stray backup is only clutter.
    }
  }
}

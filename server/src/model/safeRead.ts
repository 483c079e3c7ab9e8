// Reading a file of a crate that may be hostile: only regular files, only
// inside the crate (a committed symlink to /dev/zero or to ~/.ssh is not
// followed), never a FIFO (opening one blocks until a writer comes), and never
// more than a size limit (a 50 MB Cargo.toml is not a manifest).
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { ModelError } from './types';

/** Largest file Nixify reads, by kind: far above real crates (nushell's Cargo.lock is 0.3 MB). */
export function sizeLimit(rel: string): number {
  if (/(^|\/)Cargo\.lock$/.test(rel)) return 64 << 20;
  if (/(^|\/)Cargo\.toml$/.test(rel) || rel.endsWith('.nix')) return 4 << 20;
  return 16 << 20;
}

/** A link whose target is outside the crate: not read, but callers may still want to know what it is. */
export class OutsideCrateError extends ModelError {
  readonly isFile: boolean;
  constructor(
    rel: string,
    readonly target: string,
  ) {
    super(`${rel}: a symlink to ${target}, outside the crate; Nixify reads only files inside it`, rel);
    let file = false;
    try {
      file = statSync(target).isFile();
    } catch {
      // Gone since: not a file.
    }
    this.isFile = file;
  }
}

const mb = (n: number) => `${(n / (1 << 20)).toFixed(1)} MB`;

/**
 * The text of `rel` under `root`, or undefined when it does not exist.
 * Throws ModelError naming the file when it is not a regular file inside the
 * crate or is larger than `limit`.
 */
export function readCrateFile(root: string, rel: string, limit = sizeLimit(rel)): string | undefined {
  const abs = join(root, rel);
  let real: string;
  try {
    real = realpathSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      // A dangling symlink is absent too, but say so if it is one: its target may be anywhere.
      return undefined;
    }
    throw new ModelError(`${rel}: cannot read: ${(e as Error).message}`, rel);
  }
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    realRoot = root;
  }
  if (real !== realRoot && !real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep)) {
    throw new OutsideCrateError(rel, real);
  }
  const st = statSync(real);
  if (st.isDirectory()) throw new ModelError(`${rel}: a directory, not a file`, rel);
  if (!st.isFile()) throw new ModelError(`${rel}: not a regular file (${kind(st)}); Nixify reads only regular files`, rel);
  if (st.size > limit) throw new ModelError(`${rel}: ${mb(st.size)}, larger than the ${mb(limit)} Nixify reads for such a file`, rel);
  // O_NONBLOCK: if the file was swapped for a FIFO since the stat, open does not wait for a writer.
  const fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  try {
    const again = fstatSync(fd);
    if (!again.isFile()) throw new ModelError(`${rel}: not a regular file; Nixify reads only regular files`, rel);
    const buf = Buffer.allocUnsafe(Math.min(again.size, limit) + 1);
    let n = 0;
    for (;;) {
      const r = readSync(fd, buf, n, buf.length - n, null);
      if (r === 0) break;
      n += r;
      if (n > limit) throw new ModelError(`${rel}: larger than the ${mb(limit)} Nixify reads for such a file`, rel);
      if (n === buf.length) break;
    }
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function kind(st: import('node:fs').Stats): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a file';
}

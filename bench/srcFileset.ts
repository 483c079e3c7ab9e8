// The files a generated src holds, computed in TypeScript the way nixpkgs'
// lib.fileset and crane's filters would (for when the Nix 2.26 oracle is not
// here): a path in a union is the file, or every file under the folder
// (symlinks kept as files, folder links not followed); crane's
// commonCargoSources is every Cargo.toml, Cargo.lock, *.rs and *.toml under
// the root; cleanCargoSource is lib.cleanSource (no .git, result*, *.o, *.so,
// editor backups) filtered to *.rs, *.toml, Cargo.lock and .cargo/config.
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SrcSpec } from '../server/src/generate/src';

function walk(root: string, rel: string, out: string[]) {
  let entries;
  try {
    entries = readdirSync(join(root, rel), { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) walk(root, p, out);
    else out.push(p);
  }
}

/** lib.cleanSource's filter (version-control folders, result links, objects, editor leftovers). */
const cleanSourceDrops = (p: string) => p.split('/').some((seg) => ['.git', '.svn', 'CVS', '.hg'].includes(seg) || /^result/.test(seg)) || /(~|\.o|\.so|\.swp)$|(^|\/)\.#/.test(p);

export function structuralSrcFiles(root: string, spec: SrcSpec): Set<string> {
  const out = new Set<string>();
  const all: string[] = [];
  walk(root, '', all);
  if (spec.crane) {
    const clean = spec.entries.length === 0 && !spec.proto;
    for (const p of all) {
      const base = p.split('/').pop()!;
      if (clean) {
        if (cleanSourceDrops(p)) continue;
        if (/\.(rs|toml)$/.test(base) || base === 'Cargo.lock' || p.endsWith('.cargo/config')) out.add(p);
      } else if (base === 'Cargo.toml' || base === 'Cargo.lock' || /\.(rs|toml)$/.test(base)) out.add(p);
    }
  }
  for (const e of spec.entries) {
    let st;
    try {
      st = lstatSync(join(root, e.path));
    } catch {
      continue; // lib.fileset would refuse to evaluate: the bench counts the files as missing
    }
    if (st.isDirectory()) for (const p of all) p.startsWith(`${e.path}/`) ? out.add(p) : undefined;
    else out.add(e.path);
  }
  if (spec.proto) for (const p of all) if (p.endsWith('.proto')) out.add(p);
  return out;
}

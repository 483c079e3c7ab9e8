// Reading a crate's Cargo.toml from a git directory of its repository, at the tag of a version (or the
// commit that set it), and the facts data/crateManifestsUpstream.json keeps of it — for
// gen-upstream-manifests.ts, apart so that a test can run it on a repository it makes.
import { execFileSync } from 'node:child_process';
import type { UpstreamFacts } from '../../server/src/infer/depManifests';
import { manifestFacts } from './manifestFacts';
import { inheritWorkspaceDeps, workspaceRootOf } from '../../server/src/infer/registry';
import { parseCargoManifest, type RawManifest } from '../../server/src/model/cargoToml';
import type { DependencySpec } from '../../server/src/model/types';

const git = (dir: string, ...args: string[]) => execFileSync('git', ['--git-dir', dir, ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });

/** The tags a crate's release is usually published under, most specific first. */
export const tagCandidates = (name: string, v: string) => [`${name}-v${v}`, `${name}-${v}`, `${name}@${v}`, `${name}/v${v}`, `${name}_v${v}`, `v${v}`, v];

export interface Read {
  tag: string;
  man: RawManifest;
  deps: DependencySpec[];
}

const reads = new Map<string, Read | undefined>();
/** The crate's Cargo.toml at the tag of `version`, its `workspace = true` dependencies merged from the workspace root. */
export function readAtTag(dir: string, name: string, version: string): Read | undefined {
  const k = `${dir}\u0000${name}\u0000${version}`;
  if (!reads.has(k)) reads.set(k, readTagged(dir, name, version));
  return reads.get(k);
}

function readTagged(dir: string, name: string, version: string): Read | undefined {
  const tags = new Set(git(dir, 'tag', '-l').split('\n'));
  for (const tag of tagCandidates(name, version).filter((t) => tags.has(t))) {
    const read = readAt(dir, tag, name, version);
    if (read) return read;
  }
  // No tag holds it (a sub-crate's patch release, or tags the snapshot lacks): the commit, on any
  // branch, that set the crate's version to this one — the tree its release was published from,
  // up to later edits before publishing.
  const quoted = `"${version.replace(/[.+]/g, (c) => `\\${c}`)}"`;
  const commits = git(dir, 'log', '--all', '--format=%H', '-G', `^\\s*version\\s*=\\s*${quoted}`, '--', '*Cargo.toml').split('\n').filter(Boolean);
  for (const commit of commits.slice(0, 40)) {
    const read = readAt(dir, commit, name, version);
    if (read) return { ...read, tag: commit.slice(0, 12) };
  }
  return undefined;
}

/** The Cargo.toml of `name` at `ref` when its version (own or inherited) is `version`. */
function readAt(dir: string, ref: string, name: string, version: string): Read | undefined {
  const files = git(dir, 'ls-tree', '-r', '--name-only', ref)
    .split('\n')
    .filter((f) => f === 'Cargo.toml' || f.endsWith('/Cargo.toml'));
  const text = (f: string) => git(dir, 'show', `${ref}:${f}`);
  for (const f of files) {
    const t = text(f);
    if (!new RegExp(`^\\s*name\\s*=\\s*"${name.replace(/[-_]/g, '[-_]')}"`, 'm').test(t)) continue;
    let man: RawManifest;
    try {
      man = parseCargoManifest(t, f);
    } catch {
      continue;
    }
    if (man.package?.name !== name) continue;
    const root = workspaceRootOf(f.split('/').slice(0, -1).join('/'), (d) => workspaceManifestAt(files, d, text));
    const v = man.inheritedFields.includes('version') ? root?.workspace?.package.version : man.package.version;
    if (v !== version) continue;
    return { tag: ref, man, deps: inheritWorkspaceDeps(man.dependencies, root) };
  }
  return undefined;
}

/** The manifest in directory `dir` at `ref`, parsed only when it declares a [workspace]. */
function workspaceManifestAt(files: string[], dir: string, text: (f: string) => string): RawManifest | undefined {
  const f = dir ? `${dir}/Cargo.toml` : 'Cargo.toml';
  if (!files.includes(f)) return undefined;
  const t = text(f);
  if (!/^\s*\[workspace\]/m.test(t)) return undefined;
  try {
    return parseCargoManifest(t, f);
  } catch {
    return undefined;
  }
}

/**
 * The facts resolve.ts reads (depManifests.ts DepFacts), kept as data/crateManifests.json keeps them: the
 * non-dev dependencies that lead to native crates and say more than a plain lock edge, the features
 * that reach them, and the crate's other feature names (so a feature asked of it is known to exist).
 */
export function facts(read: Read, leads: (pkg: string) => boolean): Pick<UpstreamFacts, 'd' | 'f' | 'fa'> | undefined {
  const nonDev = read.deps.filter((x) => x.kind !== 'dev');
  return manifestFacts(
    read.man.features,
    nonDev,
    nonDev.filter((x) => leads(x.package)),
  );
}

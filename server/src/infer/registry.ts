// Published manifests from the local cargo cache ($CARGO_HOME/registry/src),
// which holds the exact Cargo.toml of every crate a developer has built.
// With them the lock walk needs no guessing for those crates (resolve.ts).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseCargoManifest, type RawManifest } from '../model/cargoToml';
import type { CargoManifest, DependencySpec } from '../model/types';
import type { InferOptions } from './types';
import { extractSysFacts, type SysFacts } from './buildScript';

/** Cargo's home: `$CARGO_HOME`, else `~/.cargo`. */
export const defaultCargoHome = () => process.env.CARGO_HOME || join(homedir(), '.cargo');

/**
 * Where Cargo unpacked a registry crate it fetched: the first `<cargoHome>/registry/src/<index>/<name>-<version>`
 * that holds its Cargo.toml (one folder per registry index); undefined where absent.
 */
export function cargoCacheCrateDir(cargoHome = defaultCargoHome()): (name: string, version: string) => string | undefined {
  const src = join(cargoHome, 'registry', 'src');
  let indexes: string[] | undefined;
  return (name, version) => {
    try {
      indexes ??= readdirSync(src);
    } catch {
      indexes = [];
    }
    for (const index of indexes) {
      const dir = join(src, index, `${name}-${version}`);
      if (existsSync(join(dir, 'Cargo.toml'))) return dir;
    }
    return undefined;
  };
}

/**
 * A `manifestOf` for InferOptions: the
 * published Cargo.toml of a registry crate, `<cargoHome>/registry/src/<index>/<name>-<version>/Cargo.toml`,
 * or, for a git source (`git+URL#commit`), the crate's Cargo.toml in the checkout Cargo made of that
 * commit, `<cargoHome>/git/checkouts/<repo>-<hash>/<commit, 7 or more characters>/`, its
 * `workspace = true` entries merged from the checkout's workspace root as Cargo publishes them.
 * Undefined where absent or unreadable.
 */
export function cargoCacheManifests(cargoHome = defaultCargoHome()): NonNullable<InferOptions['manifestOf']> {
  const crateDir = cargoCacheCrateDir(cargoHome);
  const cache = new Map<string, CargoManifest | undefined>();
  const fromGit = gitCheckoutManifests(join(cargoHome, 'git', 'checkouts'));
  const read = (name: string, version: string, source?: string): CargoManifest | undefined => {
    if (source?.startsWith('git+')) return fromGit(name, version, source);
    const key = `${name}-${version}`;
    if (cache.has(key)) return cache.get(key);
    let found: CargoManifest | undefined;
    const dir = crateDir(name, version);
    if (dir) {
      try {
        found = parseCargoManifest(readFileSync(join(dir, 'Cargo.toml'), 'utf8'), `${key}/Cargo.toml`);
      } catch {
        found = undefined; // a manifest we cannot read is as good as none: fall back to the lock walk
      }
    }
    cache.set(key, found);
    return found;
  };
  // The same cache holds each crate's build script beside its manifest.
  return Object.assign(read, { buildFactsOf: cargoCacheFacts(cargoHome) });
}

/** How deep below a checkout a crate's manifest is looked for (crates/<group>/<name>/Cargo.toml). */
const CHECKOUT_DEPTH = 4;

function gitCheckoutManifests(checkouts: string): (name: string, version: string, source: string) => CargoManifest | undefined {
  const byCommit = new Map<string, string[]>(); // commit → checkout directories of it
  let listed = false;
  const manifests = new Map<string, Map<string, RawManifest>>(); // checkout → path → manifest
  const found = new Map<string, CargoManifest | undefined>();
  const list = () => {
    listed = true;
    for (const repo of safeList(checkouts)) for (const rev of safeList(join(checkouts, repo))) byCommit.set(rev, [...(byCommit.get(rev) ?? []), join(checkouts, repo, rev)]);
  };
  /** Every Cargo.toml of a checkout (a few levels down, no target/ or hidden folders), parsed once. */
  const manifestsOf = (dir: string) => {
    let m = manifests.get(dir);
    if (m) return m;
    manifests.set(dir, (m = new Map()));
    const walk = (rel: string, depth: number) => {
      const text = safeRead(join(dir, rel, 'Cargo.toml'));
      if (text !== undefined) {
        try {
          m!.set(rel, parseCargoManifest(text, rel ? `${rel}/Cargo.toml` : 'Cargo.toml'));
        } catch {
          // unreadable: as good as absent
        }
      }
      if (depth >= CHECKOUT_DEPTH) return;
      for (const e of safeList(join(dir, rel))) if (!e.startsWith('.') && e !== 'target') walk(rel ? `${rel}/${e}` : e, depth + 1);
    };
    walk('', 0);
    return m;
  };
  return (name, version, source) => {
    const commit = /#([0-9a-f]{7,40})$/.exec(source)?.[1];
    if (!commit) return undefined;
    const key = `${name}@${version}@${commit}`;
    if (found.has(key)) return found.get(key);
    if (!listed) list();
    let out: CargoManifest | undefined;
    // Cargo names the checkout after a prefix of the commit (7 characters today).
    const dirs = [...byCommit].filter(([rev]) => rev.length >= 7 && commit.startsWith(rev)).flatMap(([, ds]) => ds);
    for (const dir of dirs) {
      const all = manifestsOf(dir);
      for (const [rel, man] of all) {
        if (man.package?.name !== name) continue;
        const root = workspaceRootOf(rel, (d) => all.get(d));
        const v = man.inheritedFields.includes('version') ? root?.workspace?.package.version : man.package.version;
        if (v !== version) continue;
        out = { ...man, dependencies: inheritWorkspaceDeps(man.dependencies, root) };
        break;
      }
      if (out) break;
    }
    found.set(key, out);
    return out;
  };
}

/**
 * The nearest manifest with a [workspace] at or above the directory `rel` (a path relative to the
 * checkout, '' for its root), as `manifestAt` reads each directory's Cargo.toml.
 */
export function workspaceRootOf(rel: string, manifestAt: (dir: string) => RawManifest | undefined): RawManifest | undefined {
  const parts = rel ? rel.split('/') : [];
  for (let n = parts.length; n >= 0; n--) {
    const m = manifestAt(parts.slice(0, n).join('/'));
    if (m?.workspace) return m;
  }
  return undefined;
}

/**
 * Cargo's merge of `workspace = true` dependencies with the root's [workspace.dependencies], as the
 * published manifest has them: package and requirement from the root, features added up, default
 * features only if both keep them; `optional` and the table (kind, target) stay the member's.
 */
export function inheritWorkspaceDeps(deps: DependencySpec[], root: Pick<CargoManifest, 'workspace'> | undefined): DependencySpec[] {
  const ws = new Map((root?.workspace?.dependencies ?? []).map((d) => [d.name, d]));
  return deps.map((d) => {
    const w = d.workspace ? ws.get(d.name) : undefined;
    return w ? { ...d, package: w.package, version: w.version, defaultFeatures: w.defaultFeatures && d.defaultFeatures, features: [...new Set([...w.features, ...d.features])] } : d;
  });
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function safeRead(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * A `buildFactsOf` for InferOptions: buildScript.ts facts of `<cargoHome>/registry/src/<index>/<name>-<version>`
 * (its Cargo.toml, and build.rs or the `build` file it names, plus `build/*.rs`); undefined where absent.
 */
export function cargoCacheFacts(cargoHome = defaultCargoHome()): (name: string, version: string) => SysFacts | undefined {
  const crateDir = cargoCacheCrateDir(cargoHome);
  const cache = new Map<string, SysFacts | undefined>();
  return (name, version) => {
    const key = `${name}-${version}`;
    if (cache.has(key)) return cache.get(key);
    let found: SysFacts | undefined;
    const dir = crateDir(name, version);
    let manifest: string | undefined;
    try {
      manifest = dir ? readFileSync(join(dir, 'Cargo.toml'), 'utf8') : undefined;
    } catch {
      manifest = undefined;
    }
    if (dir && manifest !== undefined) {
      const scripts: string[] = [];
      const named = /^build\s*=\s*"([^"]+)"/m.exec(manifest)?.[1] ?? 'build.rs';
      for (const f of [named, ...listRs(join(dir, 'build')).map((x) => join('build', x))]) {
        try {
          scripts.push(readFileSync(join(dir, f), 'utf8'));
        } catch {
          // no such file: a crate without a build script has no build facts
        }
      }
      try {
        found = scripts.length ? extractSysFacts(manifest, scripts) : undefined;
      } catch {
        found = undefined; // unreadable manifest: fall back to the data table
      }
    }
    cache.set(key, found);
    return found;
  };
}

function listRs(dir: string): string[] {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.rs'));
  } catch {
    return [];
  }
}

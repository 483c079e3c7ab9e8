// Cargo.lock (v1–v4) → CargoLock. Cargo's own layout is read by a line scanner
// (cargoLockFast.ts); anything else by smol-toml, ~2.5× faster than
// @iarna/toml on a 3,000-line lock and TOML 1.0 (see README "Parsers").
import { parseToml } from './cargoToml';
import { fastCargoLock } from './cargoLockFast';
import { ModelError, type CargoLock, type LockPackage } from './types';
import { compareText } from '../../../shared/src/textOrder';

export function parseCargoLock(text: string, file = 'Cargo.lock'): CargoLock {
  return fastCargoLock(text) ?? parseCargoLockToml(text, file);
}

/** The general path: any valid TOML, and positioned errors for invalid files. */
export function parseCargoLockToml(text: string, file = 'Cargo.lock'): CargoLock {
  const doc = parseToml(text, file);
  const raw = doc.package;
  if (raw !== undefined && !Array.isArray(raw)) throw new ModelError(`${file}: \`package\` must be an array of tables ([[package]])`, file);
  const meta = (doc.metadata ?? {}) as Record<string, unknown>;
  const packages: LockPackage[] = [];
  for (const [i, p] of ((raw ?? []) as Record<string, unknown>[]).entries()) {
    if (typeof p.name !== 'string' || typeof p.version !== 'string') {
      throw new ModelError(`${file}: [[package]] #${i + 1} lacks a name or version`, file);
    }
    const source = typeof p.source === 'string' ? p.source : undefined;
    // v1 keeps checksums in [metadata] under "checksum <name> <version> (<source>)".
    const v1 = source ? meta[`checksum ${p.name} ${p.version} (${source})`] : undefined;
    const checksum = typeof p.checksum === 'string' ? p.checksum : typeof v1 === 'string' && v1 !== '<none>' ? v1 : undefined;
    const deps = Array.isArray(p.dependencies) ? p.dependencies.filter((d): d is string => typeof d === 'string') : [];
    packages.push({ name: p.name, version: p.version, source, checksum, dependencies: deps });
  }
  let version: number;
  if (typeof doc.version === 'number') version = doc.version;
  else version = Object.keys(meta).some((k) => k.startsWith('checksum ')) ? 1 : 2;
  return { version, packages };
}

/** `git+https://host/repo?rev=abc#<sha>` → url, query ref and the locked commit. */
export function parseGitSource(source: string): { url: string; rev?: string; tag?: string; branch?: string; commit?: string } | undefined {
  if (!source.startsWith('git+')) return undefined;
  const rest = source.slice(4);
  const hash = rest.indexOf('#');
  const commit = hash === -1 ? undefined : rest.slice(hash + 1);
  const withQuery = hash === -1 ? rest : rest.slice(0, hash);
  const q = withQuery.indexOf('?');
  const url = q === -1 ? withQuery : withQuery.slice(0, q);
  const params = new URLSearchParams(q === -1 ? '' : withQuery.slice(q + 1));
  return {
    url,
    rev: params.get('rev') ?? undefined,
    tag: params.get('tag') ?? undefined,
    branch: params.get('branch') ?? undefined,
    commit,
  };
}

type GitPackage = { key: string; name: string; version: string; source: string; url: string; commit?: string };

/** Per lock object: the language server's checks ask on every edit, and an unchanged lock stays the same object. */
const gitPackagesOf = new WeakMap<CargoLock, readonly GitPackage[]>();

/** Git packages of the lock: what cargoLock.outputHashes needs, keyed `name-version` as nixpkgs expects. */
export function gitPackages(lock: CargoLock): GitPackage[] {
  let known = gitPackagesOf.get(lock);
  if (!known) gitPackagesOf.set(lock, (known = readGitPackages(lock)));
  return [...known];
}

/** Per package object: an edited lock keeps the objects of its untouched packages (IncrementalCargoLock), so only changed ones are parsed again. */
const gitPackageOf = new WeakMap<LockPackage, GitPackage | null>();

function readGitPackages(lock: CargoLock): GitPackage[] {
  const out = [];
  for (const p of lock.packages) {
    if (!p.source?.startsWith('git+')) continue;
    let pkg = gitPackageOf.get(p);
    if (pkg === undefined) {
      const g = parseGitSource(p.source);
      gitPackageOf.set(p, (pkg = g ? { key: `${p.name}-${p.version}`, name: p.name, version: p.version, source: p.source, url: g.url, commit: g.commit } : null));
    }
    if (pkg) out.push(pkg);
  }
  return out.sort((a, b) => compareText(a.key, b.key));
}

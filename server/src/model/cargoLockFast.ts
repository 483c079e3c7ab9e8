// Cargo writes Cargo.lock in one fixed shape. Reading exactly that shape line
// by line is several times faster than a general TOML parser on large locks,
// which matters because the language server re-reads the lock on every edit.
// Anything outside the shape (escapes, inline tables, unknown sections,
// duplicate keys) returns undefined and the caller uses the TOML parser, so
// malformed files still get its positioned errors.
import type { CargoLock, LockPackage } from './types';

const KEY_STRING = /^([A-Za-z0-9_-]+) = "([^"\\]*)"$/;
const ITEM = /^ *"([^"\\]*)",?$/;
const META = /^"([^"\\]*)" = "([^"\\]*)"$/;

type Raw = { fields: Map<string, string>; deps?: string[] };

export function fastCargoLock(text: string): CargoLock | undefined {
  const lines = text.split('\n');
  const packages: Raw[] = [];
  const meta = new Map<string, string>();
  let version: number | undefined;
  let section: 'top' | 'package' | 'metadata' = 'top';
  let cur: Raw | undefined;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line === '' || line.startsWith('#')) continue;
    if (line === '[[package]]') {
      cur = { fields: new Map() };
      packages.push(cur);
      section = 'package';
      continue;
    }
    if (line === '[metadata]') {
      if (section === 'metadata' || meta.size) return undefined;
      section = 'metadata';
      continue;
    }
    if (section === 'top') {
      const v = /^version = (\d+)$/.exec(line);
      if (!v || version !== undefined) return undefined;
      version = Number(v[1]);
      continue;
    }
    if (section === 'metadata') {
      const m = META.exec(line);
      if (!m || meta.has(m[1]!)) return undefined;
      meta.set(m[1]!, m[2]!);
      continue;
    }
    if (line === 'dependencies = [') {
      if (cur!.deps) return undefined;
      const deps: string[] = [];
      for (i++; i < lines.length; i++) {
        let item = lines[i]!;
        if (item.endsWith('\r')) item = item.slice(0, -1);
        if (item === ']') break;
        const m = ITEM.exec(item);
        if (!m) return undefined;
        deps.push(m[1]!);
      }
      if (i >= lines.length) return undefined;
      cur!.deps = deps;
      continue;
    }
    if (line === 'dependencies = []') {
      if (cur!.deps) return undefined;
      cur!.deps = [];
      continue;
    }
    const kv = KEY_STRING.exec(line);
    if (!kv || kv[1] === 'dependencies' || cur!.fields.has(kv[1]!)) return undefined;
    cur!.fields.set(kv[1]!, kv[2]!);
  }

  const out: LockPackage[] = [];
  for (const p of packages) {
    const name = p.fields.get('name');
    const ver = p.fields.get('version');
    // Let the general path report a package without a name or version.
    if (name === undefined || ver === undefined) return undefined;
    const source = p.fields.get('source');
    const v1 = source ? meta.get(`checksum ${name} ${ver} (${source})`) : undefined;
    const checksum = p.fields.get('checksum') ?? (v1 !== undefined && v1 !== '<none>' ? v1 : undefined);
    out.push({ name, version: ver, source, checksum, dependencies: p.deps ?? [] });
  }
  const v = version ?? ([...meta.keys()].some((k) => k.startsWith('checksum ')) ? 1 : 2);
  return { version: v, packages: out };
}

// Published manifests from the local cargo cache ($CARGO_HOME/registry/src),
// which holds the exact Cargo.toml of every crate a developer has built.
// With them the lock walk needs no guessing for those crates (resolve.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseCargoManifest } from '../model/cargoToml';
import type { CargoManifest } from '../model/types';
import { extractSysFacts, type SysFacts } from './buildScript';

/** A `manifestOf` for InferOptions (call after `initParsers()`: the manifest parser keeps ranges) reading `<cargoHome>/registry/src/<index>/<name>-<version>/Cargo.toml`; undefined where absent or unreadable. */
export function cargoCacheManifests(cargoHome = process.env.CARGO_HOME || join(homedir(), '.cargo')): (name: string, version: string) => CargoManifest | undefined {
  const src = join(cargoHome, 'registry', 'src');
  let indexes: string[] | undefined;
  const cache = new Map<string, CargoManifest | undefined>();
  return (name, version) => {
    const key = `${name}-${version}`;
    if (cache.has(key)) return cache.get(key);
    let found: CargoManifest | undefined;
    try {
      indexes ??= readdirSync(src);
    } catch {
      indexes = [];
    }
    for (const index of indexes) {
      let text: string;
      try {
        text = readFileSync(join(src, index, key, 'Cargo.toml'), 'utf8');
      } catch {
        continue;
      }
      try {
        found = parseCargoManifest(text, `${key}/Cargo.toml`);
      } catch {
        found = undefined; // a manifest we cannot read is as good as none: fall back to the lock walk
      }
      break;
    }
    cache.set(key, found);
    return found;
  };
}

/**
 * A `buildFactsOf` for InferOptions: buildScript.ts facts of `<cargoHome>/registry/src/<index>/<name>-<version>`
 * (its Cargo.toml, and build.rs or the `build` file it names, plus `build/*.rs`); undefined where absent.
 */
export function cargoCacheFacts(cargoHome = process.env.CARGO_HOME || join(homedir(), '.cargo')): (name: string, version: string) => SysFacts | undefined {
  const src = join(cargoHome, 'registry', 'src');
  let indexes: string[] | undefined;
  const cache = new Map<string, SysFacts | undefined>();
  return (name, version) => {
    const key = `${name}-${version}`;
    if (cache.has(key)) return cache.get(key);
    let found: SysFacts | undefined;
    try {
      indexes ??= readdirSync(src);
    } catch {
      indexes = [];
    }
    for (const index of indexes) {
      const dir = join(src, index, key);
      let manifest: string;
      try {
        manifest = readFileSync(join(dir, 'Cargo.toml'), 'utf8');
      } catch {
        continue;
      }
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
      break;
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

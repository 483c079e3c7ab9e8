// A one-crate workspace built in memory, for the resolution tests.
import type { CargoManifest, DependencySpec, LockPackage, Workspace } from '../../../server/src/model/types';

export const REG = 'registry+https://github.com/rust-lang/crates.io-index';

/** `deps` are the root manifest's, `lock` the packages below it as Cargo.lock writes them (source: crates.io unless given). */
export function memoryWorkspace(deps: Partial<DependencySpec>[], lock: [string, string, string[], string?][]): Workspace {
  const root: CargoManifest = {
    path: 'Cargo.toml',
    dir: '',
    package: { name: 'app', version: '0.1.0', authors: [], keywords: [], inherited: [] },
    bins: [{ name: 'app', requiredFeatures: [] }],
    features: {},
    dependencies: deps.map((d) => ({ name: d.name!, package: d.package ?? d.name!, kind: 'normal', optional: false, defaultFeatures: true, features: [], ...d })),
    hasPatches: false,
    ranges: { packageKeys: {} },
  };
  const packages: LockPackage[] = [
    { name: 'app', version: '0.1.0', dependencies: deps.map((d) => d.name!) },
    ...lock.map(([name, version, dependencies, source]) => ({ name, version, source: source ?? REG, dependencies })),
  ];
  return { root: '/x', rootManifest: root, members: [root], lock: { version: 4, packages }, git: { isRepo: false, submodules: [] }, symlinks: [], assetDirs: [], warnings: [] };
}

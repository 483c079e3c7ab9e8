// crane: a flake with one cached dependency build (buildDepsOnly) shared by the
// package and its clippy/fmt/doc/test/audit checks.
import { craneFlake } from '../generate/crane';
import type { BuilderSpec } from './types';
import { CAPABILITIES } from './capabilities';

/** crane's library functions whose calls take the crate's build arguments. */
const CRANE_FNS = new Set([
  'buildPackage',
  'buildDepsOnly',
  'cargoClippy',
  'cargoNextest',
  'cargoDoc',
  'cargoFmt',
  'cargoAudit',
  'cargoDeny',
  'cargoTest',
  'cargoBuild',
  'cargoDocTest',
  'cargoTarpaulin',
  'cargoLlvmCov',
  'taploFmt',
  'mkCargoDerivation',
  'buildTrunkPackage',
]);

export const crane = {
  name: 'crane',
  detail: 'flake with cached dependency builds, clippy/fmt/doc/audit checks',
  capabilities: CAPABILITIES.crane,
  calls: [
    { kind: 'crane.buildPackage', compiles: true, packageDerivation: true, doCheck: 'runs' },
    // Its check phase is `cargo test --no-run`: it compiles the tests, runs none.
    { kind: 'crane.buildDepsOnly', compiles: true, packageDerivation: true, depsOnly: true },
    // cargoClippy, cargoNextest, …: checks that reuse commonArgs, not the package. The test checks run cargo in their
    // check phase with `doCheck = args.doCheck or true`; mkCargoDerivation's check phase is stdenv's (off unless set);
    // cargoTarpaulin and cargoLlvmCov run the tests in their build phase, which doCheck does not stop.
    {
      kind: 'crane.other',
      compiles: false,
      packageDerivation: false,
      doCheckBy: { cargoTest: 'runs', cargoNextest: 'runs', cargoDocTest: 'runs', mkCargoDerivation: 'when-set' },
      // mkCargoDerivation names the derivation `${pname}${pnameSuffix}`; each check sets its own suffix.
      pnameSuffixBy: {
        cargoTest: '-test',
        cargoNextest: '-nextest',
        cargoDocTest: '-doctest',
        cargoClippy: '-clippy',
        cargoDoc: '-doc',
        cargoFmt: '-fmt',
        cargoAudit: '-audit',
        cargoDeny: '-deny',
        cargoBuild: '-build',
        cargoTarpaulin: '-tarpaulin',
        cargoLlvmCov: '-llvm-cov',
        taploFmt: '-tomlfmt',
        buildTrunkPackage: '-trunk',
      },
    },
  ],
  recognise: {
    // `craneLib = (crane.mkLib pkgs).overrideToolchain …` and older `crane.lib.${system}`.
    libraryBinding: /mkLib|overrideToolchain|crane\.lib/,
    libraryNames: ['craneLib', 'crane-lib'],
    kindOf(parts, libraries) {
      const last = parts.at(-1)!;
      const base = parts.slice(0, -1).join('.');
      if (!CRANE_FNS.has(last) || !(libraries.has(base) || /crane/i.test(base))) return undefined;
      return last === 'buildPackage' ? 'crane.buildPackage' : last === 'buildDepsOnly' ? 'crane.buildDepsOnly' : 'crane.other';
    },
  },
  generate: (ctx, flake) => ({ files: [{ path: 'flake.nix', content: craneFlake(ctx, flake) }], warnings: [] }),
} as const satisfies BuilderSpec;

// naersk: a flake that builds the dependencies, then the package, without hashes.
import { naerskFlake } from '../generate/naersk';
import type { BuilderSpec } from './types';
import { CAPABILITIES } from './capabilities';

export const naersk = {
  name: 'naersk',
  detail: 'flake; two-step build without hashes',
  capabilities: CAPABILITIES.naersk,
  // Its checkPhase runs cargoTestCommands; doCheck is the caller's, passed to stdenv.mkDerivation (off unless set).
  // `mode = "test"` makes the build phase's cargo command `cargo test` (config.nix), which doCheck does not stop.
  calls: [{ kind: 'naersk.buildPackage', compiles: true, packageDerivation: true, doCheck: 'when-set', testsInBuildWhen: { attr: 'mode', value: 'test' } }],
  recognise: {
    // naersk.buildPackage, naersk'.buildPackage, naersk-lib.buildPackage, (pkgs.callPackage naersk { }).buildPackage
    kindOf: (parts) => (parts.at(-1) === 'buildPackage' && /naersk/i.test(parts.slice(0, -1).join('.')) ? 'naersk.buildPackage' : undefined),
    // `naersk.buildPackage ./.` is naersk's shorthand for `{ src = ./.; }`.
    pathArgIsSrc: true,
  },
  generate: (ctx, flake) => ({ files: [{ path: 'flake.nix', content: naerskFlake(ctx, flake) }], warnings: [] }),
} as const satisfies BuilderSpec;

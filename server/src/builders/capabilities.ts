// What each builder can do, as plain data: the builder modules take their
// capabilities from here, and the generators' shared code (generate/src.ts, the
// plan's defaults) reads them here too. Kept apart from the builder modules,
// which import their generators: reading a capability from generate/ through
// the registry would be an import cycle.
import type { Capabilities } from './types';

export const CAPABILITIES = {
  buildRustPackage: {
    workspaceMembers: true,
    wasm: true,
    trunk: true,
    toolchains: true,
    cargoChecks: false,
    assets: true,
    nativeInputs: true,
    flakeOnly: false,
    runsTests: true,
    sharedDependencyBuild: false,
  },
  crane: { workspaceMembers: true, wasm: true, trunk: true, toolchains: true, cargoChecks: true, assets: true, nativeInputs: true, flakeOnly: true, runsTests: true, sharedDependencyBuild: true },
  naersk: { workspaceMembers: true, wasm: true, trunk: false, toolchains: true, cargoChecks: false, assets: true, nativeInputs: true, flakeOnly: true, runsTests: false, sharedDependencyBuild: false },
  crate2nix: {
    workspaceMembers: true,
    wasm: false,
    trunk: false,
    toolchains: true,
    cargoChecks: false,
    assets: false,
    nativeInputs: false,
    flakeOnly: true,
    runsTests: false,
    sharedDependencyBuild: false,
  },
} as const satisfies Record<string, Capabilities>;

export type CapableBuilder = keyof typeof CAPABILITIES;

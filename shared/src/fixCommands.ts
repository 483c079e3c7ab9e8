// Fix command ids shared by the pure cores, the server and the client. Kept
// apart from protocol.ts so a core that names a fix does not load the LSP
// protocol library (the CLI never needs it; see bench/coldStart.ts).

/** Fix ids; protocol.ts documents their arguments. */
export const FixCommands = {
  gitAdd: 'git-add',
  enableExperimentalFeatures: 'enable-experimental-features',
  runInWorkspace: 'run-in-workspace',
  useRustToolchain: 'use-rust-toolchain',
} as const;
export type FixCommand = (typeof FixCommands)[keyof typeof FixCommands];

// What inference tells the generator, the checks and the CLI.
export type InputBucket = 'nativeBuildInputs' | 'buildInputs';

export interface InferredInput {
  /** nixpkgs attribute path as nixpkgs writes it: "pkg-config", "rustPlatform.bindgenHook", "xorg.libX11". */
  attr: string;
  bucket: InputBucket;
  /** Human reason: "openssl-sys 0.9.99 via reqwest → native-tls". */
  because: string;
  /** The crate (name@version) in Cargo.lock that implies it. */
  crate: string;
  /** Crate names from the member's direct dependency down to `crate` (inclusive). */
  via: string[];
  /** Only needed on Linux (e.g. alsa-lib); generators wrap it in lib.optionals stdenv.hostPlatform.isLinux. */
  linuxOnly?: boolean;
}

export interface InferredEnv {
  name: string;
  /** A Nix expression (already Nix syntax): `true`, `"1"`, `"${lib.getExe protobuf}"`. */
  nix: string;
  /** The value as plain JSON for the CLI (`true`, "1", …). */
  value: string | boolean;
  because: string;
  crate: string;
  via: string[];
}

export interface InferenceResult {
  nativeBuildInputs: InferredInput[];
  buildInputs: InferredInput[];
  env: InferredEnv[];
  /** Crates in the lock that the real build compiles (name@version), for hover/explanations. */
  builtCrates: string[];
}

export interface InferOptions {
  /** Workspace members to build (package names); default: default-members or all binary members. */
  members?: string[];
  /** Extra features to enable on the selected members. */
  features?: string[];
  noDefaultFeatures?: boolean;
  /** Include dev-dependencies (for checks). */
  includeDev?: boolean;
  /**
   * A -sys crate asked to build a vendored copy of a library nixpkgs ships (openssl-sys `vendored`):
   * 'system' (default, what nixpkgs, nix-init and cargo2nix do) links nixpkgs' library and turns vendoring
   * off by env (OPENSSL_NO_VENDOR); 'bundled' builds what Cargo would and adds the tools that build needs (perl).
   * Bundled sources that nixpkgs packages keep (sqlite `bundled`, zstd/xz/libgit2 copies) are kept either way.
   */
  vendored?: 'system' | 'bundled';
}

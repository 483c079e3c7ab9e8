import type { CargoManifest } from '../model/types';
import type { SysFacts } from './buildScript';

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
  /** Opened with dlopen at run time: the build succeeds without it, the program fails to start or fall back. */
  loadedAtRunTime?: true;
  /**
   * The published manifests (recorded facts: "winit 0.30.9 (Debian trixie)") that confirmed edges of
   * `via`: which of the crate's lock edges are optional, for other targets, or asked for features.
   */
  checkedAgainst?: string[];
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
  /**
   * Attributes a built crate would also use if the package provided them (zlib for libz-sys,
   * which otherwise compiles its bundled copy): not needed, but not unused either.
   */
  alsoUsable?: string[];
  /**
   * Libraries a crate links that another inferred input already brings (its .pc requires theirs, so
   * nixpkgs propagates them: gtk4 → cairo, glib, pango…): left out of the lists, kept here with their reason.
   */
  propagated?: (InferredInput & { by: string })[];
  /**
   * No Cargo.lock: only the members' direct dependencies were looked at, so inputs
   * that transitive crates need (reqwest → native-tls → openssl-sys) are missing.
   */
  withoutLock?: true;
}

export interface InferOptions {
  /** Workspace members to build (package names); default: as `cargo build` picks (focused member, default-members, root package, else all). */
  members?: string[];
  /** Extra features to enable on the selected members. */
  features?: string[];
  noDefaultFeatures?: boolean;
  /**
   * The target triple the members are compiled for (`--target`, `[build] target`). A wasm32 target
   * links no host C library: only the tools build scripts run on the build host are inferred.
   * Default: the Linux hosts (x86_64 and aarch64).
   */
  target?: string;
  /** Include dev-dependencies (for checks). */
  includeDev?: boolean;
  /**
   * What to do with -sys crates that can build a bundled copy of a library nixpkgs ships:
   * - 'system' (default; what nixpkgs packages do): a vendored copy that is opt-in (openssl-sys `vendored`)
   *   is replaced by nixpkgs' library with vendoring switched off by env (OPENSSL_NO_VENDOR); copies the
   *   crate builds by default (zstd, libgit2, sqlite `bundled`) are kept, as most nixpkgs packages do.
   * - 'bundled': build what Cargo would, adding the tools those builds need (perl for openssl-src).
   * - 'all-system': nix-init's choice: also link nixpkgs' zstd, sqlite, libgit2 (ZSTD_SYS_USE_PKG_CONFIG,
   *   LIBSQLITE3_SYS_USE_PKG_CONFIG, LIBGIT2_NO_VENDOR) for faster builds and nixpkgs' security fixes.
   */
  vendored?: 'system' | 'bundled' | 'all-system';
  /**
   * The published Cargo.toml of a registry crate, or a git source's at its locked commit (`source`,
   * as Cargo.lock writes it), when it is at hand (the local cargo cache: registry.ts
   * `cargoCacheManifests`). Such a crate's edges are then resolved exactly like a member's
   * (optional deps, features, cfg tables) instead of from the lock and knowledge tables. A reader of
   * the cargo cache also reads the build scripts beside those manifests (`buildFactsOf`), which the
   * inference uses when no `buildFactsOf` is given: every door that reads the cache's manifests then
   * reads its build scripts too.
   */
  manifestOf?: ((name: string, version: string, source?: string) => CargoManifest | undefined) & { buildFactsOf?: InferOptions['buildFactsOf'] };
  /**
   * What a registry crate's own Cargo.toml and build script say (buildScript.ts), when its sources
   * are at hand (registry.ts `cargoCacheFacts`). Preferred over the committed data table.
   */
  buildFactsOf?: (name: string, version: string) => SysFacts | undefined;
  /**
   * Crates whose table rows and committed facts are ignored, as if never written: the bench's
   * leave-one-out view scores each corpus crate without the entries for its own -sys crates.
   */
  withoutData?: ReadonlySet<string>;
  /**
   * Leave-one-out too: the upstream manifest facts (data/crateManifestsUpstream.json) read only because
   * this corpus crate's build crossed them are ignored; those other crates' builds selected still count.
   */
  withoutUpstreamOf?: string;
}

// What a builder declares about itself, in one place: what it can do, how it
// is generated, how its calls are read back from Nix files and where in those
// calls its inputs, hashes and source live. The registry (index.ts) lists the
// builders; everything that names builders derives from it.
import type { GenContext } from '../generate/context';
import type { FlakeExtras } from '../generate/flake';

/** What a builder supports; the quick pick, the CLI and the plan's warnings read it. */
export interface Capabilities {
  /** Every binary member of a workspace becomes its own flake package. */
  workspaceMembers: boolean;
  /** Builds wasm32 cdylib members for wasm32-unknown-unknown (others build them for the host). */
  wasm: boolean;
  /** Builds trunk apps (index.html + a browser UI crate) into a web app folder (others leave them out). */
  trunk: boolean;
  /** Builds with a rust-toolchain file's or rust-version's toolchain (via rust-overlay in the flake). */
  toolchains: boolean;
  /** Flake checks beyond building the package (clippy, fmt, doc, tests, audit). */
  cargoChecks: boolean;
  /** Installs a service's static assets into the package (postInstall). */
  assets: boolean;
  /** Uses the inferred native inputs (crate2nix takes nixpkgs' defaultCrateOverrides instead). */
  nativeInputs: boolean;
  /** Only usable through a flake input: no `--no-flake`, no default.nix. */
  flakeOnly: boolean;
  /** Its packaging runs `cargo test` on src (buildRustPackage's doCheck, crane's tests check): src holds the test fixtures. */
  runsTests: boolean;
  /** One dependency build shared by every member package and check (what large workspaces want). */
  sharedDependencyBuild: boolean;
}

/**
 * What `doCheck = false;` does to the tests a call runs, read from each builder's source: `runs` — its check phase runs
 * the tests unless doCheck is false (nixpkgs' buildRustPackage and crane's buildPackage/cargoTest/cargoNextest/
 * cargoDocTest: `doCheck = args.doCheck or true`); `when-set` — stdenv's default (`doCheck ? false`, setup.sh skips
 * checkPhase without it): the check phase runs only where the call sets doCheck, so only a doCheck written there turns it
 * off. Absent: doCheck does not stop the tests this call runs (crane's cargoTarpaulin runs them in its build phase), or it
 * runs none (crane's buildDepsOnly compiles them with `--no-run`; buildRustCrate builds test binaries, never runs them).
 */
export type DoCheck = 'runs' | 'when-set';

/** How one kind of call is read back and what checks and diagnosis may assume of it. */
export interface CallKindSpec {
  /** The kind recorded on a BuilderCall in the Nix model. */
  kind: string;
  /** A derivation that compiles the crate: its nativeBuildInputs/buildInputs/env are checked against inference. */
  compiles: boolean;
  /** A derivation of the crate itself (version, members, src and mainProgram are checked); false for generated or lint-only calls. */
  packageDerivation: boolean;
  /** Builds the dependencies only: a failing derivation not named `…-deps` is not this call's. */
  depsOnly?: boolean;
  /** nixpkgs expects `pname` to be the crate's name. */
  pnameIsCrateName?: boolean;
  /** Vendors from Cargo.lock through `cargoLock = { lockFile; outputHashes; }` (importCargoLock) or one `cargoHash`. */
  cargoLockVendoring?: boolean;
  /** What `doCheck = false;` does to its tests (DoCheck); absent: it does not stop them, or none run. */
  doCheck?: DoCheck;
  /** A kind covering several functions (crane's checks): doCheck per function name, the callee's last part. */
  doCheckBy?: Readonly<Record<string, DoCheck>>;
  /** An attribute whose string value makes the call run its tests in the build phase, where doCheck does not reach (naersk's `mode = "test"`). */
  testsInBuildWhen?: { attr: string; value: string };
  /** What each function adds to pname in its derivation's name (crane's `pnameSuffix`: `-nextest`), by function name. */
  pnameSuffixBy?: Readonly<Record<string, string>>;
}

/** How calls are found in an existing Nix file (model/nix.ts interprets these). */
export interface CallRecogniser {
  /**
   * The call kind for a callee written as `a.b.c` (split at dots), or undefined.
   * `libraries` holds let-bound names known to hold this family's library
   * (crane's `craneLib = (crane.mkLib pkgs)…`).
   */
  kindOf(parts: string[], libraries: ReadonlySet<string>): string | undefined;
  /** A let binding whose value makes its name a library of this family (for kindOf's `libraries`). */
  libraryBinding?: RegExp;
  /** Names bound to the library by convention, before any let is read. */
  libraryNames?: string[];
  /** A function that is a generated build applied to arguments (`import ./Cargo.nix { … }`); `applied`: the function is itself an application. */
  generatedApplication?(fnText: string, applied: boolean): boolean;
  /** The call's argument is not read (generated builds): only the call's place matters. */
  opaqueArgs?: boolean;
  /** A bare path argument means `{ src = path; }` (naersk's `buildPackage ./.`). */
  pathArgIsSrc?: boolean;
  /** Accept a call only when its attributes say so (a mkDerivation that runs cargo); default: always. */
  accepts?(bindingTexts: { name: string; text: string }[]): boolean;
}

/** A family of builder calls the Nix model recognises (with or without a generator). */
export interface CallFamily<Kinds extends string = string> {
  name: string;
  calls: readonly (CallKindSpec & { kind: Kinds })[];
  recognise: CallRecogniser;
}

/** What a builder adds to the plan: its files and what to tell the user. */
export interface Generated {
  files: { path: string; content: string }[];
  warnings: string[];
}

/** A builder `nixify init` can write. */
export interface BuilderSpec<Name extends string = string, Kinds extends string = string> extends CallFamily<Kinds> {
  name: Name;
  /** One line for the quick pick and `--help`. */
  detail: string;
  capabilities: Capabilities;
  /** The file a non-flake caller (the NixOS module's defaults) can callPackage; none when the builder lives in flake.nix only. */
  packageFile?: string;
  /** The files for this crate; `flake` is the extra flake outputs other generators (the service) contribute. */
  generate(ctx: GenContext, flake: FlakeExtras | undefined): Generated;
}

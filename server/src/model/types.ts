// The typed model of a Rust crate/workspace that every core (inference,
// generation, checks, diagnosis) reads. Plain data: no vscode, no LSP types.
// Positions are 0-based lines and UTF-16 columns, so the LSP layer can pass
// them through unchanged.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type DependencyKind = 'normal' | 'dev' | 'build';

export interface GitSource {
  url: string;
  rev?: string;
  tag?: string;
  branch?: string;
}

/** One entry of a `[dependencies]`-like table of a Cargo.toml. */
export interface DependencySpec {
  /** The key in the table: the name the code uses. */
  name: string;
  /** The crate on the registry (`package = "…"` renames), else `name`. */
  package: string;
  kind: DependencyKind;
  /** `cfg(...)` expression or target triple of `[target.X.dependencies]`. */
  target?: string;
  optional: boolean;
  defaultFeatures: boolean;
  features: string[];
  version?: string;
  path?: string;
  git?: GitSource;
  /** `foo.workspace = true`: the spec was merged from `[workspace.dependencies]`. */
  workspace?: boolean;
  /** Range of the dependency's key in the manifest. */
  range?: Range;
  /** For path dependencies: the directory relative to the workspace root, normalised. */
  rootPath?: string;
}

export interface BinTarget {
  name: string;
  path?: string;
  requiredFeatures: string[];
}

export interface LibTarget {
  name?: string;
  path?: string;
  crateTypes: string[];
}

/** `[package]` after `field.workspace = true` inheritance is applied. */
export interface PackageInfo {
  name: string;
  version?: string;
  description?: string;
  license?: string;
  licenseFile?: string;
  homepage?: string;
  repository?: string;
  documentation?: string;
  rustVersion?: string;
  edition?: string;
  authors: string[];
  keywords: string[];
  /** `default-run`. */
  defaultRun?: string;
  /** Fields whose value came from `[workspace.package]`. */
  inherited: string[];
  /** `package.metadata` as parsed (used for e.g. `metadata.crane.name`). */
  metadata?: Record<string, unknown>;
}

export interface WorkspaceSection {
  members: string[];
  exclude: string[];
  defaultMembers: string[];
  resolver?: string;
  package: Partial<Omit<PackageInfo, 'inherited' | 'authors' | 'keywords'>> & { authors?: string[]; keywords?: string[] };
  dependencies: DependencySpec[];
}

/** Where things are in a Cargo.toml, for diagnostics and edits. */
export interface ManifestRanges {
  package?: Range; // the `[package]` header
  name?: Range; // the value of package.name
  version?: Range; // the value of package.version
  rustVersion?: Range;
  workspace?: Range; // the `[workspace]` header
  /** Value ranges of `[package]` keys by key. */
  packageKeys: Record<string, Range>;
}

export interface CargoManifest {
  /** Path of this Cargo.toml relative to the workspace root, `/`-separated. */
  path: string;
  /** Directory of this manifest relative to the workspace root ('' for the root). */
  dir: string;
  package?: PackageInfo;
  lib?: LibTarget;
  /** Explicit `[[bin]]` plus auto-discovered src/main.rs and src/bin/*. */
  bins: BinTarget[];
  features: Record<string, string[]>;
  dependencies: DependencySpec[];
  workspace?: WorkspaceSection;
  /** `[patch.*]` / `[replace]` present (affects vendoring). */
  hasPatches: boolean;
  /** Has a build.rs (explicit `build = "…"` or the default file). */
  buildScript?: string;
  ranges: ManifestRanges;
}

export interface LockPackage {
  name: string;
  version: string;
  /** `registry+https://…`, `git+https://…?rev=…#<sha>`, absent for path/workspace crates. */
  source?: string;
  checksum?: string;
  /** Raw entries: "name", "name version" or "name version (source)". */
  dependencies: string[];
}

export interface CargoLock {
  version: number;
  packages: LockPackage[];
}

export interface RustToolchain {
  /** `rust-toolchain.toml` or legacy `rust-toolchain`. */
  file: string;
  channel?: string;
  components: string[];
  targets: string[];
  profile?: string;
}

export interface GitInfo {
  /** Whether the workspace root is inside a git work tree. */
  isRepo: boolean;
  /** Tracked files relative to the workspace root (undefined when unknown). */
  tracked?: Set<string>;
  /** Ignored-but-present files we care about (Cargo.lock, build.rs…). */
  ignored?: Set<string>;
  /**
   * Untracked files git would offer to add (not ignored). A present file in neither
   * this nor `tracked` is ignored — also when an enclosing repository ignores the
   * whole workspace folder.
   */
  untracked?: Set<string>;
  submodules: { path: string; url?: string }[];
}

export interface Workspace {
  /** Absolute directory of the root Cargo.toml. */
  root: string;
  rootManifest: CargoManifest;
  /** Every package of the workspace, root package first when it has one. */
  members: CargoManifest[];
  /** Path dependencies inside the tree that are not members (`exclude`d, or below a package with no `[workspace]`). */
  pathCrates?: CargoManifest[];
  lock?: CargoLock;
  toolchain?: RustToolchain;
  git: GitInfo;
  /** Files found by scanning: symlinks inside the source tree, static asset folders. */
  symlinks: string[];
  /** Folders read at runtime by web services: public/, static/, assets/, templates/ (per member dir). */
  assetDirs: string[];
  /** The package the user pointed at (a member directory given to the CLI), if any. */
  focus?: string;
  /** Problems that did not stop loading (a member whose Cargo.toml is missing…), for display. */
  warnings: string[];
}

/** A problem reading the user's files: says which file and where, never throws past the front doors. */
export class ModelError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly range?: Range,
  ) {
    super(message);
    this.name = 'ModelError';
  }
}

/** A text replacement in one file (LSP-shaped, but plain data). */
export interface TextEdit {
  range: Range;
  newText: string;
}

/** Edits to several files; `create` files must not exist yet (never overwrite silently). */
export interface FileEdits {
  /** Path relative to the workspace root. */
  path: string;
  edits?: TextEdit[];
  /** Content of a file to create. */
  create?: string;
}

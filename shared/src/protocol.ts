// Every custom request and notification between the VS Code client and the
// Nixify language server, declared once. Other editors can use them too: the
// names and payloads are part of the server's public contract.
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { WorkspaceEdit } from 'vscode-languageserver-protocol';

/**
 * A builder's name, one of `NixifyChoicesResponse.builders`. The server's
 * builder registry (server/src/builders) is the one list; clients offer what it sends.
 */
export type BuilderName = string;

/** A builder the server can write, as the quick pick shows it. */
export interface BuilderChoice {
  name: BuilderName;
  /** One line on what it writes and why one would pick it. */
  detail: string;
  /** Only usable through a flake: the "flake.nix" extra is implied. */
  flakeOnly: boolean;
}

export interface InferParams {
  /** Any file URI inside the crate (Cargo.toml usually). */
  uri: string;
}

export interface InferResponse {
  root: string;
  nativeBuildInputs: string[];
  buildInputs: string[];
  env: Record<string, string | boolean>;
  reasons: { input: string; because: string }[];
}

export const InferRequest = new RequestType<InferParams, InferResponse, void>('nixify/infer');

export interface NixifyOptions {
  builder: BuilderName;
  flake: boolean;
  member?: string;
  vendoring?: 'cargoLock' | 'cargoHash';
  module?: boolean;
  nginxPath?: string;
  virtualHost?: string;
  docker?: boolean;
  /** The user's Nix (`nix --version`, e.g. "2.8.0"), when the editor knows it: git submodules are asked for the way that Nix accepts. */
  nixVersion?: string;
}

export interface NixifyChoicesParams {
  uri: string;
}

export interface NixifyChoicesResponse {
  root: string;
  /** The defaults the quick pick preselects (one Enter accepts them). */
  defaults: NixifyOptions;
  /** The builders to offer, in order. */
  builders: BuilderChoice[];
  members: { name: string; bins: string[] }[];
  /** Files that already exist and would be affected. */
  existing: string[];
  /** Whether the crate looks like a web service (offers the NixOS module / nginx extras). */
  looksLikeService: boolean;
}

export const NixifyChoicesRequest = new RequestType<NixifyChoicesParams, NixifyChoicesResponse, void>('nixify/nixifyChoices');

export interface NixifyPlanParams {
  uri: string;
  options: NixifyOptions;
}

export interface NixifyPlanResponse {
  /** Creates new files (annotated: needs confirmation → Refactor Preview) and edits existing ones. */
  edit: WorkspaceEdit;
  files: { path: string; action: 'create' | 'edit' | 'skip'; reason?: string }[];
  /** The folder `files` are relative to (the crate or workspace root). */
  rootUri: string;
  warnings: string[];
}

export const NixifyPlanRequest = new RequestType<NixifyPlanParams, NixifyPlanResponse, void>('nixify/nixifyPlan');

export interface ServiceAdditionParams {
  /** flake.nix (or any file) of the crate. */
  uri: string;
  module: boolean;
  docker: boolean;
  nginxPath?: string;
  virtualHost?: string;
}

/** Adds a NixOS module / nginx location / Docker image to a crate whose flake.nix already exists. */
export const ServiceAdditionRequest = new RequestType<ServiceAdditionParams, NixifyPlanResponse, void>('nixify/serviceAddition');

export interface CiWorkflowParams {
  /** flake.nix (or any file) of the crate. */
  uri: string;
  forge: 'github' | 'gitlab';
  /** A Cachix cache to push to; else the GitHub Actions cache (GitHub) or none (GitLab). */
  cachix?: string;
}

/** Writes .github/workflows/nix.yml or .gitlab-ci.yml for the crate's flake.nix. */
export const CiWorkflowRequest = new RequestType<CiWorkflowParams, NixifyPlanResponse, void>('nixify/ciWorkflow');

export interface NixpkgsPackageParams {
  /** Any file of the crate. */
  uri: string;
  member?: string;
}

/** Writes pkgs/by-name/<xx>/<pname>/package.nix, ready for a nixpkgs pull request. */
export const NixpkgsPackageRequest = new RequestType<NixpkgsPackageParams, NixifyPlanResponse, void>('nixify/nixpkgsPackage');

/** Client → server: a build finished; the server diagnoses its output and publishes diagnostics. */
export interface BuildFinishedParams {
  /** Workspace folder URI the build ran in. */
  rootUri: string;
  /** Installable (`.#default`) or file (`default.nix`) that was built: diagnostics are keyed by it. */
  installable: string;
  exitCode: number;
  /** Path of the complete log on disk (the client keeps it for "Show full log"). */
  logPath: string;
  /**
   * The `nix` the client ran the build with (its resolved path): a cut build's whole log is read with it and the
   * `nix-store` beside it (trusted workspaces only). Absent: `nix` on the server's PATH.
   */
  nixPath?: string;
}

export const BuildFinishedNotification = new NotificationType<BuildFinishedParams>('nixify/buildFinished');

/** Client → server: a build of this installable started; its previous diagnostics are cleared. */
export const BuildStartedNotification = new NotificationType<{ rootUri: string; installable: string }>('nixify/buildStarted');

/** Server → client: status for the status bar item. */
export interface ServerStatusParams {
  health: 'ok' | 'warning' | 'error';
  message?: string;
}

export const ServerStatusNotification = new NotificationType<ServerStatusParams>('nixify/serverStatus');

/** Options the client passes at initialize. */
export interface InitializationOptions {
  /** Whether the workspace is trusted: when false the server spawns nothing (not even git). */
  trusted: boolean;
  /** Nix semantic tokens (highlighting); absent: on. The VS Code client turns them off when a Nix extension (nix-ide) colours Nix. */
  nixSemanticTokens?: boolean;
  /** The client implements ClientCommands itself (the VS Code extension, with its dialogs); absent: the server executes them (workspace/executeCommand). */
  clientCommands?: boolean;
}

/** Client → server: the user granted workspace trust. */
export const TrustGrantedNotification = new NotificationType<void>('nixify/trustGranted');

/**
 * Actions a fix asks the front end to perform, by protocol-level name (what
 * `nixify diagnose --json` and the core's fixes carry); each client maps them
 * to its own commands (the VS Code client: ClientCommands below). Arguments:
 * - `git-add` (path[, force]): stage a workspace file, `git add -f` when force (asks first).
 * - `enable-experimental-features` (features[]): add `--extra-experimental-features` to the Nix tasks.
 * - `run-in-workspace` (argv[]): run a command such as `cargo generate-lockfile` in the workspace (asks first).
 * - `use-rust-toolchain` (rustVersion | null[, targets[]]): build with a rust-overlay toolchain
 *   (at least that version, with those extra targets such as `wasm32-unknown-unknown`).
 * A fix marked `preferred` exactly addresses its diagnostic (editors show it first).
 * Over LSP, a code action carries the same id with the workspace root before these arguments.
 */
export { FixCommands, type FixCommand } from './fixCommands';

/** Commands the server's code lenses and code actions invoke on the client. */
export const ClientCommands = {
  nixify: 'nixify.nixify',
  build: 'nixify.build',
  gitAdd: 'nixify.gitAdd',
  showLog: 'nixify.showLog',
  /** (root, features[]): add `--extra-experimental-features` to the Nix tasks' args (asks first). */
  enableFlakes: 'nixify.enableFlakesForTask',
  /** (root, argv[]): run a command such as `cargo generate-lockfile` in the workspace (asks first). */
  runInWorkspace: 'nixify.runInWorkspace',
  /** (root, rustVersion | null): switch the build to a rust-overlay toolchain. */
  useRustToolchain: 'nixify.useRustToolchain',
  /** (uri, 'module' | 'nginx' | 'docker'): add that to an existing flake (asks for nginx's path and host). */
  addService: 'nixify.addService',
  /** (uri?): asks GitHub or GitLab and the cache, then writes the CI file (previewed). */
  addCiWorkflow: 'nixify.addCiWorkflow',
  /** (uri?): writes pkgs/by-name/…/package.nix for a nixpkgs pull request (previewed). */
  prepareNixpkgs: 'nixify.prepareNixpkgs',
} as const;

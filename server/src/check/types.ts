// A finding: something that will break (or waste time) before any build runs,
// placed where the fix goes. Plain data, shared by the LSP, the CLI and tests.
import type { InferenceResult, InferOptions } from '../infer/types';
import type { NixFileModel } from '../model/nixTypes';
import type { FileEdits, Range, Workspace } from '../model/types';
import type { WorkspaceFs } from '../model/workspace';

/**
 * The severity policy. `nixify check` exits 1 on an error, so it is a CI gate,
 * and a gate that fails working builds is worse than none:
 * - error: the build certainly fails as written (an input the build cannot do
 *   without is absent from inputs Nixify sees completely; a git dependency
 *   without its hash; a file the flake cannot see);
 * - warning: it likely fails (the same, but a feature Nixify cannot read might
 *   change it; a rustc estimated too old; `nix run` naming no binary);
 * - hint: style and cost (an unfiltered src, a version written twice), and
 *   whatever Nixify cannot see through: inputs from a function argument, an
 *   overlay, `old` in overrideAttrs, a helper function — said as such, never
 *   as an error;
 * - info: neutral facts.
 */
export type Severity = 'error' | 'warning' | 'info' | 'hint';

export type FindingCode =
  | 'missing-native-input'
  | 'unused-native-input'
  | 'runtime-library-not-on-rpath'
  | 'git-dep-no-hash'
  | 'stale-cargo-hash'
  | 'version-drift'
  | 'main-program'
  | 'unknown-member'
  | 'untracked-file'
  | 'rustc-too-old'
  | 'toolchain-ignored'
  | 'unfiltered-src'
  | 'rustup-in-build'
  | 'cargo-without-vendor'
  | 'toolchain-target-missing'
  | 'wasm-bindgen-mismatch'
  | 'lock-version-too-new'
  | 'symlink-outside-src'
  | 'read-outside-src'
  | 'check-failed';

export interface Fix {
  title: string;
  /** Text edits (and file creations) the fix makes; empty when it is a command. */
  edits: FileEdits[];
  /** A client command instead of (or after) edits, e.g. `git add` which asks first. */
  command?: { id: string; args: unknown[] };
  /** The fix exactly addresses the finding (VS Code shows it first). */
  preferred?: boolean;
}

export interface Finding {
  code: FindingCode;
  severity: Severity;
  /** Workspace-relative path. */
  file: string;
  range: Range;
  message: string;
  fixes: Fix[];
  /** Secondary places, e.g. the Cargo.toml dependency that pulled a -sys crate in. */
  related?: { file: string; range: Range; message: string }[];
  /** Shown faded (an input nothing uses any more). */
  unnecessary?: boolean;
}

export interface NixFile {
  path: string;
  text: string;
  model: NixFileModel;
}

export interface CheckState {
  /** sha256 of Cargo.lock at the last successful build, per Nix file that sets cargoHash. */
  lockDigestAtLastBuild: Map<string, string>;
}

export interface CheckContext {
  ws: Workspace;
  inferred: InferenceResult;
  nixFiles: NixFile[];
  /** Files checks read beside the model (flake.lock, Cargo.lock, the source tree). */
  fs: WorkspaceFs;
  state?: CheckState;
  /** Published manifests of registry crates (the cargo cache), for inference the checks redo per call. */
  manifestOf?: InferOptions['manifestOf'];
}

export type Check = (ctx: CheckContext) => Finding[];

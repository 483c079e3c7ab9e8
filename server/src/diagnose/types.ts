// Plain data the build-log diagnosis produces: progress events for the task
// terminal, and diagnostics with structured fix intents the editor turns into edits.
import type { Range } from '../model/types';

export type Category =
  | 'openssl'
  | 'pkgconfig-lib'
  | 'hash-mismatch'
  | 'git-deps'
  | 'cargo-lock'
  | 'network-sandbox'
  | 'flake-untracked'
  | 'flake-experimental'
  | 'flake-attr-missing'
  | 'missing-tool'
  /** A tool on PATH at a version the crate cannot be used with (wasm-bindgen's CLI vs the crate). */
  | 'tool-version'
  | 'rustc-too-old'
  | 'rust-compile-error'
  | 'test-failure'
  | 'eval-error'
  | 'home-not-writable'
  | 'sqlx-offline'
  | 'rust-target-missing'
  /** No rule's cause: only the failing-step finding (Diagnostic.kind) has it, with no fix — what the label `other` means. */
  | 'other';

export type DiagSeverity = 'error' | 'warning' | 'info';

/**
 * How directly a finding's evidence names its cause, set by the rule from the kind of evidence it read (its
 * mechanism, never a log or a crate): `certain` — the tool's own sentence naming the cause with its subject;
 * `likely` — the cause's own line, read with less to go on (a generic wording, a subject taken from nearby);
 * `possible` — no line of the cause's own (an end-of-log fallback, a module guessed from a cut view, a finding
 * inferred from context). The editor and the CLI say a `possible` cause is possible and prefer none of its fixes.
 */
export type Confidence = 'certain' | 'likely' | 'possible';

/** Confidences weakest first: a finding is at or above a threshold when its index is at least the threshold's. */
export const CONFIDENCES: readonly Confidence[] = ['possible', 'likely', 'certain'];

/**
 * What would fix the cause, as data (it travels in LSP diagnostics); the
 * rule's `fixes` turns it into edits on the current text, using the Nix model.
 */
export type FixIntent =
  | { kind: 'add-inputs'; nativeBuildInputs?: string[]; buildInputs?: string[] }
  /** Replace the hash literal `specified` by `got`; drvName says which fetcher (…-vendor-staging → cargoHash). */
  | { kind: 'replace-hash'; specified?: string; got: string; drvName?: string }
  /** The hash is stale but the log does not say the right one: set a fake hash so the next build reports it. */
  | { kind: 'reset-hash'; attr: 'cargoHash' }
  /** key: cargoLock.outputHashes' `name-version`; absent when the log cut it off. */
  | { kind: 'add-output-hash'; key?: string; hash?: string }
  /** Drop `cargoLock.outputHashes."<key>"`, left for a dependency that is no longer a git one. */
  | { kind: 'remove-output-hash'; key: string }
  | { kind: 'git-add'; path: string }
  | { kind: 'enable-flakes'; features: string[] }
  /** Vendor with rustPlatform's importCargoLock (`cargoLock.lockFile = ./Cargo.lock`) instead of fetching in the build. */
  | { kind: 'use-cargo-lock' }
  /** A rust-overlay toolchain: at least `rustVersion`, with these extra targets (`wasm32-unknown-unknown`). */
  | { kind: 'rust-toolchain'; rustVersion?: string; targets?: string[] }
  /** Replace one nativeBuildInputs entry (`rustup`) by others (`cargo`, `rustc`). */
  | { kind: 'replace-input'; from: string; to: string[] }
  /**
   * `--skip` exactly these tests in checkFlags; none named (the log shows the check phase failing, not which test):
   * turn the check phase off where the builder's doCheck governs its tests, which skips every test.
   */
  | { kind: 'skip-tests'; tests: string[] }
  | { kind: 'set-env'; name: string; nix: string }
  /** Keep `path` (workspace-root relative, `.sqlx`) in the builder's src, which its source filter drops. */
  | { kind: 'include-in-src'; path: string; because?: string }
  /** A builder attribute such as `doCheck = false;` (name and Nix expression). */
  | { kind: 'set-attr'; name: string; nix: string }
  /** A command in the workspace (cargo generate-lockfile, …): the editor runs it as a task, never silently. */
  | { kind: 'run'; argv: string[] };

/** A position exactly as the log printed it (1-based line/column, path as seen by the builder or evaluator). */
export interface LogLocation {
  path: string;
  line: number;
  column?: number;
  /** Exclusive end column on the same line when the log shows it (rustc's `^^^^`). */
  endColumn?: number;
  /** Column unit: rustc counts characters, Nix counts bytes. */
  unit: 'char' | 'byte';
}

export interface Diagnostic {
  category: Category;
  /**
   * `failing-step`: no rule recognised the cause; the log's structure says which derivation failed, in which phase,
   * and what it printed last (diagnose/failingStep.ts). Category `other`, severity info, no fix; scored as nothing.
   */
  kind?: 'failing-step';
  severity: DiagSeverity;
  /** How directly the evidence names the cause (absent on the failing-step finding, which claims no cause). */
  confidence?: Confidence;
  message: string;
  /** Workspace-relative file and 0-based UTF-16 range, set by placeDiagnostics. */
  file?: string;
  range?: Range;
  /** Where the log says the problem is (eval error, rustc span), before mapping. */
  location?: LogLocation;
  /** Store path of the failing derivation, when known. */
  drv?: string;
  /** The log lines (ANSI-free) the diagnosis rests on, at most a few dozen. */
  evidence: string[];
  fixes: FixIntent[];
  /** Extra facts rules found (pkg-config name, crate, exit code …), for messages and tests. */
  details?: Record<string, string>;
  /** A second place worth showing (e.g. the Cargo.lock entry of a git dependency). */
  related?: { file: string; range: Range; message: string }[];
}

/** One log line after framing was removed. */
export interface LogLine {
  text: string;
  /** build: the builder's own output; nix: Nix's messages (errors, warnings, status). */
  source: 'build' | 'nix';
  /** Derivation path of the builder that printed it, when the framing says. */
  drv?: string;
}

export type BuildEvent =
  | { type: 'build-started'; drv: string; name: string }
  | { type: 'build-stopped'; drv: string; name: string }
  | { type: 'build-failed'; drv: string; name: string; exitCode?: number }
  | { type: 'phase'; drv?: string; name?: string; phase: string }
  /** Overall build counts (internal-json `Builds` activity; plain logs: counted from `building '…'`). */
  | { type: 'progress'; done: number; expected: number; running: number; failed: number }
  | { type: 'expected'; activity: 'builds' | 'copies' | 'other'; expected: number }
  | { type: 'log'; line: LogLine }
  | { type: 'nix-error'; message: string }
  | { type: 'diagnostic'; diagnostic: Diagnostic };

export type BuildEventListener = (e: BuildEvent) => void;

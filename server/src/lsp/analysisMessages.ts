// What the request thread (server.ts) and the analysis thread
// (analysisWorker.ts) say to each other. Plain data only: each message is
// copied between threads (structured clone), so edits travel as the editor's
// own small changes, never as a document's whole text.
import type { Diagnostic, TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import type { CiWorkflowParams, InferResponse, NixifyChoicesResponse, NixifyOptions, NixifyPlanResponse, NixpkgsPackageParams, ServiceAdditionParams } from '../../../shared/src/protocol';
import type { SentView } from './workspaceView';

/** Requests the analysis thread answers with its own workspace index (rare: a person asked for a plan or the inputs). */
export interface AnalysisCalls {
  infer(root: string): InferResponse;
  /** A workspace's view, when none was sent yet (the first hover or lens of a workspace). */
  view(root: string): SentView;
  nixifyChoices(dir: string): NixifyChoicesResponse;
  nixifyPlan(dir: string, options: NixifyOptions): NixifyPlanResponse;
  serviceAddition(root: string, p: ServiceAdditionParams): NixifyPlanResponse;
  ciWorkflow(root: string, p: CiWorkflowParams): NixifyPlanResponse;
  nixpkgsPackage(dir: string, p: NixpkgsPackageParams, trusted: boolean): NixifyPlanResponse;
}

export type CallName = keyof AnalysisCalls;

export type ToAnalysis =
  | { t: 'trust'; trusted: boolean }
  | { t: 'open'; uri: string; path: string; languageId: string; version: number; text: string }
  | { t: 'change'; path: string; version: number; changes: TextDocumentContentChangeEvent[] }
  | { t: 'close'; path: string }
  /** Files changed on disk (didChangeWatchedFiles), as FileChangeType. */
  | { t: 'disk'; changes: { path: string; type: number }[] }
  /** git's view of the workspaces at or under `root` changed (a `git add` ran). */
  | { t: 'git'; root: string }
  /** A build of `folder` succeeded: its lock matched every listed Nix file's cargoHash. */
  | { t: 'built'; folder: string; nixFiles: string[] }
  | { t: 'call'; id: number; name: CallName; args: unknown[] };

export type FromAnalysis =
  /** Every file's diagnostics of a workspace; the view when it changed since the last one sent. */
  { t: 'diagnostics'; root: string; byUri: [string, Diagnostic[]][]; view?: SentView } | { t: 'reply'; id: number; result?: unknown; error?: { message: string; code?: number } };

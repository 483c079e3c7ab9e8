// Binds the cores to the Language Server Protocol. The only place (with the
// other files of lsp/) that knows LSP types; everything it answers is computed
// by plain functions of the model.
import { dirname, join, relative, sep } from 'node:path';
import { FileChangeType, createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, type Connection, type InitializeResult } from 'vscode-languageserver/node';
import {
  BuildFinishedNotification,
  BuildStartedNotification,
  ClientCommands,
  CiWorkflowRequest,
  InferRequest,
  NixifyChoicesRequest,
  NixifyPlanRequest,
  NixpkgsPackageRequest,
  ServiceAdditionRequest,
  TrustGrantedNotification,
  type InitializationOptions,
} from '../../../shared/src/protocol';
import { inferenceToJson } from '../infer/infer';
import { ensureParser, initParsers } from '../parse/treeSitter';
import { BuildMemory, checkDiagnostics } from './checks';
import { BuildDiagnosticsStore } from './build';
import { buildCodeActions } from './codeActions';
import { cargoCodeLenses } from './codeLens';
import { nixInputHover } from './nixHover';
import { serviceAddition, serviceCodeActions } from './serviceActions';
import { ciWorkflow, nixpkgsPackageFor, shipCodeActions } from './shipActions';
import { NixModelCache } from './nixModels';
import { LEGEND, registerNixSemanticTokens } from './nixSemanticTokens';
import { registerExecuteCommand, SERVER_COMMANDS } from './executeCommand';
import { fixesToCodeActions } from './findingActions';
import { Diagnostics } from './diagnostics';
import { traceRuns } from './trace';
import { cargoHover } from './hover';
import { nixifyChoices, nixifyPlan } from './nixify';
import { WorkspaceIndex } from './workspaceIndex';
import { pieceDocuments, type PieceTextDocument } from './textDocument';
import { guardConnection, keepAlive } from './guard';
import { ActionKinds, uriToPath } from './convert';

export function startServer(raw: Connection = createConnection(ProposedFeatures.all)): Connection {
  // Every handler below is guarded: no document makes the server exit (see guard.ts).
  keepAlive((m) => {
    try {
      process.stderr.write(`${m}\n`);
    } catch {
      // stderr is gone too: nothing left to tell.
    }
  });
  const connection = guardConnection(raw);
  const documents = new TextDocuments(pieceDocuments);
  const byPath = new Map<string, PieceTextDocument>();
  let trusted = false;
  let workspaceRoot: string | undefined;
  const index = new WorkspaceIndex({ textOf: (p) => byPath.get(p)?.getText() }, () => trusted);
  const diagnostics = new Diagnostics(connection, index);
  if (process.env.NIXIFY_LSP_TRACE) traceRuns(diagnostics);
  const memory = new BuildMemory();
  const nixModels = new NixModelCache();
  diagnostics.addProducer('checks', (root) => checkDiagnostics(index, root, index.fs(root), memory, (p, t) => nixModels.model(join(root, p), t, p)));
  const ready = initParsers();
  const builds = new BuildDiagnosticsStore({
    connection,
    diagnostics,
    nixModels,
    ready,
    textOf: (p) => byPath.get(p)?.getText(),
    cargoRootFor: (p) => index.rootFor(p),
    onSuccess: (root, nixFiles) => memory.recordSuccess(root, index.fs(root).readFile('Cargo.lock'), nixFiles),
  });

  const rootOf = (uri: string) => {
    const p = uriToPath(uri);
    return p ? index.rootFor(p) : undefined;
  };
  const requireRoot = (uri: string) => {
    const root = rootOf(uri);
    if (!root) throw new Error(`no Cargo.toml above ${uri}`);
    return root;
  };

  connection.onInitialize((params): InitializeResult => {
    // Other editors (Neovim, Helix) send no options: a user starting the server by hand trusts the folder.
    const init = params.initializationOptions as Partial<InitializationOptions> | undefined;
    trusted = init?.trusted ?? true;
    const semanticTokens = init?.nixSemanticTokens ?? true;
    const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri;
    workspaceRoot = folder ? uriToPath(folder) : undefined;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeLensProvider: { resolveProvider: false },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: Object.values(ActionKinds) },
        workspace: { workspaceFolders: { supported: true } },
        ...(semanticTokens ? { semanticTokensProvider: { legend: LEGEND, full: true } } : {}),
        ...(init?.clientCommands ? {} : { executeCommandProvider: { commands: SERVER_COMMANDS } }),
      },
      serverInfo: { name: 'nixify', version: process.env.NIXIFY_VERSION },
    };
  });

  connection.onNotification(TrustGrantedNotification, () => {
    trusted = true;
    const roots = index.roots();
    index.clear();
    void ready.then(() => roots.forEach((root) => diagnostics.schedule(root)));
  });

  // Everything that reads Cargo files needs the parsers: wait for them once.
  const changed = (uri: string) => {
    const p = uriToPath(uri);
    if (!p) return;
    void ready.then(() => {
      const root = index.invalidate(p) ?? index.rootFor(p);
      if (root) diagnostics.schedule(root);
    });
  };

  documents.onDidOpen((e) => {
    const p = uriToPath(e.document.uri);
    if (p) byPath.set(p, e.document);
    changed(e.document.uri);
  });
  documents.onDidChangeContent((e) => changed(e.document.uri));
  documents.onDidClose((e) => {
    const p = uriToPath(e.document.uri);
    if (p) byPath.delete(p);
    changed(e.document.uri);
  });
  connection.onDidChangeWatchedFiles((e) => {
    for (const c of e.changes) {
      // `git add`/commit in a terminal rewrites .git/index: re-read git for the crates in that repository.
      const gitIndex = uriToPath(c.uri);
      if (gitIndex?.endsWith(`${sep}.git${sep}index`)) {
        const repo = dirname(dirname(gitIndex));
        void ready.then(() => index.invalidateGitUnder(repo).forEach((root) => diagnostics.schedule(root)));
        continue;
      }
      // A created or deleted file changes what git tracks (flakes only see tracked files).
      const changedPath = uriToPath(c.uri);
      if (changedPath) index.diskChanged(changedPath, c.type !== FileChangeType.Changed);
      const p = c.type !== FileChangeType.Changed ? changedPath : undefined;
      if (p) {
        void ready.then(() => {
          const root = index.rootFor(p);
          if (root) index.invalidateGit(root);
        });
      }
      changed(c.uri);
    }
  });

  connection.onCodeLens(async (params) => {
    await ready;
    const p = uriToPath(params.textDocument.uri);
    const root = rootOf(params.textDocument.uri);
    if (!p || !root || !p.endsWith('Cargo.toml')) return [];
    return cargoCodeLenses(index, root, p);
  });

  connection.onHover(async (params) => {
    await ready;
    const p = uriToPath(params.textDocument.uri);
    const root = rootOf(params.textDocument.uri);
    if (!p || !root) return null;
    if (p.endsWith('.nix')) {
      const text = documents.get(params.textDocument.uri)?.getText() ?? index.fs(root).readFile(relative(root, p));
      const inferred = index.inferred(root);
      return text !== undefined && inferred ? nixInputHover(nixModels.model(p, text, relative(root, p)), inferred, params.position) : null;
    }
    if (!p.endsWith('Cargo.toml')) return null;
    return cargoHover(index, root, p, params.position);
  });

  connection.onCodeAction((params) => {
    const builtActions = buildCodeActions(params, nixModels, (p) => byPath.get(p)?.getText());
    const root = rootOf(params.textDocument.uri);
    if (!root) return builtActions;
    const actions = [...fixesToCodeActions(root, params), ...builtActions];
    // "Nixify this crate" as a source action on Cargo.toml (Source Action… menu, codeActionsOnSave).
    const only = params.context.only;
    if (params.textDocument.uri.endsWith('/flake.nix') && (!only || only.some((k) => ActionKinds.addService.startsWith(k)))) {
      const text = documents.get(params.textDocument.uri)?.getText();
      if (text !== undefined) actions.push(...serviceCodeActions(text, params.textDocument.uri), ...shipCodeActions(params.textDocument.uri));
    }
    if (params.textDocument.uri.endsWith('/Cargo.toml') && (!only || only.some((k) => ActionKinds.nixify.startsWith(k)))) {
      actions.push({ title: 'Nixify this crate', kind: ActionKinds.nixify, command: { title: 'Nixify this crate', command: ClientCommands.nixify, arguments: [params.textDocument.uri] } });
    }
    return actions;
  });

  connection.onNotification(BuildStartedNotification, ({ rootUri, installable }) => {
    const folder = uriToPath(rootUri);
    if (folder) builds.started(folder, installable);
  });
  connection.onNotification(BuildFinishedNotification, (p) => {
    const folder = uriToPath(p.rootUri);
    if (folder) void builds.finished(folder, p);
  });

  connection.onRequest(InferRequest, async ({ uri }) => {
    await ready;
    const root = requireRoot(uri);
    const e = index.get(root);
    if (e.error) throw new Error(e.error.message);
    return { root, ...inferenceToJson(index.inferred(root)!) };
  });

  connection.onRequest(NixifyChoicesRequest, async ({ uri }) => {
    await ready;
    requireRoot(uri);
    return nixifyChoices(index, dirname(uriToPath(uri)!));
  });

  connection.onRequest(ServiceAdditionRequest, async (p) => {
    await ready;
    await ensureParser('rust'); // the service's asset folders are found in the Rust sources
    return serviceAddition(index, requireRoot(p.uri), p);
  });

  connection.onRequest(CiWorkflowRequest, async (p) => {
    await ready;
    return ciWorkflow(index, requireRoot(p.uri), p);
  });

  connection.onRequest(NixpkgsPackageRequest, async (p) => {
    await ready;
    requireRoot(p.uri);
    return nixpkgsPackageFor(index, dirname(uriToPath(p.uri)!), p, trusted);
  });

  connection.onRequest(NixifyPlanRequest, async ({ uri, options }) => {
    await ready;
    requireRoot(uri);
    await ensureParser('rust'); // src holds what the Rust sources read
    return nixifyPlan(index, dirname(uriToPath(uri)!), options);
  });

  registerNixSemanticTokens(connection, documents, ready);
  registerExecuteCommand({ connection, index, diagnostics, builds, ready, trusted: () => trusted, workspaceRoot: () => workspaceRoot });

  documents.listen(connection);
  connection.listen();
  return connection;
}

// Binds the cores to the Language Server Protocol. The only place (with the
// other files of lsp/) that knows LSP types; everything it answers is computed
// by plain functions of the model.
import { dirname, relative, sep } from 'node:path';
import { FileChangeType, createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, type CodeActionParams, type Connection, type InitializeResult } from 'vscode-languageserver/node';
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
import { nodeFs } from '../model/workspace';
import { compileParsersBaselineOnly, initParsers } from '../parse/treeSitter';
import { AnalysisClient } from './analysisClient';
import type { ToAnalysis } from './analysisMessages';
import { BuildDiagnosticsStore, isBuildDiagnostic } from './build';
import { cargoCodeLenses } from './codeLens';
import { serviceCodeActions, shipCodeActions } from './flakeActions';
import type { NixModelCache } from './nixModels';
import { LEGEND, registerNixSemanticTokens } from './nixSemanticTokens';
import { registerExecuteCommand, SERVER_COMMANDS } from './executeCommand';
import { fixesToCodeActions } from './findingActions';
import { Publisher } from './publisher';
import { cargoHover } from './hover';
import { requestTraceFromEnv } from './requestTrace';
import { indexLinesLater } from './editRehearsal';
import { pieceDocuments, type PieceTextDocument } from './textDocument';
import { WorkspaceRoots } from './workspaceRoots';
import { guardConnection } from './guard';
import { keepAlive } from './keepAlive';
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
  const log = (m: string) => {
    try {
      process.stderr.write(`${m}\n`);
    } catch {
      // stderr is gone too: nothing left to tell.
    }
  };
  const byPath = new Map<string, PieceTextDocument>();
  // NIXIFY_LSP_TRACE: what held this thread, task by task (requestTrace.ts); otherwise each task just runs.
  const trace = requestTraceFromEnv();
  trace?.watchWrites(process.stdout);
  const task = <T>(what: string, f: () => T, detail?: () => string): T => (trace ? trace.task(what, f, detail) : f());
  let trusted = false;
  let workspaceRoot: string | undefined;
  // Load, resolution, inference and checks run on the analysis thread (analysisHost.ts), which gets
  // every change the editor sends; this thread answers requests at once and publishes what comes back.
  const publisher = new Publisher(connection);
  const analysis = new AnalysisClient({
    onDiagnostics: (root, byUri) => {
      task(
        'diagnostics',
        () => publisher.analysed(root, byUri),
        () => `${byUri.size} files, ${[...byUri.values()].reduce((n, ds) => n + ds.length, 0)} diagnostics`,
      );
      // This thread's copies take the editor's changes too: their line indexes while idle, not in the first edit.
      indexLinesLater(byPath.values());
    },
    replay: () => [{ t: 'trust', trusted }, ...[...byPath].map(([path, d]): ToAnalysis => ({ t: 'open', uri: d.uri, path, languageId: d.languageId, version: d.version, text: d.getText() }))],
    log,
  });
  // The editor's incremental changes go to the analysis thread as they came (a few bytes), not as texts.
  const documents = new TextDocuments<PieceTextDocument>({
    ...pieceDocuments,
    update: (doc, changes, version) =>
      task('change', () => {
        const path = uriToPath(doc.uri);
        if (path) analysis.send({ t: 'change', path, version, changes });
        return pieceDocuments.update(doc, changes, version);
      }),
  });
  const roots = new WorkspaceRoots((p) => byPath.get(p)?.getText());
  // Nix models come with the first request that reads a Nix file, not at start: the model's
  // recognisers read the builder registry, which imports the generators and the inference's tables.
  let nixModelsLoad: Promise<NixModelCache> | undefined;
  const nixModels = () => (nixModelsLoad ??= import('./nixModels').then((m) => new m.NixModelCache()));
  // This thread parses Nix only for a Nix file's tokens or hover and for a build's log: its parsers
  // load with the first of those, not at start (the analysis thread has its own for the diagnostics).
  let parsersLoad: Promise<void> | undefined;
  const loadParsers = () => {
    compileParsersBaselineOnly();
    return (parsersLoad ??= initParsers());
  };
  const builds = new BuildDiagnosticsStore({
    connection,
    diagnostics: publisher,
    nixModels,
    loadParsers,
    textOf: (p) => byPath.get(p)?.getText(),
    cargoRootFor: (p) => roots.rootFor(p),
    onSuccess: (folder, nixFiles) => analysis.send({ t: 'built', folder, nixFiles }),
    // An untrusted workspace runs nothing, `nix log` neither.
    mayRun: () => trusted,
    // window/logMessage: the VS Code client's Nixify output channel (a plain client's log); the findings carry it too.
    note: (m) => connection.console.info(m),
  });

  const rootOf = (uri: string) => {
    const p = uriToPath(uri);
    return p ? roots.rootFor(p) : undefined;
  };
  const requireRoot = (uri: string) => {
    const root = rootOf(uri);
    if (!root) throw new Error(`no Cargo.toml above ${uri}`);
    return root;
  };
  /** A Cargo.toml that changed may make or unmake a workspace root (`structural`: created or deleted on disk; see workspaceRoots.ts). */
  const manifestChanged = (p: string, structural = false) => {
    if (p.endsWith(`${sep}Cargo.toml`)) roots.manifestChanged(p, structural);
  };

  connection.onInitialize((params): InitializeResult => {
    // Other editors (Neovim, Helix) send no options: a user starting the server by hand trusts the folder.
    const init = params.initializationOptions as Partial<InitializationOptions> | undefined;
    trusted = init?.trusted ?? true;
    const semanticTokens = init?.nixSemanticTokens ?? true;
    const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri;
    workspaceRoot = folder ? uriToPath(folder) : undefined;
    analysis.send({ t: 'trust', trusted });
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
    roots.forget();
    analysis.send({ t: 'trust', trusted });
  });

  documents.onDidOpen((e) => {
    const p = uriToPath(e.document.uri);
    if (!p) return;
    byPath.set(p, e.document);
    manifestChanged(p);
    analysis.send({ t: 'open', uri: e.document.uri, path: p, languageId: e.document.languageId, version: e.document.version, text: e.document.getText() });
  });
  documents.onDidChangeContent((e) => {
    const p = uriToPath(e.document.uri);
    if (p) manifestChanged(p);
  });
  documents.onDidClose((e) => {
    const p = uriToPath(e.document.uri);
    if (!p) return;
    byPath.delete(p);
    manifestChanged(p);
    analysis.send({ t: 'close', path: p });
  });
  connection.onDidChangeWatchedFiles((e) => {
    const changes: { path: string; type: number }[] = [];
    for (const c of e.changes) {
      const p = uriToPath(c.uri);
      if (!p) continue;
      manifestChanged(p, c.type !== FileChangeType.Changed);
      changes.push({ path: p, type: c.type });
    }
    if (changes.length) analysis.send({ t: 'disk', changes });
  });

  // Lenses and hovers read the latest view the analysis sent: they never wait for a running analysis.
  connection.onCodeLens(async (params) => {
    const p = uriToPath(params.textDocument.uri);
    const root = rootOf(params.textDocument.uri);
    if (!p || !root || !p.endsWith('Cargo.toml')) return [];
    const view = await analysis.view(root);
    return view ? cargoCodeLenses(view, root, p) : [];
  });

  connection.onHover(async (params) => {
    const p = uriToPath(params.textDocument.uri);
    const root = rootOf(params.textDocument.uri);
    if (!p || !root) return null;
    if (p.endsWith('.nix')) {
      await loadParsers();
      const text = documents.get(params.textDocument.uri)?.getText() ?? nodeFs(root).readFile(relative(root, p));
      const view = text !== undefined ? await analysis.view(root) : undefined;
      // Loaded with the first hover on a Nix file (with the inference's table of attributes), not at start.
      const { nixInputHover } = await import('./nixHover');
      return text !== undefined && view?.inferred ? nixInputHover((await nixModels()).model(p, text, relative(root, p)), view.inferred, params.position) : null;
    }
    if (!p.endsWith('Cargo.toml')) return null;
    const view = await analysis.view(root);
    return view ? cargoHover(view, root, p, params.position) : null;
  });

  connection.onCodeAction(async (params) => task('codeAction', () => codeActions(params)));
  const codeActions = async (params: CodeActionParams) => {
    // Quick fixes of a failed build: loaded once a build diagnostic exists (never at start).
    const builtActions = params.context.diagnostics.some(isBuildDiagnostic) ? (await import('./codeActions')).buildCodeActions(params, await nixModels(), (p) => byPath.get(p)?.getText()) : [];
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
  };

  connection.onNotification(BuildStartedNotification, ({ rootUri, installable }) => {
    const folder = uriToPath(rootUri);
    if (folder) builds.started(folder, installable);
  });
  connection.onNotification(BuildFinishedNotification, (p) => {
    const folder = uriToPath(p.rootUri);
    if (folder) void builds.finished(folder, p);
  });

  // Requests that need the index (the inputs, plans) are answered by the analysis thread, between its steps.
  connection.onRequest(InferRequest, async ({ uri }) => analysis.call('infer', requireRoot(uri)));

  connection.onRequest(NixifyChoicesRequest, async ({ uri }) => {
    requireRoot(uri);
    return analysis.call('nixifyChoices', dirname(uriToPath(uri)!));
  });

  connection.onRequest(ServiceAdditionRequest, async (p) => analysis.call('serviceAddition', requireRoot(p.uri), p));

  connection.onRequest(CiWorkflowRequest, async (p) => analysis.call('ciWorkflow', requireRoot(p.uri), p));

  connection.onRequest(NixpkgsPackageRequest, async (p) => {
    requireRoot(p.uri);
    return analysis.call('nixpkgsPackage', dirname(uriToPath(p.uri)!), p, trusted);
  });

  connection.onRequest(NixifyPlanRequest, async ({ uri, options }) => {
    requireRoot(uri);
    return analysis.call('nixifyPlan', dirname(uriToPath(uri)!), options);
  });

  connection.onShutdown(() => analysis.dispose());

  registerNixSemanticTokens(connection, documents, loadParsers);
  registerExecuteCommand({ connection, roots, analysis, builds, trusted: () => trusted, workspaceRoot: () => workspaceRoot });

  documents.listen(connection);
  connection.listen();
  return connection;
}

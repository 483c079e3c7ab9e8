// `workspace/executeCommand` for the commands the server's code lenses and
// code actions name, so a plain LSP client (Neovim, Helix) gets what the VS
// Code client does: "Nixify this crate", "Add NixOS module", "Add CI workflow"
// and "Prepare for nixpkgs" (defaults where VS Code asks) arrive as a
// `workspace/applyEdit`, `git add` runs (trusted workspaces only), the inferred
// inputs come back as data, and a build log given by path is diagnosed into
// the same diagnostics and quick fixes a build in VS Code produces. Commands
// that need the editor's own machinery (tasks, terminals, settings, the
// clipboard) answer with what to do instead, and say so.
// The VS Code client implements these ids itself (with its own dialogs), so the
// server advertises them only to clients that do not (InitializationOptions.clientCommands).
import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageType, type Connection, type WorkspaceEdit } from 'vscode-languageserver/node';
import { checkedExecutable } from '../../../shared/src/executable';
import { ClientCommands, FixCommands, type NixifyOptions } from '../../../shared/src/protocol';
import type { AnalysisClient } from './analysisClient';
import type { BuildDiagnosticsStore } from './build';
import type { WorkspaceRoots } from './workspaceRoots';

/** Server-side only: diagnose a build log on disk (`nix build … 2>&1 | tee build.log`). */
export const DIAGNOSE_LOG_COMMAND = 'nixify.diagnoseBuildLog';
export const SHOW_INFERRED_COMMAND = 'nixify.showInferredInputs';

/** Fix commands (protocol-level ids, root first) are the client commands of the same name. */
const FIX_ALIASES: Record<string, string> = {
  [FixCommands.gitAdd]: ClientCommands.gitAdd,
  [FixCommands.enableExperimentalFeatures]: ClientCommands.enableFlakes,
  [FixCommands.runInWorkspace]: ClientCommands.runInWorkspace,
  [FixCommands.useRustToolchain]: ClientCommands.useRustToolchain,
};

export const SERVER_COMMANDS = [
  ...Object.keys(FIX_ALIASES),
  ClientCommands.nixify,
  ClientCommands.addService,
  ClientCommands.addCiWorkflow,
  ClientCommands.prepareNixpkgs,
  ClientCommands.gitAdd,
  ClientCommands.enableFlakes,
  ClientCommands.runInWorkspace,
  ClientCommands.useRustToolchain,
  ClientCommands.build,
  ClientCommands.showLog,
  SHOW_INFERRED_COMMAND,
  DIAGNOSE_LOG_COMMAND,
];

/** What a command answers: done (with data), or not done here and what to do instead. */
export type CommandResult = { done: true; [k: string]: unknown } | { done: false; message: string };

export interface CommandDeps {
  connection: Connection;
  roots: WorkspaceRoots;
  /** The analysis thread: plans and the inferred inputs come from its index. */
  analysis: Pick<AnalysisClient, 'call' | 'send'>;
  builds: BuildDiagnosticsStore;
  trusted(): boolean;
  /** The first workspace folder (path), for commands given no root. */
  workspaceRoot(): string | undefined;
}

const toPath = (x: unknown): string | undefined => (typeof x !== 'string' ? undefined : x.startsWith('file:') ? fileURLToPath(x) : isAbsolute(x) ? x : undefined);

/**
 * The `nix` a caller names for reading a whole log, checked as the VS Code client checks `nixify.nix.path`
 * (`~/` expanded, an executable file): a path that is not one is an error, not a silent fall back to PATH.
 * Nothing is run here; an untrusted workspace runs nothing with it either.
 */
function checkedNix(x: unknown): string {
  const { path, why } = typeof x === 'string' ? checkedExecutable(x) : { path: '', why: 'not a path' };
  if (why) throw new Error(`${DIAGNOSE_LOG_COMMAND}: the \`nix\` to read the whole log with (4th argument) is ${why}: ${JSON.stringify(x)}`);
  return path;
}

/** Plain clients may not support change annotations: the edit goes without them (the person invoked the command). */
function plainEdit(edit: WorkspaceEdit): WorkspaceEdit {
  const strip = <T extends object>(x: T): T => {
    const { annotationId: _, ...rest } = x as T & { annotationId?: string };
    return rest as T;
  };
  return {
    ...(edit.changes ? { changes: edit.changes } : {}),
    documentChanges: edit.documentChanges?.map((c) => ('kind' in c ? strip(c) : { ...c, edits: c.edits.map(strip) })),
  };
}

export function registerExecuteCommand(d: CommandDeps): void {
  const say = (type: MessageType, message: string) => void d.connection.sendNotification('window/showMessage', { type, message });
  const notHere = (message: string): CommandResult => {
    say(MessageType.Info, message);
    return { done: false, message };
  };
  const rootFor = (x: unknown): string => {
    const p = toPath(x) ?? d.workspaceRoot();
    const root = p && (d.roots.rootFor(p) ?? (existsSync(join(p, 'Cargo.toml')) ? p : undefined));
    if (!root) throw new Error(`no Cargo.toml at or above ${String(x ?? 'the workspace folder')}`);
    return root;
  };
  const apply = async (label: string, edit: WorkspaceEdit, files: { path: string; action: string; reason?: string }[], warnings: string[]): Promise<CommandResult> => {
    const written = files.filter((f) => f.action !== 'skip').map((f) => f.path);
    if (!written.length) return notHere(`Nixify: nothing to write. ${warnings.join(' ')}`);
    const r = await d.connection.workspace.applyEdit({ label, edit: plainEdit(edit) });
    if (!r.applied) return notHere(`Nixify: the editor did not apply the edit${r.failureReason ? ` (${r.failureReason})` : ''}; nothing was written.`);
    say(MessageType.Info, `Nixify: ${label.toLowerCase()}: ${written.join(', ')}${warnings.length ? ` — ${warnings.join(' ')}` : ''}`);
    return { done: true, files, warnings };
  };

  const handlers: Record<string, (args: unknown[]) => Promise<CommandResult>> = {
    // (uri of Cargo.toml or any file of the crate, options?) — defaults as the VS Code quick pick preselects them.
    [ClientCommands.nixify]: async ([uri, options]) => {
      // The directory of the Cargo.toml named (a member's focuses the workspace on it), as the Nixify request takes it.
      const p = toPath(uri);
      const dir = p?.endsWith('Cargo.toml') ? dirname(p) : rootFor(uri);
      const opts: NixifyOptions = { ...(await d.analysis.call('nixifyChoices', dir)).defaults, ...(options as Partial<NixifyOptions> | undefined) };
      const plan = await d.analysis.call('nixifyPlan', dir, opts);
      return apply('Created Nix packaging', plan.edit, plan.files, plan.warnings);
    },
    // (uri, 'module' | 'nginx' | 'docker', nginxPath = '/', virtualHost = 'localhost')
    [ClientCommands.addService]: async ([uri, what, nginxPath, virtualHost]) => {
      const root = rootFor(uri);
      const nginx = what === 'nginx';
      const plan = await d.analysis.call('serviceAddition', root, {
        uri: String(uri),
        module: what === 'module' || nginx,
        docker: what === 'docker',
        nginxPath: nginx ? (typeof nginxPath === 'string' ? nginxPath : '/') : undefined,
        virtualHost: nginx ? (typeof virtualHost === 'string' ? virtualHost : 'localhost') : undefined,
      });
      return apply('Added the NixOS service', plan.edit, plan.files, plan.warnings);
    },
    // (uri, forge = 'github', cachix?) → .github/workflows/nix.yml or .gitlab-ci.yml for the crate's flake.
    [ClientCommands.addCiWorkflow]: async ([uri, forge, cachix]) => {
      const plan = await d.analysis.call('ciWorkflow', rootFor(uri), { uri: String(uri), forge: forge === 'gitlab' ? 'gitlab' : 'github', cachix: typeof cachix === 'string' ? cachix : undefined });
      return apply('Added the CI workflow', plan.edit, plan.files, plan.warnings);
    },
    // (uri, member?) → pkgs/by-name/<xx>/<pname>/package.nix.
    [ClientCommands.prepareNixpkgs]: async ([uri, member]) => {
      const p = toPath(uri);
      const dir = p?.endsWith('Cargo.toml') ? dirname(p) : rootFor(uri);
      const plan = await d.analysis.call('nixpkgsPackage', dir, { uri: String(uri), member: typeof member === 'string' ? member : undefined }, d.trusted());
      return apply('Prepared the nixpkgs package', plan.edit, plan.files, plan.warnings);
    },
    // (root, path, force)
    [ClientCommands.gitAdd]: async ([rootArg, path, force]) => {
      const root = toPath(rootArg);
      if (!root || typeof path !== 'string') throw new Error('nixify.gitAdd takes (root, path[, force])');
      if (!d.trusted()) return notHere(`Nixify runs no git in an untrusted workspace: run \`git add ${path}\` in ${root} yourself.`);
      const err = await new Promise<string | undefined>((resolve) =>
        execFile('git', ['-C', root, 'add', ...(force === true ? ['-f'] : []), '--', path], (e, _out, stderr) => resolve(e ? stderr.trim() || e.message : undefined)),
      );
      if (err) throw new Error(`git add ${path} failed: ${err}`);
      // A flake sees only tracked files: re-read git and re-check.
      d.analysis.send({ t: 'git', root });
      say(MessageType.Info, `Nixify: git add ${path}`);
      return { done: true, added: [path] };
    },
    [ClientCommands.enableFlakes]: async ([, features]) =>
      notHere(
        `Nixify: enable ${Array.isArray(features) ? features.join(' ') : 'nix-command flakes'} for Nix itself: add \`experimental-features = nix-command flakes\` to ~/.config/nix/nix.conf, or pass \`--extra-experimental-features 'nix-command flakes'\` to nix (this editor has no Nixify tasks to change).`,
      ),
    [ClientCommands.runInWorkspace]: async ([root, argv]) =>
      notHere(
        `Nixify: run \`${Array.isArray(argv) ? argv.join(' ') : String(argv)}\` in ${toPath(root) ?? 'the workspace'} (Nixify runs fix commands only through VS Code's terminal, which asks first).`,
      ),
    [ClientCommands.useRustToolchain]: async ([, rustVersion]) => {
      // Loaded when asked: the bundler puts the snippet in one chunk with the generators, which
      // import the inference's tables (≈ 0.5 MB), and the request thread needs none of them at start.
      const { rustOverlaySnippet } = await import('../generate/rustOverlay');
      return notHere(
        `Nixify: this crate needs ${typeof rustVersion === 'string' ? `Rust ${rustVersion} or newer` : 'a newer Rust'}. Re-lock nixpkgs (\`nix flake update nixpkgs\`), or build with rust-overlay — add this to flake.nix:\n${rustOverlaySnippet(typeof rustVersion === 'string' ? rustVersion : null)}`,
      );
    },
    [ClientCommands.build]: async () =>
      notHere(
        `Nixify: builds run in VS Code's task system. Elsewhere: \`nix build -L 2>&1 | tee build.log\`, then the command ${DIAGNOSE_LOG_COMMAND} with the log's path puts the failure where the fix goes.`,
      ),
    [ClientCommands.showLog]: async ([logPath]) => notHere(`Nixify: the full build log is ${String(logPath)}.`),
    // (uri) → the inputs and their reasons, as `nixify infer --json` prints them.
    [SHOW_INFERRED_COMMAND]: async ([uri]) => {
      const inferred = await d.analysis.call('infer', rootFor(uri));
      say(MessageType.Info, `Nixify: nativeBuildInputs: ${inferred.nativeBuildInputs.join(' ') || '(none)'}; buildInputs: ${inferred.buildInputs.join(' ') || '(none)'}`);
      return { done: true, ...inferred };
    },
    // (logPath, root = the workspace folder, installable = '.#default', nix = `nix` on the server's PATH) → the
    // diagnostics published for it. `nix` reads a cut log whole (trusted workspaces only), as BuildFinishedParams.nixPath.
    [DIAGNOSE_LOG_COMMAND]: async ([logArg, rootArg, installable, nixArg]) => {
      const logPath = toPath(logArg);
      if (!logPath || !existsSync(logPath) || !statSync(logPath).isFile()) throw new Error(`${DIAGNOSE_LOG_COMMAND} takes the absolute path of a build log (got ${String(logArg)})`);
      const folder = toPath(rootArg) ?? d.workspaceRoot();
      if (!folder) throw new Error(`${DIAGNOSE_LOG_COMMAND}: no workspace folder; pass the folder the build ran in`);
      const nixPath = nixArg === undefined || nixArg === null || nixArg === '' ? undefined : checkedNix(nixArg);
      const published = await d.builds.finished(folder, {
        rootUri: pathToFileURL(folder).href,
        installable: typeof installable === 'string' ? installable : '.#default',
        exitCode: 1,
        logPath,
        ...(nixPath ? { nixPath } : {}),
      });
      if (!published.length) say(MessageType.Info, 'Nixify: no known cause recognised in this log.');
      return { done: true, diagnostics: published.map((x) => ({ message: x.message, code: x.code, range: x.range })) };
    },
  };

  d.connection.onExecuteCommand(async (params) => {
    const handler = handlers[FIX_ALIASES[params.command] ?? params.command];
    if (!handler) throw new Error(`unknown command ${params.command}`);
    try {
      return await handler(params.arguments ?? []);
    } catch (e) {
      say(MessageType.Error, (e as Error).message);
      throw e;
    }
  });
}

// Starts the bundled language server over IPC for Cargo and Nix files.
import * as vscode from 'vscode';
import { LanguageClient, RevealOutputChannelOn, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { InitializationOptions } from '../../shared/src/protocol';
import { toVscodeAction } from './fixCommands';

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const initializationOptions: InitializationOptions = {
    trusted: vscode.workspace.isTrusted,
    // nix-ide (with nil or nixd) already colours Nix: two highlighters would fight.
    nixSemanticTokens: !vscode.extensions.getExtension('jnoortheen.nix-ide'),
    // Registered by this extension (nixifyCommand, gitAdd, …): the server must not advertise them too.
    clientCommands: true,
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', pattern: '**/Cargo.toml' },
      { scheme: 'file', pattern: '**/Cargo.lock' },
      { scheme: 'file', pattern: '**/*.nix' },
      { scheme: 'file', pattern: '**/rust-toolchain{,.toml}' },
    ],
    synchronize: {
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/{Cargo.toml,Cargo.lock,*.nix,flake.lock,rust-toolchain,rust-toolchain.toml,.gitignore,build.rs}'),
        // Staging in a terminal changes what a flake sees.
        vscode.workspace.createFileSystemWatcher('**/.git/index'),
      ],
    },
    initializationOptions,
    middleware: {
      // Fix actions arrive with protocol-level command ids: run them as this extension's commands.
      provideCodeActions: async (document, range, context, token, next) => (await next(document, range, context, token))?.map(toVscodeAction),
    },
    outputChannel: output,
    // Problems surface as diagnostics and notifications instead.
    revealOutputChannelOn: RevealOutputChannelOn.Never,
  };
  return new LanguageClient('nixify', 'Nixify', serverOptions, clientOptions);
}

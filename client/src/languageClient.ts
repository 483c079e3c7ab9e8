// Starts the bundled language server over IPC for Cargo and Nix files.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { InitializationOptions } from '../../shared/src/protocol';

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const initializationOptions: InitializationOptions = { trusted: vscode.workspace.isTrusted };
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
    outputChannel: output,
    revealOutputChannelOn: 4, // Never: problems surface as diagnostics and notifications instead.
  };
  return new LanguageClient('nixify', 'Nixify', serverOptions, clientOptions);
}

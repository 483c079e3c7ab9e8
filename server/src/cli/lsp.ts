// `nixify lsp --stdio`: the same language server VS Code runs, for Neovim, Helix…
import { parseArgs, type CommandHandler } from './io';

export const lspCommand: CommandHandler = async (args) => {
  // vscode-languageserver picks the transport from argv (--stdio, --node-ipc, --socket=N).
  parseArgs(args, { boolean: ['stdio', 'node-ipc'], string: ['socket', 'clientProcessId'] });
  const { startServer } = await import('../lsp/server');
  startServer();
  return new Promise<never>(() => {
    // Runs until the client sends `exit` (the connection ends the process).
  });
};

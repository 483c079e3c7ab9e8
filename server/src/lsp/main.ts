// Entry of the bundled language server (dist/server.js): VS Code starts it over
// IPC; `nixify lsp --stdio` reaches the same startServer.
import { startServer } from './server';

startServer();

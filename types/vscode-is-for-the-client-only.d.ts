// The `vscode` module as the core, the language server, the CLI and the shared
// protocol see it: not at all. Their tsconfigs map `vscode` here, and since no
// project lists this file, importing `vscode` outside client/ fails the typecheck.
export {};

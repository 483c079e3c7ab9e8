// `git add` for a file a flake cannot see. It changes the user's index, so it
// always asks first, and it runs nothing in an untrusted workspace.
import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import type { Handlers } from './commands';
import { notifyCreated } from './convert';
import type { Ctx } from './extension';

/** `nixify.gitAdd` (root, path, force): the trust gate in commands.ts keeps it from running untrusted. */
export function gitAddHandlers(ctx: Ctx): Pick<Handlers, 'gitAdd'> {
  return {
    gitAdd: async (root: string, path: string, force = false) => {
      const cmd = `git add ${force ? '-f ' : ''}-- ${path}`;
      const ok = await vscode.window.showWarningMessage(
        `Run \`${cmd}\` in ${root}?`,
        { modal: true, detail: force ? `${path} is ignored by .gitignore; -f adds it anyway.` : 'Flakes only see files that git tracks.' },
        'Add to git',
      );
      if (ok !== 'Add to git') return;
      const err = await gitAdd(root, [path], force);
      if (err) void vscode.window.showErrorMessage(`git add failed: ${err}`);
      else ctx.output.info(`git add ${path} in ${root}`);
      // The server re-reads git state when watched files change; nudge it for this one.
      await notifyCreated(ctx.client, vscode.Uri.file(root), [path]);
    },
  };
}

/** Runs `git add` in root; resolves to git's error text, or undefined on success. */
export function gitAdd(root: string, paths: string[], force = false): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['-C', root, 'add', ...(force ? ['-f'] : []), '--', ...paths], (err, _out, stderr) => {
      resolve(err ? stderr.trim() || err.message : undefined);
    });
  });
}

export function insideGitWorkTree(dir: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('git', ['-C', dir, 'rev-parse', '--is-inside-work-tree'], (err, out) => resolve(!err && out.trim() === 'true'));
  });
}

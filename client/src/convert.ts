// The client's conversions between VS Code values and what the server speaks
// (URI strings, LSP notifications), in one place.
import * as vscode from 'vscode';
import { DidChangeWatchedFilesNotification, FileChangeType, type FileEvent, type LanguageClient } from 'vscode-languageclient/node';

/** Whether a file or folder exists (any file system VS Code knows). */
export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** A URI argument as commands receive it: a vscode.Uri, or a URI string from the server. */
export function asUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') return vscode.Uri.parse(arg);
  return undefined;
}

/**
 * Tells the server that files under `root` were created or staged behind its
 * back (git add in a child process): its git view and checks refresh at once.
 */
export function notifyCreated(client: LanguageClient, root: vscode.Uri, paths: string[]): Promise<void> {
  return client.sendNotification(DidChangeWatchedFilesNotification.type, {
    changes: paths.map((p): FileEvent => ({ uri: vscode.Uri.joinPath(root, p).toString(), type: FileChangeType.Created })),
  });
}

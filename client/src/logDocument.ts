// "Show full log": the complete build log as a read-only document, ANSI
// stripped, builder lines prefixed by their derivation, coloured by the
// nix-log grammar. When the log only kept the last lines of a failure (older
// Nix without -L), the whole log is fetched with `nix log <drv>`.
import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import * as vscode from 'vscode';
import { LOG_SCHEME, logViewUri } from '../../shared/src/logView';
import { stripAnsi } from '../../server/src/diagnose/text';
import { MAX_WHOLE_LOGS } from '../../server/src/diagnose/wholeLog';
import { renderLog } from './run/render';
import type { NixInfo } from './run/resolveNix';

export { LOG_SCHEME };

async function readChunks(path: string): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const c of createReadStream(path)) chunks.push(c as Buffer);
  return chunks;
}

function nixLog(nix: string, drv: string, cwd?: string): Promise<string | undefined> {
  return new Promise((resolve) => execFile(nix, ['log', drv], { cwd, maxBuffer: 256 << 20, timeout: 30_000 }, (err, out) => resolve(err ? undefined : out)));
}

export class LogDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly nix: () => Promise<NixInfo>) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const logPath = new URLSearchParams(uri.query).get('path');
    if (!logPath) return '';
    let text: string;
    let drvs: string[];
    try {
      ({ text, cut: drvs } = renderLog(await readChunks(logPath)));
    } catch (e) {
      return `The log ${logPath} is no longer available (${(e as Error).message}).\n`;
    }
    if (drvs.length && vscode.workspace.isTrusted) {
      try {
        const nix = await this.nix();
        // As many as the diagnosis reads: each is a process, and the view holds its text.
        for (const drv of drvs.slice(0, MAX_WHOLE_LOGS)) {
          const full = await nixLog(nix.path, drv);
          if (full) text += `\n── nix log ${drv} ──\n${stripAnsi(full)}`;
        }
      } catch {
        // Without Nix the truncated log is all there is.
      }
    }
    return text;
  }
}

export function logUri(logPath: string, title: string): vscode.Uri {
  // One address for the command and for the server's links to the log (shared/src/logView.ts).
  return vscode.Uri.parse(logViewUri(logPath, title));
}

export async function showLog(logPath: string, title: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(logUri(logPath, title));
  await vscode.languages.setTextDocumentLanguage(doc, 'nix-log');
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  // The failure is at the end.
  const end = new vscode.Position(Math.max(0, doc.lineCount - 1), 0);
  editor.revealRange(new vscode.Range(end, end), vscode.TextEditorRevealType.InCenter);
}

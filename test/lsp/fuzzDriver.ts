// Drives a real server with fuzz documents: opens each under one of a few
// paths of a crate, applies its edits, asks for lenses, hovers, code actions
// and the custom requests, closes it. Every request must be answered (a result
// or an error); the process must stay up. Returns the server's RSS curve.
import { readFileSync } from 'node:fs';
import type { LspSession } from './client';
import { positionAt, type FuzzDoc } from './fuzzDocs';

/** Resident memory of a process, from /proc (Linux). */
export function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

export interface FuzzResult {
  docs: number;
  edits: number;
  requests: number;
  errors: number;
  /** [documents done, server RSS in MiB] at each checkpoint. */
  rss: [number, number][];
  ms: number;
}

export async function runFuzz(lsp: LspSession, dir: string, docs: FuzzDoc[], checkpoints = 10): Promise<FuzzResult> {
  const t0 = Date.now();
  const uris = { cargo: [`file://${dir}/Cargo.toml`, `file://${dir}/crates/a/Cargo.toml`], nix: [`file://${dir}/flake.nix`, `file://${dir}/package.nix`] };
  const res: FuzzResult = { docs: 0, edits: 0, requests: 0, errors: 0, rss: [], ms: 0 };
  const every = Math.max(1, Math.floor(docs.length / checkpoints));
  const ask = async (method: string, params: unknown) => {
    res.requests++;
    try {
      await lsp.conn.sendRequest(method, params);
    } catch {
      // An error answer is fine; no answer (the process gone) fails below.
      res.errors++;
    }
  };
  for (const [i, d] of docs.entries()) {
    if (lsp.proc.exitCode !== null || lsp.proc.signalCode !== null)
      throw new Error(`the server exited (${lsp.proc.exitCode ?? lsp.proc.signalCode}) at document ${i}: ${JSON.stringify(d.text.slice(0, 200))}`);
    const uri = uris[d.kind][i % 2]!;
    let text = d.text;
    await lsp.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: d.kind === 'cargo' ? 'toml' : 'nix', version: 1, text } });
    for (const [k, e] of d.edits.entries()) {
      const range = { start: positionAt(text, e.start), end: positionAt(text, e.end) };
      text = text.slice(0, e.start) + e.text + text.slice(e.end);
      await lsp.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: k + 2 }, contentChanges: [{ range, text: e.text }] });
      res.edits++;
    }
    // Requests at a position inside and one far outside the text.
    const pos = positionAt(text, Math.floor(text.length / 2));
    if (i % 3 === 0) await ask('textDocument/hover', { textDocument: { uri }, position: i % 2 ? pos : { line: 1e6, character: 1e6 } });
    if (i % 3 === 1) await ask('textDocument/codeLens', { textDocument: { uri } });
    if (i % 3 === 2) await ask('textDocument/codeAction', { textDocument: { uri }, range: { start: pos, end: pos }, context: { diagnostics: [] } });
    if (i % 50 === 0) await ask('nixify/infer', { uri });
    if (i % 97 === 0) await ask('nixify/nixifyChoices', { uri });
    await lsp.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    res.docs++;
    if ((i + 1) % every === 0) res.rss.push([i + 1, rssMiB(lsp.proc.pid!)]);
  }
  res.ms = Date.now() - t0;
  return res;
}

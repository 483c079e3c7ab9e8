// bench:lsp's in-process part: what the request thread's copy of an open document
// (lsp/textDocument.ts) costs per incremental change on a big lock.
import { PieceTextDocument } from '../server/src/lsp/textDocument';
import { rng } from '../test/seededRandom';
import { line } from './lspStats';

/**
 * What the request thread does with each edit before it reads the next message (a code action sent
 * behind the edit waits for it): its copy of the document takes the change and patches its line
 * index. In-process, on the same lock, edits that add a line and edits that keep the lines, in turn.
 */
export function documentUpdates(lockText: string): void {
  const doc = new PieceTextDocument('file:///bench/Cargo.lock', 'toml', 1, lockText);
  const lines = doc.lineCount; // the index exists, as after the server's first edit
  const r = rng(42);
  const xs: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const at = { line: Math.floor(r() * (lines - 1)), character: 0 };
    const change = i % 2 ? { range: { start: at, end: at }, text: `# edit ${i}\n` } : { range: { start: at, end: { line: at.line, character: 1 } }, text: 'x' };
    const t0 = performance.now();
    doc.update([change], i + 2);
    xs.push(performance.now() - t0);
  }
  console.log(`  one incremental change applied to the request thread's copy (in-process, 1,000 edits, line index built)  ${line(xs)}`);
}

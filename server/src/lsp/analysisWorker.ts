// Entry of the analysis thread (dist/analysisWorker.mjs): the language
// server's request thread starts it (analysisClient.ts) and feeds it the
// editor's changes; it loads, resolves, infers and checks, and posts back each
// workspace's diagnostics and the view hovers and lenses are answered from.
import { parentPort } from 'node:worker_threads';
import type { ToAnalysis } from './analysisMessages';
import { AnalysisHost } from './analysisHost';
import { compileParsersBaselineOnly } from '../parse/treeSitter';
import { keepAlive } from './keepAlive';

const port = parentPort;
if (!port) throw new Error('analysisWorker.ts runs as a worker thread of the language server');
const log = (m: string) => {
  try {
    process.stderr.write(`${m}\n`);
  } catch {
    // stderr is gone: nothing left to tell.
  }
};
// As on the request thread: no document ends the analysis (an error is logged, the thread goes on).
keepAlive(log);
// This thread's own copy of the parsers compiles as the request thread's does (treeSitter.ts says why).
compileParsersBaselineOnly();
const host = new AnalysisHost((m) => port.postMessage(m));
port.on('message', (m: ToAnalysis) => {
  try {
    host.handle(m);
  } catch (e) {
    log(`nixify: analysis of ${m.t} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
});

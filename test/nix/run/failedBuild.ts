// A real `nix build` that must fail, reported to a real language server the way
// the client reports it (nixify/buildFinished with the build's log).
import assert from 'node:assert/strict';
import type { NixInfo } from '../../../client/src/run/resolveNix';
import { runNixTask } from '../../../client/src/run/runner';
import { startLsp, type LspSession } from '../../lsp/client';

/** Builds `.#default` in `dir`, requires it to fail, and returns a server that has been told of the failure. */
export async function failedBuildReported(dir: string, nix: NixInfo, env: NodeJS.ProcessEnv): Promise<LspSession> {
  const run = runNixTask({ command: 'build', installable: '.#default', args: ['--no-link'] }, { cwd: dir, nix, env });
  const r = await run.done;
  assert.equal(r.code, 1);
  const lsp = await startLsp(dir);
  try {
    await lsp.conn.sendNotification('nixify/buildFinished', { rootUri: `file://${dir}`, installable: run.installable, exitCode: r.code, logPath: run.logPath });
  } catch (e) {
    await lsp.close();
    throw e;
  }
  return lsp;
}

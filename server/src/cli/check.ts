// `nixify check [DIR] [--json]`: the editor's pre-build findings, for CI.
import { checkContext } from '../check/context';
import { runChecks } from '../check/run';
import { readGitInfo } from '../model/git';
import { findWorkspaceRoot, loadWorkspaceAt, nodeFs } from '../model/workspace';
import { parseArgs, UsageError, type CommandHandler } from './io';
import { resolveDir } from './paths';

export const checkCommand: CommandHandler = async (args, io) => {
  const { positionals, flags } = parseArgs(args, { boolean: ['json'] });
  if (positionals.length > 1) throw new UsageError('check takes at most one directory');
  const dir = resolveDir(io.cwd, positionals[0]);
  const { root, member } = findWorkspaceRoot(dir);
  const ws = loadWorkspaceAt(root, { git: readGitInfo(root) });
  ws.focus = member;
  const findings = runChecks(checkContext(ws, nodeFs(ws.root)));
  if (flags.has('json')) {
    io.stdout.write(JSON.stringify(findings, null, 2) + '\n');
  } else if (!findings.length) {
    io.stdout.write('nixify check: no problems found\n');
  } else {
    for (const f of findings) {
      io.stdout.write(`${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} [${f.code}] ${f.message}\n`);
      for (const fix of f.fixes) io.stdout.write(`    fix: ${fix.title}\n`);
    }
  }
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
};

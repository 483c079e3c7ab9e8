// `nixify check [DIR] [--json]`: the editor's pre-build findings, for CI.
import { cargoCacheManifests } from '../infer/registry';
import { readGitInfo } from '../model/git';
import { ensureParser } from '../parse/treeSitter';
import { checkCrate } from '../pipeline/check';
import { loadCrate } from '../pipeline/load';
import { parseArgs, UsageError, type CommandHandler } from './io';
import { resolveDir } from './paths';

export const checkCommand: CommandHandler = async (args, io) => {
  const { positionals, flags } = parseArgs(args, { boolean: ['json'] });
  if (positionals.length > 1) throw new UsageError('check takes at most one directory');
  const dir = resolveDir(io.cwd, positionals[0]);
  await ensureParser('rust'); // the src checks compare src with what the Rust sources read
  const { ws, fs } = loadCrate(dir, { git: readGitInfo });
  const findings = checkCrate(ws, fs, { manifestOf: cargoCacheManifests() });
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

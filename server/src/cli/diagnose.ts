// `nixify diagnose [LOGFILE|-] [--root DIR] [--json] [--no-nix-log]`: explains a
// failed Nix build log. Exit 1 when it reports an error (like `nixify check`, so a
// CI step can fail on it), 0 otherwise, 2 when the input cannot be read. Streams
// the log, so its size does not matter. A log that holds only Nix's last lines of a
// failed build is read whole with `nix log` (diagnose/wholeLog.ts), unless --no-nix-log.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { asTold } from '../diagnose/confidence';
import { fixesFor } from '../diagnose/toFixes';
import type { Diagnostic } from '../diagnose/types';
import { initParsers } from '../parse/treeSitter';
import { wholeLogNote, type WholeLogRead } from '../diagnose/wholeLog';
import { diagnoseLog, diagnosisWorkspace } from '../pipeline/diagnose';
import { logChunks } from '../pipeline/logFile';
import { nixLogReader } from '../pipeline/nixLog';
import { parseArgs, UsageError, type CommandHandler } from './io';
import { resolveDir } from './paths';

function openInput(arg: string | undefined, cwd: string, stdin: Readable): AsyncIterable<string | Uint8Array> {
  if (!arg || arg === '-') return stdin;
  const file = resolve(cwd, arg);
  try {
    if (!statSync(file).isFile()) throw new UsageError(`${arg}: not a file`);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${arg}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return logChunks(file);
}

export const diagnose: CommandHandler = async (args, io) => {
  const { positionals, flags } = parseArgs(args, { boolean: ['json', 'no-nix-log'], string: ['root'] });
  if (positionals.length > 1) throw new UsageError('diagnose takes at most one log file');
  const root = resolveDir(io.cwd, flags.get('root') as string | undefined);
  await initParsers();
  const ws = diagnosisWorkspace(root);
  const { files, nixFiles } = ws;
  let placed: Diagnostic[];
  let wholeLogs: WholeLogRead[];
  try {
    const wholeLog = flags.has('no-nix-log') ? undefined : nixLogReader({ interruptible: true });
    ({ diagnostics: placed, wholeLogs } = await diagnoseLog(openInput(positionals[0], io.cwd, io.stdin), ws, { root, failingStep: true, wholeLog }));
  } catch (e) {
    const msg = e instanceof UsageError ? e.message : `${positionals[0] ?? 'stdin'}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
    io.stderr.write(`nixify diagnose: ${msg}\n`);
    return 2;
  }
  // A possible cause is said to be one, a step lower (confidence.ts): it fails no CI step.
  const out = placed.map(asTold).map((d) => ({
    category: d.category,
    ...(d.kind ? { kind: d.kind } : {}),
    ...(d.confidence ? { confidence: d.confidence } : {}),
    severity: d.severity,
    message: d.message,
    file: d.file,
    range: d.range,
    fixes: fixesFor(d, nixFiles, files, { root }).map((f) => ({ title: f.title, edits: f.edits, ...(f.command ? { command: f.command } : {}), ...(f.preferred ? { preferred: true } : {}) })),
  }));
  const status = out.some((d) => d.severity === 'error') ? 1 : 0;
  // Whether the whole log of a cut build was read, and from where: information after the findings, as the failing
  // step is (kind `whole-log`, category `other`: no cause, no fix).
  const notes = wholeLogs.map((r) => ({
    category: 'other' as const,
    kind: 'whole-log',
    severity: 'info' as const,
    message: wholeLogNote(r),
    drv: r.drv,
    read: r.error === undefined,
    ...(r.from ? { from: r.from } : {}),
    fixes: [],
  }));
  if (flags.has('json')) {
    io.stdout.write(JSON.stringify([...out, ...notes], null, 2) + '\n');
    return status;
  }
  if (!out.length) io.stdout.write('nixify diagnose: no known cause recognised in this log\n');
  for (const d of out) {
    // No workspace file explains it (no --root, or nothing matches): say so rather than name a file.
    const pos = d.file ? `${d.file}${d.range ? `:${d.range.start.line + 1}:${d.range.start.character + 1}` : ''}: ` : '';
    // The failing-step finding is no cause (category `other`): named by its kind.
    io.stdout.write(`${pos}${d.severity} [${d.kind ?? d.category}${d.confidence ? `, ${d.confidence}` : ''}] ${d.message}\n`);
    for (const f of d.fixes) io.stdout.write(`    fix: ${f.title}\n`);
  }
  for (const n of notes) io.stdout.write(`info [whole-log] ${n.message}\n`);
  return status;
};

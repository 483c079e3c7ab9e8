// `nixify diagnose [LOGFILE|-] [--root DIR] [--json]`: explains a failed Nix
// build log. A reporter: exit 0 whether or not it finds something, 2 when the
// input cannot be read. Streams the log, so its size does not matter.
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { diagnoseStream } from '../diagnose/diagnoser';
import type { WorkspaceFiles } from '../diagnose/locate';
import { placeDiagnostics } from '../diagnose/place';
import { fixesFor } from '../diagnose/toFixes';
import type { Diagnostic } from '../diagnose/types';
import { parseNixFile } from '../model/nix';
import type { NixFileModel } from '../model/nixTypes';
import { initParsers } from '../parse/treeSitter';
import { parseArgs, UsageError, type CommandHandler } from './io';
import { resolveDir } from './paths';

const SKIP_DIRS = new Set(['.git', 'target', 'node_modules', 'result', '.direnv', 'dist']);
const MAX_FILES = 20000;
const MAX_NIX_BYTES = 1 << 20;

/** Workspace-relative paths under `root` (bounded walk: no .git, target, node_modules). */
export function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string, depth: number) => {
    let entries;
    try {
      entries = readdirSync(join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (out.length >= MAX_FILES) return;
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('result-') && depth < 8) walk(p, depth + 1);
      } else if (e.isFile()) out.push(p);
    }
  };
  walk('', 0);
  return out;
}

export function diskWorkspace(root: string): { files: WorkspaceFiles; nixFiles: NixFileModel[] } {
  const paths = listFiles(root);
  const files: WorkspaceFiles = {
    paths,
    read(p) {
      try {
        return readFileSync(join(root, p), 'utf8');
      } catch {
        return undefined;
      }
    },
  };
  const nixFiles: NixFileModel[] = [];
  for (const p of paths) {
    if (!p.endsWith('.nix') || nixFiles.length >= 100) continue;
    const text = files.read(p);
    if (text !== undefined && text.length <= MAX_NIX_BYTES) nixFiles.push(parseNixFile(text, p));
  }
  return { files, nixFiles };
}

function openInput(arg: string | undefined, cwd: string, stdin: Readable): Readable {
  if (!arg || arg === '-') return stdin;
  const file = resolve(cwd, arg);
  try {
    if (!statSync(file).isFile()) throw new UsageError(`${arg}: not a file`);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${arg}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return createReadStream(file);
}

export const diagnose: CommandHandler = async (args, io) => {
  const { positionals, flags } = parseArgs(args, { boolean: ['json'], string: ['root'] });
  if (positionals.length > 1) throw new UsageError('diagnose takes at most one log file');
  const root = resolveDir(io.cwd, flags.get('root') as string | undefined);
  let found: Diagnostic[];
  try {
    found = await diagnoseStream(openInput(positionals[0], io.cwd, io.stdin));
  } catch (e) {
    const msg = e instanceof UsageError ? e.message : `${positionals[0] ?? 'stdin'}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
    io.stderr.write(`nixify diagnose: ${msg}\n`);
    return 2;
  }
  await initParsers();
  const { files, nixFiles } = diskWorkspace(root);
  const placed = placeDiagnostics(found, nixFiles, files, { root });
  const out = placed.map((d) => ({
    category: d.category,
    severity: d.severity,
    message: d.message,
    file: d.file,
    range: d.range,
    fixes: fixesFor(d, nixFiles, files, { root }).map((f) => ({ title: f.title, edits: f.edits, ...(f.command ? { command: f.command } : {}), ...(f.preferred ? { preferred: true } : {}) })),
  }));
  if (flags.has('json')) {
    io.stdout.write(JSON.stringify(out, null, 2) + '\n');
    return 0;
  }
  if (!out.length) {
    io.stdout.write('nixify diagnose: no known cause recognised in this log\n');
    return 0;
  }
  for (const d of out) {
    // No workspace file explains it (no --root, or nothing matches): say so rather than name a file.
    const pos = d.file ? `${d.file}${d.range ? `:${d.range.start.line + 1}:${d.range.start.character + 1}` : ''}: ` : '';
    io.stdout.write(`${pos}${d.severity} [${d.category}] ${d.message}\n`);
    for (const f of d.fixes) io.stdout.write(`    fix: ${f.title}\n`);
  }
  return 0;
};

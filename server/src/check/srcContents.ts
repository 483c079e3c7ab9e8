// What the derivation's `src` holds against what the build reads (model/buildReads.ts,
// from the Rust sources): a file `include_str!` names that the src filter leaves out,
// and a symlink the build reads whose target is outside the source (it is copied as a
// link and dangles in the sandbox). Only src forms Nixify can evaluate are judged:
// `./.`, crane's cleanCargoSource, and `lib.fileset.toSource` of literal paths.
import { posix } from 'node:path';
import { analyzeBuildReads, type BuildRead, type BuildReads } from '../model/buildReads';
import type { Range, Workspace } from '../model/types';
import { parserReady } from '../parse/treeSitter';
import { readCalls } from './nixValues';
import type { Check, Finding } from './types';
import { startOfFile } from '../model/ranges';
import { srcFilter } from '../model/srcFilter';

export { srcFilter };

const TOP: Range = startOfFile();
/** Reads the compiler or a build-time macro makes: a missing file fails the build. */
const COMPILE_TIME = new Set(['include', 'includer', 'module-path', 'sqlx-file', 'template', 'embed-folder', 'migrations']);

const readsCache = new WeakMap<Workspace, BuildReads>();

export const srcContents: Check = ({ ws, fs, nixFiles }) => {
  if (!parserReady('rust')) return [];
  const judged: { file: string; src: string; range: Range; filter: NonNullable<ReturnType<typeof srcFilter>> }[] = [];
  for (const file of nixFiles) {
    // Paths in a Nix file are relative to it: only files at the root share the workspace's paths.
    if (file.path.includes('/')) continue;
    for (const r of readCalls(file.text, file.model.calls)) {
      const src = r.texts.get('src');
      const filter = src !== undefined ? srcFilter(src) : undefined;
      if (filter) judged.push({ file: file.path, src: src!, range: r.ranges.get('src') ?? r.call.range, filter });
    }
  }
  if (!judged.length) return [];
  // Reading every Rust file is the costly part: once per loaded workspace (the editor reloads it when Cargo files change).
  let reads = readsCache.get(ws);
  if (!reads) readsCache.set(ws, (reads = analyzeBuildReads(ws, fs)));
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const j of judged) {
    for (const read of reads.reads) {
      if (read.when !== 'build' || !COMPILE_TIME.has(read.kind) || j.filter.keeps(read.path)) continue;
      const k = `${j.file}:${j.range.start.line}:${read.path}`;
      if (seen.has(k)) continue;
      seen.add(k);
      findings.push({
        code: 'read-outside-src',
        severity: 'error',
        file: j.file,
        range: j.range,
        message:
          `The build reads ${read.path}${read.isDir ? '/' : ''} (${read.because}), but ${j.filter.name} leaves it out of src, so the build fails. ` +
          `Add it to src${j.filter.name === 'cleanCargoSource' ? ' (e.g. `lib.fileset.toSource { root = ./.; fileset = lib.fileset.unions [ (craneLib.fileset.commonCargoSources ./.) ./' + read.path + ' ]; }`)' : ''}.`,
        related: read.at ? [{ file: read.at.file, range: { start: { line: read.at.line - 1, character: 0 }, end: { line: read.at.line - 1, character: 0 } }, message: read.because }] : [],
        fixes: [],
      });
    }
  }
  for (const link of ws.symlinks) {
    const target = fs.readLink?.(link);
    if (target === undefined) continue;
    const resolved = posix.isAbsolute(target) ? target : posix.normalize(posix.join(posix.dirname(link), target));
    if (!resolved.startsWith('..') && !posix.isAbsolute(resolved)) continue;
    const read = readOf(reads.reads, link);
    if (!read || read.when === 'runtime' || !judged.some((j) => j.filter.keeps(link))) continue;
    findings.push({
      code: 'symlink-outside-src',
      severity: read.when === 'build' ? 'error' : 'warning',
      file: link,
      range: TOP,
      message:
        `${link} is a symlink to ${target}, outside the source: Nix copies it as a link, which points nowhere inside the build, ` +
        `and the ${read.when} reads it (${read.because}). Put a copy of the file in the repository instead of the link.`,
      fixes: [],
    });
  }
  return findings;
};

function readOf(reads: BuildRead[], link: string): BuildRead | undefined {
  return reads.find((r) => r.path === link || (r.isDir && link.startsWith(`${r.path}/`)));
}

// Maps paths as a build or evaluation printed them back to workspace files,
// and log columns (rustc: characters, Nix: bytes; both 1-based) to 0-based UTF-16 ranges.
import type { Range } from '../model/types';
import type { LogLocation } from './types';

/** Root-relative read access to the workspace (the LSP overlays unsaved buffers). */
export interface WorkspaceFiles {
  /** Workspace-relative paths of the files diagnostics may land on (sources, Nix and Cargo files). */
  paths: readonly string[];
  read(path: string): string | undefined;
}

export interface LocateOptions {
  /** Absolute workspace root: Nix with lazy trees prints working-tree paths. */
  root?: string;
}

const STORE_SOURCE = /^\/nix\/store\/[0-9a-z]{32}-[^/]*source\/(.+)$/;
const BUILD_DIR = /^\/build\/([^/]+)\/(.+)$/;
const DARWIN_BUILD = /^(?:\/private)?\/tmp\/nix-build-[^/]+\/([^/]+)\/(.+)$/;
const FLAKE_REF = /^«[^»]+»\/(.+)$/;
// Vendored crates and registries are not the user's files.
const NOT_OURS = /(?:^|\/)(?:cargo-vendor-dir|vendor-cargo-deps|\.cargo|registry|rustlib)(?:\/|$)|-vendor(?:\.tar\.gz|-staging)?(?:\/|$)/;

/** Candidate workspace-relative path for a path in a log, before checking it exists. */
function strip(path: string, opts: LocateOptions): string | undefined {
  let m: RegExpExecArray | null;
  if ((m = STORE_SOURCE.exec(path)) || (m = FLAKE_REF.exec(path))) return m[1]!;
  if ((m = BUILD_DIR.exec(path)) || (m = DARWIN_BUILD.exec(path))) return NOT_OURS.test(m[1]!) ? undefined : m[2]!;
  if (opts.root && path.startsWith(opts.root.replace(/\/$/, '') + '/')) return path.slice(opts.root.replace(/\/$/, '').length + 1);
  if (path.startsWith('/nix/store/') || path.startsWith('«')) return undefined;
  return path.replace(/^\.\//, '');
}

/** The workspace file a logged path means, or undefined (vendored code, «string», unknown). */
export function mapLogPath(path: string, files: WorkspaceFiles, opts: LocateOptions = {}): string | undefined {
  const rel = strip(path, opts);
  if (!rel || NOT_OURS.test(rel)) return undefined;
  const set = new Set(files.paths);
  if (set.has(rel)) return rel;
  // A flake in a subdirectory of its repository, or an absolute working-tree path:
  // drop leading segments until the rest is a workspace file.
  const parts = rel.split('/');
  for (let i = 1; i < parts.length; i++) {
    const tail = parts.slice(i).join('/');
    if (set.has(tail)) return tail;
  }
  // A member crate built on its own prints paths relative to the member.
  const hits = files.paths.filter((p) => p.endsWith('/' + rel));
  return hits.length === 1 ? hits[0] : undefined;
}

function lineText(text: string, line: number): string | undefined {
  let start = 0;
  for (let i = 0; i < line; i++) {
    const nl = text.indexOf('\n', start);
    if (nl === -1) return undefined;
    start = nl + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end === -1 ? undefined : end).replace(/\r$/, '');
}

/** UTF-16 offset of 1-based column `col` counted in code points or UTF-8 bytes. */
function utf16Column(line: string, col: number, unit: LogLocation['unit']): number {
  let counted = 0;
  let i = 0;
  while (i < line.length && counted < col - 1) {
    const cp = line.codePointAt(i)!;
    counted += unit === 'char' ? 1 : cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    i += cp > 0xffff ? 2 : 1;
  }
  return i;
}

/** The 0-based UTF-16 range of a log location in a file's text (without text: the columns as printed). */
export function locationRange(loc: LogLocation, text?: string): Range {
  const line = Math.max(0, loc.line - 1);
  const col = Math.max(1, loc.column ?? 1);
  const lt = text === undefined ? undefined : lineText(text, line);
  if (lt === undefined) {
    const start = col - 1;
    return { start: { line, character: start }, end: { line, character: loc.endColumn ? loc.endColumn - 1 : start + 1 } };
  }
  const start = Math.min(utf16Column(lt, col, loc.unit), lt.length);
  let end: number;
  if (loc.endColumn && loc.endColumn > col) end = utf16Column(lt, loc.endColumn, loc.unit);
  else if (loc.column === undefined) return { start: { line, character: lt.length - lt.trimStart().length }, end: { line, character: lt.length } };
  else {
    // Nix points at one character: widen to the identifier or token there.
    const word = /^[\w'.-]+/.exec(lt.slice(start));
    end = start + (word ? word[0].length : 1);
  }
  return { start: { line, character: start }, end: { line, character: Math.min(Math.max(end, start), lt.length) } };
}

/** The trimmed extent of one 0-based line. */
export function wholeLine(text: string | undefined, line: number): Range {
  const lt = text === undefined ? undefined : lineText(text, line);
  if (lt === undefined) return { start: { line, character: 0 }, end: { line, character: 0 } };
  return { start: { line, character: lt.length - lt.trimStart().length }, end: { line, character: lt.trimEnd().length } };
}

/** Range of the first occurrence of `needle` in `text`. */
export function findText(text: string, needle: string): Range | undefined {
  const at = text.indexOf(needle);
  if (at === -1) return undefined;
  const before = text.slice(0, at);
  const line = before.split('\n').length - 1;
  const character = at - (before.lastIndexOf('\n') + 1);
  const lines = needle.split('\n');
  const endLine = line + lines.length - 1;
  const endChar = lines.length === 1 ? character + needle.length : lines.at(-1)!.length;
  return { start: { line, character }, end: { line: endLine, character: endChar } };
}

// Keep paths in a builder's `src` that its source filter drops (sqlx's `.sqlx`
// query cache, a file the code `include_str!`s, removed by crane's cleanCargoSource
// and absent from a fileset union that lists only the Cargo files). One edit per way `src` is written,
// the ways generate/src.ts writes it first:
// - `lib.fileset.toSource { root = R; fileset = lib.fileset.unions [ … ]; }`: the path joins the union;
// - `craneLib.cleanCargoSource X`: crane's own filter, widened (`lib.cleanSourceWith` over
//   `craneLib.filterCargoSources`, which works with every crane and nixpkgs release);
// - `lib.sourceByRegex X [ … ]`: a regex for the path (and the directories above it) joins the list;
// - `X`, `lib.cleanSource X`, `self`: everything is in already, no edit.
// Anything else is left alone: a filter Nixify cannot read is not rewritten blind.
import type { NixBinding } from '../model/nixTypes';
import type { Position, TextEdit } from '../model/types';
import { nixString } from './nixEdits';

/** Position of offset `i` of the binding's value text. */
function at(b: NixBinding, i: number): Position {
  const before = b.text.slice(0, i);
  const nl = before.lastIndexOf('\n');
  const start = b.valueRange.start;
  return nl === -1 ? { line: start.line, character: start.character + i } : { line: start.line + before.split('\n').length - 1, character: i - nl - 1 };
}

/** The index of the `]` closing the `[` at `open` (strings and comments in between are rare enough in src lists to skip over naively). */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  return -1;
}

/** `./.` + `.sqlx` → `./.sqlx`; `../.` + `x/.sqlx` → `../x/.sqlx`. */
function join(root: string, rel: string): string {
  const base = root.replace(/\/\.?$/, '');
  return `${base === '.' ? '.' : base}/${rel}`;
}

/** The path literal a source expression starts from (`./.`, `../.`, `./crate`), if it has exactly one. */
function rootPath(text: string): string | undefined {
  const paths = text.match(/(?<![\w/.-])\.\.?(?:\/[\w.+-]*)+/g) ?? [];
  const uniq = [...new Set(paths)];
  return uniq.length === 1 ? uniq[0] : undefined;
}

/** Inserts `item` as the last element of the list closed at `close`, alike the elements before it. */
function appendToList(b: NixBinding, open: number, close: number, item: string, because?: string): TextEdit {
  const inner = b.text.slice(open + 1, close);
  if (!inner.includes('\n')) {
    const pad = inner.endsWith(' ') ? '' : ' ';
    return { range: { start: at(b, close), end: at(b, close) }, newText: `${pad}${item} ` };
  }
  // Multi-line list: a new line with the indentation of the last element, before the closing bracket's line.
  const lastLine = inner.trimEnd().split('\n').pop()!;
  const indent = /^\s*/.exec(lastLine)![0];
  const end = open + 1 + inner.trimEnd().length;
  // With the reason as a comment, the way generate/src.ts writes every non-Cargo entry.
  return { range: { start: at(b, end), end: at(b, end) }, newText: `${because ? `\n${indent}# ${because}` : ''}\n${indent}${item}` };
}

/** Escapes a path component for a POSIX extended regex. */
function escapeRe(part: string): string {
  return part.replace(/[.+*?()[\]{}|^$\\]/g, (c) => `\\${c}`);
}

/**
 * A sourceByRegex pattern for `rel` and what it holds, that also matches each directory
 * above it: the filter is asked about every directory before it descends into it, so
 * `crates/view/src/storage/schema.sql` needs `crates`, `crates/view`, … kept too
 * (their other entries still need a pattern of their own).
 */
function regexWithParents(rel: string): string {
  const parts = rel.split('/').map(escapeRe);
  let re = `${parts[parts.length - 1]}(/.*)?`;
  for (let i = parts.length - 2; i >= 0; i--) re = `${parts[i]}(/${re})?`;
  return re;
}

export interface SrcInclude {
  edits: TextEdit[];
  /** How the src was widened, for the fix's title. */
  how: string;
}

/**
 * Edits that keep `rel` (workspace-root relative, e.g. `.sqlx`) in the src bound by `b`;
 * `libRef` is how the file names nixpkgs' lib (`lib`, `pkgs.lib`); `because`, the comment a
 * multi-line list gets with the new entry. undefined: nothing to do or nothing safe.
 */
export function includeInSrc(b: NixBinding, rel: string, libRef: string, because?: string): SrcInclude | undefined {
  const text = b.text;
  if (text.includes(rel)) return undefined;
  const unions = /fileset\.unions\s*\[/.exec(text);
  if (unions) {
    const open = unions.index + unions[0].length - 1;
    const close = closing(text, open);
    const root = /\broot\s*=\s*([^;]+);/.exec(text)?.[1]?.trim();
    if (close === -1 || !root || !/^\.\.?(\/[\w.+-]*)*$/.test(root)) return undefined;
    return { edits: [appendToList(b, open, close, join(root, rel), because)], how: 'in the fileset union' };
  }
  const regex = /sourceByRegex\s+\S+\s*\[/.exec(text);
  if (regex) {
    const open = regex.index + regex[0].length - 1;
    const close = closing(text, open);
    if (close === -1) return undefined;
    return { edits: [appendToList(b, open, close, nixString(regexWithParents(rel)), because)], how: 'in the regexes of sourceByRegex' };
  }
  const crane = /^(\w+)\.cleanCargoSource\s+(.+)$/s.exec(text.trim());
  if (crane) {
    const [, craneLib, arg] = crane;
    const src = arg!.trim();
    const root = rootPath(src);
    if (!root) return undefined;
    const re = `.*/${rel.split('/').map(escapeRe).join('/')}(/.*)?`;
    // nixfmt's layout for a lambda too long for one line: the formals, then the body, one level in.
    const ind = (n: number) => ' '.repeat(b.range.start.character + n);
    const value = [
      `${libRef}.cleanSourceWith {`,
      `${ind(2)}src = ${src};`,
      `${ind(2)}filter =`,
      `${ind(4)}path: type:`,
      `${ind(4)}${craneLib}.filterCargoSources path type || builtins.match ${nixString(re)} path != null;`,
      `${ind(0)}}`,
    ].join('\n');
    return { edits: [{ range: b.valueRange, newText: value }], how: "beside crane's Cargo filter" };
  }
  return undefined;
}

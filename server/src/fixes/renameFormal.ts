// When a fix replaces a bare input (`pkgconfig` → `pkg-config`) in a callPackage file, the old
// name's formal must go too: left behind, callPackage still asks nixpkgs for it, which fails once
// the alias is gone (`allowAliases = false`, or its removal from nixpkgs).
import type { Position, Range, TextEdit } from '../model/types';
import { FORMALS } from './nixEdits';

function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

function offsetAt(text: string, p: Position): number {
  let o = 0;
  for (let i = 0; i < p.line; i++) o = text.indexOf('\n', o) + 1;
  return o + p.character;
}

const identifier = (name: string) => new RegExp(`(?<![\\w'-])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w'-])`, 'g');

/**
 * The edit that turns the top-level formal `from` into `to` (the names not yet formals), or drops it
 * when `to` is empty — only when nothing but the formal and `replaced` (the list item the fix
 * rewrites) names `from`, so a formal still used elsewhere is kept. Undefined when the file has no
 * such formal or still uses it.
 */
export function renameFormal(text: string, from: string, to: string[], replaced: Range): TextEdit | undefined {
  const m = FORMALS.exec(text);
  if (!m) return undefined;
  const body = m[1]!;
  const bodyStart = m.index + m[0].lastIndexOf(`${body}}`);
  const skip = [offsetAt(text, replaced.start), offsetAt(text, replaced.end)] as const;
  let entry: number | undefined;
  for (const hit of text.matchAll(identifier(from))) {
    const at = hit.index;
    if (at >= skip[0] && at < skip[1]) continue;
    if (at >= bodyStart && at < bodyStart + body.length && entry === undefined && !/\?\s*$/.test(text.slice(bodyStart, at))) {
      entry = at;
      continue;
    }
    return undefined;
  }
  if (entry === undefined) return undefined;
  const lineStart = text.lastIndexOf('\n', entry - 1) + 1;
  const lineEnd = text.indexOf('\n', entry);
  const line = text.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
  const ownLine = /^\s*,?\s*[\w'-]+\s*,?\s*$/.test(line);
  const end = entry + from.length;
  if (to.length) {
    const indent = /^\s*/.exec(line)![0];
    const sep = !ownLine ? ', ' : line.trim().startsWith(',') ? `\n${indent}, ` : `,\n${indent}`;
    return { range: { start: positionAt(text, entry), end: positionAt(text, end) }, newText: to.join(sep) };
  }
  if (ownLine && lineEnd !== -1) return { range: { start: positionAt(text, lineStart), end: positionAt(text, lineEnd + 1) }, newText: '' };
  // On one line: the name and the comma after it, else the comma before it.
  const after = /^\s*,\s*/.exec(text.slice(end));
  if (after) return { range: { start: positionAt(text, entry), end: positionAt(text, end + after[0].length) }, newText: '' };
  const before = /,\s*$/.exec(text.slice(bodyStart, entry));
  const start = before ? bodyStart + before.index : entry;
  return { range: { start: positionAt(text, start), end: positionAt(text, end) }, newText: '' };
}

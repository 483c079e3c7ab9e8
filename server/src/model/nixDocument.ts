// An open Nix buffer whose syntax tree is updated incrementally: each new text
// is diffed against the old one and handed to tree-sitter as an edit, so a
// keystroke in a large flake re-parses in well under a millisecond.
import type { Tree } from 'web-tree-sitter';
import { parserSync } from '../parse/treeSitter';
import { modelFromTree } from './nix';
import type { NixFileModel } from './nixTypes';

function pointAt(text: string, index: number): { row: number; column: number } {
  let row = 0;
  let last = -1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    row++;
    last = i;
  }
  return { row, column: index - last - 1 };
}

export class NixDocument {
  private tree: Tree | null;
  private cached: NixFileModel | undefined;

  constructor(
    private current: string,
    readonly path: string,
  ) {
    this.tree = parserSync('nix').parse(current);
  }

  get text(): string {
    return this.current;
  }

  /** Replaces the text; only the changed span is re-parsed. */
  update(next: string): void {
    if (next === this.current) return;
    const prev = this.current;
    let start = 0;
    const max = Math.min(prev.length, next.length);
    while (start < max && prev.charCodeAt(start) === next.charCodeAt(start)) start++;
    let endPrev = prev.length;
    let endNext = next.length;
    while (endPrev > start && endNext > start && prev.charCodeAt(endPrev - 1) === next.charCodeAt(endNext - 1)) {
      endPrev--;
      endNext--;
    }
    if (this.tree) {
      // web-tree-sitter counts in UTF-16 code units, like JavaScript strings.
      this.tree.edit({
        startIndex: start,
        oldEndIndex: endPrev,
        newEndIndex: endNext,
        startPosition: pointAt(prev, start),
        oldEndPosition: pointAt(prev, endPrev),
        newEndPosition: pointAt(next, endNext),
      });
    }
    const old = this.tree;
    this.tree = parserSync('nix').parse(next, old ?? undefined);
    old?.delete();
    this.current = next;
    this.cached = undefined;
  }

  get model(): NixFileModel {
    this.cached ??= this.tree ? modelFromTree(this.tree, this.current, this.path) : { path: this.path, syntaxErrors: [], calls: [], letBindings: [], isFlake: false };
    return this.cached;
  }

  /** The current syntax tree (null when the parser failed), e.g. for semantic tokens. */
  get syntaxTree(): Tree | null {
    return this.tree;
  }

  /** The tree's S-expression (tests compare incremental and fresh parses). */
  sexp(): string {
    return this.tree?.rootNode.toString() ?? '';
  }

  dispose(): void {
    this.tree?.delete();
    this.tree = null;
  }
}

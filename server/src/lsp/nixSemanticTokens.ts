// Nix highlighting as LSP semantic tokens, read off the tree-sitter-nix tree the
// server already keeps for each open .nix file — for editors where no Nix
// extension colours Nix (the VS Code client turns it off when nix-ide is there).
// Only standard token types, so every colour theme already has colours for them.
// Tokens never span lines (clients need not support multi-line tokens) and are
// counted in UTF-16 code units, LSP's default position encoding, which is also
// how web-tree-sitter indexes a JavaScript string.
import { fileURLToPath } from 'node:url';
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { PieceTextDocument } from './textDocument';
import type { Node, Tree } from '../parse/treeSitter';
import type { NixModelCache } from './nixModels';

export const TOKEN_TYPES = ['comment', 'string', 'number', 'keyword', 'operator', 'variable', 'parameter', 'property', 'function', 'namespace'] as const;
export const TOKEN_MODIFIERS = ['declaration', 'defaultLibrary', 'readonly'] as const;
export type TokenType = (typeof TOKEN_TYPES)[number];
export type TokenModifier = (typeof TOKEN_MODIFIERS)[number];
export const LEGEND = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

/** One token, on one line. */
export interface NixToken {
  line: number;
  character: number;
  length: number;
  type: TokenType;
  modifiers: TokenModifier[];
}

const KEYWORDS = new Set(['let', 'in', 'rec', 'with', 'inherit', 'assert', 'if', 'then', 'else', 'or']);
const OPERATORS = new Set(['!', '!=', '&&', '||', '->', '++', '//', '==', '<', '<=', '>', '>=', '+', '-', '*', '/', '?']);
const CONSTANTS = new Set(['true', 'false', 'null']);
// Names Nix's evaluator puts in the global scope (builtins.* is the rest).
const GLOBAL_FUNCTIONS = new Set(['import', 'throw', 'abort', 'derivation', 'toString', 'map', 'baseNameOf', 'dirOf', 'isNull', 'removeAttrs', 'fetchTarball', 'fetchGit', 'fetchTree']);
const ATOMS: Partial<Record<string, TokenType>> = {
  comment: 'comment',
  integer_expression: 'number',
  float_expression: 'number',
  path_fragment: 'string',
  hpath_expression: 'string',
  spath_expression: 'string',
  uri_expression: 'string',
};
const STRINGS = new Set(['string_expression', 'indented_string_expression']);

const same = (a: Node | null | undefined, b: Node) => !!a && a.startIndex === b.startIndex && a.endIndex === b.endIndex;

/** What an identifier is, from where it stands in the tree. */
function identifierToken(id: Node): [TokenType, TokenModifier[]] {
  const parent = id.parent;
  const name = id.text;
  switch (parent?.type) {
    case 'formal':
    case 'function_expression':
      return ['parameter', ['declaration']];
    case 'inherited_attrs':
      return ['property', []];
    case 'attrpath': {
      const owner = parent.parent;
      if (owner?.type === 'binding') {
        const first = same(parent.namedChild(0), id);
        // `let x = …;` declares a variable; attribute set keys are properties.
        const inLet = owner.parent?.parent?.type === 'let_expression';
        return first && inLet ? ['variable', ['declaration']] : ['property', first ? ['declaration'] : []];
      }
      // pkgs.callPackage ./x { }: the selected attribute is what gets called.
      if (owner?.type === 'select_expression' && same(parent.lastNamedChild, id) && isCalled(owner)) return ['function', []];
      return ['property', []];
    }
    case 'variable_expression': {
      if (CONSTANTS.has(name)) return ['keyword', ['readonly']];
      if (name === 'builtins') return ['namespace', ['defaultLibrary']];
      if (isCalled(parent)) return ['function', GLOBAL_FUNCTIONS.has(name) ? ['defaultLibrary'] : []];
      return ['variable', []];
    }
    default:
      return ['variable', []];
  }
}

/** True when `expr` is the function of an application (`f x`). */
function isCalled(expr: Node): boolean {
  const p = expr.parent;
  return p?.type === 'apply_expression' && same(p.childForFieldName('function'), expr);
}

/** The tokens of a Nix file, in document order, none overlapping. */
export function nixTokens(tree: Tree, text: string): NixToken[] {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const out: NixToken[] = [];
  let line = 0;
  // Spans come in increasing order, so the line cursor only moves forward.
  const emit = (start: number, end: number, type: TokenType, modifiers: TokenModifier[] = []) => {
    while (start < end) {
      while (line + 1 < lineStarts.length && lineStarts[line + 1]! <= start) line++;
      const lineEnd = line + 1 < lineStarts.length ? lineStarts[line + 1]! - 1 : text.length;
      const stop = Math.min(end, lineEnd);
      if (stop > start) out.push({ line, character: start - lineStarts[line]!, length: stop - start, type, modifiers });
      start = lineEnd + 1;
    }
  };
  const visit = (n: Node): void => {
    const atom = ATOMS[n.type];
    if (atom) return emit(n.startIndex, n.endIndex, atom);
    if (n.type === 'identifier') {
      const [type, mods] = identifierToken(n);
      return emit(n.startIndex, n.endIndex, type, mods);
    }
    if (STRINGS.has(n.type) || n.type === 'path_expression') {
      // The literal parts are strings; ${…} inside is code and is coloured as code.
      let at = n.startIndex;
      for (const c of n.namedChildren) {
        if (c?.type !== 'interpolation') continue;
        if (STRINGS.has(n.type)) emit(at, c.startIndex, 'string');
        else emitPath(at, c.startIndex);
        for (const e of c.namedChildren) if (e) visit(e);
        at = c.endIndex;
      }
      if (STRINGS.has(n.type)) emit(at, n.endIndex, 'string');
      else emitPath(at, n.endIndex);
      return;
    }
    if (!n.isNamed) {
      if (KEYWORDS.has(n.type)) emit(n.startIndex, n.endIndex, 'keyword');
      else if (OPERATORS.has(n.type)) emit(n.startIndex, n.endIndex, 'operator');
      return;
    }
    for (const c of n.children) if (c) visit(c);
  };
  const emitPath = (start: number, end: number) => emit(start, end, 'string');
  visit(tree.rootNode);
  return out;
}

/** LSP's relative encoding: five integers per token (Δline, Δstart, length, type, modifier bits). */
export function encodeTokens(tokens: NixToken[]): number[] {
  const data: number[] = [];
  let prevLine = 0;
  let prevChar = 0;
  for (const t of tokens) {
    const dLine = t.line - prevLine;
    data.push(
      dLine,
      dLine === 0 ? t.character - prevChar : t.character,
      t.length,
      TOKEN_TYPES.indexOf(t.type),
      t.modifiers.reduce((bits, m) => bits | (1 << TOKEN_MODIFIERS.indexOf(m)), 0),
    );
    prevLine = t.line;
    prevChar = t.character;
  }
  return data;
}

/**
 * `textDocument/semanticTokens/full` for open .nix files. Its own tree cache (by
 * URI, re-parsed incrementally per keystroke), so files outside any crate get
 * colours too and the crate models' workspace-relative paths stay untouched.
 */
export function registerNixSemanticTokens(connection: Connection, documents: TextDocuments<PieceTextDocument>, parsers: () => Promise<void>): void {
  // Loaded with the first Nix file's tokens, not at the server's start (the Nix document's module
  // brings the model's recognisers, and with them the builder registry).
  let trees: NixModelCache | undefined;
  connection.languages.semanticTokens.on(async (params) => {
    const { uri } = params.textDocument;
    if (!uri.startsWith('file:') || !uri.endsWith('.nix')) return { data: [] };
    await parsers();
    trees ??= new (await import('./nixModels')).NixModelCache();
    const text = documents.get(uri)?.getText();
    if (text === undefined) return { data: [] };
    const tree = trees.document(fileURLToPath(uri), text).syntaxTree;
    return { data: tree ? encodeTokens(nixTokens(tree, text)) : [] };
  });
  documents.onDidClose((e) => {
    if (e.document.uri.startsWith('file:')) trees?.forget(fileURLToPath(e.document.uri));
  });
}

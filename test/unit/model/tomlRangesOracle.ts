// The ranges tree-sitter-toml's tree gives each key (the walk server/src/model/tomlRanges.ts
// replaced with a scanner): the oracle tomlRanges.test.ts holds the scanner to.
import { join } from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import { initParsers, nodeRange, type Node } from '../../../server/src/parse/treeSitter';
import { SEP, type TomlLocation } from '../../../server/src/model/tomlRanges';

let parser: Parser | undefined;

/**
 * Loads tree-sitter-toml from node_modules: the product never parses TOML with tree-sitter, so the
 * grammar is neither built into dist/ nor shipped, and only this oracle reads it.
 */
export async function loadTomlOracle(): Promise<void> {
  // initParsers() runs web-tree-sitter's one-time init (its runtime wasm located in dist/).
  await initParsers();
  const lang = await Language.load(join(__dirname, '..', '..', '..', 'node_modules', '@tree-sitter-grammars', 'tree-sitter-toml', 'tree-sitter-toml.wasm'));
  parser = new Parser();
  parser.setLanguage(lang);
}

function simpleKey(n: Node): string | undefined {
  switch (n.type) {
    case 'bare_key':
      return n.text;
    case 'quoted_key': {
      const t = n.text;
      if (t.startsWith("'")) return t.slice(1, -1);
      try {
        return JSON.parse(t) as string;
      } catch {
        return t.slice(1, -1);
      }
    }
    default:
      return undefined;
  }
}

/** The parts of a key; dotted keys nest one level per dot, so they are walked with a stack, not recursion. */
function keyText(n: Node): string[] {
  const out: string[] = [];
  const stack: Node[] = [n];
  while (stack.length) {
    const k = stack.pop()!;
    if (k.type === 'dotted_key') {
      const kids = k.namedChildren.filter((c): c is Node => !!c);
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
    } else {
      const t = simpleKey(k);
      if (t !== undefined) out.push(t);
    }
  }
  return out;
}

const KEY_TYPES = new Set(['bare_key', 'quoted_key', 'dotted_key']);

export function locateTomlByTreeSitter(text: string): Map<string, TomlLocation> {
  if (!parser) throw new Error('await loadTomlOracle() first');
  const tree = parser.parse(text);
  const map = new Map<string, TomlLocation>();
  if (!tree) return map;
  const arrayCounts = new Map<string, number>();

  // Inline tables nest without limit in a hostile file: an explicit stack, not recursion.
  const visitPairs = (top: Node, topBase: string[]) => {
    const stack: [Node, string[]][] = [[top, topBase]];
    while (stack.length) {
      const [container, base] = stack.pop()!;
      for (const child of container.namedChildren) {
        if (!child || child.type !== 'pair') continue;
        const keyNode = child.namedChildren.find((c) => c && KEY_TYPES.has(c.type));
        const valueNode = child.namedChildren.find((c) => c && !KEY_TYPES.has(c.type));
        if (!keyNode) continue;
        const path = [...base, ...keyText(keyNode)];
        map.set(path.join(SEP), {
          keyRange: nodeRange(keyNode),
          valueRange: nodeRange(valueNode ?? keyNode),
        });
        if (valueNode?.type === 'inline_table') stack.push([valueNode, path]);
      }
    }
  };

  try {
    // Pairs before the first [table]: once for all of them (not once per pair).
    visitPairs(tree.rootNode, []);
    for (const section of tree.rootNode.namedChildren) {
      if (!section) continue;
      if (section.type !== 'table' && section.type !== 'table_array_element') continue;
      const header = section.namedChildren.find((c) => c && KEY_TYPES.has(c.type));
      if (!header) continue;
      let path = keyText(header);
      if (section.type === 'table_array_element') {
        const k = path.join(SEP);
        const i = arrayCounts.get(k) ?? 0;
        arrayCounts.set(k, i + 1);
        path = [...path, String(i)];
      }
      map.set(path.join(SEP), { keyRange: nodeRange(header), valueRange: nodeRange(section) });
      visitPairs(section, path);
    }
  } finally {
    tree.delete();
  }
  return map;
}

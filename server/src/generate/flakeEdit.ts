// Adds outputs (nixosModules.default, packages.<system>.docker, checks.<system>.nixos)
// to a flake.nix the user already has, whatever its shape (flake-utils, a let,
// `//` chains): the outputs body is wrapped in `nixpkgs.lib.recursiveUpdate`,
// which merges per-system attrsets instead of replacing them.
import { nodeRange, parserSync, type Node } from '../parse/treeSitter';
import type { TextEdit } from '../model/types';
import { SYSTEMS } from './common';
import type { FlakeExtras } from './flake';
import { attrs, call, kv, lambda, letIn, list, print, raw, str, type Entry } from './nixWriter';

const named = (n: Node | null | undefined): Node[] => (n ? (n.namedChildren.filter(Boolean) as Node[]) : []);

export type FlakeEditResult = { edits: TextEdit[] } | { error: string };

export function extendFlakeOutputs(text: string, extras: FlakeExtras): FlakeEditResult {
  const tree = parserSync('nix').parse(text);
  if (!tree) return { error: 'flake.nix could not be parsed' };
  try {
    if (tree.rootNode.hasError) return { error: 'flake.nix has a syntax error; fix it first' };
    let top = tree.rootNode.childForFieldName('expression') ?? named(tree.rootNode)[0];
    while (top?.type === 'parenthesized_expression') top = named(top)[0];
    if (!top || (top.type !== 'attrset_expression' && top.type !== 'rec_attrset_expression')) return { error: 'flake.nix is not an attribute set' };
    const binding = named(named(top).find((c) => c.type === 'binding_set')).find((b) => b.type === 'binding' && b.childForFieldName('attrpath')?.text === 'outputs');
    const fn = binding?.childForFieldName('expression');
    if (!fn || fn.type !== 'function_expression') return { error: 'flake.nix has no `outputs = { … }: …` function' };
    const formals = fn.childForFieldName('formals');
    const names = formals
      ? named(formals)
          .filter((f) => f.type === 'formal')
          .map((f) => f.childForFieldName('name')?.text)
      : [];
    const universal = fn.childForFieldName('universal')?.text;
    const body = fn.childForFieldName('body');
    if (!body) return { error: 'the outputs function has no body' };
    const edits: TextEdit[] = [];
    // `nixpkgs` and `self` must be in scope; `{ …, ... }` formals can simply name them.
    const missing = ['self', 'nixpkgs'].filter((n) => !names.includes(n));
    if (missing.length) {
      if (!formals) return { error: `the outputs function takes \`${universal ?? 'its inputs'}\` as one argument; add the outputs by hand` };
      const first = named(formals).find((f) => f.type === 'formal');
      if (!first) return { error: 'the outputs function has no formals to extend' };
      edits.push({ range: { start: nodeRange(first).start, end: nodeRange(first).start }, newText: missing.map((m) => `${m}, `).join('') });
    }
    const perSystem = (name: 'packages' | 'checks', entries: Entry[] | undefined): Entry[] =>
      entries?.length ? [kv(name, call('nixpkgs.lib.genAttrs', list(SYSTEMS.map(str)), lambda('system', letIn([kv('pkgs', raw('nixpkgs.legacyPackages.${system}'))], attrs(entries)))))] : [];
    const additions = attrs([...(extras.topLevel ?? []), ...perSystem('packages', extras.packages), ...perSystem('checks', extras.checks)]);
    const r = nodeRange(body);
    const indent = ' '.repeat(r.start.character);
    // The user's outputs move two levels in, every line alike, so they read as before.
    const moved = body.text
      .split('\n')
      .map((l, i) => (i === 0 || !l.trim() ? l : `    ${l}`))
      .join('\n');
    edits.push({
      range: r,
      newText: `nixpkgs.lib.recursiveUpdate\n${indent}  (\n${indent}    ${moved}\n${indent}  )\n${indent}  # Added by Nixify.\n${indent}  ${print(additions, r.start.character + 2)}`,
    });
    return { edits };
  } finally {
    tree.delete();
  }
}

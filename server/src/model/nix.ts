// A Nix file → the Rust builder calls it contains, with the ranges of every
// attribute checks and fixes care about. Works on any tree-sitter tree, so the
// incremental document (nixDocument.ts) reuses it after each edit.
// Which calls are builder calls is declared by each builder (server/src/builders).
import { CALL_FAMILIES, type CallFamily } from '../builders';
import { nodeRange, parserSync, type Node, type Tree } from '../parse/treeSitter';
import type { BuilderCall, BuilderKind, NixBinding, NixFileModel, NixList } from './nixTypes';
import { startOfFile } from './ranges';

const named = (n: Node | null | undefined): Node[] => (n ? (n.namedChildren.filter(Boolean) as Node[]) : []);

export function unparen(n: Node | null | undefined): Node | undefined {
  while (n && n.type === 'parenthesized_expression') n = n.childForFieldName('expression') ?? named(n)[0];
  return n ?? undefined;
}

/** Nix double-quoted string escapes → the string's value; undefined when it interpolates. */
export function stringLiteralValue(n: Node): string | undefined {
  if (n.type === 'string_expression') {
    if (named(n).some((c) => c.type === 'interpolation')) return undefined;
    const body = n.text.slice(1, -1);
    return body.replace(/\\(.)/gs, (_, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c);
  }
  if (n.type === 'indented_string_expression') {
    if (named(n).some((c) => c.type === 'interpolation')) return undefined;
    return undefined;
  }
  return undefined;
}

function attrName(a: Node): string {
  const v = a.type === 'string_expression' ? stringLiteralValue(a) : undefined;
  return v ?? a.text;
}

/** The operator of a binary expression (`//`, `+`, …), for readers that follow merges. */
export function binaryOp(n: Node): string | undefined {
  if (n.type !== 'binary_expression') return undefined;
  for (let i = 0; i < n.childCount; i++) {
    const c = n.child(i);
    if (c && !c.isNamed) return c.text;
  }
  return undefined;
}

function toBinding(b: Node, prefix: string[] = []): NixBinding[] {
  if (b.type === 'inherit' || b.type === 'inherit_from') {
    const attrs = b.descendantsOfType('identifier').filter((i) => i?.parent?.type === 'inherited_attrs') as Node[];
    return attrs.map((a) => ({
      name: [...prefix, a.text].join('.'),
      range: nodeRange(b),
      nameRange: nodeRange(a),
      valueRange: nodeRange(a),
      text: a.text,
    }));
  }
  if (b.type !== 'binding') return [];
  const path = b.childForFieldName('attrpath');
  const value = b.childForFieldName('expression');
  if (!path || !value) return [];
  const name = [...prefix, ...named(path).map(attrName)].join('.');
  const own: NixBinding = {
    name,
    range: nodeRange(b),
    nameRange: nodeRange(path),
    valueRange: nodeRange(value),
    text: value.text,
    stringValue: stringLiteralValue(value),
  };
  const inner = unparen(value);
  // Nested attrsets (cargoLock = { … }, env = { … }, meta = { … }) are flattened to dotted names too.
  if (inner && (inner.type === 'attrset_expression' || inner.type === 'rec_attrset_expression')) {
    return [own, ...bindingsOf(inner, name.split('.'))];
  }
  return [own];
}

function bindingSet(n: Node): Node | undefined {
  return named(n).find((c) => c.type === 'binding_set');
}

/** The bindings of an attrset node, nested attrsets flattened to dotted names. */
export function bindingsOf(attrset: Node, prefix: string[] = []): NixBinding[] {
  const set = bindingSet(attrset);
  return set ? named(set).flatMap((b) => toBinding(b, prefix)) : [];
}

function listOf(value: Node, binding: NixBinding, lineText: (line: number) => string): NixList & { binding: NixBinding } {
  let inner = unparen(value)!;
  if (inner.type === 'with_expression') inner = unparen(inner.childForFieldName('body')) ?? inner;
  const literal = inner.type === 'list_expression';
  const lists = literal ? [inner] : (inner.descendantsOfType('list_expression') as Node[]);
  const items = lists.flatMap((l) =>
    named(l)
      .filter((e) => e.type !== 'comment')
      .map((e) => ({ text: e.text, range: nodeRange(e) })),
  );
  const first = items[0];
  const multiline = first && first.range.start.line !== nodeRange(inner).start.line;
  const indent = multiline ? (/^\s*/.exec(lineText(first.range.start.line))?.[0] ?? '') : '';
  return { range: nodeRange(literal ? inner : value), items, literal, indent, binding };
}

interface ArgsInfo {
  bindings: NixBinding[];
  attrset?: Node;
  mergedFrom: string[];
}

/** The attrset(s) a builder is applied to: `{ … }`, `finalAttrs: { … }`, `rec { … }`, `commonArgs // { … }`. */
function argsOf(arg: Node, lets: Map<string, Node>): ArgsInfo & { usesFinalAttrs: boolean } {
  let n = unparen(arg)!;
  let usesFinalAttrs = false;
  if (n.type === 'function_expression') {
    usesFinalAttrs = true;
    n = unparen(n.childForFieldName('body'))!;
  }
  const info: ArgsInfo = { bindings: [], mergedFrom: [] };
  const visit = (x: Node | undefined) => {
    x = unparen(x);
    if (!x) return;
    if (x.type === 'attrset_expression' || x.type === 'rec_attrset_expression') {
      info.attrset = x;
      // Later attrsets of `a // b` override earlier ones, as in Nix.
      const own = bindingsOf(x);
      info.bindings = [...info.bindings.filter((b) => !own.some((o) => o.name === b.name)), ...own];
    } else if (binaryOp(x) === '//') {
      visit(x.childForFieldName('left') ?? named(x)[0]);
      visit(x.childForFieldName('right') ?? named(x)[1]);
    } else if (x.type === 'variable_expression' || x.type === 'select_expression') {
      info.mergedFrom.push(x.text);
      const bound = lets.get(x.text);
      if (bound) {
        const before = info.attrset;
        visit(bound);
        // The call's own attrset (if any comes later) is where new attributes go.
        if (before) info.attrset = before;
      }
    }
  };
  visit(n);
  return { ...info, usesFinalAttrs };
}

/** The first family whose recogniser claims the callee, and the call kind it gives. */
function kindOf(callee: string, libraries: Map<CallFamily, Set<string>>): { family: CallFamily; kind: BuilderKind } | undefined {
  const parts = callee.split('.');
  for (const family of CALL_FAMILIES) {
    const kind = family.recognise.kindOf(parts, libraries.get(family)!);
    if (kind) return { family, kind: kind as BuilderKind };
  }
  return undefined;
}

export function modelFromTree(tree: Tree, text: string, path: string): NixFileModel {
  const lines = text.split('\n');
  const lineText = (l: number) => lines[l] ?? '';
  const root = tree.rootNode;
  const syntaxErrors: NixFileModel['syntaxErrors'] = [];
  if (root.hasError) {
    const walk = (n: Node) => {
      if (n.isMissing) syntaxErrors.push({ message: `syntax error: missing ${n.type}`, range: nodeRange(n) });
      else if (n.type === 'ERROR') syntaxErrors.push({ message: `syntax error: unexpected \`${n.text.slice(0, 30)}\``, range: nodeRange(n) });
      else for (const c of n.children) if (c && (c.hasError || c.isMissing)) walk(c);
    };
    walk(root);
  }

  // let bindings anywhere (top level, inside `outputs`, per-system lets).
  const lets = new Map<string, Node>();
  const letBindings: NixBinding[] = [];
  const libraries = new Map(CALL_FAMILIES.map((f) => [f, new Set(f.recognise.libraryNames ?? [])]));
  for (const le of root.descendantsOfType('let_expression') as Node[]) {
    const set = bindingSet(le);
    for (const b of named(set)) {
      if (b.type !== 'binding') continue;
      const path_ = b.childForFieldName('attrpath');
      const value = b.childForFieldName('expression');
      if (!path_ || !value) continue;
      const name = path_.text;
      lets.set(name, value);
      letBindings.push(...toBinding(b));
      for (const [f, names] of libraries) if (f.recognise.libraryBinding?.test(value.text)) names.add(name);
    }
  }

  const calls: BuilderCall[] = [];
  for (const app of root.descendantsOfType('apply_expression') as Node[]) {
    const fn = app.childForFieldName('function');
    const arg = app.childForFieldName('argument');
    if (!fn || !arg) continue;
    // A generated build applied to its arguments (crate2nix's `import ./Cargo.nix { … }`).
    const generated = CALL_FAMILIES.find((f) => f.recognise.generatedApplication?.(fn.text, fn.type === 'apply_expression'));
    if (generated) {
      calls.push(emptyCall(generated.calls[0]!.kind as BuilderKind, fn.text, app, arg));
      continue;
    }
    if (fn.type !== 'select_expression' && fn.type !== 'variable_expression') continue;
    const callee = fn.text.replace(/\s+/g, '');
    const found = kindOf(callee, libraries);
    if (!found) continue;
    const { family, kind } = found;
    const target = unparen(arg)!;
    if (family.recognise.opaqueArgs) {
      calls.push(emptyCall(kind, callee, app, arg));
      continue;
    }
    if (target.type === 'path_expression' && family.recognise.pathArgIsSrc) {
      calls.push(pathArgCall(kind, callee, app, target));
      continue;
    }
    if (!['attrset_expression', 'rec_attrset_expression', 'function_expression', 'binary_expression', 'variable_expression'].includes(target.type)) continue;
    const args = argsOf(arg, lets);
    if (family.recognise.accepts && !family.recognise.accepts(args.bindings)) continue;
    const by = (n: string) => args.bindings.find((b) => b.name === n);
    const listFor = (n: string) => {
      const b = by(n);
      if (!b) return undefined;
      const node = findValueNode(root, b);
      return node ? listOf(node, b, lineText) : undefined;
    };
    const attrset = args.attrset;
    const setNode = attrset ? bindingSet(attrset) : undefined;
    const lastBinding = setNode ? named(setNode).at(-1) : undefined;
    const insertAt = lastBinding
      ? {
          position: { line: lastBinding.endPosition.row, character: lastBinding.endPosition.column },
          indent: /^\s*/.exec(lineText(lastBinding.startPosition.row))![0],
          inline: !!attrset && lastBinding.startPosition.row === attrset.startPosition.row,
        }
      : attrset
        ? { position: { line: attrset.startPosition.row, character: attrset.startPosition.column + 1 }, indent: `${/^\s*/.exec(lineText(attrset.startPosition.row))![0]}  ` }
        : { position: nodeRange(app).end, indent: '  ' };
    const envBinding = by('env');
    const env = args.bindings.filter((b) => b.name.startsWith('env.') || /^[A-Z][A-Z0-9_]+$/.test(b.name));
    const cargoLockBinding = by('cargoLock') ?? (by('cargoLock.lockFile') && { ...by('cargoLock.lockFile')!, name: 'cargoLock' });
    const outputHashes = by('cargoLock.outputHashes');
    calls.push({
      kind,
      callee,
      range: nodeRange(app),
      argsRange: nodeRange(attrset ?? arg),
      insertAt,
      usesFinalAttrs: args.usesFinalAttrs,
      mergedFrom: args.mergedFrom,
      pname: by('pname'),
      version: by('version'),
      src: by('src'),
      cargoHash: by('cargoHash') ?? by('cargoSha256'),
      cargoLock: cargoLockBinding
        ? {
            binding: cargoLockBinding,
            lockFile: by('cargoLock.lockFile'),
            outputHashes: outputHashes && { binding: outputHashes, entries: args.bindings.filter((b) => b.name.startsWith('cargoLock.outputHashes.')) },
          }
        : undefined,
      nativeBuildInputs: listFor('nativeBuildInputs'),
      buildInputs: listFor('buildInputs'),
      env,
      envBinding,
      buildFeatures: listFor('buildFeatures'),
      buildNoDefaultFeatures: by('buildNoDefaultFeatures'),
      cargoExtraArgs: by('cargoExtraArgs'),
      buildAndTestSubdir: by('buildAndTestSubdir'),
      cargoBuildFlags: by('cargoBuildFlags'),
      mainProgram: by('meta.mainProgram'),
      meta: by('meta'),
      bindings: args.bindings,
    });
  }

  return { path, syntaxErrors, calls, letBindings, flakeInputs: flakeInputs(root), isFlake: isFlake(root) };
}

function emptyCall(kind: BuilderKind, callee: string, app: Node, arg: Node): BuilderCall {
  return {
    kind,
    callee,
    range: nodeRange(app),
    argsRange: nodeRange(arg),
    insertAt: { position: nodeRange(app).end, indent: '  ' },
    usesFinalAttrs: false,
    mergedFrom: [],
    env: [],
    bindings: [],
  };
}

/** `naersk.buildPackage ./.`: the path is the call's `src`; there is no attrset to add attributes to. */
function pathArgCall(kind: BuilderKind, callee: string, app: Node, path: Node): BuilderCall {
  const r = nodeRange(path);
  const src: NixBinding = { name: 'src', range: r, nameRange: r, valueRange: r, text: path.text };
  return { ...emptyCall(kind, callee, app, path), src, bindings: [src], pathArg: r };
}

/** The value node of a binding found earlier (bindings keep ranges, not nodes, so models stay plain data). */
function findValueNode(root: Node, b: NixBinding): Node | undefined {
  const n = root.descendantForPosition({ row: b.valueRange.start.line, column: b.valueRange.start.character }, { row: b.valueRange.end.line, column: b.valueRange.end.character });
  let x: Node | null = n;
  while (
    x &&
    !(
      x.startPosition.row === b.valueRange.start.line &&
      x.startPosition.column === b.valueRange.start.character &&
      x.endPosition.row === b.valueRange.end.line &&
      x.endPosition.column === b.valueRange.end.character
    )
  )
    x = x.parent;
  return x ?? n ?? undefined;
}

function topAttrset(root: Node): Node | undefined {
  const e = unparen(root.childForFieldName('expression') ?? named(root)[0]);
  return e && (e.type === 'attrset_expression' || e.type === 'rec_attrset_expression') ? e : undefined;
}

function isFlake(root: Node): boolean {
  const top = topAttrset(root);
  return !!top && bindingsOf(top).some((b) => b.name === 'outputs');
}

function flakeInputs(root: Node): NixFileModel['flakeInputs'] {
  const top = topAttrset(root);
  if (!top) return undefined;
  const inputs = new Map<string, { name: string; url?: string; range: NixBinding['range'] }>();
  for (const b of bindingsOf(top)) {
    const m = /^inputs\.([^.]+)(?:\.(.+))?$/.exec(b.name);
    if (!m) continue;
    const name = m[1]!;
    const cur = inputs.get(name) ?? { name, range: b.range };
    if (m[2] === 'url') cur.url = b.stringValue;
    inputs.set(name, cur);
  }
  return [...inputs.values()];
}

export function parseNixFile(text: string, path: string): NixFileModel {
  const tree = parserSync('nix').parse(text);
  if (!tree) return { path, syntaxErrors: [{ message: 'could not parse', range: startOfFile() }], calls: [], letBindings: [], isFlake: false };
  try {
    return modelFromTree(tree, text, path);
  } finally {
    tree.delete();
  }
}

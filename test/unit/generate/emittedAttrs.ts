// Which attributes of nixpkgs (and of crane, naersk, crate2nix, rust-overlay)
// a generated Nix file uses, read from its tree-sitter-nix tree: every
// `pkgs.a.b`, `lib.x`, `craneLib.y`, `nixpkgs.legacyPackages.${system}.z`,
// `inherit (pkgs) …`, and the formals of files pkgs.callPackage calls.
// Names are written as in test/fixtures/generate/stub-nixpkgs/attrs.json:
// `pkgs.…`, `lib.…`, dynamic or per-crate parts as <system>, <version>,
// <member>, <license>.
import { parserSync, type Node } from '../../../server/src/parse/treeSitter';

/** A variable the generated files bind to something of nixpkgs or a builder library, and the name it is listed under. */
const ROOTS: Record<string, string> = {
  pkgs: 'pkgs',
  // crane's overrideToolchain lambda: `(p: p.rust-bin…)`
  p: 'pkgs',
  lib: 'lib',
  utils: 'utils',
  nixpkgs: 'nixpkgs',
  crane: 'crane',
  craneLib: 'craneLib',
  "naersk'": 'naersk',
  crate2nix: 'crate2nix',
  cargoNix: 'cargoNix',
  'rust-overlay': 'rust-overlay',
};

/** Roots that are attributes themselves when used bare: `pkgs.callPackage naersk { }` calls naersk's default.nix. */
const BARE = new Set(['naersk']);

function attrText(n: Node): string {
  if (n.type === 'identifier') return n.text;
  if (n.type === 'string_expression' && !n.namedChildren.some((c) => c!.type === 'interpolation')) return `"${n.text.slice(1, -1)}"`;
  return '<dynamic>';
}

/** Listed spelling: `pkgs.lib.x` and `nixpkgs.lib.x` are `lib.x`, placeholders for per-crate parts. */
export function normalise(path: string[]): string {
  let p = [...path];
  if (p[0] === 'nixpkgs' && p[1] === 'legacyPackages' && p.length > 3) p = ['pkgs', ...p.slice(3)];
  if ((p[0] === 'pkgs' || p[0] === 'nixpkgs') && p[1] === 'lib' && p.length > 2) p = p.slice(1);
  const out = p.map((s, i) => {
    const before = p.slice(0, i).join('.');
    if (s === '<dynamic>' && (before === 'nixpkgs.legacyPackages' || before === 'crate2nix.tools')) return '<system>';
    if (before === 'pkgs.rust-bin.stable' && s !== 'latest') return '<version>';
    if (before === 'cargoNix.workspaceMembers') return '<member>';
    if (before === 'lib.licenses') return '<license>';
    return s;
  });
  return out.join('.');
}

function chain(n: Node): { base: Node; path: string[] } {
  const path: string[] = [];
  let cur = n;
  while (cur.type === 'select_expression') {
    path.unshift(...cur.childForFieldName('attrpath')!.namedChildren.map((c) => attrText(c!)));
    cur = cur.childForFieldName('expression')!;
  }
  return { base: cur, path };
}

/** The root a select chain starts from: a listed variable, a callPackage formal, or `(crane.mkLib pkgs)`. */
function rootOf(base: Node, formals: Set<string>): string | undefined {
  if (base.type === 'variable_expression') {
    const name = base.text;
    if (BARE.has(name)) return name;
    if (formals.has(name)) return name === 'lib' ? 'lib' : `pkgs.${name}`;
    return Object.hasOwn(ROOTS, name) ? ROOTS[name] : undefined;
  }
  if (base.type === 'parenthesized_expression') {
    const inner = base.namedChildren[0];
    if (inner?.type === 'apply_expression' && inner.childForFieldName('function')?.text === 'crane.mkLib') return 'craneLib';
  }
  return undefined;
}

/** Formals without a default of a file's top-level function that pkgs.callPackage fills (not a NixOS module, not flake.nix's outputs), less those its callers pass. */
function callPackageFormals(root: Node, passed: ReadonlySet<string>): Set<string> {
  const fnNode = root.namedChildren.find((c) => c!.type !== 'comment');
  if (fnNode?.type !== 'function_expression') return new Set();
  const formals = fnNode.childForFieldName('formals');
  if (!formals) return new Set();
  const names = formals.namedChildren.filter((f) => f!.type === 'formal').map((f) => ({ name: f!.childForFieldName('name')?.text ?? '', hasDefault: !!f!.childForFieldName('default') }));
  // A NixOS module takes config/lib/pkgs/utils from the module system, not from callPackage.
  if (names.some((f) => f.name === 'config')) return new Set();
  return new Set(names.filter((f) => f.name && !f.hasDefault && !passed.has(f.name)).map((f) => f.name));
}

/** `pkgs.callPackage ./file.nix { a = …; inherit b; }` in a file: the called path (as written) → the argument names given. */
function explicitArgs(root: Node): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const visit = (n: Node) => {
    const fnPart = n.type === 'apply_expression' ? n.childForFieldName('function') : null;
    if (fnPart?.type === 'apply_expression' && /(^|\.)callPackage$/.test(fnPart.childForFieldName('function')?.text ?? '')) {
      const target = fnPart.childForFieldName('argument');
      const args = n.childForFieldName('argument');
      if (target?.type === 'path_expression' && args?.type === 'attrset_expression') {
        const names = new Set<string>();
        for (const b of args.namedChildren[0]?.namedChildren ?? []) {
          if (b!.type === 'binding') names.add(b!.childForFieldName('attrpath')!.namedChildren[0]!.text);
          if (b!.type === 'inherit' || b!.type === 'inherit_from') for (const a of b!.childForFieldName('attrs')?.namedChildren ?? []) names.add(a!.text);
        }
        out.set(target.text, new Set([...(out.get(target.text) ?? []), ...names]));
      }
    }
    for (const c of n.namedChildren) visit(c!);
  };
  visit(root);
  return out;
}

/** Joins a relative Nix path written in `from` (a root-relative file) to a root-relative path. */
function resolve(from: string, rel: string): string {
  const parts = from.split('/').slice(0, -1);
  for (const s of rel.split('/')) {
    if (s === '..') parts.pop();
    else if (s !== '.') parts.push(s);
  }
  return parts.join('/');
}

/** Every listed-style attribute the files of one plan use (flake.nix, module.nix, callPackage'd files alike), each with the first file using it. */
export function emittedAttrsOfFiles(files: { path: string; content: string }[]): Map<string, string> {
  const parser = parserSync('nix');
  const trees = files.filter((f) => f.path.endsWith('.nix')).map((f) => ({ f, tree: parser.parse(f.content)! }));
  const passed = new Map<string, Set<string>>();
  for (const { f, tree } of trees) for (const [target, names] of explicitArgs(tree.rootNode)) passed.set(resolve(f.path, target), new Set([...(passed.get(resolve(f.path, target)) ?? []), ...names]));
  const out = new Map<string, string>();
  for (const { f, tree } of trees) {
    for (const a of attrsOf(tree.rootNode, passed.get(f.path) ?? new Set())) if (!out.has(a)) out.set(a, f.path);
    tree.delete();
  }
  return out;
}

function attrsOf(root: Node, passed: ReadonlySet<string>): Set<string> {
  const formals = callPackageFormals(root, passed);
  const out = new Set<string>();
  for (const f of formals) out.add(f === 'lib' ? 'lib' : `pkgs.${f}`);
  const visit = (n: Node) => {
    const outer = !(n.parent?.type === 'select_expression' && n.parent.childForFieldName('expression')?.id === n.id);
    if ((n.type === 'select_expression' && outer) || (n.type === 'variable_expression' && outer && n.parent?.type !== 'select_expression')) {
      const { base, path } = n.type === 'select_expression' ? chain(n) : { base: n, path: [] };
      const r = rootOf(base, formals);
      // A bare root (`pkgs`, `lib`) is the set itself, not one of its attributes.
      if (r && (path.length || r.includes('.') || BARE.has(r))) out.add(normalise([...r.split('.'), ...path]));
    }
    if (n.type === 'inherit_from') {
      const from = n.childForFieldName('expression');
      const r = from && rootOf(from, formals);
      if (r) for (const a of n.childForFieldName('attrs')?.namedChildren ?? []) out.add(normalise([...r.split('.'), attrText(a!)]));
    }
    for (const c of n.namedChildren) visit(c!);
  };
  visit(root);
  // `lib` alone (a formal) is the library itself.
  out.delete('lib');
  return out;
}

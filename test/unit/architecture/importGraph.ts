// The runtime import graph of the TypeScript sources: which module loads which
// when the program runs. Type-only imports are left out (TypeScript erases
// them), so a cycle found here is one the bundle really executes.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export type Graph = Map<string, string[]>;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Whether an import or export declaration loads its module at run time. */
function isRuntime(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isImportDeclaration(node)) {
    const clause = node.importClause;
    if (!clause) return true; // `import './x'`: a side effect
    if (clause.isTypeOnly) return false;
    if (clause.name) return true;
    const b = clause.namedBindings;
    if (!b || ts.isNamespaceImport(b)) return true;
    return b.elements.some((e) => !e.isTypeOnly);
  }
  if (node.isTypeOnly) return false;
  const c = node.exportClause;
  return !c || !ts.isNamedExports(c) || c.elements.some((e) => !e.isTypeOnly);
}

function resolveSpecifier(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec);
  for (const p of [`${base}.ts`, join(base, 'index.ts'), base]) if (existsSync(p) && statSync(p).isFile()) return p;
  return undefined;
}

/** Runtime edges between the .ts files under `dirs`, as paths relative to `root`. */
export function importGraph(root: string, dirs: string[]): Graph {
  const graph: Graph = new Map();
  for (const file of dirs.flatMap((d) => sourceFiles(join(root, d)))) {
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
    const deps: string[] = [];
    for (const st of sf.statements) {
      if (!(ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) || !st.moduleSpecifier || !ts.isStringLiteral(st.moduleSpecifier)) continue;
      if (!isRuntime(st)) continue;
      const target = resolveSpecifier(file, st.moduleSpecifier.text);
      if (target) deps.push(relative(root, target));
    }
    graph.set(relative(root, file), deps);
  }
  return graph;
}

/** Every elementary cycle's strongly connected component (Tarjan), as file lists; empty when acyclic. */
export function cycles(graph: Graph): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(comp.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

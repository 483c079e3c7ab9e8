// Links and redirects that start at the site root (`href="/static/app.css"`,
// `Redirect::to("/login")`): served under a sub-path (example.org/forum/) they
// leave it. nginx cannot repair that: with stripPrefix the app's routes work
// but `/static/app.css` reaches the site outside /forum/; without it the app
// sees /forum/x, which it does not route. So the module warns, naming each
// place, unless the program reads a base-path setting the person can set.
//
// Templates are read as text (askama/tera/minijinja/handlebars files); Rust
// sources through tree-sitter-rust: string literals holding HTML attributes,
// maud's `a href="/x"`, and redirect calls with a literal root path.
import { Query } from 'web-tree-sitter';
import { parserReady, parserSync, type Node, type Tree } from '../parse/treeSitter';
import type { WorkspaceFs } from './workspace';

export interface RootLink {
  file: string;
  line: number;
  /** `href="/static/app.css"`, `Redirect::to("/login")`. */
  text: string;
}

const TEMPLATE_EXT = /\.(html?|jinja2?|j2|tera|hbs|handlebars|liquid|askama|stpl|tmpl|svelte|vue)$/;
/** `href="/x"`, `src='/x'`, `action="/x"`, `formaction`, `hx-get="/x"`; not `//cdn…` (another host) nor `/{{ base }}`. */
const ATTR = /\b((?:href|src|action|formaction|poster|hx-(?:get|post|put|delete|patch)|data-url)\s*=\s*\\?["'])\/(?![/\\{%$])([^"'\\\s>]*)/g;
const REDIRECT = /(^|::)(Redirect::(?:to|permanent|temporary|see_other|found)|redirect|Redirect::new|see_other|temporary_redirect|permanent_redirect)$/;

const MAX_FILES = 2000;

let query: Query | undefined;
function linkQuery(): Query {
  query ??= new Query(
    parserSync('rust').language!,
    `
    (string_literal) @str
    (raw_string_literal) @str
    (call_expression) @call
    (macro_invocation) @macro
  `,
  );
  return query;
}

function attrLinks(text: string, file: string, lineOffset = 0): RootLink[] {
  const out: RootLink[] = [];
  for (const m of text.matchAll(ATTR)) {
    const line = lineOffset + text.slice(0, m.index).split('\n').length;
    out.push({ file, line, text: `${m[1]!.replace(/\\/g, '')}/${m[2]}${m[1]!.endsWith("'") ? "'" : '"'}` });
  }
  return out;
}

/** Root-absolute links in one Rust file: HTML in string literals, maud markup, redirects. */
export function rustRootLinks(file: string, text: string): RootLink[] {
  if (!parserReady('rust')) return [];
  const tree = parserSync('rust').parse(text);
  if (!tree) return [];
  const out = rootLinksInTree(file, tree);
  tree.delete();
  return out;
}

/** The same, on a tree the caller parsed (and deletes). */
export function rootLinksInTree(file: string, tree: Tree): RootLink[] {
  const out: RootLink[] = [];
  for (const c of linkQuery().captures(tree.rootNode)) {
    const n: Node = c.node;
    if (c.name === 'str') {
      if (n.text.includes('=')) out.push(...attrLinks(n.text, file, n.startPosition.row));
    } else if (c.name === 'call') {
      const fn = n.childForFieldName('function')?.text.replace(/\s+/g, '') ?? '';
      if (!REDIRECT.test(fn)) continue;
      const a = n.childForFieldName('arguments')?.namedChildren.find((x): x is Node => !!x && !/comment/.test(x.type));
      const m = a && /^"(\/(?![/{])[^"]*)"$/.exec(a.text);
      if (m) out.push({ file, line: n.startPosition.row + 1, text: `${fn}("${m[1]}")` });
    } else if (c.name === 'macro' && /(^|::)html$/.test(n.childForFieldName('macro')?.text ?? '')) {
      // maud: `a href="/x" { … }` — an attribute name, `=`, a string.
      const toks: Node[] = [];
      const walk = (x: Node) => {
        for (const ch of x.children) if (ch) ch.childCount && ch.type === 'token_tree' ? walk(ch) : toks.push(ch);
      };
      walk(n);
      for (let i = 0; i + 2 < toks.length; i++) {
        if (/^(href|src|action)$/.test(toks[i]!.text) && toks[i + 1]!.text === '=' && /^"\/(?![/{])/.test(toks[i + 2]!.text))
          out.push({ file, line: toks[i]!.startPosition.row + 1, text: `${toks[i]!.text}=${toks[i + 2]!.text}` });
      }
    }
  }
  return out;
}

/** Template files (by extension) under a member's folder, outside build output and dependencies. */
export function templateRootLinks(fs: WorkspaceFs, dir: string): RootLink[] {
  const out: RootLink[] = [];
  let files = 0;
  const walk = (d: string, depth: number) => {
    for (const e of fs.readDir(d || '.') ?? []) {
      if (files >= MAX_FILES || depth > 8) return;
      const p = d ? `${d}/${e.name}` : e.name;
      if (e.isDir && !e.isSymlink && !/^(target|node_modules|\.git|dist|result|tests?|docs?|book|examples|benches|vendor)$/.test(e.name) && !e.name.startsWith('.')) walk(p, depth + 1);
      else if (e.isFile && TEMPLATE_EXT.test(e.name)) {
        files++;
        const text = fs.readFile(p);
        if (text !== undefined && text.length < 1 << 20) out.push(...attrLinks(text, p));
      }
    }
  };
  walk(dir, 0);
  return out;
}

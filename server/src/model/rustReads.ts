// What one Rust file says about the files its build (or its program) reads,
// from the tree-sitter-rust syntax tree: include_str!/include_bytes!/include!
// (through concat!/env!("CARGO_MANIFEST_DIR")), other include-style macros
// (include_dir!, grass::include!…), rust-embed's #[folder], askama/rinja/
// sailfish #[template(path)], sqlx's query and migrate macros, #[path] modules,
// cargo:rerun-if-changed, and every other string literal (a path the code
// opens, serves or hands to a build tool). Resolution against the tree (which
// of those literals name a real file, relative to what) is buildReads.ts's job:
// this module only reads syntax, so it runs on an editor's unsaved buffer too.
import { Query } from 'web-tree-sitter';
import { parserReady, parserSync, type Node } from '../parse/treeSitter';

/** What a path is relative to: the file holding the macro (std include macros), the crate's manifest dir, or the process' working directory. */
export type PathBase = 'file' | 'manifest' | 'cwd';

export type RawReadKind =
  | 'include' // include_str!/include_bytes!/include!
  | 'includer' // another include-style macro: include_dir!, grass::include!, include_flate…
  | 'embed-folder' // rust-embed #[folder = "…"]
  | 'template' // askama/rinja/sailfish #[template(path = "…")]: a name inside the templates dirs
  | 'sqlx-file' // sqlx::query_file!("…")
  | 'migrations' // sqlx::migrate!("…") (default "migrations")
  | 'module-path' // #[path = "…"] mod x;
  | 'rerun-if-changed' // build script: cargo:rerun-if-changed=…
  | 'literal'; // any other string literal: a read only if it names a real path

export interface RawRead {
  kind: RawReadKind;
  /** The path as evaluated from the source (glob patterns kept; buildReads cuts them). */
  path: string;
  base: PathBase;
  /** Inside `#[cfg(test)]`/`#[test]` code: read by `cargo test`, not by the build. */
  test: boolean;
  /** The macro or attribute, for the reason shown to the user (`include_str!`, `#[folder]`). */
  via: string;
  /** 1-based line. */
  line: number;
  /** For literals: the call or macro the string is an argument of (`ServeDir::new`, `fs::read_to_string`, `.join`). */
  callee?: string;
  /** For literals: the environment variable it is the fallback of (`env::var("STATIC_DIR").unwrap_or("static")`). */
  envDefault?: string;
}

export interface RustFileReads {
  reads: RawRead[];
  /** `query!`-family macros (sqlx needs its offline `.sqlx/` data for them); `qualified` when written `sqlx::query!`. */
  sqlxQueries: { line: number; qualified: boolean; test: boolean }[];
  /** Include paths that could not be evaluated (`concat!(env!("OUT_DIR"), …)` is generated, not read from the tree). */
  unresolved: { line: number; text: string; generated: boolean }[];
}

const STD_INCLUDES = new Set(['include_str', 'include_bytes', 'include']);
const SQLX_QUERIES = new Set(['query', 'query_as', 'query_scalar', 'query_unchecked', 'query_as_unchecked', 'query_scalar_unchecked']);
const SQLX_FILES = new Set(['query_file', 'query_file_as', 'query_file_scalar', 'query_file_unchecked', 'query_file_as_unchecked', 'query_file_scalar_unchecked']);

/** A string literal's value: escapes decoded for normal strings, raw strings as written. */
function stringValue(n: Node): string | undefined {
  if (n.type === 'raw_string_literal') {
    const m = /^b?r(#*)"([\s\S]*)"\1$/.exec(n.text);
    return m?.[2];
  }
  if (n.type !== 'string_literal') return undefined;
  const m = /^b?"([\s\S]*)"$/.exec(n.text);
  if (!m) return undefined;
  return m[1]!.replace(/\\(?:x([0-9a-fA-F]{2})|u\{([0-9a-fA-F]{1,6})\}|\n\s*|(.))/g, (_, x, u, c) => {
    if (x) return String.fromCharCode(parseInt(x, 16));
    if (u) return String.fromCodePoint(parseInt(u, 16));
    if (c === undefined) return ''; // line continuation
    return ({ n: '\n', t: '\t', r: '\r', '0': '\0' } as Record<string, string>)[c] ?? c;
  });
}

const isString = (n: Node | null | undefined): n is Node => !!n && (n.type === 'string_literal' || n.type === 'raw_string_literal');

/** Tokens of a token tree without its delimiters. */
function tokens(tt: Node): Node[] {
  const all = tt.children.filter((c): c is Node => !!c);
  return all.length >= 2 && /^[([{]$/.test(all[0]!.type) ? all.slice(1, -1) : all;
}

/** Splits tokens at top-level commas. */
function args(tt: Node): Node[][] {
  const out: Node[][] = [[]];
  for (const t of tokens(tt)) {
    if (t.type === ',') out.push([]);
    else out.at(-1)!.push(t);
  }
  return out.filter((a) => a.length);
}

/** A macro call inside a token tree or as a node: its last path segment and its argument tree. */
function macroParts(toks: Node[]): { name: string; path: string; tt: Node } | undefined {
  const bang = toks.findIndex((t) => t.type === '!');
  if (bang < 1 || toks[bang + 1]?.type !== 'token_tree') return undefined;
  const path = toks
    .slice(0, bang)
    .map((t) => t.text)
    .join('');
  return { name: path.split('::').pop()!, path, tt: toks[bang + 1]! };
}

/** `partial`: a macro_rules metavariable ends the path (`concat!("../res/", $path)`): only the folder before it is known. */
type Evaluated = { value: string; manifest: boolean; partial?: boolean } | { generated: true } | undefined;

/**
 * The path an include macro's argument denotes: a literal, `concat!(…)` of
 * literals and `env!("CARGO_MANIFEST_DIR")` (the crate's directory), or
 * `env!("OUT_DIR")` (generated by the build script: nothing to copy).
 */
function evaluate(toks: Node[]): Evaluated {
  if (toks.length === 1 && isString(toks[0])) {
    const v = stringValue(toks[0]);
    return v === undefined ? undefined : { value: v, manifest: false };
  }
  const m = macroParts(toks);
  if (!m || toks.length !== 3 + toks.findIndex((t) => t.type === '!') - 1) return undefined;
  if (m.name === 'env' || m.name === 'option_env') {
    const a = args(m.tt)[0];
    const name = a && a.length === 1 && isString(a[0]) ? stringValue(a[0]) : undefined;
    if (name === 'CARGO_MANIFEST_DIR') return { value: '', manifest: true };
    if (name === 'OUT_DIR') return { generated: true };
    return undefined;
  }
  if (m.name === 'concat') {
    let value = '';
    let manifest = false;
    for (const [i, a] of args(m.tt).entries()) {
      if (a.length === 1 && a[0]!.type === 'metavariable') return { value: manifest ? value.replace(/^\/+/, '') : value, manifest, partial: true };
      const e = evaluate(a);
      if (!e || 'generated' in e) return e;
      if (e.manifest && i > 0) return undefined;
      manifest ||= e.manifest;
      value += e.value;
    }
    return { value: manifest ? value.replace(/^\/+/, '') : value, manifest };
  }
  return undefined;
}

/** `$CARGO_MANIFEST_DIR/x`, `${CARGO_MANIFEST_DIR}/x` (include_dir!, rust-embed's interpolation): manifest-relative. */
function manifestVar(p: string): { value: string; manifest: boolean } {
  const m = /^\$(?:\{CARGO_MANIFEST_DIR\}|CARGO_MANIFEST_DIR)\/*(.*)$/.exec(p);
  return m ? { value: m[1]!, manifest: true } : { value: p, manifest: false };
}

/** `key = "value"` pairs of an attribute's token tree (`template(path = "x.html", escape = "none")`). */
function attrPairs(tt: Node): Map<string, string> {
  const out = new Map<string, string>();
  const ts = tokens(tt);
  for (let i = 0; i + 2 < ts.length; i++) {
    if (ts[i]!.type === 'identifier' && ts[i + 1]!.type === '=' && isString(ts[i + 2])) {
      const v = stringValue(ts[i + 2]!);
      if (v !== undefined) out.set(ts[i]!.text, v);
    }
  }
  return out;
}

/** `#[test]`, `#[tokio::test]`, `#[cfg(test)]`, `#[cfg(all(test, …))]` (not `not(test)`). */
function isTestAttr(text: string): boolean {
  const t = text.replace(/\s+/g, '');
  if (/^#\[(?:[\w]+::)*test(?:\(|\])/.test(t)) return true;
  const cfg = /^#\[cfg\((.*)\)\]$/.exec(t)?.[1];
  return !!cfg && /(^|[(,])test([),]|$)/.test(cfg) && !/not\(test\)/.test(cfg);
}

/** The function, method, macro or attribute a string is (directly, or through `&[…]`/`&`/`.to_string()`) an argument of. */
function calleeOf(n: Node): { callee?: string; envDefault?: string } {
  let p = n.parent;
  let child: Node = n;
  for (let i = 0; p && i < 8; i++) {
    if (p.type === 'arguments') {
      const call = p.parent;
      const fn = call?.childForFieldName('function');
      if (!fn) return {};
      if (fn.type === 'field_expression') {
        const field = fn.childForFieldName('field')?.text ?? '';
        // `env::var("STATIC_DIR").unwrap_or("static")`: the folder's default, and the variable that moves it.
        const env = /^unwrap_or(_else)?$/.test(field) ? /\b(?:env|dotenvy?)::var(?:_os)?\s*\(\s*"([A-Za-z0-9_]+)"/.exec(fn.childForFieldName('value')?.text ?? '')?.[1] : undefined;
        return { callee: `.${field}`, envDefault: env };
      }
      // `String::from("static")`, `PathBuf::from(…)` wrapping it: keep climbing only for conversions.
      if (/(^|::)(from|new)$/.test(fn.text) && /^(String|OsString|Cow)::/.test(fn.text)) {
        child = call!;
        p = call!.parent;
        continue;
      }
      return { callee: fn.text };
    }
    if (p.type === 'token_tree') {
      if (p.parent?.type === 'macro_invocation') return { callee: `${p.parent.childForFieldName('macro')?.text ?? ''}!` };
      if (p.parent?.type === 'attribute') return { callee: `#[${p.parent.namedChildren[0]?.text ?? ''}]` };
    }
    // `"static".to_string()`, `"static".into()`: the string is the receiver of a conversion.
    if (p.type === 'field_expression' && p.childForFieldName('value')?.id === child.id && /^(to_string|to_owned|into|as_str)$/.test(p.childForFieldName('field')?.text ?? '')) {
      child = p.parent ?? p;
      p = child.parent;
      continue;
    }
    if (!/^(reference_expression|array_expression|tuple_expression|closure_expression|block)$/.test(p.type)) return {};
    child = p;
    p = p.parent;
  }
  return {};
}

let query: Query | undefined;
function rustQuery(): Query {
  query ??= new Query(
    parserSync('rust').language!,
    `
    (macro_invocation) @macro
    (token_tree (identifier) @tmacro . "!" . (token_tree))
    (attribute_item) @attr
    (inner_attribute_item) @iattr
    (string_literal) @str
    (raw_string_literal) @str
  `,
  );
  return query;
}

/** Reads the syntax of one Rust file; `ensureParser('rust')` must have run. */
export function scanRustFile(text: string, opts: { buildScript?: boolean } = {}): RustFileReads {
  if (!parserReady('rust')) throw new Error("the Rust parser is not loaded: await ensureParser('rust') before reading Rust sources");
  const tree = parserSync('rust').parse(text);
  const out: RustFileReads = { reads: [], sqlxQueries: [], unresolved: [] };
  if (!tree) return out;
  const consumed = new Set<number>();
  const consumedRanges: [number, number][] = [];
  const line = (n: Node) => n.startPosition.row + 1;
  const add = (r: Omit<RawRead, 'line'>, at: Node) => out.reads.push({ ...r, line: line(at) });

  const macro = (m: { name: string; path: string; tt: Node }, at: Node, test: boolean) => {
    const a = args(m.tt);
    const markArgs = () => consumedRanges.push([m.tt.startIndex, m.tt.endIndex]);
    if (STD_INCLUDES.has(m.name) && m.path === m.name) {
      markArgs();
      // cxx's `include!("x.h")` inside `unsafe extern "C++" { … }` is a C++ header for the bridge's generated code.
      for (let p = at.parent; p; p = p.parent) {
        if (p.type === 'foreign_mod_item') return;
        if (p.type === 'mod_item' && /cxx::bridge/.test(p.previousNamedSibling?.type === 'attribute_item' ? p.previousNamedSibling.text : '')) return;
      }
      const e = a.length ? evaluate(a[0]!) : undefined;
      if (e && !('generated' in e)) {
        const path = e.partial ? e.value.replace(/[^/]*$/, '') || '.' : e.value;
        add({ kind: 'include', path, base: e.manifest ? 'manifest' : 'file', test, via: `${m.name}!${e.partial ? ' (a macro_rules path: the whole folder)' : ''}` }, at);
      } else out.unresolved.push({ line: line(at), text: at.text.slice(0, 160), generated: !!e });
      return;
    }
    if (m.path === 'sqlx::migrate' || (m.name === 'migrate' && m.path === 'migrate')) {
      markArgs();
      const e = a.length ? evaluate(a[0]!) : { value: 'migrations', manifest: true };
      if (e && !('generated' in e)) add({ kind: 'migrations', path: e.value, base: 'manifest', test, via: 'sqlx::migrate!' }, at);
      return;
    }
    if (SQLX_QUERIES.has(m.name) && (m.path === m.name || m.path === `sqlx::${m.name}`)) {
      out.sqlxQueries.push({ line: line(at), qualified: m.path.startsWith('sqlx::'), test });
      markArgs();
      return;
    }
    if (SQLX_FILES.has(m.name) && (m.path === m.name || m.path === `sqlx::${m.name}`)) {
      out.sqlxQueries.push({ line: line(at), qualified: m.path.startsWith('sqlx::'), test });
      markArgs();
      const e = a.length ? evaluate(a[0]!) : undefined;
      if (e && !('generated' in e)) add({ kind: 'sqlx-file', path: e.value, base: 'manifest', test, via: `${m.path}!` }, at);
      return;
    }
    // tonic/prost's include_proto!("pkg.v1") and include_file_descriptor_set! read what the build script wrote to OUT_DIR.
    if (/^include_(proto|file_descriptor_set)$/.test(m.name)) {
      markArgs();
      return;
    }
    // include_dir!, grass::include!, include_flate::flate!, include_json!…: proc
    // macros, which resolve paths against the crate (CARGO_MANIFEST_DIR).
    if (/^include/.test(m.name) || /(^|::)flate$/.test(m.path)) {
      markArgs();
      for (const arg of a) {
        const e = evaluate(arg);
        if (!e || 'generated' in e) continue;
        const v = e.manifest ? e : manifestVar(e.value);
        add({ kind: 'includer', path: v.value, base: 'manifest', test, via: `${m.path}!` }, at);
      }
      return;
    }
    if (opts.buildScript && (m.name === 'println' || m.name === 'print')) {
      const s = a[0]?.length === 1 && isString(a[0][0]) ? stringValue(a[0][0]) : undefined;
      const r = s && /^cargo::?rerun-if-changed=(.+)$/.exec(s);
      if (r) {
        markArgs();
        add({ kind: 'rerun-if-changed', path: r[1]!.trim(), base: 'manifest', test, via: 'cargo:rerun-if-changed' }, at);
      }
    }
  };

  const attribute = (attrItem: Node, test: boolean) => {
    const attr = attrItem.namedChildren.find((c) => c?.type === 'attribute');
    if (!attr) return;
    const name = attr.namedChildren[0]?.text ?? '';
    const value = attr.childForFieldName('value');
    const argTree = attr.childForFieldName('arguments');
    if (name === 'folder' && isString(value)) {
      consumed.add(value.id);
      const v = manifestVar(stringValue(value) ?? '');
      add({ kind: 'embed-folder', path: v.value, base: 'manifest', test, via: '#[folder] (rust-embed)' }, attrItem);
    } else if (name === 'path' && isString(value)) {
      consumed.add(value.id);
      add({ kind: 'module-path', path: stringValue(value) ?? '', base: 'file', test, via: '#[path]' }, attrItem);
    } else if (name === 'template' && argTree) {
      const pairs = attrPairs(argTree);
      const p = pairs.get('path');
      if (p !== undefined) add({ kind: 'template', path: p, base: 'manifest', test, via: '#[template(path)]' }, attrItem);
      consumedRanges.push([argTree.startIndex, argTree.endIndex]);
    }
  };

  // One query, run inside the parser's wasm: only macros, attributes and
  // strings come back as Nodes (walking every node from JS costs more than parsing).
  const caps = rustQuery().captures(tree.rootNode);
  // Items under #[cfg(test)]/#[test] (and files that are #![cfg(test)]): byte ranges.
  const testRanges: [number, number][] = [];
  const inTest = (i: number) => testRanges.some(([a, b]) => i >= a && i < b);
  for (const c of caps) {
    if (c.name === 'attr' && isTestAttr(c.node.text)) {
      let item = c.node.nextNamedSibling;
      while (item && (item.type === 'attribute_item' || item.type === 'line_comment' || item.type === 'block_comment')) item = item.nextNamedSibling;
      if (item) testRanges.push([item.startIndex, item.endIndex]);
    } else if (c.name === 'iattr' && isTestAttr(c.node.text.replace(/^#!/, '#'))) {
      const scope = c.node.parent;
      if (scope) testRanges.push([scope.startIndex, scope.endIndex]);
    }
  }
  for (const c of caps) {
    const n = c.node;
    if (c.name === 'attr' || c.name === 'iattr') attribute(n, inTest(n.startIndex));
    else if (c.name === 'macro') {
      const m = macroParts(n.children.filter((x): x is Node => !!x));
      if (m) macro(m, n, inTest(n.startIndex));
    } else if (c.name === 'tmacro') {
      // A macro inside another macro's tokens (`format!("{}", include_str!("x"))`): `a :: b ! (…)`.
      const toks: Node[] = [n];
      for (let p = n.previousSibling; p?.type === '::' && p.previousSibling && /identifier/.test(p.previousSibling.type); p = p.previousSibling.previousSibling) toks.unshift(p.previousSibling, p);
      const bang = n.nextSibling;
      const tt = bang?.nextSibling;
      if (bang && tt) macro(macroParts([...toks, bang, tt])!, n, inTest(n.startIndex));
    }
  }
  for (const c of caps) {
    if (c.name !== 'str') continue;
    const n = c.node;
    if (consumed.has(n.id) || consumedRanges.some(([a, b]) => n.startIndex >= a && n.endIndex <= b)) continue;
    const text = n.text;
    if (text.length > 260 || text.length < 3 || /[\s{}]/.test(text)) continue;
    const v = stringValue(n);
    if (v !== undefined) add({ kind: 'literal', path: v, base: 'cwd', test: inTest(n.startIndex), via: 'string', ...calleeOf(n) }, n);
  }
  tree.delete();
  return out;
}

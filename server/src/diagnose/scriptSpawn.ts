// What a build script was doing at the line it panicked on, read from its syntax
// tree (tree-sitter-rust): std's `Os { code: 2, kind: NotFound }` unwrapped there
// names neither a program nor a file, but the statement does — `Command::new("git")`
// (directly, through a const/static/let, a `let mut cmd` set up earlier, a `.arg`
// chain over several lines, `which::which("protoc")`, an env var with a default)
// is a program missing from PATH; `File::open`/`fs::read_to_string`/… of a path is
// a file the build's source lacks. Plain text in, plain data out: no file system.
import { parserReady, parserSync, type Node } from '../parse/treeSitter';

export type ScriptAction =
  /** Spawns a program; `programs` when a helper is called with several (which one failed is unknown). */
  | { kind: 'program'; program: string; line: number; env?: string }
  | { kind: 'programs'; programs: string[]; line: number }
  /** Opens a path relative to the package's directory (a build script's working directory); `generated`: under OUT_DIR. */
  | { kind: 'file'; path: string; line: number; generated?: boolean };

// std's and fs-err's path functions whose NotFound is the path's: their first argument is the path.
const FS_CALLS = /(?:^|::)(?:File::open|fs::(?:read_to_string|read|read_dir|metadata|symlink_metadata|canonicalize|copy|read_link|File::open))$/;
// `OpenOptions::new().read(true).open(p)`, `Path::new(p).canonicalize()`: a method whose NotFound is its path's.
const FS_METHODS = /^(?:open|canonicalize|read_dir|metadata)$/;
const SPAWN_NEW = /(?:^|::)Command::new$/;
// which/which-rs' lookup of a program on PATH.
const WHICH = /^(?:which::)?which(?:_global)?$/;
// Conversions a program or path goes through unchanged.
const WRAPPERS = /(?:^|::)(?:String|OsString|OsStr|Path|PathBuf|Cow)::(?:from|new)$|^(?:String|PathBuf)::from$/;
const PASS_METHODS = /^(?:to_string|to_owned|into|as_str|as_ref|as_os_str|as_path|to_path_buf|clone|borrow)$/;

type Value = { text: string; env?: string; manifest?: boolean; generated?: boolean } | undefined;

const isString = (n: Node | null | undefined): boolean => !!n && (n.type === 'string_literal' || n.type === 'raw_string_literal');

function stringValue(n: Node): string | undefined {
  if (n.type === 'raw_string_literal') return /^b?r(#*)"([\s\S]*)"\1$/.exec(n.text)?.[2];
  const m = /^b?"([\s\S]*)"$/.exec(n.text);
  return m?.[1]!.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r', '0': '\0' })[c] ?? c);
}

const named = (n: Node): Node[] => n.namedChildren.filter((c): c is Node => !!c);
const argsOf = (call: Node): Node[] => {
  const a = call.childForFieldName('arguments');
  return a ? named(a).filter((c) => c.type !== 'line_comment' && c.type !== 'block_comment') : [];
};

/** The function of a call as written (`Command::new`, `std::fs::read_to_string`), without generics. */
function calleeText(call: Node): string {
  const fn = call.childForFieldName('function');
  return (fn?.text ?? '').replace(/::<[^>]*>/g, '').replace(/\s+/g, '');
}

/** The statement (or item) of a block that holds `n`. */
function statementOf(n: Node): Node {
  let cur = n;
  while (cur.parent && cur.parent.type !== 'block' && cur.parent.type !== 'source_file' && cur.parent.type !== 'declaration_list') cur = cur.parent;
  return cur;
}

/** A `let NAME = …;` before `at` in an enclosing block, or a file-level `const`/`static NAME`. */
function definitionOf(name: string, at: Node): Node | undefined {
  for (let p: Node | null = at.parent; p; p = p.parent) {
    if (p.type !== 'block' && p.type !== 'source_file') continue;
    let found: Node | undefined;
    for (const c of named(p)) {
      if (c.startIndex >= at.startIndex && p.type === 'block') break;
      if (c.type === 'let_declaration' && c.childForFieldName('pattern')?.text.replace(/^mut\s+/, '') === name) found = c.childForFieldName('value') ?? undefined;
      if ((c.type === 'const_item' || c.type === 'static_item') && c.childForFieldName('name')?.text === name) found = c.childForFieldName('value') ?? undefined;
    }
    if (found) return found;
  }
  return undefined;
}

/** The function item a node is in, and the index of `name` among its parameters. */
function parameterOf(name: string, at: Node): { fn: Node; index: number } | undefined {
  for (let p: Node | null = at.parent; p; p = p.parent) {
    if (p.type !== 'function_item') continue;
    const params = p.childForFieldName('parameters');
    const list = params ? named(params).filter((c) => c.type === 'parameter') : [];
    const index = list.findIndex((c) => c.childForFieldName('pattern')?.text.replace(/^mut\s+/, '') === name);
    return index === -1 ? undefined : { fn: p, index };
  }
  return undefined;
}

/** `for tool in ["git", "protoc"] { … }` around `at`: the literals the loop variable `name` takes. */
function loopValues(name: string, at: Node): string[] | undefined {
  for (let p: Node | null = at.parent; p; p = p.parent) {
    if (p.type !== 'for_expression' || p.childForFieldName('pattern')?.text !== name) continue;
    let list = p.childForFieldName('value');
    while (list && (list.type === 'reference_expression' || (list.type === 'call_expression' && /\.(?:iter|into_iter)$/.test(calleeText(list))))) {
      list = list.type === 'reference_expression' ? (named(list).at(-1) ?? null) : (list.childForFieldName('function')?.childForFieldName('value') ?? null);
    }
    if (list?.type !== 'array_expression') return undefined;
    const values = named(list).map((e) => valueOf(e)?.text);
    return values.length && values.every((v): v is string => !!v) ? [...new Set(values)] : undefined;
  }
  return undefined;
}

/** Every call of the function `name` in the tree. */
function callsOf(root: Node, name: string): Node[] {
  const out: Node[] = [];
  const walk = (n: Node) => {
    if (n.type === 'call_expression' && calleeText(n).split('::').pop() === name) out.push(n);
    for (const c of named(n)) walk(c);
  };
  walk(root);
  return out;
}

/**
 * The string an expression stands for: a literal, a const/static/let naming one, a conversion of one,
 * `env::var("X").unwrap_or("x")` (the default, and the variable), `concat!(env!("CARGO_MANIFEST_DIR"), "/x")`,
 * `Path::new(env!("CARGO_MANIFEST_DIR")).join("x")`, `which::which("x")`. `depth` bounds the chase.
 */
function valueOf(n: Node | null | undefined, depth = 0): Value {
  if (!n || depth > 8) return undefined;
  if (isString(n)) {
    const v = stringValue(n);
    return v === undefined ? undefined : { text: v };
  }
  switch (n.type) {
    case 'identifier': {
      const def = definitionOf(n.text, n);
      return def ? valueOf(def, depth + 1) : undefined;
    }
    case 'reference_expression':
    case 'parenthesized_expression':
      return valueOf(named(n).at(-1), depth + 1);
    case 'try_expression':
      return valueOf(named(n)[0], depth + 1);
    case 'macro_invocation':
      return macroValue(n, depth);
    case 'call_expression': {
      const fn = n.childForFieldName('function');
      const callee = calleeText(n);
      const a = argsOf(n);
      if (fn?.type === 'field_expression') {
        const method = fn.childForFieldName('field')?.text ?? '';
        const recv = fn.childForFieldName('value');
        if (PASS_METHODS.test(method) || method === 'unwrap' || method === 'expect') return valueOf(recv, depth + 1);
        if (/^unwrap_or(?:_else|_default)?$/.test(method)) {
          const env = envName(recv);
          const dflt = a[0]?.type === 'closure_expression' ? valueOf(a[0].childForFieldName('body'), depth + 1) : valueOf(a[0], depth + 1);
          return dflt && { ...dflt, ...(env ? { env } : {}) };
        }
        if (method === 'join') {
          const base = valueOf(recv, depth + 1);
          const part = valueOf(a[0], depth + 1);
          if (!base || !part) return undefined;
          return { ...base, text: base.text ? `${base.text.replace(/\/$/, '')}/${part.text}` : part.text };
        }
        return undefined;
      }
      if (WRAPPERS.test(callee) || WHICH.test(callee)) return valueOf(a[0], depth + 1);
      // env::var("CARGO_MANIFEST_DIR").unwrap() and the like: the package's directory or OUT_DIR.
      const env = /(?:^|::)var(?:_os)?$/.test(callee) && isString(a[0]) ? stringValue(a[0]!) : undefined;
      if (env === 'CARGO_MANIFEST_DIR') return { text: '', manifest: true };
      if (env === 'OUT_DIR') return { text: '', generated: true };
      return undefined;
    }
    case 'block':
      return valueOf(named(n).at(-1), depth + 1);
    default:
      return undefined;
  }
}

/** `env::var("PROTOC")` (possibly `.ok()`/`.map(…)`-wrapped) in a receiver: the variable's name. */
function envName(n: Node | null | undefined): string | undefined {
  for (let cur = n; cur && cur.type === 'call_expression';) {
    const callee = calleeText(cur);
    const a = argsOf(cur);
    if (/(?:^|::)var(?:_os)?$/.test(callee) && isString(a[0])) return stringValue(a[0]!);
    const fn = cur.childForFieldName('function');
    cur = fn?.type === 'field_expression' ? fn.childForFieldName('value') : null;
  }
  return undefined;
}

function macroValue(n: Node, depth: number): Value {
  const name = n.childForFieldName('macro')?.text.split('::').pop();
  const tt = named(n).find((c) => c.type === 'token_tree');
  if (!tt) return undefined;
  const toks = named(tt);
  if ((name === 'env' || name === 'option_env') && isString(toks[0])) {
    const v = stringValue(toks[0]!);
    return v === 'CARGO_MANIFEST_DIR' ? { text: '', manifest: true } : v === 'OUT_DIR' ? { text: '', generated: true } : undefined;
  }
  if (name === 'concat') {
    let out: Value = { text: '' };
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i]!;
      if (isString(t)) out = { ...out, text: out.text + stringValue(t)! };
      else if (t.type === 'identifier' && toks[i + 1]?.type === 'token_tree') {
        // a nested env!("…") inside concat!: its name, `!`, then its arguments
        const inner = named(toks[i + 1]!)[0];
        const v = inner && isString(inner) ? stringValue(inner) : undefined;
        if (t.text === 'env' && v === 'CARGO_MANIFEST_DIR') out = { ...out, manifest: true };
        else if (t.text === 'env' && v === 'OUT_DIR') out = { ...out, generated: true };
        else return undefined;
        i++;
      } else if (t.type !== 'identifier' || t.text !== 'env') return undefined;
    }
    return out;
  }
  if (name === 'format' && isString(toks[0])) {
    // format!("{}/schema.json", manifest_dir): one placeholder filled by a known directory.
    const fmt = stringValue(toks[0]!)!;
    const holes = fmt.match(/\{[^{}]*\}/g) ?? [];
    if (holes.length === 0) return { text: fmt };
    if (holes.length !== 1) return undefined;
    const inline = /^\{([A-Za-z_]\w*)\}$/.exec(holes[0]!)?.[1];
    const arg = inline ? undefined : toks.slice(1).find((t) => t.type === 'identifier');
    const v = inline ? valueOfName(inline, n, depth) : arg ? valueOf(arg, depth + 1) : undefined;
    if (!v) return undefined;
    return { ...v, text: fmt.replace(holes[0]!, v.text).replace(/^\/+/, v.manifest || v.generated ? '' : '/') };
  }
  return undefined;
}

function valueOfName(name: string, at: Node, depth: number): Value {
  const def = definitionOf(name, at);
  return def ? valueOf(def, depth + 1) : undefined;
}

/** The programs a spawn's argument can be: itself, or what every caller of the helper it is a parameter of passes. */
function programsOf(arg: Node | undefined, root: Node): { programs: string[]; env?: string } | undefined {
  if (!arg) return undefined;
  const v = valueOf(arg);
  if (v?.text) return { programs: [v.text], ...(v.env ? { env: v.env } : {}) };
  const ident = arg.type === 'reference_expression' ? named(arg).at(-1) : arg;
  if (ident?.type !== 'identifier') return undefined;
  const loop = loopValues(ident.text, ident);
  if (loop) return { programs: loop };
  const param = parameterOf(ident.text, ident);
  const fnName = param?.fn.childForFieldName('name')?.text;
  if (!param || !fnName) return undefined;
  const programs = new Set<string>();
  for (const call of callsOf(root, fnName)) {
    const p = valueOf(argsOf(call)[param.index]);
    if (!p?.text) return undefined; // a caller Nixify cannot read: no list is better than a partial one
    programs.add(p.text);
  }
  return programs.size ? { programs: [...programs] } : undefined;
}

/** What a call spawns or opens, if it is one of the calls that can fail with NotFound. */
function actionOfCall(call: Node, root: Node): ScriptAction | undefined {
  const callee = calleeText(call);
  const line = call.startPosition.row + 1;
  const a = argsOf(call);
  if (SPAWN_NEW.test(callee) || WHICH.test(callee)) {
    const p = programsOf(a[0], root);
    if (!p) return undefined;
    return p.programs.length === 1 ? { kind: 'program', program: p.programs[0]!, line, ...(p.env ? { env: p.env } : {}) } : { kind: 'programs', programs: p.programs, line };
  }
  const fn = call.childForFieldName('function');
  const method = fn?.type === 'field_expression' ? fn.childForFieldName('field')?.text : undefined;
  const pathArg = FS_CALLS.test(callee) ? a[0] : method && FS_METHODS.test(method) ? (method === 'open' ? a[0] : fn!.childForFieldName('value')) : undefined;
  if (!pathArg) return undefined;
  const v = valueOf(pathArg);
  if (!v || (!v.text && !v.generated)) return undefined;
  return { kind: 'file', path: v.text.replace(/^\/+/, ''), line, ...(v.generated ? { generated: true } : {}) };
}

/** Calls in `n`, the receiver chain first (nearest the panic first), then the rest of the statement in order. */
function actionIn(n: Node, root: Node, seen = new Set<number>()): ScriptAction | undefined {
  // The receiver chain: `Command::new(x).arg(…).output().unwrap()`, read from the unwrap inwards.
  for (let cur: Node | null = n; cur;) {
    if (cur.type === 'call_expression') {
      const act = actionOfCall(cur, root);
      if (act) return act;
      const fn = cur.childForFieldName('function');
      cur = fn?.type === 'field_expression' ? fn.childForFieldName('value') : null;
    } else if (cur.type === 'field_expression' || cur.type === 'try_expression' || cur.type === 'await_expression' || cur.type === 'reference_expression') {
      cur = cur.type === 'field_expression' ? cur.childForFieldName('value') : (named(cur)[0] ?? null);
    } else if (cur.type === 'identifier' && !seen.has(cur.id)) {
      // `cmd.output().unwrap()` after `let mut cmd = Command::new("git");`
      seen.add(cur.id);
      const def = definitionOf(cur.text, cur);
      return def ? actionIn(def, root, seen) : undefined;
    } else break;
  }
  return undefined;
}

/** Every spawn or open anywhere under `n`, in source order. */
function actionsUnder(n: Node, root: Node): ScriptAction[] {
  const out: ScriptAction[] = [];
  const walk = (x: Node) => {
    if (x.type === 'call_expression') {
      const act = actionOfCall(x, root);
      if (act) out.push(act);
    }
    for (const c of named(x)) walk(c);
  };
  walk(n);
  return out;
}

/**
 * What the build script `text` spawns or opens at the panic's 1-based `line`:`column` (the
 * `unwrap`/`expect` std's Location points at). Undefined when the statement says neither, or
 * says several different things. `ensureParser('rust')` must have run (else undefined).
 */
export function scriptActionAt(text: string, line: number, column: number): ScriptAction | undefined {
  if (!parserReady('rust')) return undefined;
  const tree = parserSync('rust').parse(text);
  if (!tree) return undefined;
  try {
    const root = tree.rootNode;
    const at = root.descendantForPosition({ row: line - 1, column: Math.max(0, column - 1) });
    if (!at || at.startPosition.row > line - 1 || at.endPosition.row < line - 1) return undefined;
    // From the unwrap the panic names: the call it unwraps, then that call's receivers.
    let call: Node | null = at;
    while (call && call.type !== 'call_expression' && call.type !== 'macro_invocation') call = call.parent;
    const fn = call?.type === 'call_expression' ? call.childForFieldName('function') : undefined;
    const recv = fn?.type === 'field_expression' ? fn.childForFieldName('value') : undefined;
    const direct = recv ? actionIn(recv, root) : call ? actionIn(call, root) : undefined;
    if (direct) return direct;
    // Otherwise the whole statement, when what it spawns or opens is one thing.
    const stmt = statementOf(at);
    const all = actionsUnder(stmt, root);
    const keys = new Set(all.map((x) => JSON.stringify({ ...x, line: 0 })));
    return keys.size === 1 ? all[0] : undefined;
  } finally {
    tree.delete();
  }
}

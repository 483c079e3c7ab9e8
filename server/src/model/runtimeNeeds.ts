// What a program needs to be given before it can run, from the tree-sitter-rust
// syntax of its sources (the service member and the workspace crates it depends
// on by path): environment variables read with no fallback (`env::var("X")?`,
// `.expect(…)`, `.map_err(…)?`), clap arguments without a default, the fields of
// a config struct read from prefixed variables (envy, config, figment,
// `#[config(env_prefix)]`, envconfig), and a configuration file whose path comes
// from a variable or an argument and is parsed with toml/serde_json/serde_yaml.
// Defaults are carried over (`unwrap_or("x")`, `default_value_t = 3`, a helper
// such as `env_or("APP_PORT", 3000)` whose body falls back to its parameter).
// Each finding keeps its file and line: the module's option descriptions cite them.
//
// Syntax only, per file (scanNeedsFile), then combined across files
// (collectNeeds): helpers and structs are often defined in another module.
import { Query } from 'web-tree-sitter';
import { parserReady, parserSync, type Node } from '../parse/treeSitter';
import { rootLinksInTree, type RootLink } from './rootLinks';
import { compareText } from '../../../shared/src/textOrder';

export interface NeedRef {
  file: string;
  line: number;
}

export type NeedValueType = 'str' | 'int' | 'bool' | 'path';

export interface RuntimeNeed {
  /** `env`: an environment variable; `arg`: a command-line argument (`--rp-id`, or a positional one). */
  kind: 'env' | 'arg';
  /** The variable's name, or the long flag with its dashes (`--rp-id`); positional: the field name. */
  name: string;
  positional?: boolean;
  /** Read as `std::env::args().nth(i)`: it must be argument number i, before any other. */
  argv?: number;
  /** clap's `env = "X"`: the argument can also come from this variable. */
  env?: string;
  /** No default in the code: the program stops (or errors) without it. */
  required: boolean;
  default?: string;
  type: NeedValueType;
  /** `value`: a secret itself (a password, a token); `file`: the path of a file holding one. */
  secret?: 'value' | 'file';
  /** How it was read, for descriptions: `std::env::var(…)?`, `#[arg]`, `envy::prefixed`. */
  via: string;
  /** The doc comment or help text the code gives it. */
  help?: string;
  at: NeedRef;
}

export interface ConfigFileNeed {
  format: 'toml' | 'json' | 'yaml';
  /** How the program learns the file's path. */
  carrier: { kind: 'env'; name: string } | { kind: 'arg'; flag: string } | { kind: 'argv'; index: number };
  /** The path it uses when given none. */
  default?: string;
  required: boolean;
  /** Where the path is read. */
  at: NeedRef;
  /** Where the file is parsed. */
  parsedAt: NeedRef;
  /** Top-level keys of the struct it is parsed into that have no default. */
  requiredKeys: string[];
  /** A top-level key holding the listen address (`listen = "127.0.0.1:4000"`) or port: the module writes it from its own options. */
  listen?: { key: string; form: 'socket' | 'port' };
}

export interface RuntimeNeeds {
  items: RuntimeNeed[];
  /** Root-absolute links and redirects in the Rust sources. */
  links: RootLink[];
  configFile?: ConfigFileNeed;
  notes: string[];
}

// ---------------------------------------------------------------- per file

type Chain = { kind: 'required' } | { kind: 'default'; value?: string; param?: string } | { kind: 'optional' } | { kind: 'propagated' } | { kind: 'unknown' };

interface EnvCall {
  name?: string;
  /** The argument is an identifier: a const, or the parameter of a helper. */
  ident?: string;
  chain: Chain;
  fn?: { name: string; params: string[] };
  line: number;
  test: boolean;
}

interface HelperCall {
  fn: string;
  args: { text: string; value?: string }[];
  chain: Chain;
  line: number;
  test: boolean;
}

interface FieldInfo {
  name: string;
  type: string;
  attrs: string[];
  doc?: string;
  line: number;
}

interface StructInfo {
  name: string;
  attrs: string[];
  fields: FieldInfo[];
  line: number;
}

interface BuilderArg {
  id: string;
  long?: string;
  short: boolean;
  env?: string;
  required: boolean;
  default?: string;
  flag: boolean;
  help?: string;
  line: number;
}

interface PrefixedRead {
  prefix: string;
  type?: string;
  via: string;
  /** Files are layered under the variables (config's File::, figment's Toml::file): fields need not come from the environment. */
  withFiles: boolean;
  line: number;
}

interface ConfigParse {
  format: ConfigFileNeed['format'];
  type?: string;
  /** The enclosing function's text mentions a configuration path (or it is named like a loader). */
  configish: boolean;
  line: number;
}

export interface NeedsFileScan {
  path: string;
  consts: Map<string, string>;
  envCalls: EnvCall[];
  calls: HelperCall[];
  structs: StructInfo[];
  builderArgs: BuilderArg[];
  prefixed: PrefixedRead[];
  parses: ConfigParse[];
  /** `.extract::<T>()`, `.try_deserialize::<T>()`: the type a layered configuration becomes. */
  extracts: string[];
  /** Links and redirects to the site root (rootLinks.ts), read from the same tree. */
  links: RootLink[];
  /** `std::env::args().nth(1).expect("usage: x <config>")`: hand-read positional arguments. */
  argv: { index: number; name?: string; chain: Chain; line: number; test: boolean }[];
}

let query: Query | undefined;
function needsQuery(): Query {
  query ??= new Query(
    parserSync('rust').language!,
    `
    (call_expression) @call
    (struct_item) @struct
    (const_item) @const
    (static_item) @const
    (attribute_item) @attr
    (inner_attribute_item) @iattr
  `,
  );
  return query;
}

function stringValue(n: Node | null | undefined): string | undefined {
  if (!n) return undefined;
  if (n.type === 'raw_string_literal') return /^r(#*)"([\s\S]*)"\1$/.exec(n.text)?.[2];
  if (n.type !== 'string_literal') return undefined;
  const m = /^"([\s\S]*)"$/.exec(n.text);
  return m?.[1]!.replace(/\\(["\\nt0r])/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r', '0': '\0' })[c] ?? c);
}

/** A literal default as text: `"x"`, `"x".to_string()`, `String::from("x")`, `3000`, `true`. */
function literalOf(n: Node | null | undefined, consts?: Map<string, string>): string | undefined {
  if (!n) return undefined;
  const s = stringValue(n);
  if (s !== undefined) return s;
  if (n.type === 'integer_literal') return n.text.replace(/_/g, '').replace(/[iu](8|16|32|64|128|size)$/, '');
  if (n.type === 'boolean_literal') return n.text;
  if (n.type === 'identifier' && consts?.has(n.text)) return consts.get(n.text);
  if (n.type === 'call_expression') {
    const fn = n.childForFieldName('function');
    const a = n.childForFieldName('arguments')?.namedChildren.filter((c): c is Node => !!c) ?? [];
    if (fn?.type === 'field_expression' && /^(to_string|to_owned|into|parse|unwrap|as_str|clone)$/.test(fn.childForFieldName('field')?.text ?? ''))
      return literalOf(fn.childForFieldName('value'), consts);
    if (fn && /(^|::)(from|new)$/.test(fn.text) && a.length === 1) return literalOf(a[0], consts);
  }
  if (n.type === 'closure_expression') return literalOf(n.childForFieldName('body'), consts);
  if (n.type === 'block') {
    const kids = n.namedChildren.filter((c): c is Node => !!c && !/comment/.test(c.type));
    return kids.length === 1 ? literalOf(kids[0], consts) : undefined;
  }
  if (n.type === 'parenthesized_expression' || n.type === 'reference_expression') return literalOf(n.namedChildren.at(-1), consts);
  return undefined;
}

/** Identifiers used anywhere under a node. */
function identsUnder(n: Node): Set<string> {
  const out = new Set<string>();
  const walk = (x: Node) => {
    if (x.type === 'identifier') out.add(x.text);
    for (const c of x.namedChildren) if (c) walk(c);
  };
  walk(n);
  return out;
}

/** `panic!`, `process::exit`, `return Err(…)`, `unreachable!`: the arm stops the program, so the variable is required. */
const STOPS = /^(panic!|unreachable!|todo!|unimplemented!|std::process::exit|process::exit|exit\(|return\s+Err|Err\(|bail!|anyhow::bail!|eyre::bail!)/;

/** What happens to an `env::var(…)` result on its way up the expression: the first decisive step wins. */
function classify(call: Node, params: string[], consts: Map<string, string>): Chain {
  let node = call;
  let sawOk = false;
  for (let i = 0; i < 12; i++) {
    const p = node.parent;
    if (!p) break;
    if (p.type === 'field_expression' && p.childForFieldName('value')?.id === node.id) {
      const method = p.childForFieldName('field')?.text ?? '';
      const mcall = p.parent?.type === 'call_expression' ? p.parent : undefined;
      const args = mcall?.childForFieldName('arguments')?.namedChildren.filter((c): c is Node => !!c && !/comment/.test(c.type)) ?? [];
      if (/^(unwrap|expect)$/.test(method)) return { kind: 'required' };
      if (/^(unwrap_or|unwrap_or_else|map_or|map_or_else|or|or_else)$/.test(method)) {
        const arg = args[0];
        if (arg && arg.type === 'closure_expression') {
          const body = arg.childForFieldName('body');
          if (body && STOPS.test(body.text.replace(/^\{\s*/, ''))) return { kind: 'required' };
        }
        const value = literalOf(arg, consts);
        const param = arg ? [...identsUnder(arg)].find((x) => params.includes(x)) : undefined;
        return { kind: 'default', value, param };
      }
      if (method === 'unwrap_or_default') return { kind: 'default', value: '' };
      if (/^(is_ok|is_err|is_some|is_none)$/.test(method)) return { kind: 'optional' };
      if (method === 'ok') sawOk = true;
      if (!mcall) return { kind: 'unknown' };
      node = mcall;
      continue;
    }
    if (p.type === 'try_expression') {
      if (sawOk) return { kind: 'optional' };
      return { kind: 'required' };
    }
    if (p.type === 'await_expression' || p.type === 'parenthesized_expression') {
      node = p;
      continue;
    }
    if (p.type === 'match_expression' && p.childForFieldName('value')?.id === node.id) {
      const arms = p.childForFieldName('body')?.namedChildren.filter((c): c is Node => c?.type === 'match_arm') ?? [];
      for (const arm of arms) {
        const pat = arm.childForFieldName('pattern')?.text ?? '';
        if (/^(Err|None|_)\b/.test(pat.replace(/^\s*/, '')) || /^(Err|None)\(/.test(pat)) {
          const v = arm.childForFieldName('value');
          if (!v || STOPS.test(v.text.replace(/^\{\s*/, '')) || /\b(panic!|process::exit|bail!)/.test(v.text)) return { kind: 'required' };
          const param = [...identsUnder(v)].find((x) => params.includes(x));
          return { kind: 'default', value: literalOf(v, consts), param };
        }
      }
      return { kind: 'unknown' };
    }
    if (p.type === 'let_condition' || p.type === 'let_chain') return { kind: 'optional' };
    if (p.type === 'return_expression') return { kind: 'propagated' };
    if (p.type === 'block' && p.parent?.type === 'function_item' && p.lastNamedChild?.id === node.id) return { kind: 'propagated' };
    if (p.type === 'expression_statement' && p.parent?.type === 'block' && p.parent.parent?.type === 'function_item' && p.parent.lastNamedChild?.id === p.id && !p.text.endsWith(';'))
      return { kind: 'propagated' };
    return sawOk ? { kind: 'optional' } : { kind: 'unknown' };
  }
  return { kind: 'unknown' };
}

function enclosingFn(n: Node): Node | undefined {
  for (let p = n.parent; p; p = p.parent) if (p.type === 'function_item') return p;
  return undefined;
}

function fnParams(fn: Node): string[] {
  return (fn.childForFieldName('parameters')?.namedChildren ?? []).filter((c): c is Node => c?.type === 'parameter').map((c) => c.childForFieldName('pattern')?.text.replace(/^mut\s+/, '') ?? '');
}

const ENV_FN = /^(?:::)?(?:std::)?(?:env|dotenvy?)::var(?:_os)?$/;
const PARSERS: [RegExp, ConfigParse['format']][] = [
  [/^(?:::)?(?:toml::(?:de::)?from_str|toml::from_slice|basic_toml::from_str)$/, 'toml'],
  [/^(?:::)?(?:serde_json::(?:from_str|from_reader|from_slice|from_value))$/, 'json'],
  [/^(?:::)?(?:serde_ya?ml::(?:from_str|from_reader|from_slice))$/, 'yaml'],
  [/^(?:::)?(?:(?:figment::providers::)?Toml::file|(?:config::)?FileFormat::Toml)$/, 'toml'],
  [/^(?:::)?(?:(?:figment::providers::)?Json::file)$/, 'json'],
  [/^(?:::)?(?:(?:figment::providers::)?Yaml::file)$/, 'yaml'],
];

function isTestAttr(text: string): boolean {
  const t = text.replace(/\s+/g, '');
  if (/^#\[(?:[\w]+::)*test(?:\(|\])/.test(t)) return true;
  const cfg = /^#\[cfg\((.*)\)\]$/.exec(t)?.[1];
  return !!cfg && /(^|[(,])test([),]|$)/.test(cfg) && !/not\(test\)/.test(cfg);
}

/** The turbofish or `let x: T =` type a deserialising call produces. */
function targetType(call: Node): string | undefined {
  const turbo = /::<\s*(?:\w+::)*([A-Z]\w*)\s*(?:,|>)/.exec(call.text);
  if (turbo) return turbo[1] === 'Self' ? implType(call) : turbo[1];
  for (let p = call.parent, i = 0; p && i < 8; p = p.parent, i++) {
    if (p.type === 'let_declaration') {
      const t = p.childForFieldName('type')?.text.replace(/^(?:\w+::)+/, '');
      return t && /^[A-Z]\w*$/.test(t) ? t : undefined;
    }
    if (p.type === 'function_item') {
      const r = p.childForFieldName('return_type')?.text ?? '';
      return /^(?:\w+::)*Result<\s*([A-Z]\w*)/.exec(r)?.[1] ?? (/^[A-Z]\w*$/.test(r) && r !== 'Self' ? r : undefined);
    }
  }
  return undefined;
}

/** The type of the `impl T` (or `#[implement(T)]` function) around a node: what `Self` is. */
function implType(n: Node): string | undefined {
  for (let p = n.parent; p; p = p.parent) {
    if (p.type === 'impl_item')
      return p
        .childForFieldName('type')
        ?.text.replace(/<.*$/, '')
        .replace(/^(?:\w+::)+/, '');
    if (p.type === 'function_item') {
      for (let a = p.previousNamedSibling; a?.type === 'attribute_item'; a = a.previousNamedSibling) {
        const m = /#\[\s*implement\s*\(\s*(?:\w+::)*([A-Z]\w*)/.exec(a.text);
        if (m) return m[1];
      }
    }
  }
  return undefined;
}

/** Reads one Rust file; `ensureParser('rust')` must have run. */
export function scanNeedsFile(path: string, text: string): NeedsFileScan {
  if (!parserReady('rust')) throw new Error("the Rust parser is not loaded: await ensureParser('rust') before reading Rust sources");
  const out: NeedsFileScan = { path, consts: new Map(), envCalls: [], calls: [], structs: [], builderArgs: [], prefixed: [], parses: [], extracts: [], links: [], argv: [] };
  const tree = parserSync('rust').parse(text);
  if (!tree) return out;
  const caps = needsQuery().captures(tree.rootNode);
  const testRanges: [number, number][] = [];
  for (const c of caps) {
    if (c.name === 'attr' && isTestAttr(c.node.text)) {
      let item = c.node.nextNamedSibling;
      while (item && /attribute_item|comment/.test(item.type)) item = item.nextNamedSibling;
      if (item) testRanges.push([item.startIndex, item.endIndex]);
    } else if (c.name === 'iattr' && isTestAttr(c.node.text.replace(/^#!/, '#'))) testRanges.push([0, text.length]);
  }
  const inTest = (n: Node) => testRanges.some(([a, b]) => n.startIndex >= a && n.startIndex < b);
  const line = (n: Node) => n.startPosition.row + 1;
  for (const c of caps) {
    if (c.name !== 'const') continue;
    const name = c.node.childForFieldName('name')?.text;
    const v = literalOf(c.node.childForFieldName('value'));
    if (name && v !== undefined) out.consts.set(name, v);
  }
  for (const c of caps) {
    const n = c.node;
    if (c.name === 'struct') {
      const s = structInfo(n);
      if (s && !inTest(n)) out.structs.push(s);
      continue;
    }
    if (c.name !== 'call') continue;
    const fnNode = n.childForFieldName('function');
    if (!fnNode) continue;
    const fnText = fnNode.text.replace(/\s+/g, '');
    const args = n.childForFieldName('arguments')?.namedChildren.filter((x): x is Node => !!x && !/comment/.test(x.type)) ?? [];
    const test = inTest(n);
    if (ENV_FN.test(fnText)) {
      const a = args[0];
      const fn = enclosingFn(n);
      const params = fn ? fnParams(fn) : [];
      const name = stringValue(a);
      const ident = a?.type === 'identifier' || a?.type === 'scoped_identifier' ? a.text.replace(/^.*::/, '') : undefined;
      out.envCalls.push({
        name,
        ident,
        chain: classify(n, params, out.consts),
        fn: fn ? { name: fn.childForFieldName('name')?.text ?? '', params } : undefined,
        line: line(n),
        test,
      });
      continue;
    }
    const parser = PARSERS.find(([re]) => re.test(fnText.replace(/::<.*$/, '')));
    if (parser) {
      const fn = enclosingFn(n);
      const fnName = fn?.childForFieldName('name')?.text ?? '';
      const body = fn?.text ?? '';
      const type = targetType(n);
      const configish =
        /config|settings|conf\b|cfg/i.test(fnName) ||
        /(^|\/)(config|settings|conf)(\.rs$|\/)/.test(path) ||
        /^(Config|Settings|Conf|Configuration|AppConfig|ServerConfig)$/.test(type ?? '') ||
        /(read_to_string|File::open|fs::read|file)\s*\([^)]*(config|settings|conf|cfg)/i.test(body) ||
        /Toml::file|Json::file|Yaml::file|FileFormat/.test(fnText);
      out.parses.push({ format: parser[1], type, configish, line: line(n) });
      continue;
    }
    // envy::prefixed("APP_").from_env::<Config>(), envy::from_env::<Config>()
    if (/^(?:::)?envy::prefixed$/.test(fnText) || /^(?:::)?envy::from_env(?:::<.*>)?$/.test(fnText)) {
      const prefix = stringValue(args[0]) ?? '';
      let top: Node = n;
      while (top.parent && /^(field_expression|call_expression|try_expression|await_expression)$/.test(top.parent.type)) top = top.parent;
      out.prefixed.push({ prefix, type: targetType(top) ?? targetType(n), via: prefix ? `envy::prefixed(${JSON.stringify(prefix)})` : 'envy::from_env', withFiles: false, line: line(n) });
      continue;
    }
    // config::Environment::with_prefix("APP"), figment's Env::prefixed("APP_")
    if (/^(?:::)?(?:config::)?Environment::with_prefix$/.test(fnText) || /^(?:::)?(?:figment::providers::)?Env::prefixed$/.test(fnText)) {
      const prefix = stringValue(args[0]) ?? '';
      const fn = enclosingFn(n);
      let top: Node = fn ?? n;
      // The statement that builds the configuration holds the target type (`.try_deserialize::<Settings>()`, `let s: Settings = …extract()`).
      for (let p = n.parent; p && p !== fn; p = p.parent) if (/^(let_declaration|expression_statement)$/.test(p.type)) top = p;
      const type =
        /(?:try_deserialize|deserialize|extract)\s*::<\s*(?:\w+::)*([A-Z]\w*)/.exec(top.text)?.[1] ??
        targetType(n) ??
        (top.type === 'let_declaration' ? top.childForFieldName('type')?.text : undefined);
      const config = /^(?:::)?(?:config::)?Environment/.test(fnText);
      const sep = config ? (/\.separator\(\s*"([^"]*)"\s*\)/.exec(top.text)?.[1] ?? '_') : '';
      const withFiles = /\b(File::|Toml::file|Json::file|Yaml::file)/.test(fn?.text ?? top.text);
      out.prefixed.push({
        prefix: config ? `${prefix}${prefix && !prefix.endsWith('_') ? (sep === '_' ? '_' : '_') : ''}` : prefix,
        type,
        via: config ? `config::Environment::with_prefix(${JSON.stringify(prefix)})` : `figment Env::prefixed(${JSON.stringify(prefix)})`,
        withFiles,
        line: line(n),
      });
      continue;
    }
    if (
      fnNode.type === 'field_expression' &&
      fnNode.childForFieldName('field')?.text === 'nth' &&
      /^(?:::)?(?:std::)?env::args(?:_os)?\(\)$/.test(fnNode.childForFieldName('value')?.text.replace(/\s+/g, '') ?? '')
    ) {
      const index = Number(args[0]?.type === 'integer_literal' ? args[0].text : NaN);
      if (Number.isInteger(index) && index > 0) {
        // The usage message names it: `.expect("usage: stats <config>")`.
        let top: Node = n;
        while (top.parent && /^(field_expression|call_expression|try_expression)$/.test(top.parent.type)) top = top.parent;
        const name = /<([A-Za-z][\w-]*)>/.exec(top.text)?.[1];
        out.argv.push({ index, name, chain: classify(n, [], out.consts), line: line(n), test });
      }
      continue;
    }
    const callee = fnNode.type === 'generic_function' ? fnNode.childForFieldName('function') : fnNode;
    if (callee?.type === 'field_expression' && /^(extract|try_deserialize|deserialize)$/.test(callee.childForFieldName('field')?.text ?? '')) {
      const t = /::<\s*(?:\w+::)*([A-Z]\w*)/.exec(n.text)?.[1];
      const resolved = t === 'Self' ? implType(n) : t;
      if (resolved) out.extracts.push(resolved);
    }
    if (/^(?:::)?(?:clap::)?Arg::(?:new|with_name)$/.test(fnText)) {
      const id = stringValue(args[0]);
      if (id) out.builderArgs.push(builderArg(n, id, out.consts));
      continue;
    }
    // A call that might be a helper reading a variable: `env_or("APP_PORT", 3000)`, `required("DB_HOST")?`.
    if ((fnNode.type === 'identifier' || fnNode.type === 'scoped_identifier') && args.length) {
      const first = stringValue(args[0]);
      if (first !== undefined && /^[A-Z][A-Z0-9_]*$/.test(first)) {
        out.calls.push({
          fn: fnText.replace(/^.*::/, '').replace(/::<.*$/, ''),
          args: args.map((x) => ({ text: x.text, value: literalOf(x, out.consts) })),
          chain: classify(n, [], out.consts),
          line: line(n),
          test,
        });
      }
    }
  }
  out.links = rootLinksInTree(path, tree);
  tree.delete();
  return out;
}

function builderArg(newCall: Node, id: string, consts: Map<string, string>): BuilderArg {
  const a: BuilderArg = { id, short: false, required: false, flag: false, line: newCall.startPosition.row + 1 };
  let node = newCall;
  for (let i = 0; i < 40; i++) {
    const p = node.parent;
    if (p?.type !== 'field_expression' || p.parent?.type !== 'call_expression') break;
    const method = p.childForFieldName('field')?.text ?? '';
    const call = p.parent;
    const arg = call.childForFieldName('arguments')?.namedChildren.find((c): c is Node => !!c && !/comment/.test(c.type));
    const v = literalOf(arg, consts);
    if (method === 'long') a.long = v;
    else if (method === 'short') a.short = true;
    else if (method === 'env') a.env = v;
    else if (method === 'required') a.required = v === 'true';
    else if (/^default_values?$/.test(method)) a.default = v ?? arg?.text;
    else if (method === 'help' || method === 'long_help') a.help ??= v;
    else if (method === 'action' && /SetTrue|SetFalse|Count|Help|Version/.test(arg?.text ?? '')) a.flag = true;
    else if (method === 'takes_value' && v === 'false') a.flag = true;
    node = call;
  }
  return a;
}

function structInfo(n: Node): StructInfo | undefined {
  const name = n.childForFieldName('name')?.text;
  const body = n.childForFieldName('body');
  if (!name || body?.type !== 'field_declaration_list') return undefined;
  const attrs: string[] = [];
  for (let p = n.previousNamedSibling; p && /attribute_item|comment/.test(p.type); p = p.previousNamedSibling) if (p.type === 'attribute_item') attrs.unshift(p.text);
  const fields: FieldInfo[] = [];
  let pendingAttrs: string[] = [];
  let pendingDoc: string[] = [];
  for (const c of body.namedChildren) {
    if (!c) continue;
    if (c.type === 'attribute_item') pendingAttrs.push(c.text);
    else if (c.type === 'line_comment' && c.childForFieldName('doc')) pendingDoc.push(c.childForFieldName('doc')!.text.trim());
    else if (c.type === 'field_declaration') {
      const fname = c.childForFieldName('name')?.text ?? '';
      const type = c.childForFieldName('type')?.text.replace(/\s+/g, '') ?? '';
      const doc = pendingAttrs.map((x) => /^#\[doc\s*=\s*"([^"]*)"\]$/.exec(x)?.[1]).find(Boolean) ?? pendingDoc.join(' ');
      fields.push({ name: fname, type, attrs: pendingAttrs, doc: doc || undefined, line: c.startPosition.row + 1 });
      pendingAttrs = [];
      pendingDoc = [];
    }
  }
  return { name, attrs, fields, line: n.startPosition.row + 1 };
}

// ---------------------------------------------------------------- combining

/** Variables the system, systemd or a CI runner sets: never the person's to configure. */
const PROVIDED =
  /^(PATH|HOME|USER|LOGNAME|SHELL|TERM|PWD|OLDPWD|TMPDIR|TMP|TEMP|LANG|LANGUAGE|HOSTNAME|EDITOR|VISUAL|PAGER|NO_COLOR|CI|TZ|DISPLAY|WAYLAND_DISPLAY|DBUS_SESSION_BUS_ADDRESS|SSH_AUTH_SOCK|CREDENTIALS_DIRECTORY|STATE_DIRECTORY|RUNTIME_DIRECTORY|CACHE_DIRECTORY|LOGS_DIRECTORY|CONFIGURATION_DIRECTORY|INVOCATION_ID|NOTIFY_SOCKET|LISTEN_FDS|LISTEN_PID|LISTEN_FDNAMES|JOURNAL_STREAM|WATCHDOG_USEC|WATCHDOG_PID|MAINPID|OUT_DIR|TARGET|HOST|PROFILE|NUM_JOBS|OPT_LEVEL|DEBUG|RUSTC|RUSTDOC|RUSTFLAGS|LD_LIBRARY_PATH|NIX_[A-Z_]+|LC_[A-Z_]+|XDG_[A-Z_]+|CARGO_[A-Z0-9_]+|GITHUB_[A-Z_]+|ACTIONS_[A-Z_]+|RUNNER_[A-Z_]+|GITLAB_[A-Z_]+|CI_[A-Z_]+|BUILDKITE_[A-Z_]+)$/;

const SECRET_WORD = /(^|[_-])(password|passwd|pass|secret|token|key|apikey|credentials?|private)([_-]|$)/i;
const FILE_WORD = /(^|[_-])(file|path)$/i;

/** Whether a setting holds a secret (`value`) or names a file holding one (`file`). */
export function secretKind(name: string, type?: string): RuntimeNeed['secret'] {
  const n = name.replace(/^-+/, '').replace(/([a-z0-9])([A-Z])/g, '$1_$2');
  if (!SECRET_WORD.test(n)) return undefined;
  if (FILE_WORD.test(n) || (type !== undefined && /\bPathBuf\b|\bPath\b/.test(type))) return 'file';
  // `*_KEY_ID`, `PUBLIC_KEY`: names, not secrets.
  if (/(^|[_-])(public|id|name|size|len|length|prefix|header|expiry|ttl|max|min)$/i.test(n) || /(^|[_-])public([_-])/i.test(n)) return undefined;
  return 'value';
}

function typeFor(name: string, def: string | undefined, rustType?: string): NeedValueType {
  if (rustType !== undefined) {
    if (/^(u8|u16|u32|u64|usize|i8|i16|i32|i64|isize)$/.test(rustType)) return 'int';
    if (rustType === 'bool') return 'bool';
    if (/PathBuf|Path\b/.test(rustType)) return 'path';
  }
  if (def !== undefined && /^-?\d+$/.test(def)) return 'int';
  if (def === 'true' || def === 'false') return 'bool';
  if (/(^|[_-])(DIR|DIRECTORY|PATH|FOLDER|ROOT)$/i.test(name.replace(/^-+/, ''))) return 'path';
  return 'str';
}

const unwrapOption = (t: string) => /^(?:std::option::)?Option<(.*)>$/.exec(t)?.[1];

interface ClapOpts {
  /** A default of any kind, literal or computed. */
  hasDefault?: boolean;
  long?: string;
  short: boolean;
  env?: string;
  default?: string;
  required?: boolean;
  flag: boolean;
  skip: boolean;
}

/** The contents of `#[arg(…)]`/`#[clap(…)]`/`#[structopt(…)]` on a field. */
function clapOpts(field: FieldInfo, consts?: Map<string, string>): ClapOpts | undefined {
  const bodies = field.attrs.map((a) => /^#\[\s*(?:arg|clap|structopt|command)\s*\(([\s\S]*)\)\s*\]$/.exec(a)?.[1]).filter((x): x is string => x !== undefined);
  const text = bodies.join(',');
  const o: ClapOpts = { short: false, flag: false, skip: false };
  if (/(^|[,\s])(flatten|subcommand|skip)\b/.test(text)) o.skip = true;
  const long = /(?:^|[,\s(])long\s*(?:=\s*"([^"]*)")?/.exec(text);
  if (long) o.long = long[1] ?? field.name.replace(/^r#/, '').replace(/_/g, '-');
  o.short = /(?:^|[,\s(])short\b/.test(text);
  const env = /(?:^|[,\s(])env\s*(?:=\s*"([^"]*)")?/.exec(text);
  if (env) o.env = env[1] ?? field.name.toUpperCase();
  const def = /default_value(?:_t|_os|s_t|s)?\s*(?:=\s*("(?:[^"\\]|\\.)*"|[^,)]+))?/.exec(text);
  if (def) {
    o.hasDefault = true;
    const v = def[1]?.trim();
    // Only a literal default is carried over (`available_parallelism()` is the program's to compute).
    o.default = v === undefined ? undefined : v.startsWith('"') ? v.slice(1, -1) : /^-?[\d_]+(\.\d+)?$|^(true|false)$/.test(v) ? v.replace(/_/g, '') : consts?.get(v.replace(/^.*::/, ''));
  }
  if (/required\s*=\s*true/.test(text)) o.required = true;
  if (/required\s*=\s*false/.test(text)) o.required = false;
  if (/ArgAction::(SetTrue|SetFalse|Count)|action\s*=\s*clap::ArgAction::(SetTrue|SetFalse|Count)|parse\(from_occurrences\)/.test(text)) o.flag = true;
  return o;
}

const isClapStruct = (s: StructInfo) =>
  s.attrs.some((a) => /derive\([^)]*\b(Parser|Args|StructOpt|FromArgs)\b/.test(a)) || s.fields.some((f) => f.attrs.some((a) => /^#\[\s*(arg|clap|structopt)\s*\(/.test(a)));

/** Does a serde/config attribute give the field a default? */
const hasDefault = (f: FieldInfo, s?: StructInfo) =>
  f.attrs.some((a) => /\bdefault\b/.test(a) && !/^#\[\s*cfg_attr\s*\(\s*test\b/.test(a)) || unwrapOption(f.type) !== undefined || !!s?.attrs.some((a) => /#\[\s*serde\s*\([^\]]*\bdefault\b/.test(a));

/**
 * Combines the per-file scans: resolves consts and helpers across files, reads
 * the structs behind clap, envy/config/figment prefixes and config files, and
 * drops what the caller wires already (`wired`: the port and address settings).
 */
export function collectNeeds(scans: NeedsFileScan[], wired: { env: string[]; flags: string[] } = { env: [], flags: [] }): RuntimeNeeds {
  const notes: string[] = [];
  const consts = new Map<string, string>();
  for (const s of scans) for (const [k, v] of s.consts) consts.set(k, v);
  const structs = new Map<string, { s: StructInfo; file: string }>();
  for (const sc of scans) for (const s of sc.structs) if (!structs.has(s.name)) structs.set(s.name, { s, file: sc.path });
  const items: RuntimeNeed[] = [];
  const add = (n: RuntimeNeed) => {
    const prev = items.find((x) => x.kind === n.kind && x.name === n.name);
    if (!prev) items.push(n);
    // The same variable read twice: required wins, the first default stays.
    else if (n.required && !prev.required) Object.assign(prev, { required: true, at: n.at, via: n.via });
  };

  // Helpers: functions whose env::var argument is their own parameter.
  const helpers = new Map<string, { nameParam: number; chain: Chain; defaultParam?: number }>();
  for (const sc of scans)
    for (const e of sc.envCalls) {
      if (!e.fn || e.name !== undefined || !e.ident) continue;
      const idx = e.fn.params.indexOf(e.ident);
      if (idx < 0) continue;
      const def = e.chain.kind === 'default' && e.chain.param ? e.fn.params.indexOf(e.chain.param) : -1;
      helpers.set(e.fn.name, { nameParam: idx, chain: e.chain, defaultParam: def >= 0 ? def : undefined });
    }

  const decide = (chain: Chain): { required: boolean; default?: string } | undefined => {
    if (chain.kind === 'required') return { required: true };
    if (chain.kind === 'default') return chain.value !== undefined ? { required: false, default: chain.value } : undefined;
    return undefined;
  };

  for (const sc of scans) {
    for (const e of sc.envCalls) {
      if (e.test) continue;
      const name = e.name ?? (e.ident ? consts.get(e.ident) : undefined);
      if (!name || !/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) continue;
      const d = decide(e.chain);
      if (!d) continue;
      const via = `std::env::var(${JSON.stringify(name)})${d.required ? (e.chain.kind === 'required' ? ' with no fallback' : '') : ` with the fallback ${JSON.stringify(d.default)}`}`;
      add({ kind: 'env', name, required: d.required, default: d.default, type: typeFor(name, d.default), secret: secretKind(name), via, at: { file: sc.path, line: e.line } });
    }
    for (const c of sc.calls) {
      if (c.test) continue;
      const h = helpers.get(c.fn);
      if (!h) continue;
      const name = c.args[h.nameParam]?.value;
      if (!name || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue;
      let d: { required: boolean; default?: string } | undefined;
      if (h.defaultParam !== undefined) {
        const v = c.args[h.defaultParam]?.value;
        d = v !== undefined ? { required: false, default: v } : undefined;
      } else if (h.chain.kind === 'propagated') d = decide(c.chain);
      else d = decide(h.chain);
      if (!d) continue;
      add({
        kind: 'env',
        name,
        required: d.required,
        default: d.default,
        type: typeFor(name, d.default),
        secret: secretKind(name),
        via: `${c.fn}(${JSON.stringify(name)}${d.default !== undefined ? `, ${c.args[h.defaultParam ?? -1]?.text ?? JSON.stringify(d.default)}` : ''}), which reads the variable${d.required ? ' with no fallback' : ''}`,
        at: { file: sc.path, line: c.line },
      });
    }
    for (const a of sc.argv) {
      if (a.test || a.chain.kind !== 'required') continue;
      const name = a.name ?? `arg${a.index}`;
      add({
        kind: 'arg',
        name,
        positional: true,
        argv: a.index,
        required: true,
        type: typeFor(name, undefined),
        secret: secretKind(name),
        via: `std::env::args().nth(${a.index}) with no fallback`,
        at: { file: sc.path, line: a.line },
      });
    }
    // clap builder
    for (const a of sc.builderArgs) {
      if (a.flag || (!a.required && a.default === undefined)) continue;
      const flag = a.long ? `--${a.long}` : a.id;
      add({
        kind: 'arg',
        name: flag,
        positional: !a.long && !a.short ? true : undefined,
        env: a.env,
        required: a.required && a.default === undefined,
        default: a.default,
        type: typeFor(a.id, a.default),
        secret: secretKind(a.long ?? a.id),
        via: `clap Arg::new(${JSON.stringify(a.id)})${a.required ? '.required(true)' : `.default_value(${JSON.stringify(a.default)})`}`,
        help: a.help,
        at: { file: sc.path, line: a.line },
      });
    }
    // clap derive
    for (const s of sc.structs) {
      if (!isClapStruct(s)) continue;
      for (const f of s.fields) {
        const o = clapOpts(f, consts);
        if (!o || o.skip || o.flag) continue;
        const inner = unwrapOption(f.type);
        const isVec = /^Vec</.test(f.type);
        if (f.type === 'bool' && o.required !== true) continue;
        const required = o.required ?? (inner === undefined && !isVec && !o.hasDefault);
        if (!required && (o.default === undefined || o.default === '')) continue;
        if (!/^[A-Za-z]/.test(f.name)) continue;
        const positional = !o.long && !o.short;
        const name = o.long ? `--${o.long}` : f.name;
        add({
          kind: 'arg',
          name,
          positional: positional || undefined,
          env: o.env,
          required,
          default: required ? undefined : o.default,
          type: typeFor(f.name, o.default, inner ?? f.type),
          secret: secretKind(f.name, inner ?? f.type),
          via: `clap #[arg] field ${s.name}.${f.name}${required ? ' with no default' : ''}`,
          help: f.doc,
          at: { file: sc.path, line: f.line },
        });
      }
    }
    // Struct attributes naming an env prefix (`#[config(env_prefix = "app")]`), per-field `env = "X"` (confique) and envconfig's `from`.
    for (const s of sc.structs) {
      if (isClapStruct(s)) continue;
      const prefixAttr = s.attrs.map((a) => /env_prefix\s*=\s*"([^"]*)"/.exec(a)?.[1]).find((x) => x !== undefined);
      for (const f of s.fields) {
        const fieldEnv = f.attrs.map((a) => /#\[\s*(?:config|envconfig|env)\s*\([^\]]*?\b(?:env|from)\s*=\s*"([^"]+)"/.exec(a)?.[1]).find((x) => x !== undefined);
        if (prefixAttr === undefined && fieldEnv === undefined) continue;
        if (f.attrs.some((a) => /\bnested\b/.test(a))) continue;
        const name = fieldEnv ?? `${prefixAttr!.toUpperCase().replace(/_?$/, '_')}${f.name.toUpperCase()}`;
        const defAttr = f.attrs.map((a) => /\bdefault\s*=\s*("(?:[^"\\]|\\.)*"|[^,)\]]+)/.exec(a)?.[1]).find((x) => x !== undefined);
        const def = defAttr?.startsWith('"') ? defAttr.slice(1, -1) : defAttr?.trim();
        const required = !hasDefault(f, s);
        if (!required && def === undefined) continue;
        add({
          kind: 'env',
          name,
          required,
          default: required ? undefined : def,
          type: typeFor(name, def, unwrapOption(f.type) ?? f.type),
          secret: secretKind(name, f.type),
          via: `${s.name}.${f.name}${fieldEnv ? '' : ` under env_prefix ${JSON.stringify(prefixAttr)}`}${required ? ' with no default' : ''}`,
          help: f.doc,
          at: { file: sc.path, line: f.line },
        });
      }
    }
    for (const p of sc.prefixed) {
      // A prefix held in a variable (`Env::prefixed(prefix)`) names nothing Nixify can read.
      if (p.prefix === '' && !p.via.startsWith('envy::from_env')) continue;
      // Layered over a configuration file parsed in the same file: each field may come from the file.
      if (p.withFiles || sc.parses.some((x) => x.configish)) continue;
      const t = structs.get(p.type ?? sc.extracts[0] ?? '');
      if (!t) {
        notes.push(`${sc.path}:${p.line}: ${p.via} reads settings from the environment into a type Nixify could not find; its variables are not module options (set them in environment).`);
        continue;
      }
      for (const f of t.s.fields) {
        const name = `${p.prefix}${f.name}`.toUpperCase();
        const required = !hasDefault(f, t.s);
        if (!required) continue;
        add({
          kind: 'env',
          name,
          required,
          type: typeFor(name, undefined, f.type),
          secret: secretKind(name, f.type),
          via: `${p.via} into ${t.s.name}.${f.name} (${t.file}:${f.line}), a field with no default`,
          help: f.doc,
          at: { file: sc.path, line: p.line },
        });
      }
    }
  }

  // A configuration file: a setting named like one, and a parse of toml/json/yaml near a config path.
  let configFile: ConfigFileNeed | undefined;
  const parses = scans.flatMap((sc) => sc.parses.filter((p) => p.configish).map((p) => ({ ...p, file: sc.path })));
  const carrierIdx = items.findIndex(
    (i) => /(^|[_-])(config|conf|settings|cfg)([_-](file|path))?$/i.test(i.name.replace(/^-+/, '')) || /(^|[_-])(config|settings)[_-](file|path)$/i.test(i.name.replace(/^-+/, '')),
  );
  // Optional config arguments (Option<PathBuf>) are not in items; look at clap fields again for them.
  const optionalCarrier = carrierIdx < 0 ? configCarrierField(scans) : undefined;
  if (parses.length && (carrierIdx >= 0 || optionalCarrier)) {
    const order = { toml: 0, yaml: 1, json: 2 };
    const parse = [...parses].sort((a, b) => order[a.format] - order[b.format])[0]!;
    const c = carrierIdx >= 0 ? items[carrierIdx]! : optionalCarrier!;
    if (carrierIdx >= 0) items.splice(carrierIdx, 1);
    // figment/config: the file is one layer; the type comes from `.extract::<T>()` in the same file (else anywhere).
    const layered = scans.find((sc) => sc.path === parse.file)?.extracts[0] ?? scans.flatMap((sc) => sc.extracts)[0];
    const t = structs.get(parse.type ?? layered ?? '');
    configFile = {
      format: parse.format,
      carrier: c.kind === 'env' ? { kind: 'env', name: c.name } : c.argv !== undefined ? { kind: 'argv', index: c.argv } : { kind: 'arg', flag: c.name },
      default: c.default,
      required: c.required,
      at: c.at,
      parsedAt: { file: parse.file, line: parse.line },
      requiredKeys: t ? t.s.fields.filter((f) => !hasDefault(f, t.s) && !f.attrs.some((a) => /\bflatten\b/.test(a))).map((f) => renamed(f)) : [],
      listen: t ? listenKey(t.s) : undefined,
    };
  }
  const wiredEnv = new Set(wired.env);
  for (let i = items.length - 1; i >= 0; i--) if (items[i]!.kind === 'env' && PROVIDED.test(items[i]!.name)) items.splice(i, 1);
  const wiredFlags = new Set(wired.flags);
  const kept = items.filter((i) => !(i.kind === 'env' ? wiredEnv.has(i.name) : wiredFlags.has(i.name) || (i.env && wiredEnv.has(i.env))));
  kept.sort((a, b) => compareText(a.at.file, b.at.file) || a.at.line - b.at.line);
  return { items: kept, configFile, notes: [...new Set(notes)], links: scans.flatMap((sc) => sc.links) };
}

/** The field of a configuration struct that holds where the program listens. */
function listenKey(s: StructInfo): ConfigFileNeed['listen'] {
  for (const f of s.fields) {
    const n = f.name.toLowerCase();
    const t = unwrapOption(f.type) ?? f.type;
    if (/^(listen|bind|addr|address|listen_addr|listen_address|bind_addr|bind_address|socket_addr|http_addr|server_addr)$/.test(n) && /String|SocketAddr|str/.test(t))
      return { key: renamed(f), form: 'socket' };
    if (/^(port|http_port|listen_port|server_port)$/.test(n) && /^u16|u32|usize|i32|i64|u64$/.test(t)) return { key: renamed(f), form: 'port' };
  }
  return undefined;
}

/** `#[serde(rename = "x")]` or the field name. */
function renamed(f: FieldInfo): string {
  return f.attrs.map((a) => /rename\s*=\s*"([^"]+)"/.exec(a)?.[1]).find(Boolean) ?? f.name;
}

/** A clap field named like a config path even when optional (`config: Option<PathBuf>`). */
function configCarrierField(scans: NeedsFileScan[]): RuntimeNeed | undefined {
  for (const sc of scans)
    for (const s of sc.structs) {
      if (!isClapStruct(s)) continue;
      for (const f of s.fields) {
        const o = clapOpts(f);
        if (!o?.long || o.skip || !/^(config|conf|settings|cfg)([_-](file|path))?$/i.test(o.long)) continue;
        return { kind: 'arg', name: `--${o.long}`, env: o.env, required: false, default: o.default, type: 'path', via: `clap #[arg] field ${s.name}.${f.name}`, at: { file: sc.path, line: f.line } };
      }
    }
  for (const sc of scans)
    for (const e of sc.envCalls) {
      if (e.test || !e.name || !/(^|_)(CONFIG|CONF|SETTINGS|CFG)(_(FILE|PATH))?$/.test(e.name)) continue;
      if (e.chain.kind === 'unknown' || e.chain.kind === 'optional' || e.chain.kind === 'default')
        return { kind: 'env', name: e.name, required: false, default: e.chain.kind === 'default' ? e.chain.value : undefined, type: 'path', via: 'std::env::var', at: { file: sc.path, line: e.line } };
    }
  return undefined;
}

/**
 * Files that cannot hold anything scanNeedsFile looks for are not parsed: on a
 * large server (4 MB of Rust) most files are handlers and models. The pattern
 * lists every token the scan starts from; a helper call shows as `("UPPER_CASE"`.
 */
const MAY_NEED =
  /env::var|env::args|var_os|dotenv|#\[\s*(?:arg|clap|structopt|command|config|envconfig|serde)\b|Arg::|env_prefix|envy::|Environment::|Env::|from_str|from_reader|from_slice|::file\s*\(|FileFormat|Deserialize|Parser|extract|deserialize|\(\s*"[A-Z][A-Z0-9_]+"|href|src\s*=|action\s*=|[Rr]edirect|html!/;

/** Scans and combines the given sources. */
export function analyzeNeeds(files: { path: string; text: string }[], wired?: { env: string[]; flags: string[] }): RuntimeNeeds {
  return collectNeeds(
    files.filter((f) => MAY_NEED.test(f.text)).map((f) => scanNeedsFile(f.path, f.text)),
    wired,
  );
}

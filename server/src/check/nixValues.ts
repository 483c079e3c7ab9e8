// Evaluation-aware reading of a builder call's arguments, for checks: what a
// derivation really receives once `let` bindings, `inherit`, `//` merges
// (crane's `commonArgs // { … }`), `with pkgs;`, `lib.optional(s)` and
// `if … then … else` are followed — without evaluating Nix. Whatever cannot be
// followed (a function argument, an overlay's `prev.x`, `old.buildInputs` in
// overrideAttrs, a helper function's result) makes the reading *incomplete*,
// with the reason, so checks say "cannot see" instead of "missing".
// The Nix model (model/nix.ts) finds the calls; this module reads them deeper.
import { nodeRange, parserSync, type Node } from '../parse/treeSitter';
import type { BuilderCall } from '../model/nixTypes';
import { binaryOp } from '../model/nix';
import type { Range } from '../model/types';

const named = (n: Node | null | undefined): Node[] => (n ? (n.namedChildren.filter(Boolean) as Node[]) : []);
const MAX_DEPTH = 24;

function unparen(n: Node | null | undefined): Node | undefined {
  while (n && n.type === 'parenthesized_expression') n = n.childForFieldName('expression') ?? named(n)[0];
  return n ?? undefined;
}

const attrText = (a: Node) => (a.type === 'string_expression' ? a.text.slice(1, -1) : a.text);

/** One input as written, and the nixpkgs attribute it stands for. */
export interface InputItem {
  text: string;
  /** Normalised attribute: `pkgs.openssl.dev` → `openssl`, `lib.getDev curl` → `curl`. */
  attr: string;
  range: Range;
  /** Behind `lib.optional(s)` or an `if`: declared, but only under a condition. */
  conditional: boolean;
}

export interface ReadList {
  items: InputItem[];
  /** False when a part of the list could not be followed. */
  complete: boolean;
  /** Why not complete, in words ("`buildInputs` is a function argument"). */
  unknown: string[];
  /** The binding that defines the list (where a missing input would be added), and its literal `[ … ]` when it has one. */
  place?: { range: Range; list?: Node; listRange?: Range };
}

/** An attribute set's entries: a value node, an `inherit`, or a nested set from dotted names (`env.X = …`). */
type Entry = { node: Node } | { inherit: string; at: Node } | { from: Node; attr: string } | { attrs: ReadAttrs };

export interface ReadAttrs {
  entries: Map<string, Entry & { binding?: Node }>;
  complete: boolean;
  unknown: string[];
}

type Resolved = { node?: Node; attrs?: ReadAttrs; unknown?: string; binding?: Node };

type Lookup = { kind: 'bound'; value: Entry; binding: Node } | { kind: 'argument'; name: string } | { kind: 'with'; env: Node } | { kind: 'free' };

/** Names of nixpkgs' package sets and fixed points that stand before an attribute. */
const PREFIX = /^(?:pkgs|final|prev|self|super|pkgs'|buildPackages|pkgsBuildHost|pkgsBuildBuild|pkgsHostTarget|pkgsStatic|pkgsCross\.[\w-]+|pkgsMusl)\./;
const OUTPUT = /\.(?:dev|out|lib|bin|static)$/;

/** `pkgs.openssl.dev`, `(lib.getDev openssl)`, `final.pkg-config` → the attribute nixpkgs knows them by. */
export function normaliseAttr(text: string): string {
  let t = text.replace(/\s+/g, ' ').trim();
  for (;;) {
    const before = t;
    t = t.replace(/^\((.*)\)$/s, '$1').trim();
    t = t.replace(/^(?:lib\.)?(?:getDev|getLib|getBin|getOutput\s+"\w+"|getExe)\s+/, '');
    t = t.replace(PREFIX, '');
    t = t.replace(OUTPUT, '');
    if (t === before) break;
  }
  return t;
}

export class NixReader {
  private depth = 0;

  constructor(readonly root: Node) {}

  /** The application node of a model call (ranges are stable between the two parses of one text). */
  callNode(call: BuilderCall): Node | undefined {
    const r = call.range;
    let n: Node | null = this.root.descendantForPosition({ row: r.start.line, column: r.start.character }, { row: r.end.line, column: r.end.character });
    while (n && !(n.type === 'apply_expression' && sameRange(nodeRange(n), r))) n = n.parent;
    return n ?? undefined;
  }

  /** What `name` means at `at`: a let/rec binding, an argument, something from `with`, or nothing. */
  lookup(name: string, at: Node): Lookup {
    let withEnv: Node | undefined;
    let child: Node = at;
    for (let p = at.parent; p; child = p, p = p.parent) {
      if (p.type === 'let_expression' || p.type === 'rec_attrset_expression') {
        const found = this.bindingIn(p, name);
        if (found) return found;
      } else if (p.type === 'function_expression' && child.id === p.childForFieldName('body')?.id) {
        const formals = p.childForFieldName('formals');
        if (named(formals).some((f) => f.type === 'formal' && f.childForFieldName('name')?.text === name)) return { kind: 'argument', name };
        if (p.childForFieldName('universal')?.text === name) return { kind: 'argument', name };
      } else if (p.type === 'with_expression' && child.id === p.childForFieldName('body')?.id) {
        withEnv ??= p.childForFieldName('environment') ?? undefined;
      }
    }
    return withEnv ? { kind: 'with', env: withEnv } : { kind: 'free' };
  }

  private bindingIn(scope: Node, name: string): Lookup | undefined {
    const set = named(scope).find((c) => c.type === 'binding_set');
    for (const b of named(set)) {
      if (b.type === 'binding') {
        const attrs = named(b.childForFieldName('attrpath'));
        if (attrs[0] && attrText(attrs[0]) === name) {
          if (attrs.length === 1) return { kind: 'bound', value: { node: b.childForFieldName('expression')! }, binding: b };
          return { kind: 'bound', value: { attrs: this.attrsOf(scope, name) }, binding: b };
        }
      } else if (b.type === 'inherit' || b.type === 'inherit_from') {
        const attrs = named(b.childForFieldName('attrs') ?? named(b).find((c) => c.type === 'inherited_attrs'));
        if (!attrs.some((a) => attrText(a) === name)) continue;
        const from = b.childForFieldName('expression');
        // `inherit x;` in a let or rec set means the x of the enclosing scope.
        return { kind: 'bound', value: from ? { from, attr: name } : { inherit: name, at: scope }, binding: b };
      }
    }
    return undefined;
  }

  /** The entries of a binding set, dotted names grouped (`env.A = …; env.B = …;` → env: { A, B }). */
  private attrsOf(setOwner: Node, prefix?: string): ReadAttrs {
    const out: ReadAttrs = { entries: new Map(), complete: true, unknown: [] };
    const set = named(setOwner).find((c) => c.type === 'binding_set');
    const nested = new Map<string, { path: string[]; node: Node; binding: Node }[]>();
    for (const b of named(set)) {
      if (b.type === 'binding') {
        let path = named(b.childForFieldName('attrpath')).map(attrText);
        if (prefix !== undefined) {
          if (path[0] !== prefix) continue;
          path = path.slice(1);
        }
        const value = b.childForFieldName('expression');
        if (!value || !path.length) continue;
        if (path.length === 1) out.entries.set(path[0]!, { node: value, binding: b });
        else nested.set(path[0]!, [...(nested.get(path[0]!) ?? []), { path: path.slice(1), node: value, binding: b }]);
      } else if (prefix === undefined && (b.type === 'inherit' || b.type === 'inherit_from')) {
        const from = b.childForFieldName('expression');
        for (const a of named(b.childForFieldName('attrs') ?? named(b).find((c) => c.type === 'inherited_attrs'))) {
          const name = attrText(a);
          out.entries.set(name, from ? { from, attr: name, binding: b } : { inherit: name, at: setOwner, binding: b });
        }
      }
    }
    for (const [name, parts] of nested) {
      const inner: ReadAttrs = { entries: new Map(), complete: true, unknown: [] };
      for (const p of parts) {
        if (p.path.length === 1) inner.entries.set(p.path[0]!, { node: p.node, binding: p.binding });
      }
      const existing = out.entries.get(name);
      if (existing && 'node' in existing) {
        const merged = this.attrs(existing);
        for (const [k, v] of inner.entries) merged.entries.set(k, v);
        out.entries.set(name, { attrs: merged, binding: existing.binding });
      } else out.entries.set(name, { attrs: inner, binding: parts[0]!.binding });
    }
    return out;
  }

  /** Follows an entry to the expression it stands for (through `inherit` and variables). */
  private resolve(e: Entry): Resolved {
    if ('attrs' in e) return { attrs: e.attrs };
    if ('inherit' in e) {
      // Look the name up outside the set that inherits it.
      const l = e.at.parent ? this.lookup(e.inherit, e.at) : { kind: 'free' as const };
      return this.fromLookup(e.inherit, l);
    }
    if ('from' in e) {
      const a = this.attrs({ node: e.from });
      const inner = a.entries.get(e.attr);
      if (inner) return { ...this.resolve(inner), binding: inner.binding };
      return { unknown: `\`${e.from.text}.${e.attr}\`` };
    }
    const n = unparen(e.node);
    if (n?.type === 'variable_expression') return this.fromLookup(n.text, this.lookup(n.text, n));
    return { node: n };
  }

  private fromLookup(name: string, l: Lookup): Resolved {
    if (l.kind === 'bound') return this.guard<Resolved>(() => ({ ...this.resolve(l.value), binding: l.binding }), { unknown: `\`${name}\`` });
    if (l.kind === 'argument') return { unknown: `\`${name}\` is a function argument` };
    if (l.kind === 'with') return { unknown: `\`${name}\` comes from \`with ${l.env.text}\`` };
    return { unknown: `\`${name}\` is defined outside this file` };
  }

  private guard<T>(f: () => T, fallback: T): T {
    if (this.depth > MAX_DEPTH) return fallback;
    this.depth++;
    try {
      return f();
    } finally {
      this.depth--;
    }
  }

  /** An expression as an attribute set: literal sets, `a // b`, variables, `finalAttrs: { … }`, `x.y`. */
  attrs(e: Entry): ReadAttrs {
    const r = this.resolve(e);
    if (r.attrs) return r.attrs;
    if (!r.node) return { entries: new Map(), complete: false, unknown: [r.unknown ?? 'an expression Nixify cannot follow'] };
    return this.guard(() => this.attrsOfNode(r.node!), { entries: new Map(), complete: false, unknown: ['a deeply nested expression'] });
  }

  private attrsOfNode(n: Node): ReadAttrs {
    const unknown = (why: string): ReadAttrs => ({ entries: new Map(), complete: false, unknown: [why] });
    switch (n.type) {
      case 'attrset_expression':
      case 'rec_attrset_expression':
        return this.attrsOf(n);
      case 'function_expression':
        return this.attrs({ node: n.childForFieldName('body')! });
      case 'let_expression':
      case 'with_expression':
        return this.attrs({ node: n.childForFieldName('body')! });
      case 'select_expression': {
        const base = n.childForFieldName('expression');
        const path = named(n.childForFieldName('attrpath')).map(attrText);
        if (!base) return unknown(`\`${n.text}\``);
        let cur = this.attrs({ node: base });
        for (const p of path) {
          const next = cur.entries.get(p);
          if (!next) return unknown(`\`${n.text}\``);
          cur = this.attrs(next);
        }
        return cur;
      }
      case 'binary_expression': {
        if (binaryOp(n) !== '//') return unknown(`\`${short(n.text)}\``);
        const left = this.attrs({ node: n.childForFieldName('left')! });
        const right = this.attrs({ node: n.childForFieldName('right')! });
        // The right side wins, as in Nix; what the left cannot tell stays unknown.
        return { entries: new Map([...left.entries, ...right.entries]), complete: left.complete && right.complete, unknown: [...left.unknown, ...right.unknown] };
      }
      case 'apply_expression': {
        // lib.recursiveUpdate a b: both sides, the right winning.
        const fn = n.childForFieldName('function');
        if (fn?.type === 'apply_expression' && /(^|\.)recursiveUpdate$/.test(fn.childForFieldName('function')?.text ?? '')) {
          const a = this.attrs({ node: fn.childForFieldName('argument')! });
          const b = this.attrs({ node: n.childForFieldName('argument')! });
          return { entries: new Map([...a.entries, ...b.entries]), complete: a.complete && b.complete, unknown: [...a.unknown, ...b.unknown] };
        }
        return unknown(`the result of \`${short(fn?.text ?? n.text)}\``);
      }
      default:
        return unknown(`\`${short(n.text)}\``);
    }
  }

  /** An entry as a list of inputs: literal lists, `++`, `with`, `lib.optional(s)`, `if`, variables, `commonArgs.x`. */
  list(e: Entry, conditional = false): ReadList {
    const r = this.resolve(e);
    const binding = r.binding ?? ('binding' in e ? (e as { binding?: Node }).binding : undefined);
    if (!r.node) return { items: [], complete: false, unknown: [r.unknown ?? 'an expression Nixify cannot follow'], place: binding ? { range: nodeRange(binding) } : undefined };
    const out = this.guard(() => this.listOfNode(r.node!, conditional), { items: [], complete: false, unknown: ['a deeply nested expression'] });
    if (binding && !out.place) out.place = { range: nodeRange(binding), list: r.node.type === 'list_expression' ? r.node : undefined };
    return out;
  }

  private listOfNode(n: Node, conditional: boolean): ReadList {
    const unknown = (why: string): ReadList => ({ items: [], complete: false, unknown: [why] });
    const join = (parts: ReadList[]): ReadList => ({
      items: parts.flatMap((p) => p.items),
      complete: parts.every((p) => p.complete),
      unknown: parts.flatMap((p) => p.unknown),
      place: parts.find((p) => p.place)?.place,
    });
    switch (n.type) {
      case 'list_expression': {
        const parts: ReadList[] = [];
        const items: InputItem[] = [];
        for (const el of named(n)) {
          if (el.type === 'comment') continue;
          const inner = unparen(el)!;
          // A variable holding a list is spliced; anything else is one input.
          if (inner.type === 'variable_expression') {
            const l = this.lookup(inner.text, inner);
            if (l.kind === 'bound') {
              const r = this.resolve(l.value);
              if (r.node && unparen(r.node)?.type === 'list_expression') {
                parts.push(this.list({ node: r.node }, conditional));
                continue;
              }
            }
          }
          items.push({ text: el.text, attr: normaliseAttr(el.text), range: nodeRange(el), conditional });
        }
        const joined = join(parts);
        return { ...joined, items: [...items, ...joined.items], place: { range: nodeRange(n), list: n } };
      }
      case 'binary_expression': {
        if (binaryOp(n) !== '++') return unknown(`\`${short(n.text)}\``);
        const l = this.list({ node: n.childForFieldName('left')! }, conditional);
        const r = this.list({ node: n.childForFieldName('right')! }, conditional);
        // The literal list to add to is the last one written.
        return { ...join([l, r]), place: r.place?.list ? r.place : l.place?.list ? l.place : undefined };
      }
      case 'with_expression':
      case 'let_expression':
        return this.list({ node: n.childForFieldName('body')! }, conditional);
      case 'if_expression': {
        const a = this.list({ node: n.childForFieldName('consequence')! }, true);
        const b = this.list({ node: n.childForFieldName('alternative')! }, true);
        return { ...join([a, b]), place: undefined };
      }
      case 'apply_expression': {
        const fn = n.childForFieldName('function');
        const arg = n.childForFieldName('argument')!;
        if (fn?.type === 'apply_expression') {
          const f = fn.childForFieldName('function')?.text ?? '';
          const cond = fn.childForFieldName('argument')?.text ?? '';
          if (/(^|\.)optionals?$/.test(f)) {
            // Darwin-only inputs do not exist for the Linux build.
            if (onlyDarwin(cond)) return { items: [], complete: true, unknown: [] };
            if (/(^|\.)optional$/.test(f)) return { items: [{ text: arg.text, attr: normaliseAttr(arg.text), range: nodeRange(arg), conditional: true }], complete: true, unknown: [] };
            return { ...this.list({ node: arg }, true), place: undefined };
          }
        }
        return unknown(`the result of \`${short(fn?.text ?? n.text)}\``);
      }
      case 'select_expression': {
        const base = n.childForFieldName('expression');
        const path = named(n.childForFieldName('attrpath')).map(attrText);
        if (!base || !path.length) return unknown(`\`${n.text}\``);
        const baseText = unparen(base)?.text ?? '';
        if (/^(old|oldAttrs|prevAttrs|previousAttrs|o|attrs)$/.test(baseText)) return unknown(`\`${n.text}\` (the attributes before overrideAttrs)`);
        const owner = path.length > 1 ? this.attrs({ node: base }) : this.attrs({ node: base });
        let cur: ReadAttrs | undefined = owner;
        for (const p of path.slice(0, -1)) {
          const next: Entry | undefined = cur?.entries.get(p);
          cur = next ? this.attrs(next) : undefined;
        }
        const last = cur?.entries.get(path.at(-1)!);
        if (!last) return unknown(`\`${n.text}\``);
        return this.list(last, conditional);
      }
      default:
        return unknown(`\`${short(n.text)}\``);
    }
  }

  /** Every `${…}` in an entry's strings (nested sets too), as normalised attributes: `${openssl.dev}/lib/pkgconfig` → openssl. */
  interpolated(e: Entry, out = new Set<string>()): Set<string> {
    const r = this.resolve(e);
    if (r.attrs) {
      for (const v of r.attrs.entries.values()) this.interpolated(v, out);
      return out;
    }
    if (!r.node) return out;
    for (const i of r.node.descendantsOfType('interpolation') as Node[]) {
      const inner = unparen(i.childForFieldName('expression') ?? named(i)[0]);
      if (!inner) continue;
      const t = inner.type === 'apply_expression' ? (inner.childForFieldName('argument')?.text ?? '') : inner.text;
      const attr = normaliseAttr(t);
      if (/^[\w.-]+$/.test(attr)) {
        out.add(attr);
        // `${llvmPackages.libclang.lib}/lib` names libclang inside a package set.
        const lastPart = attr.split('.').at(-1)!;
        out.add(lastPart);
      }
    }
    return out;
  }

  /** A string value when the entry is a plain literal. */
  stringValue(e: Entry | undefined): string | undefined {
    if (!e) return undefined;
    const r = this.resolve(e);
    const n = r.node;
    if (!n || n.type !== 'string_expression' || named(n).some((c) => c.type === 'interpolation')) return undefined;
    return n.text.slice(1, -1);
  }

  /** Source text of what an entry stands for (after following variables). */
  text(e: Entry | undefined): string | undefined {
    if (!e) return undefined;
    const r = this.resolve(e);
    return r.node?.text;
  }
}

function onlyDarwin(cond: string): boolean {
  const c = cond.replace(/\s+/g, '');
  return /isDarwin$|isDarwin\)?$/.test(c) && !c.startsWith('!') && !c.includes('||');
}

const short = (t: string) => (t.length > 40 ? `${t.slice(0, 37)}…` : t).replace(/\s+/g, ' ');
const sameRange = (a: Range, b: Range) => a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

/** What a builder call receives, read through lets, `inherit`, `//` and overrideAttrs. */
export interface CallReading {
  call: BuilderCall;
  args: ReadAttrs;
  /** nativeBuildInputs, buildInputs and their propagated/depsBuildBuild siblings, merged. */
  inputs: ReadList;
  /** Where each list lives: a missing input is added there. */
  places: Partial<Record<'nativeBuildInputs' | 'buildInputs', ReadList['place']>>;
  /** Attributes named in `${…}` of any argument (env, PKG_CONFIG_PATH, *_DIR, phases). */
  interpolated: Set<string>;
  /** Names of env variables set (top-level UPPER_CASE and env.*). */
  env: Set<string>;
  /** The Rust target the derivation builds for, when it says (CARGO_BUILD_TARGET, --target). */
  target?: string;
  /** The cargo arguments as written (cargoExtraArgs, cargoBuildFlags, build commands), variables followed. */
  cargoArgs: string;
  /** buildAndTestSubdir as a literal. */
  subdir?: string;
  /** Literal string values of the arguments (after following variables). */
  strings: Map<string, string>;
  /** Source text of each argument's value (after following variables; nested sets as written). */
  texts: Map<string, string>;
  /** The place of each argument's binding (for findings on it). */
  ranges: Map<string, Range>;
}

const INPUT_LISTS = ['nativeBuildInputs', 'buildInputs', 'propagatedBuildInputs', 'propagatedNativeBuildInputs', 'depsBuildBuild'] as const;

/** Reads every call of a file; the tree is parsed once per file. */
export function readCalls(text: string, calls: BuilderCall[]): CallReading[] {
  if (!calls.length) return [];
  const tree = parserSync('nix').parse(text);
  if (!tree) return [];
  try {
    const reader = new NixReader(tree.rootNode);
    const out: CallReading[] = [];
    for (const call of calls) {
      const app = reader.callNode(call);
      const arg = app?.childForFieldName('argument');
      if (!app || !arg) continue;
      out.push(readCall(reader, call, app, arg));
    }
    return out;
  } finally {
    tree.delete();
  }
}

function readCall(reader: NixReader, call: BuilderCall, app: Node, arg: Node): CallReading {
  const bare = unparen(arg);
  const args: ReadAttrs = bare?.type === 'path_expression' ? { entries: new Map(), complete: true, unknown: [] } : reader.attrs({ node: arg });
  // `(buildRustPackage { … }).overrideAttrs (old: { … })` adds to (or replaces) its attributes.
  let inner: Node = app;
  for (let p = app.parent; p; inner = p, p = p.parent) {
    if (p.type === 'parenthesized_expression') continue;
    const apply = p.parent;
    const isOverride = p.type === 'select_expression' && p.childForFieldName('expression')?.id === inner.id && /^overrideAttrs$/.test(p.childForFieldName('attrpath')?.text ?? '');
    if (!isOverride || apply?.type !== 'apply_expression' || apply.childForFieldName('function')?.id !== p.id) break;
    const over = reader.attrs({ node: apply.childForFieldName('argument')! });
    for (const [k, v] of over.entries) args.entries.set(k, v);
    if (!over.complete) {
      args.complete = false;
      args.unknown.push(...over.unknown);
    }
    p = apply;
  }
  const lists = INPUT_LISTS.map((name) => ({ name, entry: args.entries.get(name) }));
  const parts: ReadList[] = [];
  const places: CallReading['places'] = {};
  for (const { name, entry } of lists) {
    if (!entry) continue;
    const l = reader.list(entry);
    parts.push(l);
    if (name === 'nativeBuildInputs' || name === 'buildInputs') places[name] = l.place ?? (entry.binding ? { range: nodeRange(entry.binding) } : undefined);
  }
  const inputs: ReadList = {
    items: parts.flatMap((p) => p.items),
    complete: args.complete && parts.every((p) => p.complete),
    unknown: [...args.unknown, ...parts.flatMap((p) => p.unknown)],
  };
  const interpolated = new Set<string>();
  const env = new Set<string>();
  for (const [name, entry] of args.entries) {
    if (name === 'meta' || name === 'src' || name === 'passthru') continue;
    reader.interpolated(entry, interpolated);
    if (/^[A-Z][A-Z0-9_]+$/.test(name)) env.add(name);
    if (name === 'env') for (const k of reader.attrs(entry).entries.keys()) env.add(k);
  }
  const cargoArgs = CARGO_ARGS.map((n) => reader.text(args.entries.get(n)) ?? '').join(' ');
  const strings = new Map<string, string>();
  const texts = new Map<string, string>();
  const ranges = new Map<string, Range>();
  for (const [name, entry] of args.entries) {
    const v = reader.stringValue(entry);
    if (v !== undefined) strings.set(name, v);
    const t = 'attrs' in entry ? [...entry.attrs.entries.keys()].join(' ') : reader.text(entry);
    if (t !== undefined) texts.set(name, t);
    if (entry.binding) ranges.set(name, nodeRange(entry.binding));
  }
  // The tree is freed after reading: keep plain data only.
  for (const p of Object.values(places)) if (p?.list) p.listRange = nodeRange(p.list);
  return { call, args, inputs, places, interpolated, env, target: targetOf(reader, args), cargoArgs, subdir: strings.get('buildAndTestSubdir'), strings, texts, ranges };
}

const CARGO_ARGS = ['cargoExtraArgs', 'cargoBuildFlags', 'buildPhase', 'buildPhaseCargoCommand', 'cargoBuildCommand'];

/** CARGO_BUILD_TARGET, or `--target X` in the cargo arguments or build phase. */
function targetOf(reader: NixReader, args: ReadAttrs): string | undefined {
  const env = args.entries.get('env');
  const fromEnv = reader.stringValue(args.entries.get('CARGO_BUILD_TARGET')) ?? (env ? reader.stringValue(reader.attrs(env).entries.get('CARGO_BUILD_TARGET')) : undefined);
  if (fromEnv) return fromEnv;
  for (const name of ['cargoExtraArgs', 'cargoBuildFlags', 'buildPhase', 'buildPhaseCargoCommand', 'cargoBuildCommand']) {
    const t = reader.text(args.entries.get(name));
    const m = t && /--target[= "']+([\w.-]+)/.exec(t);
    if (m) return m[1];
  }
  return undefined;
}

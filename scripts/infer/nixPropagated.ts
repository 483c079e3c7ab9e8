// What a nixpkgs package file propagates to its consumers' host platform — its
// `propagatedBuildInputs` — for a native x86_64-linux build, read with the repo's
// tree-sitter Nix parser (for gen-nixpkgs-propagated.ts; apart so a test can run it
// on texts it writes).
//
// Only `propagatedBuildInputs` counts: with strictDeps (what Nixify generates), the
// pkg-config setup hook puts on PKG_CONFIG_PATH the host-platform dependencies, that is
// buildInputs and what they propagate there. `propagatedNativeBuildInputs` of a library
// reach the consumer's nativeBuildInputs (build tools on PATH), not PKG_CONFIG_PATH or the
// linker's search path, so they do not make a library present.
//
// Entries under `lib.optional(s) COND`, `if COND then … else …` are kept when COND is true
// on Linux (formal defaults and the variant's call arguments evaluated, platform predicates
// answered for x86_64-linux, native), left out when false, and listed apart (`undecided`,
// not propagated) when this reader cannot tell.
import { parserSync, type Node } from '../../server/src/parse/treeSitter';

export interface Extracted {
  /** Attribute names as the file's scope writes them, after the variant's arguments (`gtk3` called as gtk4 → `gtk4`). */
  propagated: string[];
  /** Entries under a condition false on Linux, with the condition's text. */
  notOnLinux: { name: string; when: string }[];
  /** Entries under a condition this reader cannot decide: not counted as propagated. */
  undecided: { name: string; when: string }[];
  /** Whether the file sets `propagatedBuildInputs` at all. */
  hasBinding: boolean;
  /**
   * The pkg-config modules the package installs on Linux (`meta.pkgConfigModules`, which nixpkgs' own
   * test checks against the files installed); undefined when the file does not list them.
   */
  installs?: string[];
}

/** A formal without default: some package, never null. */
const PACKAGE = Symbol('a package');
type Value = boolean | string | null | typeof PACKAGE | undefined; // undefined: unknown

/** Platform predicates (`stdenv.hostPlatform.isX`, `stdenv.isX`) for x86_64-linux with glibc, native. */
const LINUX: Record<string, boolean> = {
  isLinux: true,
  isUnix: true,
  isx86_64: true,
  isx86: true,
  is64bit: true,
  isLittleEndian: true,
  isGnu: true,
  isElf: true,
  isDarwin: false,
  isFreeBSD: false,
  isOpenBSD: false,
  isNetBSD: false,
  isBSD: false,
  isWindows: false,
  isMinGW: false,
  isCygwin: false,
  isMusl: false,
  isStatic: false,
  isAarch32: false,
  isAarch64: false,
  isAarch: false,
  is32bit: false,
  isi686: false,
  isRiscV: false,
  isPower: false,
  isWasm: false,
  isAndroid: false,
  isSunOS: false,
  isIllumos: false,
  isHurd: false,
};

const text = (n: Node | null | undefined) => n?.text ?? '';
const attrs = (n: Node) => n.childrenForFieldName('attr').map((a) => a?.text ?? '');

/** `a.b.c` as a list of names when `n` is a variable or a select of plain attributes. */
function path(n: Node): string[] | undefined {
  if (n.type === 'variable_expression') return [text(n.childForFieldName('name'))];
  if (n.type === 'select_expression' && !n.childForFieldName('default')) {
    const base = path(n.childForFieldName('expression')!);
    const ap = n.childForFieldName('attrpath');
    return base && ap ? [...base, ...attrs(ap)] : undefined;
  }
  if (n.type === 'parenthesized_expression') return path(n.childForFieldName('expression')!);
  return undefined;
}

const OUTPUTS = new Set(['out', 'dev', 'lib', 'bin']);

/**
 * Reads `propagatedBuildInputs` of the derivation a package file defines. `args`: the variant's call
 * arguments as Nix texts (`{ gtk3: 'gtk4', gtkVersion: '"3"' }`), which override the formals' defaults.
 */
export function extractPropagated(source: string, args: Record<string, string> = {}): Extracted {
  const parser = parserSync('nix');
  const tree = parser.parse(source);
  if (!tree) throw new Error('the Nix parser returned no tree');
  const root = tree.rootNode;
  const defaults = new Map<string, Node | null>();
  const lets = new Map<string, Node>();
  const argNodes = new Map<string, Node>();
  for (const [k, v] of Object.entries(args)) {
    const t = parser.parse(v);
    const e = t?.rootNode.childForFieldName('expression');
    if (!e || t!.rootNode.hasError) throw new Error(`argument ${k} = ${v} is not a Nix expression`);
    argNodes.set(k, e);
  }
  let binding: Node | undefined;
  let modulesBinding: Node | undefined;
  const siblings = new Map<string, Node>();
  // Whether a binding sits in the value of a `meta = …` binding (`meta = with lib; { … }` too).
  const insideMeta = (n: Node): boolean => {
    for (let p = n.parent; p; p = p.parent) if (p.type === 'binding' && p.childForFieldName('attrpath')?.text === 'meta') return true;
    return false;
  };
  const walk = (n: Node) => {
    if (n.type === 'formal') {
      const name = text(n.childForFieldName('name'));
      if (name) defaults.set(name, n.childForFieldName('default'));
    } else if (n.type === 'binding') {
      const ap = n.childForFieldName('attrpath');
      const names = ap ? attrs(ap) : [];
      const e = n.childForFieldName('expression');
      if (names.length === 1 && names[0] === 'propagatedBuildInputs' && e && !binding) {
        binding = e;
        // The attrset's other bindings: `finalAttrs.dlopenPropagatedBuildInputs` names one of them.
        for (const b of n.parent?.namedChildren ?? []) {
          const bn = b?.type === 'binding' ? b.childForFieldName('attrpath') : null;
          const be = b?.childForFieldName('expression');
          if (bn && be && attrs(bn).length === 1) siblings.set(attrs(bn)[0]!, be);
        }
      } else if (e && names.join('.') === 'meta.pkgConfigModules') modulesBinding ??= e;
      else if (e && names.length === 1 && names[0] === 'pkgConfigModules' && insideMeta(n)) modulesBinding ??= e;
      else if (names.length === 1 && e && n.parent?.parent?.type === 'let_expression') lets.set(names[0]!, e);
    } else if (n.type === 'inherit_from') {
      // `inherit (lib) optional optionals;`: the names stay lib's functions, which `apply` recognises.
    }
    for (const c of n.namedChildren) if (c) walk(c);
  };
  walk(root);
  // An identifier the call, a default or a let gives: what it stands for (cycles end unknown).
  const lookup = (name: string, seen: Set<string>): Node | null | undefined => {
    if (seen.has(name)) return undefined;
    seen.add(name);
    if (argNodes.has(name)) return argNodes.get(name);
    if (lets.has(name)) return lets.get(name);
    if (defaults.has(name)) return defaults.get(name); // null: a formal without default (a package)
    return undefined;
  };

  let withPlatform = 0; // inside `with stdenv.hostPlatform; …`: isLinux, isDarwin … are plain names
  const evalCond = (n: Node, seen = new Set<string>()): Value => {
    switch (n.type) {
      case 'with_expression': {
        const env = path(n.childForFieldName('environment')!)?.join('.');
        if (env !== 'stdenv.hostPlatform' && env !== 'stdenv') return undefined;
        withPlatform++;
        try {
          return evalCond(n.childForFieldName('body')!, seen);
        } finally {
          withPlatform--;
        }
      }
      case 'parenthesized_expression':
        return evalCond(n.childForFieldName('expression')!, seen);
      case 'unary_expression': {
        const v = evalCond(n.childForFieldName('argument')!, seen);
        return typeof v === 'boolean' ? !v : undefined;
      }
      case 'binary_expression': {
        const op = text(n.childForFieldName('operator'));
        const l = () => evalCond(n.childForFieldName('left')!, seen);
        const r = () => evalCond(n.childForFieldName('right')!, seen);
        if (op === '&&') {
          const a = l();
          if (a === false) return false;
          const b = r();
          return b === false ? false : a === true && b === true ? true : undefined;
        }
        if (op === '||') {
          const a = l();
          if (a === true) return true;
          const b = r();
          return b === true ? true : a === false && b === false ? false : undefined;
        }
        if (op === '->') {
          const a = l();
          const b = r();
          return a === false || b === true ? true : a === true && b === false ? false : undefined;
        }
        if (op === '==' || op === '!=') {
          const ln = n.childForFieldName('left')!;
          const rn = n.childForFieldName('right')!;
          const lp = path(ln)?.join('.');
          const rp = path(rn)?.join('.');
          // The build and host platforms are one on a native build.
          const plat = /^stdenv\.(buildPlatform|hostPlatform|targetPlatform)$/;
          if (lp && rp && plat.test(lp) && plat.test(rp)) return op === '==';
          const a = l();
          const b = r();
          if (a === undefined || b === undefined) return undefined;
          return op === '==' ? a === b : a !== b;
        }
        return undefined;
      }
      case 'string_expression': {
        // "dbusmenu-gtk${gtkVersion}-0.4": fragments and interpolated strings; anything else unknown.
        let str = '';
        for (const c of n.namedChildren) {
          if (c?.type === 'string_fragment') str += c.text;
          else if (c?.type === 'interpolation') {
            const v = evalCond(c.childForFieldName('expression')!, seen);
            if (typeof v !== 'string') return undefined;
            str += v;
          } else return undefined;
        }
        return str;
      }
      case 'variable_expression': {
        const name = text(n.childForFieldName('name'));
        if (name === 'true') return true;
        if (name === 'false') return false;
        if (name === 'null') return null;
        if (withPlatform && Object.hasOwn(LINUX, name)) return LINUX[name];
        const def = lookup(name, seen);
        if (def === null) return PACKAGE;
        return def ? evalCond(def, seen) : undefined;
      }
      case 'select_expression': {
        const p = path(n);
        const last = p?.at(-1);
        if (p && p[0] === 'stdenv' && last && Object.hasOwn(LINUX, last)) return LINUX[last];
        if (p && p[0] === 'stdenv' && last === 'isLinux') return true;
        return undefined;
      }
      case 'apply_expression': {
        // `lib.meta.availableOn stdenv.hostPlatform X`: the packages these files ask about build on Linux;
        // `stdenv.hostPlatform.emulatorAvailable buildPackages`, `canExecute`: a native build runs its own programs.
        const fn = apply(n);
        const name = fn.fn.at(-1);
        if (name === 'emulatorAvailable' || name === 'canExecute') return true;
        if (name === 'availableOn' && fn.fn.includes('meta')) return true;
        // `lib.elem stdenv.hostPlatform.system mesa.meta.platforms`: likewise a package these files use on Linux.
        if (name === 'elem' && path(fn.args[0]!)?.join('.') === 'stdenv.hostPlatform.system' && path(fn.args[1]!)?.slice(-2).join('.') === 'meta.platforms') return true;
        if (name === 'equals' && fn.fn.includes('systems')) {
          const [a, b] = fn.args.map((x) => path(x)?.join('.'));
          if (a && b && /^stdenv\.\w+Platform$/.test(a) && /^stdenv\.\w+Platform$/.test(b)) return true;
        }
        return undefined;
      }
      default:
        return undefined;
    }
  };

  /** A curried application's function path and arguments: `lib.optional c x` → (['lib','optional'], [c, x]). */
  function apply(n: Node): { fn: string[]; args: Node[] } {
    const args: Node[] = [];
    let f: Node = n;
    while (f.type === 'apply_expression') {
      args.unshift(f.childForFieldName('argument')!);
      f = f.childForFieldName('function')!;
    }
    return { fn: path(f) ?? [], args };
  }

  const out: Extracted = { propagated: [], notOnLinux: [], undecided: [], hasBinding: !!binding };
  /** The attribute an element names: `glib`, `glib.out` → glib, `gst_all_1.gstreamer`, `(libepoxy.override {…})` → libepoxy; an argument standing for another attribute is followed. */
  const elementName = (n: Node, seen = new Set<string>()): string | undefined => {
    if (n.type === 'parenthesized_expression') return elementName(n.childForFieldName('expression')!, seen);
    if (n.type === 'string_expression') {
      const v = evalCond(n);
      return typeof v === 'string' ? v : undefined;
    }
    let p: string[] | undefined;
    if (n.type === 'apply_expression') {
      const { fn } = apply(n);
      if (fn.length > 1 && /^override(Attrs)?$/.test(fn.at(-1)!)) p = fn.slice(0, -1);
    } else p = path(n);
    if (!p) return undefined;
    while (p.length > 1 && OUTPUTS.has(p.at(-1)!)) p.pop();
    const head = p[0]!;
    if (argNodes.has(head) && !seen.has(head)) {
      seen.add(head);
      const base = elementName(argNodes.get(head)!, seen);
      return base ? [base, ...p.slice(1)].join('.') : undefined;
    }
    return p.join('.');
  };
  const add = (names: string[], cond: Value, when: string[]) => {
    for (const name of names) {
      if (cond === true) out.propagated.push(name);
      else if (cond === false) out.notOnLinux.push({ name, when: when.join(' && ') });
      else out.undecided.push({ name, when: when.join(' && ') });
    }
  };
  const following = new Set<string>(); // sibling bindings being read (a list that names itself ends)
  /** The names a list expression contributes, under the conditions around it. */
  const visit = (n: Node, cond: Value, when: string[]): void => {
    const and = (c: Value): Value => (cond === false || c === false ? false : cond === true && c === true ? true : undefined);
    switch (n.type) {
      case 'parenthesized_expression':
        return visit(n.childForFieldName('expression')!, cond, when);
      case 'list_expression':
        for (const e of n.childrenForFieldName('element')) {
          if (!e) continue;
          const name = elementName(e);
          if (name) add([name], cond, when);
          else visit(e, cond, when);
        }
        return;
      case 'binary_expression':
        if (text(n.childForFieldName('operator')) === '++') {
          visit(n.childForFieldName('left')!, cond, when);
          visit(n.childForFieldName('right')!, cond, when);
          return;
        }
        break;
      case 'if_expression': {
        const c = n.childForFieldName('condition')!;
        const v = evalCond(c);
        visit(n.childForFieldName('consequence')!, and(v), [...when, c.text]);
        visit(n.childForFieldName('alternative')!, and(typeof v === 'boolean' ? !v : undefined), [...when, `!(${c.text})`]);
        return;
      }
      case 'select_expression': {
        const p = path(n);
        if (p?.length === 2 && p[0] === 'finalAttrs' && siblings.has(p[1]!) && !following.has(p[1]!)) {
          following.add(p[1]!);
          visit(siblings.get(p[1]!)!, cond, when);
          following.delete(p[1]!);
          return;
        }
        break;
      }
      case 'apply_expression': {
        const { fn, args } = apply(n);
        const f = fn.at(-1);
        if ((f === 'optional' || f === 'optionals') && args.length === 2 && (fn.length === 1 || fn[0] === 'lib')) {
          const v = evalCond(args[0]!);
          const w = [...when, args[0]!.text];
          if (f === 'optional') {
            const name = elementName(args[1]!);
            if (name) add([name], and(v), w);
            else add([args[1]!.text], undefined, w);
          } else visit(args[1]!, and(v), w);
          return;
        }
        break;
      }
    }
    // Anything else (a function's result, a variable holding a list): named as written, undecided.
    add([n.text.replace(/\s+/g, ' ')], undefined, when);
  };
  if (binding) visit(binding, true, []);
  out.propagated = [...new Set(out.propagated)];
  if (modulesBinding) {
    // The same reading, into a list of its own: a module under a false condition is not installed, one
    // under an undecided condition not counted.
    const kept = { propagated: out.propagated, notOnLinux: out.notOnLinux, undecided: out.undecided };
    out.propagated = [];
    out.notOnLinux = [];
    out.undecided = [];
    visit(modulesBinding, true, []);
    out.installs = [...new Set(out.propagated)];
    Object.assign(out, kept);
  }
  return out;
}

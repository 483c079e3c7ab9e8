// A small Nix expression tree printed the way nixfmt (RFC 166) lays code out,
// so generated files read like hand-written nixpkgs code and survive `nixfmt`
// unchanged in the common cases. Every string goes through `str` (or `istr`),
// which escape what the Nix lexer would otherwise interpret, so any text
// round-trips exactly (checked against real nix-instantiate in the tests).
//
// Lexer facts the escaping relies on (Nix 2.x, src/libexpr/lexer.l):
// - "…": `\` `\"` `\${` are escapes; `$` is literal unless followed by `{`, so
//   `$${x}` is the literal text `$${x}` and a trailing `$` needs nothing. A raw CR
//   (or CR LF) in a string is normalised to LF, so CR is written `\r`.
// - ''…'': `'''` is `''`, `''${` is `${`, `''\X` is X (`''\t`, `''\r`). Common
//   leading spaces are stripped, whitespace-only lines do not count for that,
//   an escape ends a line's indentation, and a whitespace-only last line is
//   dropped; `istr` works around each of these.
// - NUL cannot be in a Nix string at all: both printers throw on it.

// - Comments end at CR or LF (`#[^\r\n]*`): comment text is split on every
//   line break an editor shows (also U+2028/2029, NEL), control characters and
//   bidirectional overrides are dropped, so text can never leave its comment.
//
// The discipline is enforced by types: text printed unescaped is a `Code`,
// which only this module makes — from a compile-time constant (`raw('true')`,
// `kv('cargoLock.lockFile', …)`), from the `code` template tag whose holes are
// `Code` themselves, or from a helper that escapes (`name`, `ident`,
// `nixString`, `pathExpr`, `int`). A value read from a crate is a `string`,
// and no function here accepts a `string` as code: `raw(\`pkgs.${x}\`)` does
// not compile.

declare const CODE: unique symbol;
/** Nix source text built by this module (or a literal in Nixify's own code). */
export type Code = string & { readonly [CODE]: true };
/**
 * A compile-time constant (a literal, or a union of literals) or writer-built
 * `Code`; `string`, and template types with `string` holes, are rejected.
 */
export type Lit<T extends string> = T extends Code ? T : {} extends Record<T, 1> ? never : T;
type LitList<T extends readonly string[]> = { [K in keyof T]: Lit<T[K]> };

const asCode = (s: string) => s as Code;

/** `code\`cfg.port == ${int(p)}\``: constant text around writer-built holes. */
export function code(parts: TemplateStringsArray, ...holes: Code[]): Code {
  let out = parts[0]!;
  for (let i = 0; i < holes.length; i++) {
    if (typeof holes[i] !== 'string') throw new Error('code: a hole must be writer-built Nix code');
    out += holes[i]! + parts[i + 1]!;
  }
  return asCode(out);
}

export type Nix =
  | { t: 'raw'; code: Code }
  | { t: 'str'; value: string }
  /** A multi-line ''…'' string (scripts); the value is exact, indentation is added when printed. Holes are `${…}` interpolations. */
  | { t: 'istr'; value: string; holes?: Code[] }
  | { t: 'list'; items: Nix[]; comments?: (string | undefined)[] }
  | { t: 'attrs'; entries: Entry[]; rec?: boolean }
  | { t: 'fn'; formals: Code[]; ellipsis?: boolean; body: Nix }
  | { t: 'lambda'; arg: Code; body: Nix }
  | { t: 'let'; bindings: Entry[]; body: Nix }
  | { t: 'call'; fn: Code; args: Nix[] }
  | { t: 'with'; env: Code; body: Nix }
  | { t: 'assert'; cond: Code; body: Nix }
  | { t: 'update'; left: Nix; right: Nix }
  /** `a ++ f b`: parts[0] ++ parts[1] parts[2] (a list, then a function applied to a list). */
  | { t: 'concat'; parts: [Nix, Nix, Nix] };

export type Entry = { key: Code; value: Nix; comment?: string } | { inherit: Code[]; from?: Code; comment?: string } | { comment: string; blank?: boolean };

export const raw = <T extends string>(c: Lit<T>): Nix => ({ t: 'raw', code: asCode(c) });
export const str = (value: string): Nix => ({ t: 'str', value });
/** Free text (a description): NUL, which no Nix string can hold, is dropped instead of refused. */
export const textStr = (value: string): Nix => str(value.replace(/\0/g, ''));
export const istr = (value: string): Nix => ({ t: 'istr', value });
/**
 * An indented string with interpolations: `parts` are text, `holes` code, as in
 * a template (`istrWith(['port ', ''], [code\`port\`])` is `''port ${port}''`).
 */
export function istrWith(parts: readonly string[], holes: readonly Code[]): Nix {
  if (parts.length !== holes.length + 1) throw new Error('istrWith: one more text part than holes');
  // Each hole stands in as a private-use character none of the text contains,
  // so escaping and indentation treat it as one ordinary character.
  const text = parts.join('');
  let base = 0xe000;
  while ([...holes.keys()].some((i) => text.includes(String.fromCharCode(base + i)))) base++;
  return { t: 'istr', value: parts.map((p, i) => p + (i < holes.length ? String.fromCharCode(base + i) : '')).join(''), holes: holes.map((h, i) => asCode(`${String.fromCharCode(base + i)}${h}`)) };
}
export const list = (items: Nix[], comments?: (string | undefined)[]): Nix => ({ t: 'list', items, comments });
export const attrs = (entries: Entry[], rec = false): Nix => ({ t: 'attrs', entries, rec });
export const fn = <const F extends readonly string[]>(formals: LitList<F>, body: Nix, ellipsis = false): Nix => ({ t: 'fn', formals: formals.map(asCode), body, ellipsis });
export const lambda = <A extends string>(arg: Lit<A>, body: Nix): Nix => ({ t: 'lambda', arg: asCode(arg), body });
export const letIn = (bindings: Entry[], body: Nix): Nix => ({ t: 'let', bindings, body });
export const call = <F extends string>(f: Lit<F>, ...args: Nix[]): Nix => ({ t: 'call', fn: asCode(f), args });
export const withE = <E extends string>(env: Lit<E>, body: Nix): Nix => ({ t: 'with', env: asCode(env), body });
/** `assert cond; body`, the body on the next line at the same indentation (nixfmt). */
export const assertE = (cond: Code, body: Nix): Nix => ({ t: 'assert', cond, body });
export const update = (left: Nix, right: Nix): Nix => ({ t: 'update', left, right });
/** `key = value;`: a constant attribute path (`'cargoLock.lockFile'`) or writer-built code (`name(x)`). */
export const kv = <K extends string>(key: Lit<K>, value: Nix, comment?: string): Entry => ({ key: asCode(key), value, comment });
/** `inherit a b;` / `inherit (from) a b;`. */
export const inherit = <const N extends readonly string[]>(names: LitList<N>, from?: Code, comment?: string): Entry => ({ inherit: names.map(asCode), from, comment });

const KEYWORDS = new Set(['if', 'then', 'else', 'assert', 'with', 'let', 'in', 'rec', 'inherit', 'or']);

/** A double-quoted Nix string whose value is exactly `s`. NUL cannot exist in a Nix string. */
export function escapeString(s: string): Code {
  if (s.includes('\0')) throw new NixValueError(s);
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"' || c === '\\') out += `\\${c}`;
    else if (c === '$' && s[i + 1] === '{') out += '\\$';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else out += c;
  }
  return asCode(`${out}"`);
}

/** A value no Nix string can hold (NUL): the message shows where it is. */
export class NixValueError extends Error {
  constructor(readonly value: string) {
    super(`a Nix string cannot contain a NUL character: ${JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)}`);
  }
}

/**
 * A "…" string whose `${a.b}` holes (attribute paths, as knowledge tables write
 * env values) become the references `ref` makes; all other text is escaped.
 */
const REF_HOLE = /\$\{([A-Za-z_][\w'-]*(?:\.[A-Za-z_][\w'-]*)*)\}/g;

/** The variables `refString` would reference in `value` (`${openssl.dev}` → openssl). */
export function refVariables(value: string): string[] {
  return [...value.matchAll(REF_HOLE)].map((m) => m[1]!.split('.')[0]!).filter(isIdent);
}

export function refString(value: string, ref: (path: string) => Code): Code {
  const parts: string[] = [];
  const holes: Code[] = [];
  let last = 0;
  for (const m of value.matchAll(REF_HOLE)) {
    if (!isIdent(m[1]!.split('.')[0]!)) continue;
    parts.push(value.slice(last, m.index));
    holes.push(ref(m[1]!));
    last = m.index + m[0].length;
  }
  parts.push(value.slice(last));
  return interpolated(parts, holes);
}

/** `"text${hole}text"`: `parts` are text (escaped), `holes` code, as in a template. */
export function interpolated(parts: readonly string[], holes: readonly Code[]): Code {
  if (parts.length !== holes.length + 1) throw new Error('interpolated: one more text part than holes');
  const text = (t: string) => {
    const e = escapeString(t).slice(1, -1);
    // `$` right before an interpolation would make `$${`, which Nix reads as text.
    return e.endsWith('$') ? `${e.slice(0, -1)}\\$` : e;
  };
  return asCode(`"${holes.map((h, i) => `${text(parts[i]!)}\${${h}}`).join('')}${escapeString(parts.at(-1)!).slice(1, -1)}"`);
}

/** A double-quoted string as code, for holes in `code\`…\``. */
export const nixString = escapeString;

const IND_ESC: Record<string, string> = { '\t': "''\\t", '\r': "''\\r" };

/**
 * The lines of an indented string whose value is exactly `s`, each content line
 * prefixed by `ind` spaces; the caller writes `''`, a newline, the lines joined
 * by newlines, and `''` right after the last one.
 */
export function indentedLines(s: string, ind: number, holes?: ReadonlyMap<string, string>): string[] {
  if (s.includes('\0')) throw new NixValueError(s);
  const lines = s.split('\n');
  const last = lines.length - 1;
  // Indentation stripping must remove exactly `ind`: some line has to start with
  // content (or an escape) right after the prefix. A whitespace-only last line
  // would be dropped, so it starts with an escaped space too.
  const anchored = lines.some((l) => l !== '' && l[0] !== ' ');
  let escapeFirstSpace = anchored ? -1 : lines.findIndex((l) => l.startsWith(' '));
  if (/^ +$/.test(lines[last]!)) escapeFirstSpace = escapeFirstSpace === -1 || escapeFirstSpace === last ? last : escapeFirstSpace;
  return lines.map((line, li) => {
    const toks: string[] = [];
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (i === 0 && c === ' ' && (li === escapeFirstSpace || (li === last && /^ +$/.test(line)))) toks.push("''\\ ");
      else if (c === "'" && line[i + 1] === "'") (toks.push("'''"), i++);
      else if (c === '$' && line[i + 1] === '{') (toks.push("''${"), i++);
      // A `$` right before an interpolation would make `$${`, which Nix reads as text.
      else if (c === '$' && holes?.has(line[i + 1]!)) toks.push("''\\$");
      // A hole printed over several lines (nixfmt expands a list of two or more inside `${…}`)
      // continues at its line's indentation, as nixfmt lays it out.
      else if (holes?.has(c)) toks.push(holes.get(c)!.replace(/\n/g, `\n${pad(ind + line.length - line.trimStart().length)}`));
      else toks.push(IND_ESC[c] ?? c);
    }
    // A lone ' just before something starting with ' (or the closing '') would merge with it.
    for (let i = 0; i < toks.length; i++) {
      if (toks[i] === "'" && (i === toks.length - 1 ? li === last : toks[i + 1]!.startsWith("'"))) toks[i] = "''\\'";
    }
    const text = toks.join('');
    return text === '' ? '' : pad(ind) + text;
  });
}

/** `''…''` for `s`, opened on the current line and closed after its last line. */
export function escapeIndented(s: string, ind: number, holes?: ReadonlyMap<string, string>): string {
  const lines = indentedLines(s, ind + 2, holes);
  // An empty last line (the value ends with a newline) holds only the closing
  // quotes, indented like the opening line; Nix drops that whitespace.
  if (lines.at(-1) === '') lines[lines.length - 1] = pad(ind);
  return `''\n${lines.join('\n')}''`;
}

const PATH_SEGMENT = /^[A-Za-z0-9._+-]+$/;

/**
 * A path relative to the file's directory: a literal `./a/b` when Nix's path
 * syntax allows it, else `./. + "/a b"` (spaces, unicode, `${`… in file names).
 */
export function pathExpr(rel: string, up: 0 | 1 = 0): Code {
  const segs = rel.split('/').filter((p) => p !== '' && p !== '.');
  if (segs.includes('..')) throw new Error(`path leaves the crate: ${JSON.stringify(rel)}`);
  const base = up ? '..' : '.';
  if (!segs.length) return asCode(`${base}/.`);
  return asCode(segs.every((p) => PATH_SEGMENT.test(p)) ? `${base}/${segs.join('/')}` : `(${base}/. + ${escapeString(`/${segs.join('/')}`)})`);
}

/** An attribute name, quoted when it is not a plain identifier. */
/** A dotted attribute path, each part quoted when it is not a plain identifier. */
export function attrKey(k: string): Code {
  return asCode(k.split('.').map(quotedKey).join('.'));
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_'-]*$/;
/** One attribute name, whatever it contains: bare when an identifier, else quoted (`"inherit"`, `"a.b"`). */
export const quotedKey = (k: string): Code => (IDENT.test(k) && !KEYWORDS.has(k) ? asCode(k) : escapeString(k));
/** One attribute name as code: `code\`config.services.${name(n)}\``. */
export const name = quotedKey;

export const isIdent = (s: string) => IDENT.test(s) && !KEYWORDS.has(s);
/** A variable name (a binding, a function argument): must be an identifier and not a keyword. */
export function ident(s: string): Code {
  if (!isIdent(s)) throw new Error(`not a Nix identifier: ${JSON.stringify(s)}`);
  return asCode(s);
}

/** A non-negative integer literal (Nix has no negative literals: -1 is an operator applied). */
export function int(n: number): Code {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`not a Nix integer literal: ${n}`);
  return asCode(String(n));
}

/** A node printed on one line, as code for a hole (`code\`${inlineCode(list)} ++ cfg.extraArgs\``). */
export function inlineCode(n: Nix): Code {
  const one = n.t === 'list' ? inlineList(n) : inline(n);
  if (one === undefined) throw new Error('inlineCode: the expression does not fit on one line');
  return asCode(one);
}

/** A short list on one line (`[ "--port" (toString cfg.port) ]`), as nixfmt keeps it when it fits. */
function inlineList(n: Nix & { t: 'list' }): string | undefined {
  const parts = n.items.map((i) => {
    const p = inline(i);
    return p === undefined || p.includes('\n') ? undefined : needsParens(i) ? `(${p})` : p;
  });
  return parts.some((p) => p === undefined) ? undefined : parts.length ? `[ ${parts.join(' ')} ]` : '[ ]';
}

/**
 * Comment text as lines that cannot end early: split at every line break an
 * editor or Nix knows, control and bidi-override characters dropped.
 */
export function commentText(text: string): string[] {
  // eslint-disable-next-line no-control-regex
  return text.split(/\r\n|[\r\n\u000b\u000c\u0085\u2028\u2029]/).map((l) => l.replace(/[\u0000-\u0008\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '').replace(/\t/g, ' '));
}

const pad = (n: number) => ' '.repeat(n);

function isSimple(n: Nix): boolean {
  return n.t === 'raw' || n.t === 'str';
}

function inline(n: Nix): string | undefined {
  switch (n.t) {
    case 'raw':
      return n.code;
    case 'str':
      return escapeString(n.value);
    case 'istr':
      return n.value.includes('\n') || n.holes?.length ? undefined : escapeString(n.value);
    case 'list':
      if (!n.items.length) return '[ ]';
      if (n.items.length === 1 && isSimple(n.items[0]!) && !n.comments?.some(Boolean)) return `[ ${inline(n.items[0]!)} ]`;
      return undefined;
    case 'attrs':
      return n.entries.length ? undefined : n.rec ? 'rec { }' : '{ }';
    case 'lambda': {
      // A short function stays on one line (`x: x ++ [ … ]`), as nixfmt keeps it.
      const body = inline(n.body);
      return body !== undefined && !body.includes('\n') && body.length < 60 ? `${n.arg}: ${body}` : undefined;
    }
    case 'call': {
      const parts = n.args.map((a) => inline(a));
      if (parts.some((p) => p === undefined)) return undefined;
      return [n.fn, ...parts.map((p, i) => (needsParens(n.args[i]!) ? `(${p})` : p))].join(' ');
    }
    default:
      return undefined;
  }
}

function needsParens(n: Nix): boolean {
  return (
    n.t === 'call' ||
    n.t === 'lambda' ||
    n.t === 'fn' ||
    n.t === 'with' ||
    n.t === 'assert' ||
    n.t === 'update' ||
    n.t === 'concat' ||
    (n.t === 'raw' && /\s/.test(n.code.trim()) && !/^[[{("]/.test(n.code.trim()))
  );
}

/** `# …` lines above an entry, one per line of the comment. */
function commentLines(comment: string | undefined, ind: number): string {
  return comment
    ? commentText(comment)
        .map((l) => `${pad(ind)}# ${l}`.trimEnd() + '\n')
        .join('')
    : '';
}

function entry(e: Entry, ind: number): string {
  if ('key' in e) {
    const c = commentLines(e.comment, ind);
    // nixfmt moves a function or let right-hand side to its own, deeper-indented lines.
    if ((e.value.t === 'fn' || e.value.t === 'lambda' || e.value.t === 'let') && inline(e.value) === undefined) {
      return `${c}${pad(ind)}${e.key} =\n${pad(ind + 2)}${print(e.value, ind + 2, false)};`;
    }
    return `${c}${pad(ind)}${e.key} = ${print(e.value, ind)};`;
  }
  if ('inherit' in e) {
    const c = commentLines(e.comment, ind);
    return `${c}${pad(ind)}inherit ${e.from ? `(${e.from}) ` : ''}${e.inherit.join(' ')};`;
  }
  return `${e.blank ? '\n' : ''}${commentText(e.comment)
    .map((l) => `${pad(ind)}# ${l}`.trimEnd())
    .join('\n')}`;
}

/** Prints `n` assuming the current line is indented by `ind` spaces. */
export function print(n: Nix, ind = 0, top = true): Code {
  return asCode(printNode(n, ind, top));
}

function printNode(n: Nix, ind: number, top: boolean): string {
  const one = inline(n);
  if (one !== undefined) return one;
  switch (n.t) {
    case 'list': {
      const lines = n.items.map((it, i) => {
        const c = n.comments?.[i];
        const v = print(it, ind + 2);
        return `${pad(ind + 2)}${needsParens(it) ? `(${v})` : v}${c ? ` # ${commentText(c).join(' ').trim()}` : ''}`;
      });
      return `[\n${lines.join('\n')}\n${pad(ind)}]`;
    }
    case 'attrs':
      return `${n.rec ? 'rec ' : ''}{\n${n.entries.map((e) => entry(e, ind + 2)).join('\n')}\n${pad(ind)}}`;
    case 'fn': {
      const formals = [...n.formals, ...(n.ellipsis ? ['...'] : [])];
      const head = formals.length <= 1 ? `{ ${formals.join(', ')} }:` : `{\n${formals.map((f) => `${pad(ind + 2)}${f}${f === '...' ? '' : ','}`).join('\n')}\n${pad(ind)}}:`;
      // A file's top-level function is followed by a blank line, as in nixpkgs.
      return `${head}\n${top && ind === 0 ? '\n' : ''}${pad(ind)}${print(n.body, ind, false)}`;
    }
    case 'lambda':
      return n.body.t === 'let' || (n.body.t === 'lambda' && !top) ? `${n.arg}:\n${pad(ind)}${print(n.body, ind, false)}` : `${n.arg}: ${print(n.body, ind)}`;
    case 'let':
      return `let\n${n.bindings.map((e) => entry(e, ind + 2)).join('\n')}\n${pad(ind)}in\n${pad(ind)}${print(n.body, ind)}`;
    case 'istr': {
      const holes = new Map((n.holes ?? []).map((h) => [h[0]!, `\${${h.slice(1)}}`]));
      return escapeIndented(n.value, ind, holes);
    }
    case 'with':
      return `with ${n.env}; ${print(n.body, ind)}`;
    case 'assert':
      return `assert ${n.cond};\n${pad(ind)}${print(n.body, ind, false)}`;
    case 'update':
      return `${print(n.left, ind)} // ${print(n.right, ind)}`;
    case 'concat':
      // nixfmt 1.x: the operator starts a line at the binding's indentation.
      return `${print(n.parts[0], ind)}\n${pad(ind)}++ ${print(n.parts[1], ind)} ${print(n.parts[2], ind)}`;
    case 'call': {
      // nixfmt keeps the function and leading simple arguments on the line and
      // lets the last (multi-line) argument open its block there.
      const parts = n.args.map((a, i) => {
        const s = print(a, ind);
        return needsParens(n.args[i]!) ? `(${s})` : s;
      });
      return [n.fn, ...parts].join(' ');
    }
    default:
      return '';
  }
}

/** A whole file: the expression plus a trailing newline. */
export function file(n: Nix, header?: string): string {
  return `${
    header
      ? `${commentText(header)
          .map((l) => `# ${l}`.trimEnd())
          .join('\n')}\n`
      : ''
  }${print(n)}\n`;
}

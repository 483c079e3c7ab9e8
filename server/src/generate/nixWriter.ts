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

export type Nix =
  | { t: 'raw'; code: string }
  | { t: 'str'; value: string }
  /** A multi-line ''…'' string (scripts); the value is exact, indentation is added when printed. */
  | { t: 'istr'; value: string }
  | { t: 'list'; items: Nix[]; comments?: (string | undefined)[] }
  | { t: 'attrs'; entries: Entry[]; rec?: boolean }
  | { t: 'fn'; formals: string[]; ellipsis?: boolean; body: Nix }
  | { t: 'lambda'; arg: string; body: Nix }
  | { t: 'let'; bindings: Entry[]; body: Nix }
  | { t: 'call'; fn: string; args: Nix[] }
  | { t: 'with'; env: string; body: Nix }
  | { t: 'update'; left: Nix; right: Nix }
  /** `a ++ f b`: parts[0] ++ parts[1] parts[2] (a list, then a function applied to a list). */
  | { t: 'concat'; parts: [Nix, Nix, Nix] };

export type Entry =
  | { key: string; value: Nix; comment?: string }
  | { inherit: string[]; from?: string; comment?: string }
  | { comment: string; blank?: boolean };

export const raw = (code: string): Nix => ({ t: 'raw', code });
export const str = (value: string): Nix => ({ t: 'str', value });
export const istr = (value: string): Nix => ({ t: 'istr', value });
export const list = (items: Nix[], comments?: (string | undefined)[]): Nix => ({ t: 'list', items, comments });
export const attrs = (entries: Entry[], rec = false): Nix => ({ t: 'attrs', entries, rec });
export const fn = (formals: string[], body: Nix, ellipsis = false): Nix => ({ t: 'fn', formals, body, ellipsis });
export const lambda = (arg: string, body: Nix): Nix => ({ t: 'lambda', arg, body });
export const letIn = (bindings: Entry[], body: Nix): Nix => ({ t: 'let', bindings, body });
export const call = (f: string, ...args: Nix[]): Nix => ({ t: 'call', fn: f, args });
export const withE = (env: string, body: Nix): Nix => ({ t: 'with', env, body });
export const update = (left: Nix, right: Nix): Nix => ({ t: 'update', left, right });
export const kv = (key: string, value: Nix, comment?: string): Entry => ({ key, value, comment });

const KEYWORDS = new Set(['if', 'then', 'else', 'assert', 'with', 'let', 'in', 'rec', 'inherit', 'or']);

/** A double-quoted Nix string whose value is exactly `s`. NUL cannot exist in a Nix string. */
export function escapeString(s: string): string {
  if (s.includes('\0')) throw new Error('Nix strings cannot contain NUL characters');
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
  return `${out}"`;
}

const IND_ESC: Record<string, string> = { '\t': "''\\t", '\r': "''\\r" };

/**
 * The lines of an indented string whose value is exactly `s`, each content line
 * prefixed by `ind` spaces; the caller writes `''`, a newline, the lines joined
 * by newlines, and `''` right after the last one.
 */
export function indentedLines(s: string, ind: number): string[] {
  if (s.includes('\0')) throw new Error('Nix strings cannot contain NUL characters');
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
      else if (c === "'" && line[i + 1] === "'") toks.push("'''"), i++;
      else if (c === '$' && line[i + 1] === '{') toks.push("''${"), i++;
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
export function escapeIndented(s: string, ind: number): string {
  const lines = indentedLines(s, ind + 2);
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
export function pathExpr(rel: string): string {
  if (rel === '' || rel === '.') return './.';
  const segs = rel.split('/').filter(Boolean);
  return segs.every((p) => PATH_SEGMENT.test(p)) ? `./${segs.join('/')}` : `(./. + ${escapeString(`/${segs.join('/')}`)})`;
}

/** An attribute name, quoted when it is not a plain identifier. */
export function attrKey(k: string): string {
  // Already quoted by quotedKey (a single name that may contain dots).
  if (k.startsWith('"')) return k;
  return k
    .split('.')
    .map((p) => (/^[A-Za-z_][A-Za-z0-9_'-]*$/.test(p) && !KEYWORDS.has(p) ? p : escapeString(p)))
    .join('.');
}

/** For keys that contain dots themselves (outputHashes names, "x86_64-linux"). */
export const quotedKey = (k: string) => (/^[A-Za-z_][A-Za-z0-9_'-]*$/.test(k) && !KEYWORDS.has(k) ? k : escapeString(k));

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
      return n.value.includes('\n') ? undefined : escapeString(n.value);
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
  return n.t === 'call' || n.t === 'lambda' || n.t === 'fn' || n.t === 'with' || n.t === 'update' || n.t === 'concat' || (n.t === 'raw' && /\s/.test(n.code.trim()) && !/^[[{("]/.test(n.code.trim()));
}

/** `# …` lines above an entry, one per line of the comment. */
function commentLines(comment: string | undefined, ind: number): string {
  return comment ? comment.split('\n').map((l) => `${pad(ind)}# ${l}`.trimEnd() + '\n').join('') : '';
}

function entry(e: Entry, ind: number): string {
  if ('key' in e) {
    const c = commentLines(e.comment, ind);
    // nixfmt moves a function or let right-hand side to its own, deeper-indented lines.
    if ((e.value.t === 'fn' || e.value.t === 'lambda' || e.value.t === 'let') && inline(e.value) === undefined) {
      return `${c}${pad(ind)}${attrKey(e.key)} =\n${pad(ind + 2)}${print(e.value, ind + 2, false)};`;
    }
    return `${c}${pad(ind)}${attrKey(e.key)} = ${print(e.value, ind)};`;
  }
  if ('inherit' in e) {
    const c = commentLines(e.comment, ind);
    return `${c}${pad(ind)}inherit ${e.from ? `(${e.from}) ` : ''}${e.inherit.join(' ')};`;
  }
  return `${e.blank ? '\n' : ''}${e.comment.split('\n').map((l) => `${pad(ind)}# ${l}`.trimEnd()).join('\n')}`;
}

/** Prints `n` assuming the current line is indented by `ind` spaces. */
export function print(n: Nix, ind = 0, top = true): string {
  const one = inline(n);
  if (one !== undefined) return one;
  switch (n.t) {
    case 'list': {
      const lines = n.items.map((it, i) => {
        const c = n.comments?.[i];
        const v = print(it, ind + 2);
        return `${pad(ind + 2)}${needsParens(it) ? `(${v})` : v}${c ? ` # ${c}` : ''}`;
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
    case 'istr':
      return escapeIndented(n.value, ind);
    case 'with':
      return `with ${n.env}; ${print(n.body, ind)}`;
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
  return `${header ? `${header.split('\n').map((l) => `# ${l}`.trimEnd()).join('\n')}\n` : ''}${print(n)}\n`;
}

/** A Nix indented string holding `text` exactly, its lines indented by `indent` spaces (the closing '' one level less). */
export function indentedString(text: string, indent: number): string {
  const lines = text.replace(/''/g, "'''").replace(/\$\{/g, "''${").split('\n');
  // Nix strips the indentation common to all lines: when every line is indented, escape the first
  // indentation character (''\ or ''\t) so that line's own indentation survives.
  const nonEmpty = lines.filter((l) => l.trim());
  if (nonEmpty.length && nonEmpty.every((l) => /^[ \t]/.test(l))) {
    const i = lines.findIndex((l) => l.trim());
    lines[i] = (lines[i]![0] === '\t' ? "''\\t" : "''\\ ") + lines[i]!.slice(1);
  }
  const pad = ' '.repeat(indent);
  return `''\n${lines
    .map((l) => (l ? pad + l : l))
    .join('\n')}\n${' '.repeat(Math.max(0, indent - 2))}''`;
}

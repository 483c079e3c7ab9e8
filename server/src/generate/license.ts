// Cargo's SPDX `license` expression → `lib.licenses.*`. nixpkgs writes both
// "MIT OR Apache-2.0" and "MIT AND Apache-2.0" as a list (meta.license does not
// tell either from and). An id without a nixpkgs attribute, or an expression
// that does not parse, yields a comment, never a guessed license.
import { attrKey, code, type Code } from './nixWriter';

/** SPDX id → nixpkgs `lib.licenses` attribute (attribute names as in nixpkgs lib/licenses.nix). */
const SPDX: Record<string, string> = {
  // Permissive
  MIT: 'mit',
  'MIT-0': 'mit0',
  'MIT-CMU': 'mit-cmu',
  'MIT-Modern-Variant': 'mit-modern',
  'Apache-2.0': 'asl20',
  '0BSD': 'bsd0',
  'BSD-1-Clause': 'bsd1',
  'BSD-2-Clause': 'bsd2',
  'BSD-2-Clause-Patent': 'bsd2Patent',
  'BSD-2-Clause-Views': 'bsd2WithViews',
  'BSD-3-Clause': 'bsd3',
  'BSD-3-Clause-Clear': 'bsd3Clear',
  'BSD-4-Clause': 'bsdOriginal',
  ISC: 'isc',
  Zlib: 'zlib',
  Unlicense: 'unlicense',
  'CC0-1.0': 'cc0',
  'BSL-1.0': 'boost',
  WTFPL: 'wtfpl',
  X11: 'x11',
  HPND: 'hpnd',
  curl: 'curl',
  NCSA: 'ncsa',
  PostgreSQL: 'postgresql',
  'BlueOak-1.0.0': 'blueOak100',
  'UPL-1.0': 'upl',
  'Python-2.0': 'psfl',
  OpenSSL: 'openssl',
  'Unicode-DFS-2015': 'unicode-dfs-2015',
  'Unicode-DFS-2016': 'unicode-dfs-2016',
  'Unicode-3.0': 'unicode-30',
  ICU: 'icu',
  'Artistic-2.0': 'artistic2',
  'AFL-2.0': 'afl20',
  'AFL-2.1': 'afl21',
  'AFL-3.0': 'afl3',
  'MS-PL': 'mspl',
  W3C: 'w3c',
  'ZPL-2.1': 'zpl21',
  'MulanPSL-2.0': 'mulan-psl2',
  Vim: 'vim',
  Ruby: 'ruby',
  Beerware: 'beerware',
  'CC-BY-4.0': 'cc-by-40',
  'CC-BY-3.0': 'cc-by-30',
  'CC-BY-SA-4.0': 'cc-by-sa-40',
  'OFL-1.1': 'ofl',
  'ECL-2.0': 'ecl20',
  // Copyleft
  'MPL-1.0': 'mpl10',
  'MPL-1.1': 'mpl11',
  'MPL-2.0': 'mpl20',
  'EPL-1.0': 'epl10',
  'EPL-2.0': 'epl20',
  'EUPL-1.1': 'eupl11',
  'EUPL-1.2': 'eupl12',
  'CDDL-1.0': 'cddl',
  'OSL-3.0': 'osl3',
  'CECILL-2.1': 'cecill21',
  'CECILL-B': 'cecill-b',
  'CECILL-C': 'cecill-c',
  'GPL-1.0-only': 'gpl1Only',
  'GPL-1.0-or-later': 'gpl1Plus',
  'GPL-2.0-only': 'gpl2Only',
  'GPL-2.0-or-later': 'gpl2Plus',
  'GPL-3.0-only': 'gpl3Only',
  'GPL-3.0-or-later': 'gpl3Plus',
  'LGPL-2.0-only': 'lgpl2Only',
  'LGPL-2.0-or-later': 'lgpl2Plus',
  'LGPL-2.1-only': 'lgpl21Only',
  'LGPL-2.1-or-later': 'lgpl21Plus',
  'LGPL-3.0-only': 'lgpl3Only',
  'LGPL-3.0-or-later': 'lgpl3Plus',
  'AGPL-3.0-only': 'agpl3Only',
  'AGPL-3.0-or-later': 'agpl3Plus',
  'GFDL-1.3-only': 'fdl13Only',
  'GFDL-1.3-or-later': 'fdl13Plus',
  // Source-available (nixpkgs marks them unfree, which is what the user should see)
  'BUSL-1.1': 'bsl11',
  'Elastic-2.0': 'elastic20',
  // Deprecated SPDX ids still common on crates.io, mapped to their current meaning.
  'GPL-1.0': 'gpl1Only',
  'GPL-2.0': 'gpl2Only',
  'GPL-3.0': 'gpl3Only',
  'LGPL-2.0': 'lgpl2Only',
  'LGPL-2.1': 'lgpl21Only',
  'LGPL-3.0': 'lgpl3Only',
  'AGPL-3.0': 'agpl3Only',
};

/**
 * `X WITH exception` pairs nixpkgs names: the license and the exception's own attribute
 * (nixpkgs replaced gpl2Classpath and the like by classpathException20 beside the GPL).
 * A deprecated SPDX id that means such a pair is listed under its own name.
 */
const WITH: Record<string, string[]> = {
  'Apache-2.0 WITH LLVM-exception': ['asl20', 'llvm-exception'],
  'GPL-2.0-only WITH Classpath-exception-2.0': ['gpl2Only', 'classpathException20'],
  'GPL-2.0 WITH Classpath-exception-2.0': ['gpl2Only', 'classpathException20'],
  'GPL-2.0-or-later WITH Classpath-exception-2.0': ['gpl2Plus', 'classpathException20'],
  'GPL-3.0-only WITH Classpath-exception-2.0': ['gpl3Only', 'classpathException20'],
  'GPL-3.0-or-later WITH Classpath-exception-2.0': ['gpl3Plus', 'classpathException20'],
  'GPL-2.0-with-classpath-exception': ['gpl2Only', 'classpathException20'],
  'LGPL-2.1-or-later WITH OCaml-LGPL-linking-exception': ['lgpl21Plus', 'ocamlLgplLinkingException'],
};

export type SpdxNode = { op: 'license'; id: string; plus: boolean; exception?: string } | { op: 'or' | 'and'; args: SpdxNode[] };

/** Parses an SPDX license expression (also the legacy `A/B` form and lower-case operators). Throws on malformed input. */
export function parseSpdx(expr: string): SpdxNode {
  const toks = expr.match(/\(|\)|\/|[^\s()/]+/g) ?? [];
  let i = 0;
  const peek = () => toks[i];
  const isOp = (t: string | undefined, op: string) => t !== undefined && t.toUpperCase() === op;
  const fail = (what: string): never => {
    throw new Error(`${what} in license expression \`${expr}\``);
  };
  function orExpr(): SpdxNode {
    const args = [andExpr()];
    while (isOp(peek(), 'OR') || peek() === '/') {
      i++;
      args.push(andExpr());
    }
    return args.length === 1 ? args[0]! : { op: 'or', args };
  }
  function andExpr(): SpdxNode {
    const args = [withExpr()];
    while (isOp(peek(), 'AND')) {
      i++;
      args.push(withExpr());
    }
    return args.length === 1 ? args[0]! : { op: 'and', args };
  }
  function withExpr(): SpdxNode {
    const t = peek();
    if (t === undefined) return fail('missing license');
    if (t === '(') {
      i++;
      const inner = orExpr();
      if (peek() !== ')') fail('missing `)`');
      i++;
      return inner;
    }
    if (t === ')' || t === '/' || ['OR', 'AND', 'WITH'].includes(t.toUpperCase())) fail(`unexpected \`${t}\``);
    i++;
    const node: SpdxNode = { op: 'license', id: t.replace(/\+$/, ''), plus: t.endsWith('+') };
    if (isOp(peek(), 'WITH')) {
      i++;
      const e = peek();
      if (e === undefined || e === '(' || e === ')' || e === '/') return fail('missing exception after WITH');
      i++;
      node.exception = e;
    }
    return node;
  }
  const tree = orExpr();
  if (i < toks.length) fail(`unexpected \`${toks[i]}\``);
  return tree;
}

export interface LicenseResult {
  /** Nix code: `lib.licenses.mit`, one per license; undefined when nothing maps. */
  expr?: Code[];
  /** Ids (or the whole expression, when it does not parse) without a nixpkgs attribute, for a comment. */
  unknown: string[];
  /** What the mapping left out (an exception nixpkgs has no attribute for), for a comment. */
  notes: string[];
}

/** A table entry, never an inherited property (a license named `__proto__` or `constructor`). */
function own<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

function leaves(n: SpdxNode): Extract<SpdxNode, { op: 'license' }>[] {
  return n.op === 'license' ? [n] : n.args.flatMap(leaves);
}

function attrsFor(l: Extract<SpdxNode, { op: 'license' }>, notes: string[]): string[] | undefined {
  // `GPL-2.0+` is the deprecated spelling of `GPL-2.0-or-later`; other `+` ids mean the same.
  const base = l.id.replace(/-(only|or-later)$/, '');
  const id = l.plus ? (own(SPDX, `${base}-or-later`) ? `${base}-or-later` : undefined) : l.id;
  if (!id) return undefined;
  if (l.exception) {
    const pair = own(WITH, `${id} WITH ${l.exception}`);
    if (pair) return pair;
    const attr = own(SPDX, id);
    if (attr) notes.push(`${id} WITH ${l.exception}: nixpkgs has no attribute for the exception; the license alone is listed`);
    return attr ? [attr] : undefined;
  }
  const attr = own(SPDX, id);
  return attr ? [attr] : (own(WITH, id) ?? undefined);
}

/** `lib.licenses.<attr>` for every license the expression names (duplicates removed, order kept). */
export function nixLicense(spdx: string | undefined): LicenseResult {
  if (!spdx?.trim()) return { unknown: [], notes: [] };
  let tree: SpdxNode;
  try {
    tree = parseSpdx(spdx);
  } catch {
    return { unknown: [spdx.trim()], notes: [] };
  }
  const known: Code[] = [];
  const unknown: string[] = [];
  const notes: string[] = [];
  for (const l of leaves(tree)) {
    const attrs = attrsFor(l, notes);
    if (!attrs) unknown.push(`${l.id}${l.plus ? '+' : ''}${l.exception ? ` WITH ${l.exception}` : ''}`);
    else for (const a of attrs) if (!known.includes(code`lib.licenses.${attrKey(a)}`)) known.push(code`lib.licenses.${attrKey(a)}`);
  }
  return { expr: known.length ? known : undefined, unknown: [...new Set(unknown)], notes };
}

/** The nixpkgs attribute for one SPDX id, if Nixify knows it (for tests and hovers). */
export function spdxToNix(id: string): string | undefined {
  return own(SPDX, id);
}

/** Every `lib.licenses` attribute Nixify can write (tests check each against nixpkgs' lib/licenses). */
export function spdxAttrs(): string[] {
  return [...new Set([...Object.values(SPDX), ...Object.values(WITH).flat()])].sort();
}

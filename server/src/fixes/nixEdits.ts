// Precise edits on a Nix file, computed from the Nix model's ranges: add
// inputs to a list (or create the attribute), set env vars, add an outputHashes
// entry, replace a value. Pure functions: text + model in, TextEdits out.
import type { BuilderCall, NixBinding, NixList } from '../model/nixTypes';
import type { Position, Range, TextEdit } from '../model/types';

/** A Nix string literal for any string: escapes `"`, `\`, and `${` so it round-trips exactly. */
export function nixString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$\{/g, '\\${').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
}

const insert = (position: Position, newText: string): TextEdit => ({ range: { start: position, end: position }, newText });

function lineOf(text: string, line: number): string {
  let start = 0;
  for (let i = 0; i < line; i++) start = text.indexOf('\n', start) + 1;
  const end = text.indexOf('\n', start);
  return text.slice(start, end === -1 ? undefined : end);
}

/** A callPackage file's top-level `{ a, b, ... }:` (after comment lines): group 1 is what the braces hold. */
export const FORMALS = /^\s*(?:#[^\n]*\n\s*)*\{([^}]*)\}\s*:/;

/** How a file names packages: `pkgs.openssl` in flakes, bare `openssl` (+ a formal) in callPackage files. */
export interface InputStyle {
  prefix: '' | 'pkgs.';
  /** Range of the top-level `{ a, b, ... }:` formals when new bare names must be added to them. */
  formals?: { names: string[]; insertAt: Position };
}

export function inputStyle(text: string, call: BuilderCall): InputStyle {
  const items = [...(call.nativeBuildInputs?.items ?? []), ...(call.buildInputs?.items ?? [])];
  if (items.some((i) => i.text.startsWith('pkgs.'))) return { prefix: 'pkgs.' };
  const m = FORMALS.exec(text);
  if (m) {
    const names = m[1]!
      .split(',')
      .map((x) => x.trim().split(/[\s?]/)[0]!)
      .filter((x) => x && x !== '...');
    const closeIdx = m.index + m[0].lastIndexOf('}');
    const before = text.slice(0, closeIdx);
    const line = before.split('\n').length - 1;
    const character = closeIdx - (before.lastIndexOf('\n') + 1);
    return { prefix: '', formals: { names, insertAt: { line, character } } };
  }
  return { prefix: /with pkgs;/.test(text) || !/\bpkgs\b/.test(text) ? '' : 'pkgs.' };
}

const rootName = (attr: string) => attr.split('.')[0]!;

function formalEdits(text: string, style: InputStyle, attrs: string[]): TextEdit[] {
  if (!style.formals) return [];
  const missing = [...new Set(attrs.map(rootName))].filter((a) => !style.formals!.names.includes(a));
  if (!missing.length) return [];
  // Multi-line formals (nixfmt style: one per line, leading commas or trailing) get one per line.
  const closeLine = lineOf(text, style.formals.insertAt.line);
  const onOwnLine = closeLine.trim().startsWith('}');
  if (onOwnLine) {
    const prev = lineOf(text, style.formals.insertAt.line - 1);
    const indent = /^\s*/.exec(prev)![0];
    const leadingComma = prev.trim().startsWith(',');
    const trailing = prev.trimEnd().endsWith(',');
    const newText = missing.map((a) => (leadingComma ? `${indent}, ${a}\n` : `${indent}${a}${trailing ? ',' : ''}\n`)).join('');
    return [insert({ line: style.formals.insertAt.line, character: 0 }, trailing || leadingComma ? newText : `${indent}${missing.map((a) => `, ${a}`).join('')}\n`)];
  }
  const inside = closeLine.slice(0, style.formals.insertAt.character).trimEnd();
  const sep = inside.endsWith('{') ? ' ' : ', ';
  const pos = { line: style.formals.insertAt.line, character: inside.length };
  return [insert(pos, `${sep}${missing.join(', ')}`)];
}

function addToList(text: string, list: NixList & { binding: NixBinding }, items: string[]): TextEdit[] {
  if (!items.length) return [];
  if (!list.literal) {
    // `common ++ [ … ]` or `lib.optionals …`: append a literal list to the whole expression.
    return [insert(list.binding.valueRange.end, ` ++ [ ${items.join(' ')} ]`)];
  }
  const r = list.range;
  const last = list.items.at(-1);
  if (last && list.indent) return [insert(last.range.end, items.map((i) => `\n${list.indent}${i}`).join(''))];
  if (last) return [insert(last.range.end, ` ${items.join(' ')}`)];
  // Empty `[ ]`: replace it.
  const one = r.start.line === r.end.line;
  if (one) return [{ range: r, newText: `[ ${items.join(' ')} ]` }];
  const indent = /^\s*/.exec(lineOf(text, r.start.line))![0];
  return [{ range: r, newText: `[\n${items.map((i) => `${indent}  ${i}`).join('\n')}\n${indent}]` }];
}

/** A new attribute after the call's last binding, at its indentation. */
export function addAttr(call: BuilderCall, name: string, value: string): TextEdit {
  const { position, indent, inline } = call.insertAt;
  return insert(position, inline ? ` ${name} = ${value};` : `\n${indent}${name} = ${value};`);
}

export interface InputsToAdd {
  nativeBuildInputs?: string[];
  buildInputs?: string[];
}

export function addInputs(text: string, call: BuilderCall, add: InputsToAdd): TextEdit[] {
  const style = inputStyle(text, call);
  const edits: TextEdit[] = [];
  const all: string[] = [];
  for (const bucket of ['nativeBuildInputs', 'buildInputs'] as const) {
    const list = call[bucket];
    const present = new Set((list?.items ?? []).map((i) => i.text.replace(/^pkgs\./, '')));
    const missing = (add[bucket] ?? []).filter((a) => !present.has(a));
    if (!missing.length) continue;
    all.push(...missing);
    const names = missing.map((a) => style.prefix + a);
    if (list) edits.push(...addToList(text, list, names));
    else edits.push(addAttr(call, bucket, `[ ${names.join(' ')} ]`));
  }
  return [...formalEdits(text, style, style.prefix ? [] : all), ...edits];
}

/**
 * What a literal puts in the builder's environment (Nix's coercion: `1`, `true` and `"1"` are all "1", `false` is ""),
 * so a value the build already reads the same is left alone; anything else, its text.
 */
function envString(nix: string): string {
  const t = nix.trim();
  if (t === 'true') return '1';
  if (t === 'false') return '';
  if (/^-?\d+$/.test(t)) return String(Number(t));
  const q = /^"([^"\\$]*)"$/.exec(t);
  return q ? q[1]! : t;
}

/** Sets env vars: into `env = { … }` when present, else a new `env = { … };` block. */
export function setEnv(text: string, call: BuilderCall, vars: { name: string; nix: string }[]): TextEdit[] {
  // A variable the call sets already (`X = 0;`, `env.X = "0";`, inside `env = { … }`) gets the value in its place.
  const edits: TextEdit[] = [];
  const missing: typeof vars = [];
  for (const v of vars) {
    const cur = call.env.find((e) => e.name === `env.${v.name}` || e.name === v.name);
    if (!cur) missing.push(v);
    else if (envString(cur.text) !== envString(v.nix)) edits.push(replaceValue(cur, v.nix));
  }
  if (!missing.length) return edits;
  const env = call.envBinding;
  if (env && /^\{/.test(env.text.trim()))
    return [
      ...edits,
      ...insertIntoAttrset(
        text,
        env,
        missing.map((v) => `${v.name} = ${v.nix};`),
      ),
    ];
  if (call.env.some((e) => e.name.startsWith('env.'))) return [...edits, ...missing.map((v) => addAttr(call, `env.${v.name}`, v.nix))];
  const { indent, inline } = call.insertAt;
  if (inline) return [...edits, insert(call.insertAt.position, ` env = { ${missing.map((v) => `${v.name} = ${v.nix};`).join(' ')} };`)];
  return [...edits, insert(call.insertAt.position, `\n${indent}env = {\n${missing.map((v) => `${indent}  ${v.name} = ${v.nix};`).join('\n')}\n${indent}};`)];
}

/** Adds entries to the attrset that is `binding`'s value, before its closing brace. */
export function insertIntoAttrset(text: string, binding: NixBinding, entries: string[]): TextEdit[] {
  const r: Range = binding.valueRange;
  const close = { line: r.end.line, character: r.end.character - 1 };
  if (r.start.line === r.end.line) {
    const body = binding.text.slice(1, -1).trim();
    return [{ range: r, newText: `{ ${body ? `${body} ` : ''}${entries.join(' ')} }` }];
  }
  const closeIndent = /^\s*/.exec(lineOf(text, r.end.line))![0];
  return [insert({ line: close.line, character: 0 }, entries.map((e) => `${closeIndent}  ${e}\n`).join(''))];
}

export function replaceValue(binding: NixBinding, nixExpr: string): TextEdit {
  return { range: binding.valueRange, newText: nixExpr };
}

/** Adds `cargoLock.outputHashes."<key>" = <hash>;`, creating outputHashes when absent. */
export function addOutputHash(text: string, call: BuilderCall, key: string, hashExpr: string): TextEdit[] {
  const entry = `${nixString(key)} = ${hashExpr};`;
  const cl = call.cargoLock;
  if (cl?.outputHashes && /^\{/.test(cl.outputHashes.binding.text.trim())) return insertIntoAttrset(text, cl.outputHashes.binding, [entry]);
  if (cl && cl.binding.name === 'cargoLock' && /^\{/.test(cl.binding.text.trim())) return insertIntoAttrset(text, cl.binding, [`outputHashes = { ${entry} };`]);
  const after = cl?.lockFile ?? cl?.binding;
  if (after) {
    const indent = /^\s*/.exec(lineOf(text, after.range.start.line))![0];
    return [insert(after.range.end, `\n${indent}cargoLock.outputHashes = {\n${indent}  ${entry}\n${indent}};`)];
  }
  return [addAttr(call, 'cargoLock', `{ lockFile = ./Cargo.lock; outputHashes = { ${entry} }; }`)];
}

/** `lib.fakeHash` as the file can reach it: the next build then reports the real hash. */
export function fakeHashExpr(text: string): string {
  if (/[{,\s]lib[,\s}]|\blib\s*=|inherit \(?[^;]*\blib\b/.test(text)) return 'lib.fakeHash';
  if (/\bpkgs\b/.test(text)) return 'pkgs.lib.fakeHash';
  return '"sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="';
}

/** Applies non-overlapping edits to a text (for tests and the CLI). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const offsets: number[] = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') offsets.push(i + 1);
  const at = (p: Position) => (offsets[p.line] ?? text.length) + p.character;
  // Back to front; inserts at one position keep their array order (LSP semantics).
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => at(b.e.range.start) - at(a.e.range.start) || at(b.e.range.end) - at(a.e.range.end) || b.i - a.i);
  let out = text;
  for (const { e } of sorted) out = out.slice(0, at(e.range.start)) + e.newText + out.slice(at(e.range.end));
  return out;
}

// A small YAML writer for the CI files: block mappings and sequences, literal
// block scalars for shell scripts, comments above entries. Every scalar that a
// YAML 1.1 or 1.2 reader could take for anything but the same string (a
// boolean, a number, null, an alias, a flow indicator, a `: ` or ` #` inside)
// is written double-quoted with JSON escapes, which YAML reads back exactly.

export type YamlValue = string | number | boolean | YamlValue[] | YamlMap | YamlBlock;
export interface YamlMap {
  t: 'map';
  entries: YamlEntry[];
}
/** A literal block scalar (`|`): a shell script, one line per line. */
export interface YamlBlock {
  t: 'block';
  text: string;
}
export type YamlEntry = { key: string; value: YamlValue; comment?: string; trail?: string } | { comment: string };

export const ymap = (entries: (YamlEntry | false | undefined)[]): YamlMap => ({ t: 'map', entries: entries.filter((e): e is YamlEntry => !!e) });
export const ykv = (key: string, value: YamlValue, comment?: string): YamlEntry => ({ key, value, comment });
/** `key: value # trail`: a comment on the same line (a pinned action's release, where Dependabot reads it). */
export const ykvTrail = (key: string, value: string, trail: string): YamlEntry => ({ key, value, trail });
export const yblock = (lines: string[]): YamlBlock => ({ t: 'block', text: lines.join('\n') + '\n' });

// YAML 1.1 (GitHub's and GitLab's readers are 1.1/1.2 mixes) reads these as non-strings.
const RESERVED = /^(?:~|null|true|false|yes|no|on|off|y|n)$/i;
const NUMBERISH = /^[-+]?(?:\.?[0-9][0-9_.:eE+-]*|0[xob][0-9a-fA-F_]+|\.inf|\.nan)$/i;

/** A scalar as YAML text: plain when it is unambiguous, else double-quoted. */
export function yamlScalar(s: string | number | boolean): string {
  if (typeof s !== 'string') return String(s);
  const plain =
    s.length > 0 &&
    !RESERVED.test(s) &&
    !NUMBERISH.test(s) &&
    !/^[-?:,[\]{}#&*!|>'"%@`\s]/.test(s) &&
    !/\s$/.test(s) &&
    !/:$/.test(s) &&
    !/: |\s#|[\n\r\t\u0000-\u001f\u007f\u0085\u2028\u2029\ufeff]/.test(s) &&
    !/^(?:---|\.\.\.)/.test(s);
  return plain ? s : JSON.stringify(s);
}

function yamlKey(k: string): string {
  // `on` is a key GitHub requires spelled plainly; every other key is an identifier or quoted.
  return /^[A-Za-z_][\w-]*$/.test(k) ? k : JSON.stringify(k);
}

function comments(text: string, pad: string): string[] {
  return text.split('\n').map((l) => (l ? `${pad}# ${l}` : `${pad}#`));
}

function isInline(v: YamlValue): boolean {
  return typeof v !== 'object' || (Array.isArray(v) ? v.length === 0 : v.t === 'map' ? v.entries.length === 0 : false);
}

function inline(v: YamlValue): string {
  if (Array.isArray(v)) return '[]';
  if (typeof v === 'object' && v.t === 'map') return '{}';
  return yamlScalar(v as string | number | boolean);
}

function blockLines(b: YamlBlock, pad: string): string[] {
  if (/^[ \t]/.test(b.text) || /\n\n$/.test(b.text) || !b.text.endsWith('\n')) throw new Error('internal: a block scalar must start without indentation and end with exactly one newline');
  if (/[\r\u0085\u2028\u2029]/.test(b.text)) throw new Error('internal: a block scalar cannot hold line separators other than \\n');
  return b.text
    .slice(0, -1)
    .split('\n')
    .map((l) => (l ? pad + l : ''));
}

function mapLines(m: YamlMap, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const out: string[] = [];
  for (const e of m.entries) {
    if (e.comment) out.push(...comments(e.comment, pad));
    if (!('key' in e)) continue;
    const lines = entryLines(`${pad}${yamlKey(e.key)}:`, e.value, indent);
    if (e.trail) {
      if (!isInline(e.value) || /\n/.test(e.trail)) throw new Error('internal: a trailing comment goes after a one-line value');
      lines[0] += `  # ${e.trail}`;
    }
    out.push(...lines);
  }
  return out;
}

/** `head` is `key:` or `-`; the value follows on the same line or indented below. */
function entryLines(head: string, v: YamlValue, indent: number): string[] {
  if (isInline(v)) return [`${head} ${inline(v)}`];
  if (Array.isArray(v)) return [head, ...seqLines(v, indent + 2)];
  const o = v as YamlMap | YamlBlock;
  if (o.t === 'block') return [`${head} |`, ...blockLines(o, ' '.repeat(indent + 2))];
  return [head, ...mapLines(o, indent + 2)];
}

function seqLines(items: YamlValue[], indent: number): string[] {
  const pad = ' '.repeat(indent);
  const out: string[] = [];
  for (const v of items) {
    if (typeof v === 'object' && !Array.isArray(v) && v.t === 'map' && v.entries.length) {
      // `- key: value` with the other keys aligned under the first.
      const lines = mapLines(v, indent + 2);
      const first = lines.findIndex((l) => !l.trimStart().startsWith('#'));
      const before = lines.slice(0, first).map((l) => l);
      out.push(...before, `${pad}- ${lines[first]!.slice(indent + 2)}`, ...lines.slice(first + 1));
    } else out.push(...entryLines(`${pad}-`, v, indent));
  }
  return out;
}

/** The document: a header comment, then the top-level mapping, a blank line before each nested top-level key. */
export function yamlDocument(top: YamlMap, header?: string): string {
  const out: string[] = header ? [...comments(header, ''), ''] : [];
  let pending: string[] = [];
  top.entries.forEach((e, i) => {
    if (!('key' in e)) {
      pending.push(...comments(e.comment, ''));
      return;
    }
    if (i > 0 && (!isInline(e.value) || pending.length || e.comment) && out.length && out.at(-1) !== '') out.push('');
    out.push(...pending, ...mapLines({ t: 'map', entries: [e] }, 0));
    pending = [];
  });
  return `${out.join('\n')}\n`;
}

// Cargo writes Cargo.lock in one fixed shape. Reading exactly that shape line
// by line is several times faster than a general TOML parser on large locks,
// which matters because the language server re-reads the lock on every edit.
// Anything outside the shape (escapes, inline tables, unknown sections,
// duplicate keys) returns undefined and the caller uses the TOML parser, so
// malformed files still get its positioned errors.
import type { EditedText } from './editedText';
import type { CargoLock, LockPackage } from './types';

const KEY_STRING = /^([A-Za-z0-9_-]+) = "([^"\\]*)"$/;
const ITEM = /^ *"([^"\\]*)",?$/;
const META = /^"([^"\\]*)" = "([^"\\]*)"$/;

type Raw = { fields: Map<string, string>; deps?: string[] };

export function fastCargoLock(text: string): CargoLock | undefined {
  const lines = text.split('\n');
  const packages: Raw[] = [];
  const meta = new Map<string, string>();
  let version: number | undefined;
  let section: 'top' | 'package' | 'metadata' = 'top';
  let cur: Raw | undefined;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line === '' || line.startsWith('#')) continue;
    if (line === '[[package]]') {
      cur = { fields: new Map() };
      packages.push(cur);
      section = 'package';
      continue;
    }
    if (line === '[metadata]') {
      if (section === 'metadata' || meta.size) return undefined;
      section = 'metadata';
      continue;
    }
    if (section === 'top') {
      const v = /^version = (\d+)$/.exec(line);
      if (!v || version !== undefined) return undefined;
      version = Number(v[1]);
      continue;
    }
    if (section === 'metadata') {
      const m = META.exec(line);
      if (!m || meta.has(m[1]!)) return undefined;
      meta.set(m[1]!, m[2]!);
      continue;
    }
    if (line === 'dependencies = [') {
      if (cur!.deps) return undefined;
      const deps: string[] = [];
      for (i++; i < lines.length; i++) {
        let item = lines[i]!;
        if (item.endsWith('\r')) item = item.slice(0, -1);
        if (item === ']') break;
        const m = ITEM.exec(item);
        if (!m) return undefined;
        deps.push(m[1]!);
      }
      if (i >= lines.length) return undefined;
      cur!.deps = deps;
      continue;
    }
    if (line === 'dependencies = []') {
      if (cur!.deps) return undefined;
      cur!.deps = [];
      continue;
    }
    const kv = KEY_STRING.exec(line);
    if (!kv || kv[1] === 'dependencies' || cur!.fields.has(kv[1]!)) return undefined;
    cur!.fields.set(kv[1]!, kv[2]!);
  }

  const out: LockPackage[] = [];
  for (const p of packages) {
    const name = p.fields.get('name');
    const ver = p.fields.get('version');
    // Let the general path report a package without a name or version.
    if (name === undefined || ver === undefined) return undefined;
    const source = p.fields.get('source');
    const v1 = source ? meta.get(`checksum ${name} ${ver} (${source})`) : undefined;
    const checksum = p.fields.get('checksum') ?? (v1 !== undefined && v1 !== '<none>' ? v1 : undefined);
    out.push({ name, version: ver, source, checksum, dependencies: p.deps ?? [] });
  }
  const v = version ?? ([...meta.keys()].some((k) => k.startsWith('checksum ')) ? 1 : 2);
  return { version: v, packages: out };
}

const HEADER = '[[package]]';

/** One `[[package]]` block's lines (header excluded) → the package, or undefined outside the shape. */
function blockPackage(text: string, from: number, to: number): LockPackage | undefined {
  const fields = new Map<string, string>();
  let deps: string[] | undefined;
  const lines = text.slice(from, to).split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line === '' || line.startsWith('#')) continue;
    if (line === 'dependencies = [') {
      if (deps) return undefined;
      deps = [];
      for (i++; i < lines.length; i++) {
        let item = lines[i]!;
        if (item.endsWith('\r')) item = item.slice(0, -1);
        if (item === ']') break;
        const m = ITEM.exec(item);
        if (!m) return undefined;
        deps.push(m[1]!);
      }
      if (i >= lines.length) return undefined;
      continue;
    }
    if (line === 'dependencies = []') {
      if (deps) return undefined;
      deps = [];
      continue;
    }
    const kv = KEY_STRING.exec(line);
    if (!kv || kv[1] === 'dependencies' || fields.has(kv[1]!)) return undefined;
    fields.set(kv[1]!, kv[2]!);
  }
  const name = fields.get('name');
  const version = fields.get('version');
  if (name === undefined || version === undefined) return undefined;
  return { name, version, source: fields.get('source'), checksum: fields.get('checksum'), dependencies: deps ?? [] };
}

function samePackage(a: LockPackage, b: LockPackage): boolean {
  return (
    a.name === b.name &&
    a.version === b.version &&
    a.source === b.source &&
    a.checksum === b.checksum &&
    a.dependencies.length === b.dependencies.length &&
    a.dependencies.every((d, i) => d === b.dependencies[i])
  );
}

/** Offsets of the `[[package]]` header lines (exactly the header, CRLF allowed) starting in [from, to). */
function headerStarts(text: string, from = 0, to = text.length, out: number[] = []): number[] {
  for (let at = text.indexOf(HEADER, from); at !== -1 && at < to; at = text.indexOf(HEADER, at + HEADER.length)) {
    if (at > 0 && text.charCodeAt(at - 1) !== 10) continue;
    const after = at + HEADER.length;
    const c = text.charCodeAt(after);
    if (after === text.length || c === 10 || (c === 13 && (after + 1 === text.length || text.charCodeAt(after + 1) === 10))) out.push(at);
  }
  return out;
}

const CHUNK = 1 << 16;

/** Length of the common prefix of a and b (compared a chunk at a time natively, then by character). */
function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i + CHUNK <= n && a.slice(i, i + CHUNK) === b.slice(i, i + CHUNK)) i += CHUNK;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Length of the common suffix of a and b, at most `max`. */
function commonSuffix(a: string, b: string, max: number): number {
  let i = 0;
  while (i + CHUNK <= max && a.slice(a.length - i - CHUNK, a.length - i) === b.slice(b.length - i - CHUNK, b.length - i)) i += CHUNK;
  while (i < max && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}

/** A header's line and the character before it: what decides whether it is one (`\n[[package]]\r\n`). */
const REACH = HEADER.length + 3;

interface Read {
  /** The text read, when it came whole (an edited read keeps only its mark). */
  text?: string;
  length: number;
  mark?: object;
  lock: CargoLock | undefined;
  /** Header offsets and each block's package; present when the whole text was read (no [metadata], no failure). */
  starts?: number[];
  packages?: LockPackage[];
}

/** What the reading steps need of a text: its length and a part of it. */
interface Source {
  length: number;
  slice(from: number, to: number): string;
}

const sourceOf = (text: string): Source => ({ length: text.length, slice: (from, to) => text.slice(from, to) });

/**
 * The line scanner for a lock read again after each edit (the language
 * server). Against the previous text, only the changed span (between the
 * common prefix and suffix) is searched for headers, and only the
 * `[[package]]` blocks overlapping it are read; the others keep their
 * package objects. When no package changed (a comment, blank lines, an
 * undo), the previous CargoLock object itself comes back: callers can tell
 * "the lock did not change" by identity. Results equal fastCargoLock's.
 */
export class IncrementalCargoLock {
  private last: Read | undefined;

  parse(text: string): CargoLock | undefined {
    const prev = this.last;
    if (prev?.text === text) return prev.lock;
    const span = prev?.starts && prev.text !== undefined ? changedSpan(prev as Read & { starts: number[]; text: string }, text) : wholeSpan(text);
    this.last = span ? this.read(sourceOf(text), span, prev) : { text, length: text.length, lock: fastCargoLock(text) };
    this.last.text = text;
    return this.last.lock;
  }

  /**
   * The same from an open document's change since this reader's previous read of it (a span the
   * document kept): no whole copy of its text, which for a lock over 128 KiB is a large object per edit.
   */
  parseEdited(t: EditedText): CargoLock | undefined {
    const prev = this.last;
    const after = prev?.mark !== undefined && prev.mark === t.since;
    if (after && !t.changed) {
      this.last = { ...prev, mark: t.mark };
      return prev.lock;
    }
    const span = after && prev.starts && t.changed ? spanAround(prev as Read & { starts: number[] }, t, t.changed.from, t.changed.to) : undefined;
    if (span) this.last = this.read(t, span, prev);
    else this.parse(t.text());
    this.last!.mark = t.mark;
    return this.last!.lock;
  }

  private read(src: Source, span: Span, prev: Read | undefined): Read {
    const length = src.length;
    const version = headVersion(src, span.starts[0] ?? length);
    const packages = version === null ? undefined : blockPackages(src, span, prev);
    if (version === null || !packages) return { length, lock: undefined };
    const v = version ?? 2;
    const pl = prev?.lock;
    const lock = pl && pl.version === v && samePackages(pl.packages, packages) ? pl : { version: v, packages };
    return { length, lock, starts: span.starts, packages };
  }
}

// read's steps are functions of their own, one loop each: the server runs them on every edit, and
// V8 compiled them as one function with the block parser inlined (≈ 20 ms of a thread, once a run,
// inside an edit).

/**
 * Where a text differs from the previous one, and its headers: blocks [0, kept) are the previous
 * text's first ones; the last ones, from index kept + found, are its blocks from suffixFrom on.
 */
interface Span {
  starts: number[];
  /** The common prefix's length (0 without a previous text). */
  p: number;
  /** Where the changed part ends in the new text (its length without a previous text). */
  changedTo: number;
  kept: number;
  found: number;
  suffixFrom: number;
  /** Whether there is a previous text to keep blocks from. */
  incremental: boolean;
}

/** The whole text read anew; undefined for a v1 lock (checksums in [metadata], read whole by fastCargoLock). */
function wholeSpan(text: string): Span | undefined {
  if (/^\[metadata\]\r?$/m.test(text)) return undefined;
  return { starts: headerStarts(text), p: 0, changedTo: text.length, kept: 0, found: 0, suffixFrom: 0, incremental: false };
}

/**
 * Against the previous text, only the changed span (between the common prefix and suffix) is searched
 * for headers. Undefined when [metadata] is near it (v1 locks keep checksums there, shared by all
 * blocks: read them whole; Cargo stopped writing them in 2019).
 */
function changedSpan(prev: Read & { starts: number[]; text: string }, text: string): Span | undefined {
  const a = prev.text;
  const p = commonPrefix(a, text);
  const s = commonSuffix(a, text, Math.min(a.length, text.length) - p);
  return spanAround(prev, sourceOf(text), p, text.length - s);
}

/** The span of a text the same as the previous one before `p` and from `changedTo` on (see changedSpan). */
function spanAround(prev: Read & { starts: number[] }, src: Source, p: number, changedTo: number): Span | undefined {
  const length = src.length;
  const delta = length - prev.length;
  const lo = Math.max(0, p - REACH);
  const hi = Math.min(length, changedTo + REACH);
  const near = Math.max(0, lo - 1);
  if (/^\[metadata\]\r?$/m.test(src.slice(near, Math.min(length, hi + 12)))) return undefined;
  const starts: number[] = [];
  for (const h of prev.starts) if (h < lo) starts.push(h);
  const kept = starts.length;
  // The window holds the character before lo and a header's line after hi: what decides whether one starts there.
  const windowEnd = Math.min(length, hi + REACH);
  for (const h of headerStarts(src.slice(near, windowEnd), lo - near, hi - near)) starts.push(h + near);
  const found = starts.length - kept;
  let suffixFrom = prev.starts.findIndex((h) => h + delta >= hi);
  if (suffixFrom === -1) suffixFrom = prev.starts.length;
  for (let j = suffixFrom; j < prev.starts.length; j++) starts.push(prev.starts[j]! + delta);
  return { starts, p, changedTo, kept, found, suffixFrom, incremental: true };
}

/** The `version = N` line before the first block: its number, undefined without one, null when the head is outside the shape. */
function headVersion(src: Source, end: number): number | undefined | null {
  let version: number | undefined;
  for (let line of src.slice(0, end).split('\n')) {
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line === '' || line.startsWith('#')) continue;
    const v = /^version = (\d+)$/.exec(line);
    if (!v || version !== undefined) return null;
    version = Number(v[1]);
  }
  return version;
}

/** Each block's package: the previous object for a block untouched by the edit, else read (undefined when one is outside the shape). */
function blockPackages(src: Source, span: Span, prev: Read | undefined): LockPackage[] | undefined {
  const { starts, p, changedTo, kept, found, suffixFrom } = span;
  const packages: LockPackage[] = [];
  for (let i = 0; i < starts.length; i++) {
    const from = starts[i]!;
    const to = starts[i + 1] ?? src.length;
    // Untouched: wholly inside the common prefix or suffix, and the same span before.
    const j = !span.incremental ? -1 : i < kept ? (to <= p ? i : -1) : i >= kept + found && from >= changedTo ? i - kept - found + suffixFrom : -1;
    if (j !== -1) {
      const old = prev!.starts![j]!;
      if ((prev!.starts![j + 1] ?? prev!.length) - old === to - from) {
        packages.push(prev!.packages![j]!);
        continue;
      }
    }
    const pkg = readBlock(src.slice(from, to), prev?.packages?.[i]);
    if (!pkg) return undefined;
    packages.push(pkg);
  }
  return packages;
}

/** A block read anew; a comment or blank line inside a block changes its text, not its package (then the previous object). */
function readBlock(block: string, previous: LockPackage | undefined): LockPackage | undefined {
  const nl = block.indexOf('\n');
  const pkg = blockPackage(block, nl === -1 ? block.length : nl + 1, block.length);
  return pkg && previous && samePackage(pkg, previous) ? previous : pkg;
}

function samePackages(a: LockPackage[], b: LockPackage[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

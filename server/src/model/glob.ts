// Cargo's workspace member globs (the `glob` crate's syntax: `*`, `?`, `[a-z]`,
// `[!x]`, `**` as a whole path component), matched without regular
// expressions: a hand-built RegExp from a hostile pattern backtracks
// exponentially (`*a*a*a…b` took minutes) or does not compile at all.
//
// Matching simulates the pattern as a set of states, one step per character
// (inside a path component) and one step per component (for `**`): time is
// O(text × pattern) at worst, never exponential, and no input can throw.

type Tok = { t: 'char'; c: string } | { t: 'one' } | { t: 'star' } | { t: 'class'; neg: boolean; ranges: [number, number][] };
type Seg = { any: true } | { any: false; toks: Tok[] };

export interface Glob {
  readonly segs: readonly Seg[];
}

export class GlobError extends Error {
  constructor(
    message: string,
    /** 0-based offset in the pattern. */
    readonly at: number,
  ) {
    super(message);
  }
}

/** Longest pattern accepted: far beyond any real member list, small enough to bound the work. */
export const MAX_GLOB_LENGTH = 4096;

/** Compiles a member glob; throws GlobError (with the offset) on what the glob crate refuses. */
export function compileGlob(pattern: string): Glob {
  if (pattern.length > MAX_GLOB_LENGTH) throw new GlobError(`pattern longer than ${MAX_GLOB_LENGTH} characters`, MAX_GLOB_LENGTH);
  const segs: Seg[] = [];
  let offset = 0;
  for (const part of pattern.split('/')) {
    if (part === '**') segs.push({ any: true });
    else segs.push({ any: false, toks: segmentTokens(part, offset) });
    offset += part.length + 1;
  }
  return { segs };
}

function segmentTokens(seg: string, base: number): Tok[] {
  const toks: Tok[] = [];
  const chars = [...seg];
  let at = base;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === '*') {
      if (chars[i + 1] === '*') throw new GlobError('`**` must be a whole path component', at);
      if (toks.at(-1)?.t !== 'star') toks.push({ t: 'star' });
    } else if (c === '?') toks.push({ t: 'one' });
    else if (c === '[') {
      // `[!…]` negates; a `]` right after `[` or `[!` is a member, not the end.
      let j = i + 1;
      const neg = chars[j] === '!';
      if (neg) j++;
      const start = j;
      while (j < chars.length && (chars[j] !== ']' || j === start)) j++;
      if (j >= chars.length) throw new GlobError('`[` without a closing `]`', at);
      const ranges: [number, number][] = [];
      for (let k = start; k < j; k++) {
        const lo = chars[k]!.codePointAt(0)!;
        if (chars[k + 1] === '-' && k + 2 < j) {
          const hi = chars[k + 2]!.codePointAt(0)!;
          if (hi < lo) throw new GlobError(`empty range ${chars[k]}-${chars[k + 2]}`, at);
          ranges.push([lo, hi]);
          k += 2;
        } else ranges.push([lo, lo]);
      }
      toks.push({ t: 'class', neg, ranges });
      at += chars.slice(i, j + 1).join('').length;
      i = j;
      continue;
    } else toks.push({ t: 'char', c });
    at += c.length;
  }
  return toks;
}

function tokMatches(t: Tok, c: string): boolean {
  if (t.t === 'char') return t.c === c;
  if (t.t === 'one') return true;
  if (t.t === 'star') return false;
  const cp = c.codePointAt(0)!;
  const inside = t.ranges.some(([lo, hi]) => cp >= lo && cp <= hi);
  return inside !== t.neg;
}

/** Whether one path component matches one pattern component: a state-set walk, O(|name| × |toks|). */
export function matchComponent(toks: readonly Tok[], name: string): boolean {
  const m = toks.length;
  let cur = new Uint8Array(m + 1);
  let next = new Uint8Array(m + 1);
  const close = (set: Uint8Array) => {
    // A star can match nothing: its state also stands at the token after it.
    for (let i = 0; i < m; i++) if (set[i] && toks[i]!.t === 'star') set[i + 1] = 1;
  };
  cur[0] = 1;
  close(cur);
  for (const c of name) {
    next.fill(0);
    let any = false;
    for (let i = 0; i < m; i++) {
      if (!cur[i]) continue;
      const t = toks[i]!;
      if (t.t === 'star') ((next[i] = 1), (any = true));
      else if (tokMatches(t, c)) ((next[i + 1] = 1), (any = true));
    }
    if (!any) return false;
    close(next);
    [cur, next] = [next, cur];
  }
  return cur[m] === 1;
}

/**
 * States of the component-level walk: which pattern components may come next.
 * Start with `startStates`, step once per directory descended, and a directory
 * is a member when `accepts` is true; an empty state set prunes the subtree.
 */
export type GlobStates = Uint8Array;

export function startStates(g: Glob): GlobStates {
  const s = new Uint8Array(g.segs.length + 1);
  s[0] = 1;
  closeAny(g, s);
  return s;
}

function closeAny(g: Glob, s: GlobStates) {
  // `**` matches zero components too.
  for (let i = 0; i < g.segs.length; i++) if (s[i] && g.segs[i]!.any) s[i + 1] = 1;
}

export function step(g: Glob, s: GlobStates, component: string): GlobStates {
  const next = new Uint8Array(g.segs.length + 1);
  for (let i = 0; i < g.segs.length; i++) {
    if (!s[i]) continue;
    const seg = g.segs[i]!;
    if (seg.any) next[i] = 1;
    else if (matchComponent(seg.toks, component)) next[i + 1] = 1;
  }
  closeAny(g, next);
  return next;
}

export const viable = (s: GlobStates) => s.some((x) => x === 1);
export const accepts = (g: Glob, s: GlobStates) => s[g.segs.length] === 1;

/** Whether a `/`-separated relative path matches the glob. */
export function matchGlob(g: Glob, path: string): boolean {
  let s = startStates(g);
  for (const c of path.split('/')) {
    s = step(g, s, c);
    if (!viable(s)) return false;
  }
  return accepts(g, s);
}

/** Whether a pattern has glob syntax at all (else it names one directory). */
export const isGlob = (pattern: string) => /[*?[]/.test(pattern);

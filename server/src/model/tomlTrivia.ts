// Whether an edit of a TOML file changed only what TOML reads no value from:
// whole lines that are blank or comments, added or removed. The language
// server then keeps what it derived from the file's values and takes only the
// new positions (workspace.ts, withManifestPositions) instead of reloading the
// workspace and comparing it with the last load. Conservative: any other
// difference, or a change after a multi-line string began, answers false and
// the file is read in full.

/**
 * Whether a line (from `from` to `to`, without its line feed) reads as nothing: blank, or a
 * comment of the characters TOML allows in one (smol-toml refuses control characters there).
 * `lastLine`: the text ends after it with no line feed, where a carriage return ends nothing.
 */
function trivia(s: string, from: number, to: number, lastLine: boolean): boolean {
  let i = from;
  while (i < to && (s.charCodeAt(i) === 0x20 || s.charCodeAt(i) === 0x09)) i++;
  // CRLF: the carriage return before the line feed is part of the line ending.
  const end = !lastLine && to > i && s.charCodeAt(to - 1) === 0x0d ? to - 1 : to;
  if (i === end) return true;
  if (s.charCodeAt(i) !== 0x23) return false;
  for (let k = i + 1; k < end; k++) {
    const c = s.charCodeAt(k);
    if (c === 0x09) continue;
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

/** Every line of `s` between offsets `from` (a line's start) and `to` (a line feed, or the end) is trivia. */
function allTrivia(s: string, from: number, to: number): boolean {
  let at = from;
  while (at < to) {
    let nl = s.indexOf('\n', at);
    if (nl === -1 || nl > to) nl = to;
    if (!trivia(s, at, nl, nl === s.length)) return false;
    at = nl + 1;
  }
  return true;
}

/** Where a multi-line string opens, the earliest of `"""` and `'''` (-1 when none). */
function firstMultiline(s: string): number {
  const d = s.indexOf('"""');
  const q = s.indexOf("'''");
  return d === -1 ? q : q === -1 ? d : Math.min(d, q);
}

// The two scans over every character are functions of their own: a manifest edit calls
// onlyTriviaLinesDiffer once, and a loop that long inside it made V8 compile the whole function on
// the stack (OSR) each edit, then throw that code away at the first branch after the loop it had
// no feedback for (--trace-deopt: "Insufficient type feedback", every Cargo.toml edit on nushell).

/** How many characters `a` and `b` share from the start, at most `n`. */
function commonHead(a: string, b: string, n: number): number {
  let p = 0;
  while (p < n && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  return p;
}

/** How many characters `a` and `b` share from the end, at most `n`. */
function commonTail(a: string, b: string, n: number): number {
  let s = 0;
  while (s < n && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  return s;
}

/**
 * Whether `b` is `a` with whole blank or comment lines added or removed at one place, and no
 * multi-line string begins before that place: then TOML reads the same values from both.
 */
export function onlyTriviaLinesDiffer(a: string, b: string): boolean {
  if (a === b) return true;
  const n = Math.min(a.length, b.length);
  const p = commonHead(a, b, n);
  // The unchanged head ends at a line start; the unchanged tail begins at one (or is empty).
  const start = p === 0 ? 0 : a.lastIndexOf('\n', p - 1) + 1;
  // A byte order mark reads as nothing only at the very start: lines put before it (or taken from before it) move it
  // into the file, where TOML refuses it.
  if (start === 0 && (a.charCodeAt(0) === 0xfeff || b.charCodeAt(0) === 0xfeff)) return false;
  const s = commonTail(a, b, n - start);
  // Shrink the tail to whole lines: in both texts it must begin at a line start (or be empty).
  const shift = b.length - a.length;
  const lineStart = (x: string, i: number) => i === start || x.charCodeAt(i - 1) === 0x0a;
  let tail = a.length - s;
  while (tail < a.length && !(lineStart(a, tail) && lineStart(b, tail + shift))) {
    const nl = a.indexOf('\n', tail);
    tail = nl === -1 ? a.length : nl + 1;
  }
  const tailLen = a.length - tail;
  // The changed lines in each text: from `start` up to the tail.
  const endA = tail;
  const endB = b.length - tailLen;
  if (endB < start) return false;
  // A line inside a multi-line string is the string's text, not trivia.
  const ma = firstMultiline(a);
  const mb = firstMultiline(b);
  if ((ma !== -1 && ma < endA) || (mb !== -1 && mb < endB)) return false;
  return allTrivia(a, start, endA) && allTrivia(b, start, endB);
}

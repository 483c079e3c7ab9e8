// The edits bench:lsp sends (bench/lsp.ts), each the way an editor sends it: one
// incremental change. Also the synthetic 10× lock it edits.
import { rng } from '../test/seededRandom';

/**
 * nushell's lock with 9 renamed copies of every package (and of the names in
 * their dependency lists): ≈ 10× the packages and bytes. The copies are not
 * reached from the workspace's manifests, so what grows is what an edit costs
 * to read and compare, not the build to resolve.
 */
export function tenfold(lock: string): string {
  const blocks = lock.split(/(?=^\[\[package\]\]$)/m);
  const head = blocks[0]!.startsWith('[[package]]') ? '' : blocks.shift()!;
  const copies: string[] = [];
  for (let k = 1; k <= 9; k++) {
    for (const b of blocks) {
      copies.push(
        b
          .replace(/^name = "([^"]+)"/m, (_, n) => `name = "${n}-copy${k}"`)
          .replace(/^ "([^" ]+)/gm, (_, n) => ` "${n}-copy${k}`)
          .replace(/\n*$/, '\n\n'),
      );
    }
  }
  return head + blocks.join('').replace(/\n*$/, '\n\n') + copies.join('').replace(/\n+$/, '\n');
}

export function position(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let at = text.indexOf('\n');
  let start = 0;
  while (at !== -1 && at < offset) {
    line++;
    start = at + 1;
    at = text.indexOf('\n', start);
  }
  return { line, character: offset - start };
}

export interface Position {
  line: number;
  character: number;
}

/**
 * One character of a random checksum changed at a time, in place in the lock's bytes, with its
 * position from line starts found once (a checksum's character keeps the lines): no copy of the
 * text per edit. Undefined when the text is not one byte per character.
 */
export function checksumFlips(text: string, seed: number): { next(): { range: { start: Position; end: Position }; text: string }; text(): string } | undefined {
  const bytes = Buffer.from(text, 'latin1');
  if (bytes.length !== Buffer.byteLength(text) || bytes.toString('latin1') !== text) return undefined;
  const starts = [0];
  for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) starts.push(at + 1);
  const position = (offset: number): Position => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - starts[lo]! };
  };
  const r = rng(seed);
  const needle = Buffer.from('checksum = "');
  return {
    next() {
      const at = bytes.indexOf(needle, Math.floor(r() * bytes.length));
      const k = (at === -1 ? bytes.indexOf(needle) : at) + needle.length;
      const c = bytes[k] === 0x61 ? 'b' : 'a';
      bytes[k] = c.charCodeAt(0);
      return { range: { start: position(k), end: position(k + 1) }, text: c };
    },
    text: () => bytes.toString('latin1'),
  };
}

export interface Change {
  from: number;
  to: number;
  text: string;
}

export type EditKind = 'comment' | 'checksum' | 'version' | 'manifest' | 'description';

/** The next edit of each kind on `text`. */
export function editor(built: Set<string>, seed: number) {
  const r = rng(seed);
  let bumped: { at: number; from: string; to: string } | undefined;
  return (kind: EditKind, i: number, cur: string): Change => {
    if (kind === 'comment') return { from: 0, to: 0, text: `# edit ${i}\n` };
    if (kind === 'checksum') {
      const at = cur.indexOf('checksum = "', Math.floor(r() * cur.length));
      const k = (at === -1 ? cur.indexOf('checksum = "') : at) + 'checksum = "'.length;
      return { from: k, to: k + 1, text: cur[k] === 'a' ? 'b' : 'a' };
    }
    if (bumped) {
      const c = { from: bumped.at, to: bumped.at + bumped.to.length, text: bumped.from };
      bumped = undefined;
      return c;
    }
    // A crate the build compiles, found by its block (`name = "x"\nversion = "1.2.3"`).
    for (;;) {
      const m = /^name = "([^"]+)"\nversion = "([^"]+)"/gm;
      m.lastIndex = Math.floor(r() * cur.length);
      const hit = m.exec(cur);
      if (!hit || !built.has(`${hit[1]}@${hit[2]}`)) continue;
      const at = hit.index + hit[0].length - 1 - hit[2]!.length;
      bumped = { at, from: hit[2]!, to: `${hit[2]}9` };
      return { from: at, to: at + hit[2]!.length, text: bumped.to };
    }
  };
}

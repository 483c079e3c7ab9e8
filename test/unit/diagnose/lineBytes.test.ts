// The prefilter reads lines from bytes without Buffer#toString (bytesText.ts)
// and lets the rules look back over skipped bytes through a cache that serves
// every rule asking from the same line (lookBack.ts): each must give exactly
// what the plain way gives.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { latin1Text, utf8Text } from '../../../server/src/diagnose/bytesText';
import { blankBytes, indentedAscii } from '../../../server/src/diagnose/lineBytes';
import { LookBack } from '../../../server/src/diagnose/lookBack';
import { LogDecoder } from '../../../server/src/diagnose/stream';
import { rng } from '../../seededRandom';

/** Random bytes weighted towards what logs hold: ASCII, newlines, CR, ESC, UTF-8 sequences and their broken pieces. */
function logBytes(r: () => number, n: number): Buffer {
  const pieces = ['a', ' ', '\n', '\r', '\x1b[31m', 'é', '…', '\u2028', '> ', 'error: ', '2024-05-01T12:34:56.1234567Z '];
  const out: Buffer[] = [];
  for (let len = 0; len < n;) {
    const b = r() < 0.15 ? Buffer.from([Math.floor(r() * 256)]) : Buffer.from(pieces[Math.floor(r() * pieces.length)]!);
    out.push(b);
    len += b.length;
  }
  return Buffer.concat(out);
}

describe('line bytes', () => {
  it('utf8Text and latin1Text read any range as Buffer#toString does', () => {
    const r = rng(11);
    for (let k = 0; k < 200; k++) {
      // A view into a larger buffer, as the chunks of a file stream are.
      const whole = logBytes(r, 1 + Math.floor(r() * 300));
      const b = whole.subarray(Math.floor(r() * Math.min(100, whole.length)));
      for (let j = 0; j < 20; j++) {
        const from = Math.floor(r() * (b.length + 1));
        const to = from + Math.floor(r() * (b.length - from + 1));
        assert.equal(utf8Text(b, from, to), b.toString('utf8', from, to));
        assert.equal(latin1Text(b, from, to), b.toString('latin1', from, to));
      }
    }
  });

  it('a line indentedAscii or blankBytes lets the prefilter leave out is one the decoder reads as an indented ASCII or a blank text', () => {
    const r = rng(13);
    const pieces = [' ', '\t', '   ', '\v', '>', '> ', '44.88 ', '12', '.', '|', 'at /nix/store/x.nix:3:4:', '\r', 'é', '…', '#3 ', 'x'];
    const lines = ['', ' ', '   > tail', '\t> x', ' 44.88 cargo', '  12.5 x', '   333|   x', '   at /a.nix:1:2:', ' \rx', ' é', '\t…'];
    for (let k = 0; k < 3000; k++) lines.push(Array.from({ length: 1 + Math.floor(r() * 5) }, () => pieces[Math.floor(r() * pieces.length)]).join(''));
    let left = 0;
    for (const line of lines) {
      const b = Buffer.from(`${line}\n`);
      const blank = blankBytes(b, 0, b.length - 1);
      if (!blank && !indentedAscii(b, 0, b.length - 1)) continue;
      left++;
      // What the decoder gives a plain line outside a tail (no framing marker, no ESC, no `@nix `).
      const texts: string[] = [];
      const d = new LogDecoder((l) => texts.push(l.text));
      d.feedLine(line, false, true);
      assert.equal(texts.length, 1, JSON.stringify(line));
      assert.match(texts[0]!, blank ? /^[ \t]*$/ : /^(?:[ \t][\x00-\x0c\x0e-\x7f]*)?$/, JSON.stringify(line));
    }
    assert.ok(left > 100, 'the sample holds such lines');
  });

  it('the look-back gives each rule of a line what a look-back read afresh gives, however many lines each asks for', () => {
    const r = rng(12);
    for (let k = 0; k < 100; k++) {
      // The skipped lines, one buffer: consecutive skips extend the same gap, as the prefilter's do.
      const skipped = Array.from({ length: 200 }, (_, i) => (r() < 0.2 ? '' : `  > skipped ${k}.${i}`));
      const bytes = Buffer.from(skipped.join('\n') + '\n');
      let next = 0;
      let at = 0;
      const cached = new LookBack();
      const lines: string[] = [];
      for (let step = 0; step < 40; step++) {
        if (r() < 0.4) {
          const t = `line ${step}`;
          cached.text(t);
          lines.push(t);
        } else {
          const n = 1 + Math.floor(r() * 3);
          let end = at;
          for (let i = 0; i < n; i++) end = bytes.indexOf(10, end) + 1;
          cached.skip(bytes, at, end);
          lines.push(...skipped.slice(next, next + n).map((l) => LogDecoder.textOf(l)));
          [at, next] = [end, next + n];
        }
        for (let ask = 0; ask < 3; ask++) {
          const n = Math.floor(r() * 10);
          const want = n ? lines.slice(-Math.min(n, 8)) : [];
          while (want.length < Math.min(n, 8)) want.unshift('');
          assert.deepEqual(cached.recent(n), want);
        }
      }
    }
  });
});

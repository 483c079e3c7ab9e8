// The WebAssembly SIMD marker scan must find exactly what the JavaScript scan
// finds (every marker start and ESC, with the same masks), on every real log we
// have and on random bytes, across its pieces and when its hit buffer fills;
// the diagnosis through either must be the same; and the committed module must
// be what its C source compiles to.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Diagnoser, RULES } from '../../../server/src/diagnose/diagnoser';
import type { Marker } from '../../../server/src/diagnose/prefilter';
import { MarkerScanner } from '../../../server/src/diagnose/prefilter';
import { LogDecoder } from '../../../server/src/diagnose/stream';
import { MARKER_SCAN_CLANG, MARKER_SCAN_SOURCE_SHA256, MARKER_SCAN_WASM } from '../../../server/src/diagnose/wasm/markerScanWasm';
import { assignBuckets, wasmMarkerScanner } from '../../../server/src/diagnose/wasmScan';
import { logsUnder } from './logFiles';
import { rng } from '../../seededRandom';

const REPO = join(__dirname, '..', '..', '..');
const CORPUS = join(REPO, '..', 'shared', 'corpus', 'logs');
const LOGS = [...logsUnder(join(REPO, 'test', 'fixtures', 'logs')), ...logsUnder(CORPUS)];

/** The diagnoser's own markers (every rule's, the framing's), one bit per rule as it sets them. */
const MARKERS: Marker[] = (() => {
  const owners = new Map<string, number>();
  RULES.forEach((r, i) => r.markers.forEach((m) => owners.set(m, (owners.get(m) ?? 0) | (1 << i))));
  for (const m of [...LogDecoder.MARKERS, 'running ', '---- ', "thread '", ' ... ', 'test result:']) owners.set(m, (owners.get(m) ?? 0) | (1 << 30));
  return [...owners].map(([text, mask]) => ({ text, mask }));
})();
const ESC = 1 << 29;

function hitsOf(sc: { hits: Int32Array; hitMasks: Int32Array; all(b: Uint8Array, f: number, t: number): number }, buf: Uint8Array, from: number, to: number): [number, number][] {
  const n = sc.all(buf, from, to);
  return Array.from({ length: n }, (_, k) => [sc.hits[k]!, sc.hitMasks[k]!]);
}

describe('wasm marker scan', () => {
  const wasm = wasmMarkerScanner(MARKERS, ESC);
  const js = new MarkerScanner(MARKERS, ESC);

  it('runs here (Node 20 has WebAssembly SIMD)', () => {
    assert.ok(wasm, 'the wasm module compiles and instantiates');
  });

  it('finds what the JavaScript scan finds on every log of test/fixtures (held-out rounds included) and the corpus, whole and in random ranges', (t) => {
    if (!LOGS.some((f) => f.startsWith(CORPUS))) t.diagnostic('../shared/corpus/logs not found: fixtures only');
    assert.ok(LOGS.length >= 20, `${LOGS.length} logs`);
    const r = rng(7);
    for (const f of LOGS) {
      const buf = readFileSync(f);
      assert.deepEqual(hitsOf(wasm!, buf, 0, buf.length), hitsOf(js, buf, 0, buf.length), f);
      for (let i = 0; i < 4; i++) {
        const from = Math.floor(r() * buf.length);
        const to = from + Math.floor(r() * (buf.length - from));
        assert.deepEqual(hitsOf(wasm!, buf, from, to), hitsOf(js, buf, from, to), `${f} [${from}, ${to})`);
      }
    }
  });

  it('finds markers across its pieces, and every hit when a piece has more than its hit buffer holds', () => {
    // All logs end to end, again until they span several of the module's 256 KiB pieces, scanned from odd offsets.
    const once = LOGS.map((f) => readFileSync(f));
    const parts: Buffer[] = [];
    for (let size = 0; size < 1 << 20; size += once.reduce((n, b) => n + b.length, 0)) parts.push(...once);
    const all = Buffer.concat(parts);
    for (const from of [0, 1, 15, 4093]) assert.deepEqual(hitsOf(wasm!, all, from, all.length), hitsOf(js, all, from, all.length), `from ${from}`);
    // Markers and ESC packed densely: tens of thousands of hits in one piece.
    const dense = Buffer.from("error:error[\x1b\x1b@nix building 'running test result:".repeat(4000));
    assert.deepEqual(hitsOf(wasm!, dense, 0, dense.length), hitsOf(js, dense, 0, dense.length));
  });

  it('finds every marker a naive search finds in random bytes (any byte value, markers sharing prefixes, marker ends at the range end)', () => {
    const markers = ['error', 'error[E0463]', 'errors', 'test ', "building '", '@nix ', 'pkg-config', 'Package ', 'ns error', '\u00e9t\u00e9!', 'zzzz'].map((text, i) => ({ text, mask: 1 << i }));
    const w = wasmMarkerScanner(markers, 1 << 20)!;
    const r = rng(11);
    const alphabet = ['e', 'r', 'o', ' ', 't', 's', 'E', '[', '0', '\u00e9', '\n', 'a', 'g', 'k', 'n', "'", 'z', '\x1b', '\x00', '\xff', '\x8f'];
    for (let round = 0; round < 400; round++) {
      let text = '';
      const n = Math.floor(r() * 300);
      for (let i = 0; i < n; i++) text += r() < 0.08 ? markers[Math.floor(r() * markers.length)]!.text : alphabet[Math.floor(r() * alphabet.length)]!;
      const bytes = Buffer.from(text, 'latin1');
      const from = Math.floor(r() * 8);
      const to = Math.max(from, bytes.length - Math.floor(r() * 8));
      const naive: [number, number][] = [];
      for (let i = from; i < to; i++) {
        let mask = bytes[i] === 27 ? 1 << 20 : 0;
        for (const m of markers) {
          const b = Buffer.from(m.text, 'latin1');
          if (i + b.length <= to && bytes.subarray(i, i + b.length).equals(b)) mask |= m.mask;
        }
        if (mask) naive.push([i, mask]);
      }
      assert.deepEqual(hitsOf(w, bytes, from, to), naive, JSON.stringify([text, from, to]));
    }
  });

  it('gives a decoded line the masks the JavaScript scan gives it (textMasks): every line of every log, and random text with non-ASCII, lone surrogates and ESC', () => {
    // ESC reported as nothing, as masksIn does; no marker remembering lines.
    const text = wasmMarkerScanner(MARKERS, 0)!;
    for (const f of LOGS) for (const line of readFileSync(f, 'utf8').split('\n')) assert.equal(text.textMasks(line), js.masksIn(line), `${f}: ${JSON.stringify(line)}`);
    const r = rng(13);
    const words = [...MARKERS.map((m) => m.text), 'é', '\u{1f600}', '\ud800', '\udc00', '\x1b[31m', '\u0165', ' ', 'x'];
    for (let round = 0; round < 2000; round++) {
      let line = '';
      for (let n = Math.floor(r() * 12); n > 0; n--) {
        const w = words[Math.floor(r() * words.length)]!;
        // Markers cut anywhere: a code or a non-ASCII character may land inside one.
        line += r() < 0.3 ? w.slice(0, Math.floor(r() * w.length)) : w;
      }
      assert.equal(text.textMasks(line), js.masksIn(line), JSON.stringify(line));
    }
    // Longer than a piece surely holds: the caller's JavaScript scan reads it.
    assert.equal(text.textMasks('x'.repeat(1 << 20)), -1);
  });

  it('says which hits of a remembered marker repeat a line: same slot and store count only for byte-identical lines', () => {
    const markers = [
      { text: "building '", mask: 1, remember: true },
      { text: 'error:', mask: 2 },
    ];
    const w = wasmMarkerScanner(markers, 4)!;
    const r = rng(17);
    const drvs = Array.from({ length: 600 }, (_, i) => `/nix/store/${String(i % 300).padStart(32, 'a')}-dep-${i % 7}.drv`);
    const lines: string[] = [];
    for (let i = 0; i < 40000; i++) {
      const d = drvs[Math.floor(r() * (r() < 0.9 ? 20 : drvs.length))]!;
      const v = r();
      // Repeats, near-repeats (one byte changed, a longer or shorter line), lines past the piece and too long to remember.
      // Other markers and ESC inside some (up to more than the module keeps per line), the same each time the line repeats.
      const inner = v < 0.4 ? ' error:\x1b[0m'.repeat(drvs.indexOf(d) % 8) : '';
      lines.push(
        v < 0.8
          ? `building '${d}'...${inner}`
          : v < 0.85
            ? `building '${d}'..`
            : v < 0.9
              ? `x building '${d}' error: ${i}`
              : v < 0.95
                ? `building '${d.replace('dep', 'deq')}'...`
                : `building '${'y'.repeat(Math.floor(r() * 700))}'`,
      );
    }
    const buf = Buffer.from(lines.join('\n') + '\n', 'latin1');
    const n = w.all(buf, 0, buf.length);
    const seen = new Map<string, string>();
    let remembered = 0;
    for (let k = 0; k < n; k++) {
      const at = w.hits[k]!;
      const nl = buf.indexOf(10, at);
      if (w.hitMasks[k] !== 1 || w.hitSlots[k] === -1) continue;
      remembered++;
      assert.equal(w.hitLens[k], nl - at, `line length at ${at}`);
      const key = `${w.hitSlots[k]}:${w.hitGens[k]}`;
      const line = buf.toString('latin1', at, nl);
      assert.equal(seen.get(key) ?? line, line, `slot ${key}`);
      seen.set(key, line);
    }
    assert.ok(remembered > 30000, `${remembered} lines remembered`);
    // Every hit the JavaScript scan finds, from any offset (pieces begin and end inside remembered lines).
    const js = new MarkerScanner(markers, 4);
    for (const from of [0, 7, 1000]) assert.deepEqual(hitsOf(w, buf, from, buf.length), hitsOf(js, buf, from, buf.length), `from ${from}`);
  });

  it('spreads markers over every bucket, those sharing their first bytes together', () => {
    const b = assignBuckets(
      MARKERS.map((m) => Buffer.from(m.text, 'latin1')),
      16,
      4,
    );
    assert.equal(new Set(b).size, 16);
    const i = MARKERS.findIndex((m) => m.text === 'error:');
    const j = MARKERS.findIndex((m) => m.text === 'error[');
    assert.equal(b[i], b[j]);
  });

  it('gives the diagnosis the JavaScript scan gives, on every log in random chunks', () => {
    const r = rng(13);
    for (const f of LOGS) {
      const bytes = readFileSync(f);
      const via = (jsScan: boolean) => {
        const d = new Diagnoser({ jsScan });
        for (let i = 0; i < bytes.length;) {
          const n = 1 + Math.floor(r() * (r() < 0.5 ? 64 : 1 << 16));
          d.push(bytes.subarray(i, i + n));
          i += n;
        }
        return d.end();
      };
      assert.deepEqual(via(false), via(true), f);
    }
  });

  it('is the module its C source compiles to (the digest always; the bytes where the same clang is installed)', (t) => {
    const script = join(REPO, 'scripts', 'build-scan-wasm.mjs');
    const digest = execFileSync(process.execPath, ['--input-type=module', '-e', `import { sourceDigest } from ${JSON.stringify(script)}; process.stdout.write(sourceDigest());`], { encoding: 'utf8' });
    assert.equal(MARKER_SCAN_SOURCE_SHA256, digest, 'markerScan.c or its flags changed: run `node scripts/build-scan-wasm.mjs`');
    assert.ok(MARKER_SCAN_WASM.length > 100);
    const clang = /clang version (\S+)/.exec(spawnSync('clang', ['--version'], { encoding: 'utf8' }).stdout ?? '')?.[1];
    if (clang !== MARKER_SCAN_CLANG) {
      t.skip(`clang ${MARKER_SCAN_CLANG} built the module; ${clang ? `clang ${clang}` : 'no clang'} here: bytes not compared`);
      return;
    }
    const r = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
});

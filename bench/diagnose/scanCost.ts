// What the markers cost the wasm scan (server/src/diagnose/wasm/markerScan.c):
// it lets a position through when its fingerprint bytes pass some Teddy
// bucket's nibble tables, then verifies it against the markers sharing its
// first four bytes. A position let through where no marker starts is wasted
// work. candidateCost counts them over a text as the module's tables make
// them (its fingerprint and bucket count read from the module, the buckets
// spread as wasmScan.ts spreads them); bench:diagnose prints it for its two
// big logs (`node --import tsx bench/diagnose/scanCost.ts` alone), and
// test/unit/diagnose/scanCost.test.ts holds the fixture logs' share down.
import { MARKERS } from '../../server/src/diagnose/scanMarkers';
import { assignBuckets, wasmMarkerScanner } from '../../server/src/diagnose/wasmScan';
import { LOG_BYTE_FREQUENCY } from '../../server/src/diagnose/wasm/logByteFrequency';
import { speedLogs } from './setup';

export interface ScanCost {
  fingerprint: number;
  /** Positions scanned. */
  bytes: number;
  /** Positions let through by the nibble tables (ESC aside). */
  candidates: number;
  /** Of those, where some marker starts. */
  hits: number;
  /** Wasted candidates where some marker's whole fingerprint (its first `fingerprint` bytes, or all of a shorter one) is the text's. */
  ownPrefix: number;
  /** Per marker: positions where its fingerprint is the text's and it does not start there. */
  falseByMarker: Map<string, number>;
}

/** The module's fingerprint length and bucket count. */
export function moduleShape(): { fingerprint: number; buckets: number } {
  const scan = wasmMarkerScanner([{ text: 'none', mask: 1 }], 0);
  if (!scan) throw new Error('the wasm scan does not run here');
  return { fingerprint: scan.fingerprint, buckets: scan.buckets };
}

/**
 * The scan's candidates and hits over `text` (latin1 bytes). By default as the
 * committed module and wasmScan.ts make them; `fingerprint`, `buckets` and
 * `frequency` (undefined: printable ASCII evenly) to model another shape.
 */
export function candidateCost(text: string, opts: { fingerprint?: number; buckets?: number; frequency?: ArrayLike<number>; markers?: readonly string[] } = {}): ScanCost {
  const shape = moduleShape();
  const fp = opts.fingerprint ?? shape.fingerprint;
  const buckets = opts.buckets ?? shape.buckets;
  const frequency = 'frequency' in opts ? opts.frequency : LOG_BYTE_FREQUENCY;
  const buf = Buffer.from(text, 'latin1');
  const bytes = (opts.markers ?? MARKERS.map((m) => m.text)).map((m) => Buffer.from(m, 'latin1'));
  const bucket = assignBuckets(bytes, buckets, fp, frequency);
  // Per fingerprint position and byte value, the buckets (a bit each) that pass it, as markerScan.c's add_marker fills its tables.
  const pass = Array.from({ length: fp }, () => new Uint32Array(256));
  for (let k = 0; k < fp; k++) {
    const lo = new Uint32Array(16);
    const hi = new Uint32Array(16);
    bytes.forEach((b, i) => {
      for (let n = 0; n < 16; n++) {
        if (k >= b.length || n === (b[k]! & 15)) lo[n]! |= 1 << bucket[i]!;
        if (k >= b.length || n === b[k]! >> 4) hi[n]! |= 1 << bucket[i]!;
      }
    });
    for (let v = 0; v < 256; v++) pass[k]![v] = lo[v & 15]! & hi[v >> 4]!;
  }
  const byFirst4 = new Map<number, Buffer[]>();
  for (const b of bytes) byFirst4.set(b.readUInt32LE(0), [...(byFirst4.get(b.readUInt32LE(0)) ?? []), b]);
  const out: ScanCost = { fingerprint: fp, bytes: buf.length, candidates: 0, hits: 0, ownPrefix: 0, falseByMarker: new Map() };
  for (let p = 0; p < buf.length; p++) {
    let x = 0xffffffff;
    // Past the text's end the module reads padding; the model's reads stop there (a marker cannot start where it has no room).
    for (let k = 0; k < fp && x; k++) x &= p + k < buf.length ? pass[k]![buf[p + k]!]! : 0;
    if (!x) continue;
    out.candidates++;
    const same = p + 4 <= buf.length ? (byFirst4.get(buf.readUInt32LE(p)) ?? []) : [];
    if (same.some((m) => p + m.length <= buf.length && buf.subarray(p, p + m.length).equals(m))) {
      out.hits++;
      continue;
    }
    let own = false;
    for (const m of same) {
      const f = m.subarray(0, fp);
      if (p + f.length > buf.length || !buf.subarray(p, p + f.length).equals(f)) continue;
      own = true;
      const t = m.toString('latin1');
      out.falseByMarker.set(t, (out.falseByMarker.get(t) ?? 0) + 1);
    }
    if (own) out.ownPrefix++;
  }
  return out;
}

function top(m: Map<string, number>, n: number): string {
  return [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${JSON.stringify(k)} ${v}`)
    .join(', ');
}

function lines(what: string, c: ScanCost): string[] {
  const wasted = c.candidates - c.hits;
  const pct = (n: number) => `${((100 * n) / c.bytes).toFixed(2)} %`;
  return [
    `  ${what}: ${pct(c.candidates)} of positions let through, ${pct(wasted)} where no marker starts (hits ${pct(c.hits)}); of those ${pct(c.ownPrefix)} where the text holds some marker's whole fingerprint (${c.fingerprint} bytes), ${pct(wasted - c.ownPrefix)} let through by the buckets' mixed nibbles`,
    `    markers whose fingerprint the text holds where they do not start (per ${(c.bytes / 1000).toFixed(0)} KB of the log): ${top(c.falseByMarker, 6) || 'none'}`,
  ];
}

/** Lines for bench:diagnose on one of its big logs: the scan's candidates now, and as 4 fingerprint bytes with buckets spread evenly (before issue 18's cut) made them. */
export function scanCostLines(log: { name: string; body: string; tail: string }): string[] {
  // The long build's tail (every failure log once) is a sliver of its file: its body's shares are the file's.
  const text = log.name.startsWith('long') ? log.body : log.body + log.tail;
  return [
    ...lines("the wasm scan's candidates (bench/diagnose/scanCost.ts's model of its tables)", candidateCost(text)),
    ...lines('  before: 4 fingerprint bytes, buckets spread evenly', candidateCost(text, { fingerprint: 4, frequency: undefined })),
  ];
}

if (require.main === module) for (const l of speedLogs()) for (const line of [l.name.split(':')[0]!, ...scanCostLines(l)]) console.log(line);

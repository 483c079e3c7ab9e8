// What the prefilter looks for in a log's bytes before it decodes a line:
// every rule's markers, each with the rules it concerns as a bit mask, plus
// the markers of lines only the framing or the test-harness tracking reads,
// and the scans (WebAssembly SIMD, else JavaScript) built over them.
import type { ByteScanner, Marker } from './prefilter';
import { MarkerScanner } from './prefilter';
import { RULES } from './rules';
import { PHASE_MARKERS, STEP_MARKERS } from './failingStep';
import { LogDecoder } from './stream';
import { TEST_HARNESS_MARKERS } from './testHarness';
import { type WasmMarkerScanner, wasmMarkerScanner } from './wasmScan';

/** Every rule (bit i = RULES[i]). */
export const ALL_RULES = (1 << RULES.length) - 1;
/** A bit outside the rules': a line the decoder's framing reads (LogDecoder.MARKERS). */
export const FRAMING = 1 << 30;
/** A bit outside the rules': a line the failing step reads whole (failingStep.ts's STEP_MARKERS: closing lines, errors). */
export const STEP = 1 << 27;
/**
 * A bit outside the rules': a phase header or hook line (failingStep.ts's PHASE_MARKERS). A line with this bit alone
 * goes to FailingStep.header on its bytes, neither decoded nor handed to anyone else (Diagnoser.scan).
 */
export const PHASE = 1 << 26;
/** A bit outside the rules': a line that may start or end the test harness's output. */
export const TESTS = 1 << 28;
/** A bit outside the rules': each line decoded from this raw line goes to the rules its own text names (JSON records). */
export const BY_TEXT = 1 << 29;

/**
 * The rules with listen markers (DiagnosisRule.listenMarkers): each rule's index and the bit of its listen
 * markers, one above the rules' bits each. A line with that bit and not the rule's own goes to the rule only
 * while its matcher listens (Diagnoser.line).
 */
export const LISTENERS: readonly { rule: number; bit: number }[] = RULES.flatMap((r, i) => (r.listenMarkers?.length ? [i] : [])).map((rule, j) => ({
  rule,
  bit: 1 << (RULES.length + j),
}));
if (RULES.length + LISTENERS.length > 26) throw new Error('the prefilter keeps rule and listen sets in a 26-bit mask (bits 26 and 27 are the failing step’s)');
/** The listen bits together. */
export const LISTEN_BITS = LISTENERS.reduce((a, l) => a | l.bit, 0);

/** Every marker; per marker, the rules (bit i = RULES[i]) it concerns, and the listen bits (exported for bench:diagnose, which counts what each costs the scan). */
export const MARKERS: readonly Marker[] = (() => {
  const owners = new Map<string, number>();
  const own = (m: string, mask: number) => owners.set(m, (owners.get(m) ?? 0) | mask);
  RULES.forEach((r, i) => r.markers.forEach((m) => own(m, 1 << i)));
  for (const l of LISTENERS) for (const m of RULES[l.rule]!.listenMarkers!) own(m, l.bit);
  // The framing's and the test-harness markers concern no rule, but the line must be decoded.
  for (const m of LogDecoder.MARKERS) own(m, FRAMING);
  for (const m of TEST_HARNESS_MARKERS) own(m, TESTS);
  // The failing step's lines: closing lines and tools' errors decoded, read by it alone when no rule's; phase headers
  // and hooks read by it on their bytes when that is all they hold.
  for (const m of STEP_MARKERS) own(m, STEP);
  for (const m of PHASE_MARKERS) own(m, PHASE);
  // A JSON record can spell a marker differently from its decoded text (escapes): its lines are matched once decoded.
  own('@nix ', BY_TEXT);
  // So can a line with colour codes (a code may split a marker): the scanners report ESC as such a line too (BY_TEXT below).
  // A long build repeats its few `building '…'` lines: a scan that remembers lines says which repeat.
  return [...owners].map(([text, mask]) => (text === "building '" ? { text, mask, remember: true } : { text, mask }));
})();

/** The JavaScript marker scan: over decoded text always, over bytes where WebAssembly SIMD does not run. */
export const TEXT_SCANNER = new MarkerScanner(MARKERS, BY_TEXT);
/** The WebAssembly SIMD scan over bytes, made on first use; null where it cannot run. */
let wasmScanner: ByteScanner | null | undefined;
/** The scan the prefilter runs over bytes (exported for bench:diagnose, which times it alone). */
export function byteScanner(js: boolean | undefined): ByteScanner {
  if (js) return TEXT_SCANNER;
  if (wasmScanner === undefined) wasmScanner = wasmMarkerScanner(MARKERS, BY_TEXT) ?? null;
  return wasmScanner ?? TEXT_SCANNER;
}

/**
 * The wasm scan again, for decoded lines (textMasks): its own instance and
 * memory, with no marker remembering lines (a decoded line must not change the
 * byte scan's remembered slots) and ESC reported as nothing, as masksIn does.
 */
let wasmTextScanner: WasmMarkerScanner | null | undefined;
/** Decoded lines scanned so far by the JavaScript scan, before the wasm one is made. */
let textLines = 0;
/** A small log's few such lines are not worth an instance (≈ 3 ms to make, 960 KB): the first ones go to masksIn. */
const TEXT_WASM_AFTER = 256;

/**
 * The union of the masks of the markers in a decoded line (a JSON record's, or
 * one with colour codes): the wasm scan where it runs (≈ 3× faster than the
 * JavaScript one on bench:diagnose's dense log, whose decoded lines are short),
 * else, or with `js`, TEXT_SCANNER.masksIn.
 */
export function textMasks(text: string, js: boolean | undefined): number {
  if (!js && (wasmTextScanner || ++textLines > TEXT_WASM_AFTER)) {
    // (Markers are ASCII by the rule contract; were one not, its UTF-8 would not be its latin1 bytes.)
    if (wasmTextScanner === undefined) {
      wasmTextScanner = MARKERS.every((m) => /^[\x00-\x7f]*$/.test(m.text))
        ? (wasmMarkerScanner(
            MARKERS.map((m) => ({ text: m.text, mask: m.mask })),
            0,
          ) ?? null)
        : null;
    }
    const mask = wasmTextScanner ? wasmTextScanner.textMasks(text) : -1;
    if (mask !== -1) return mask;
  }
  return TEXT_SCANNER.masksIn(text);
}

/** No marker has a '>': one that starts in an `-L` line's `name> ` prefix ends inside it. */
export const PREFIX_SAFE = MARKERS.every((m) => !m.text.includes('>'));

// The first runs' findings (first-runs.json) were made by rules that set no confidence: this reads, from what each
// finding recorded, which kind of evidence made it — the same mechanisms today's rules name when they set their
// confidence — so the threshold is chosen on what the first runs would have told a user. Read by mechanism only:
// the shape of the evidence lines and the facts the rule recorded, never a log, crate or message of one.
import type { Confidence } from '../../server/src/diagnose/types';

export interface RecordedFinding {
  category: string;
  message: string;
  details?: Record<string, string>;
  location?: string;
  evidence: string[];
  fixes: { kind: string; tests?: string[] }[];
}

export type EvidenceClass =
  /** The tool's own sentence naming the cause with its subject (`hash mismatch … got:`, `cannot find -lssl`, libtest's failed test names). */
  | 'own-sentence'
  /** The tool names the failure, but not what to change: a library no nixpkgs attribute is known to provide, failed tests not named. */
  | 'unnamed-subject'
  /** rustc's error in code the package did not write: the toolchain's own sources, a build script's generated output. */
  | 'foreign-code'
  /** Nix's evaluation trace, the log ending before its error message. */
  | 'trace-only'
  /** Only the tool's closing line (`could not compile`, libtest's `test result: FAILED.`), the cause's own lines not in view. */
  | 'closing-line'
  /** The failing step's subject is in view (a build script, a probed module, a lock file), its reason cut: the cause guessed. */
  | 'reason-cut'
  /** No line of the failure at all: inferred from what ran (a tool's progress line). */
  | 'context';

export const CLASS_CONFIDENCE: Record<EvidenceClass, Confidence> = {
  'own-sentence': 'certain',
  'unnamed-subject': 'likely',
  'foreign-code': 'possible',
  'trace-only': 'likely',
  'closing-line': 'possible',
  'reason-cut': 'possible',
  context: 'possible',
};

/** rustc's diagnostics, as against cargo's closing line. */
const CAUSE_LINE = /^error(?:\[E\d+\])?: (?!could not compile)/;
/** Code the package did not write: rustc's own build tree, a build script's OUT_DIR. */
const FOREIGN_PATH = /nix-build-rustc-|\/target\/(?:[^/]+\/)*build\/[^/]+-[0-9a-f]+\/out\//;

export function evidenceClass(f: RecordedFinding): EvidenceClass {
  const ev = f.evidence.map((e) => e.trim()).filter(Boolean);
  // A tool's progress lines (`info: syncing channel updates`), none of the failure's own.
  if (ev.length && ev.every((e) => e.startsWith('info:'))) return 'context';
  // The rule recorded the reason as cut (`cause: cut`, or its message saying the log stops before it), or all in view is
  // cargo's line that a build script failed.
  if (f.details?.cause === 'cut' || / stops before its (?:reason|cause)/.test(f.message) || (ev.length && ev.every((e) => e.startsWith('error: failed to run custom build command for'))))
    return 'reason-cut';
  if (f.category === 'eval-error' && !ev.some((e) => /^error: \S/.test(e) || / missing, at /.test(e))) return 'trace-only';
  if ((f.category === 'rust-compile-error' || f.category === 'test-failure') && ev.some((e) => e.startsWith('error: could not compile')) && !ev.some((e) => CAUSE_LINE.test(e))) return 'closing-line';
  if (f.category === 'rust-compile-error' && ev.some((e) => e.startsWith('-->') && FOREIGN_PATH.test(e))) return 'foreign-code';
  if ((f.category === 'pkgconfig-lib' || f.category === 'missing-tool') && (f.details?.library || f.details?.tool) && !f.details?.attr) return 'unnamed-subject';
  if (f.category === 'test-failure' && !f.fixes.some((x) => x.kind !== 'skip-tests' || x.tests?.length)) return 'unnamed-subject';
  return 'own-sentence';
}

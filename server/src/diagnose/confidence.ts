// What a finding's confidence means for the user. Below CLAIM_THRESHOLD a finding is still shown, as a possible cause
// (its evidence is the weakest kind: a closing line alone, a reason cut and guessed, a progress line), but it is no
// claim: the editor words it as possible, with a lower severity and no preferred fix, and bench:diagnose counts it as
// nothing said. The threshold was chosen on the first runs of held-out rounds 19–41 only, before rounds 42 on were
// run (bench/diagnose/firstRuns.ts, README "How sure a diagnosis is"): the most logs right by category, then the
// fewest misleading — possible (every claim) 189/261 right, 26 misleading; likely 192/261, 17; certain 188/261, 15.
import { CONFIDENCES, type Confidence, type Diagnostic } from './types';

export const CLAIM_THRESHOLD: Confidence = 'likely';

/** A finding from a rule that set no confidence counts at the threshold: a claim, not a certainty. */
export const confidenceOf = (d: Pick<Diagnostic, 'confidence'>): Confidence => d.confidence ?? CLAIM_THRESHOLD;

export const atLeast = (c: Confidence, threshold: Confidence): boolean => CONFIDENCES.indexOf(c) >= CONFIDENCES.indexOf(threshold);

/** Whether the user is told this is the cause (the failing-step finding names none). */
export const isClaim = (d: Pick<Diagnostic, 'confidence' | 'kind'>, threshold: Confidence = CLAIM_THRESHOLD): boolean => d.kind !== 'failing-step' && atLeast(confidenceOf(d), threshold);

/**
 * A finding as the editor and the CLI show it: below the threshold its message says it is a possible cause and its
 * severity is one step lower (an error a warning), so a CI step that fails on errors fails only on a claimed cause.
 */
export function asTold(d: Diagnostic): Diagnostic {
  if (isClaim(d) || d.kind === 'failing-step') return d;
  return { ...d, severity: d.severity === 'error' ? 'warning' : 'info', message: `Possible cause (the log does not show it for certain): ${d.message}` };
}

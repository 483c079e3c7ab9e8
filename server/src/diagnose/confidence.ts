// What a finding's confidence means for the user. Below CLAIM_THRESHOLD a finding is still shown, as a possible cause
// (its evidence is the weakest kind: a closing line alone, a reason cut and guessed, a progress line), but it is no
// claim: the editor words it as possible, with a lower severity and no preferred fix, and bench:diagnose counts it as
// nothing said. The threshold was chosen on the first runs of held-out rounds 19–41 only (README, "Measured").
import { CONFIDENCES, type Confidence, type Diagnostic } from './types';

export const CLAIM_THRESHOLD: Confidence = 'likely';

/** A finding from a rule that set no confidence counts at the threshold: a claim, not a certainty. */
export const confidenceOf = (d: Pick<Diagnostic, 'confidence'>): Confidence => d.confidence ?? CLAIM_THRESHOLD;

export const atLeast = (c: Confidence, threshold: Confidence): boolean => CONFIDENCES.indexOf(c) >= CONFIDENCES.indexOf(threshold);

/** Whether the user is told this is the cause (the failing-step finding names none). */
export const isClaim = (d: Pick<Diagnostic, 'confidence' | 'kind'>, threshold: Confidence = CLAIM_THRESHOLD): boolean => d.kind !== 'failing-step' && atLeast(confidenceOf(d), threshold);

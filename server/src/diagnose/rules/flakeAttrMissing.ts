// The installable names an output the flake does not have (often: another system).
import { findText, wholeLine } from '../locate';
import { diag, type DiagnosisRule, type Matcher } from '../rule';

const MISSING = /flake '([^']+)' does not provide attribute '([^']+)'((?:,? (?:or )?'[^']+')*)/;

function create(): Matcher {
  return {
    line(l, ctx) {
      const m = l.text.includes('does not provide attribute') ? MISSING.exec(l.text) : null;
      if (!m) return;
      ctx.claim();
      const tried = [m[2]!, ...[...m[3]!.matchAll(/'([^']+)'/g)].map((x) => x[1]!)];
      ctx.emit(
        diag('flake-attr-missing', `The flake has no output ${tried.map((a) => `'${a}'`).join(' or ')}: check the installable and the systems the flake defines.`, [l.text.trim()], [], {
          details: { flake: m[1]!, attr: tried[0]! },
          confidence: 'certain',
        }),
      );
    },
  };
}

export const flakeAttrMissingRule: DiagnosisRule = {
  category: 'flake-attr-missing',
  markers: ['does not provide attribute'],
  create,
  place(_d, s) {
    const flake = s.files.paths.includes('flake.nix') ? 'flake.nix' : s.built;
    if (!flake) return undefined;
    const t = s.read(flake);
    return s.at(flake, (t && findText(t, 'outputs')) || wholeLine(t, 0));
  },
};

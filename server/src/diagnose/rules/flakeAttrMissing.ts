// The installable names an output the flake does not have (often: another system).
import { diag, type Rule } from '../rule';

const MISSING = /flake '([^']+)' does not provide attribute '([^']+)'((?:,? (?:or )?'[^']+')*)/;

export function flakeAttrMissingRule(): Rule {
  return {
    category: 'flake-attr-missing',
    line(l, ctx) {
      const m = l.text.includes('does not provide attribute') ? MISSING.exec(l.text) : null;
      if (!m) return;
      ctx.claim();
      const tried = [m[2]!, ...[...m[3]!.matchAll(/'([^']+)'/g)].map((x) => x[1]!)];
      ctx.emit(
        diag('flake-attr-missing', `The flake has no output ${tried.map((a) => `'${a}'`).join(' or ')}: check the installable and the systems the flake defines.`, [l.text.trim()], [], {
          details: { flake: m[1]!, attr: tried[0]! },
        }),
      );
    },
  };
}

// `nix build .#…` on a Nix with flakes / nix-command switched off.
import { commandFix } from '../../fixes/intentFixes';
import { diag, type DiagnosisRule, type Matcher } from '../rule';

const DISABLED = /experimental Nix feature '([\w-]+)' is disabled/;

function create(): Matcher {
  const seen = new Set<string>();
  return {
    line(l, ctx) {
      const m = l.text.includes('experimental Nix feature') ? DISABLED.exec(l.text) : null;
      if (!m) return;
      ctx.claim();
      const feature = m[1]!;
      if (seen.has(feature)) return;
      seen.add(feature);
      const features = feature === 'flakes' ? ['nix-command', 'flakes'] : [feature];
      ctx.emit(
        diag(
          'flake-experimental',
          `The experimental feature '${feature}' is disabled in this Nix: enable ${features.join(' and ')} for the task (--extra-experimental-features) or in nix.conf.`,
          [l.text.trim()],
          [{ kind: 'enable-flakes', features }],
          { details: { feature }, confidence: 'certain' },
        ),
      );
    },
  };
}

export const flakeExperimentalRule: DiagnosisRule = {
  category: 'flake-experimental',
  markers: ['experimental Nix feature'],
  create,
  fixes: (_d, _s, f) => {
    const fix = commandFix(f);
    return fix && { ...fix, preferred: true };
  },
};

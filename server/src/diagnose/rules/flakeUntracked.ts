// A flake only sees files git knows about: an untracked file is missing from
// the store copy of the source. Fix: `git add` it (the editor asks first).
import { diag, type Rule } from '../rule';

const STATUS = /getting status of '\/nix\/store\/[0-9a-z]{32}-source\/([^']+)': No such file or directory/;
const PATH_MISSING = /path '\/nix\/store\/[0-9a-z]{32}-source\/([^']+)' does not exist/;
const NOT_TRACKED = /Path '([^']+)' in the repository "[^"]*" is not tracked by Git/;
const NO_FLAKE_NIX = /source tree referenced by '[^']+' does not contain a '\/?((?:[^']*\/)?flake\.nix)' file/;
const LOCK_STAGED = /A Cargo\.lock file must be present, please make sure it's at least staged in git/;

export function flakeUntrackedRule(): Rule {
  return {
    category: 'flake-untracked',
    line(l, ctx) {
      const t = l.text;
      if (!/status of|does not exist|not tracked|does not contain|staged in git/.test(t)) return;
      const m = STATUS.exec(t) ?? PATH_MISSING.exec(t) ?? NOT_TRACKED.exec(t) ?? NO_FLAKE_NIX.exec(t);
      const path = m ? m[1]! : LOCK_STAGED.test(t) ? 'Cargo.lock' : undefined;
      if (!path) return;
      ctx.claim();
      ctx.emit(
        diag('flake-untracked', `${path} is not tracked by git, so the flake's source does not contain it: git add ${path}.`, [t.trim()], [{ kind: 'git-add', path }], {
          details: { path },
        }),
      );
    },
  };
}

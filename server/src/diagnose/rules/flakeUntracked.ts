// A flake only sees files git knows about: an untracked file is missing from
// the store copy of the source. Fix: `git add` it (the editor asks first).
import { commandFix } from '../../fixes/intentFixes';
import { findText, wholeLine } from '../locate';
import { diag, type DiagnosisRule, type Matcher } from '../rule';

// Nix 2.4–2.19 reading a file of the flake's store copy: `getting status of` (a path), `opening file` (readFile, import).
const STATUS = /(?:getting status of|opening file) '\/nix\/store\/[0-9a-z]{32}-source\/([^']+)': No such file or directory/;
const PATH_MISSING = /path '\/nix\/store\/[0-9a-z]{32}-source\/([^']+)' does not exist/;
const NOT_TRACKED = /Path '([^']+)' in the repository "[^"]*" is not tracked by Git/;
const NO_FLAKE_NIX = /source tree referenced by '[^']+' does not contain a '\/?((?:[^']*\/)?flake\.nix)' file/;
// Nix 2.20+ on a git work tree: `access to path '/repo/x' is forbidden because it is not under Git control; maybe you should 'git add' it to the repository '/repo'?`
const NOT_UNDER_GIT = /access to path '([^']+)' is forbidden because it is not under Git control; maybe you should 'git add' it to the repository '([^']+)'/;
// A Cargo.lock missing from the source may never have been generated: the cargo-lock rule's (it offers both).
const CARGO_LOCK = /(?:^|\/)Cargo\.lock$/;
const LOCK_STAGED = /A Cargo\.lock file must be present, please make sure it's at least staged in git/;

/** `path` inside the repository `repo` (both absolute), else `path` as printed. */
function relativeTo(path: string, repo: string): string {
  const root = repo.replace(/\/+$/, '');
  return path.startsWith(root + '/') ? path.slice(root.length + 1) : path;
}

function create(): Matcher {
  return {
    line(l, ctx) {
      const t = l.text;
      if (!/status of|opening file|does not exist|not tracked|does not contain|staged in git|not under Git control/.test(t)) return;
      const ambiguous = STATUS.exec(t) ?? PATH_MISSING.exec(t);
      if (ambiguous && CARGO_LOCK.test(ambiguous[1]!)) return;
      // A glob's `*` as a path component is a pattern joined in literally (evalError.ts' GLOB_PATH), no file to add.
      if (ambiguous && /(?:^|\/)\*(?:\/|$)/.test(ambiguous[1]!)) return;
      const forbidden = NOT_UNDER_GIT.exec(t);
      const m = ambiguous ?? NOT_TRACKED.exec(t) ?? NO_FLAKE_NIX.exec(t);
      const path = forbidden ? relativeTo(forbidden[1]!, forbidden[2]!) : m ? m[1]! : LOCK_STAGED.test(t) ? 'Cargo.lock' : undefined;
      if (!path) return;
      ctx.claim();
      ctx.emit(
        diag('flake-untracked', `${path} is not tracked by git, so the flake's source does not contain it: git add ${path}.`, [t.trim()], [{ kind: 'git-add', path }], {
          details: { path },
          confidence: 'certain',
        }),
      );
    },
  };
}

export const flakeUntrackedRule: DiagnosisRule = {
  category: 'flake-untracked',
  markers: ['status of', 'opening file', 'does not exist', 'not tracked', 'does not contain', 'staged in git', 'not under Git control'],
  create,
  place(d, s) {
    const f = d.fixes[0];
    const path = f?.kind === 'git-add' ? f.path : undefined;
    if (!path) return undefined;
    for (const m of s.nixFiles) {
      const t = s.read(m.path);
      const r = t && findText(t, `./${path}`);
      if (r) return s.at(m.path, r);
    }
    return s.files.paths.includes(path) ? s.at(path, wholeLine(s.read(path), 0)) : undefined;
  },
  // `git add` of exactly the file the flake could not see.
  fixes: (_d, _s, f) => {
    const fix = commandFix(f);
    return fix && { ...fix, preferred: true };
  },
};

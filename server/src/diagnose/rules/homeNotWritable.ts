// The build writes under $HOME, which Nix sets to the nonexistent, read-only
// /homeless-shelter (a build.rs caching in ~/.cache, a tool writing its config).
// Fix: nixpkgs' writableTmpDirAsHomeHook (HOME = a fresh temporary directory).
// rustup's ~/.rustup is not this: rustup itself must not run in the build
// (network-sandbox says so).
import { intentFix } from '../../fixes/intentFixes';
import { diag, type DiagnosisRule, type Matcher } from '../rule';
import { inputsPlacement } from '../site';

const HOME_PATH = /(?:\/proc)?\/homeless-shelter(\/[^\s'"`:,)]*)?/;
// Nix itself, after an unsandboxed build created it: `home directory '/homeless-shelter' exists`.
const FAILED =
  /exists; please remove it|Permission denied|Read-only file system|No such file or directory|cannot create|could not create|failed to create|[Uu]nable to create|mkdir|EACCES|ENOENT|EROFS|os error (?:2|13|30)\b/;
const RUSTUP = /\/homeless-shelter\/\.rustup\b/;

function create(): Matcher {
  const seen = new Set<string>();
  return {
    line(l, ctx) {
      const t = l.text;
      const m = t.includes('homeless-shelter') ? HOME_PATH.exec(t) : null;
      if (!m || RUSTUP.test(t) || !FAILED.test(t)) return;
      ctx.claim();
      const drv = l.drv ?? ctx.lastFailedDrv;
      if (seen.has(drv ?? '')) return;
      seen.add(drv ?? '');
      const path = m[0];
      ctx.emit(
        diag(
          'home-not-writable',
          `The build writes to ${path}, but HOME in a Nix build is a directory that must not exist (${path.startsWith('/proc') ? '/proc/homeless-shelter' : '/homeless-shelter'}): add writableTmpDirAsHomeHook to nativeBuildInputs (or \`export HOME=$TMPDIR\` before the build).`,
          [t.trim()],
          [{ kind: 'add-inputs', nativeBuildInputs: ['writableTmpDirAsHomeHook'] }],
          { drv, details: { path } },
        ),
      );
    },
  };
}

export const homeNotWritableRule: DiagnosisRule = {
  category: 'home-not-writable',
  markers: ['homeless-shelter'],
  create,
  place: inputsPlacement,
  fixes: (_d, s, f) => {
    const fix = intentFix(f, s);
    return fix && { ...fix, preferred: f.kind === 'add-inputs' };
  },
};

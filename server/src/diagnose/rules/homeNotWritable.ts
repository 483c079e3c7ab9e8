// The build writes under $HOME, which Nix sets to the nonexistent, read-only
// /homeless-shelter (a build.rs caching in ~/.cache, a tool writing its config).
// Fix: nixpkgs' writableTmpDirAsHomeHook (HOME = a fresh temporary directory).
// rustup failing to create its own home (~/.rustup) is this too, but its fix is not
// a writable HOME, on which rustup would only go on to download a toolchain without
// network: cargo and rustc from nixpkgs instead of rustup. Cargo takes its package cache lock under
// $CARGO_HOME (default ~/.cargo): `failed to open: /homeless-shelter/.cargo/.package-cache`.
// A tool whose whole error is a pathless EACCES (`Error: Permission denied (os
// error 13)`: a `?` on create_dir_all of its cache dir, as wasm-pack's
// ~/.cache/.wasm-pack) is most likely this too: in the sandbox the build
// directory and $out are writable, the source is made writable when unpacked,
// and what is not is / (where HOME would have to be created) and the store.
import { intentFix } from '../../fixes/intentFixes';
import { diag, type DiagnosisRule, type Matcher, type RuleContext } from '../rule';
import { inputsPlacement } from '../site';

const HOME_PATH = /(?:\/proc)?\/homeless-shelter(\/[^\s'"`:,)]*)?/;
// Nix itself, after an unsandboxed build created it: `home directory '/homeless-shelter' exists`.
const FAILED =
  /exists; please remove it|Permission denied|Read-only file system|No such file or directory|cannot create|could not create|failed to (?:create|open|lock|acquire)|[Uu]nable to create|mkdir|EACCES|ENOENT|EROFS|os error (?:2|13|30)\b/;
const RUSTUP = /\/homeless-shelter\/\.rustup\b/;
// A program's whole error is EACCES with no path (its `main` returned the bare io::Error).
const PATHLESS = /^(?:Error|error): Permission denied \(os error 13\)$/;

function create(): Matcher {
  const seen = new Set<string>();
  const pathless = (drv: string | undefined, t: string, ctx: RuleContext) => {
    ctx.claim();
    if (seen.has(drv ?? '')) return;
    seen.add(drv ?? '');
    ctx.emit(
      diag(
        'home-not-writable',
        "A program failed with `Permission denied` and named no path. In a Nix build the places a tool may not write are / (where HOME, /homeless-shelter, would have to be created: a tool caching in ~/.cache or ~/.cargo) and the store; most likely it is HOME: add writableTmpDirAsHomeHook to nativeBuildInputs (or `export HOME=$TMPDIR`), or point the tool's cache directory into $TMPDIR.",
        [t],
        [{ kind: 'add-inputs', nativeBuildInputs: ['writableTmpDirAsHomeHook'] }],
        // A bare `Permission denied` names no path: the home directory is the likeliest of the places it can be.
        { drv, confidence: 'possible' },
      ),
    );
  };
  return {
    line(l, ctx) {
      const t = l.text;
      const m = t.includes('homeless-shelter') ? HOME_PATH.exec(t) : null;
      if (!m) {
        if (t.includes('Permission denied (os error 13)') && PATHLESS.test(t.trim())) pathless(l.drv ?? ctx.lastFailedDrv, t.trim(), ctx);
        return;
      }
      if (!FAILED.test(t)) return;
      ctx.claim();
      const drv = l.drv ?? ctx.lastFailedDrv;
      if (seen.has(drv ?? '')) return;
      seen.add(drv ?? '');
      const path = m[0];
      if (RUSTUP.test(t)) {
        return ctx.emit(
          diag(
            'home-not-writable',
            `rustup runs inside the Nix build and cannot create its home (${path}: HOME, /homeless-shelter, must not exist); with a writable HOME it would try to download a toolchain without network next: take cargo and rustc from nixpkgs (or a rust-overlay toolchain) instead of rustup.`,
            [t.trim()],
            [{ kind: 'replace-input', from: 'rustup', to: ['cargo', 'rustc'] }, { kind: 'rust-toolchain' }],
            { drv, details: { path, rustup: 'true' }, confidence: 'certain' },
          ),
        );
      }
      ctx.emit(
        diag(
          'home-not-writable',
          `The build writes to ${path}, but HOME in a Nix build is a directory that must not exist (${path.startsWith('/proc') ? '/proc/homeless-shelter' : '/homeless-shelter'}): add writableTmpDirAsHomeHook to nativeBuildInputs (or \`export HOME=$TMPDIR\` before the build).`,
          [t.trim()],
          [{ kind: 'add-inputs', nativeBuildInputs: ['writableTmpDirAsHomeHook'] }],
          { drv, details: { path }, confidence: 'certain' },
        ),
      );
    },
  };
}

export const homeNotWritableRule: DiagnosisRule = {
  category: 'home-not-writable',
  markers: ['homeless-shelter', 'Permission denied (os error 13)'],
  create,
  place: inputsPlacement,
  fixes: (_d, s, f) => {
    const fix = intentFix(f, s);
    return fix && { ...fix, preferred: f.kind === 'add-inputs' };
  },
};

// Real Nix for tests, configured per process (no daemon, no binary cache).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const NIX_ENV = {
  ...process.env,
  NIX_CONFIG: ['build-users-group =', 'substituters =', 'experimental-features = nix-command flakes', 'sandbox = false', 'sandbox-paths = /bin /usr /lib /lib64?'].join('\n'),
};

export function nixParse(file: string): void {
  execFileSync('nix-instantiate', ['--parse', file], { env: NIX_ENV, stdio: ['ignore', 'ignore', 'pipe'] });
}

export function nixEvalJson(expr: string, cwd?: string): unknown {
  return JSON.parse(execFileSync('nix-instantiate', ['--eval', '--strict', '--json', '--expr', expr], { env: NIX_ENV, cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 }));
}

export function nixEvalFileJson(file: string): unknown {
  return JSON.parse(execFileSync('nix-instantiate', ['--eval', '--strict', '--json', file], { env: NIX_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 }));
}

/**
 * Evaluates `select` against the flake generated in `dir`, its inputs taken from the stub nixpkgs at
 * `stub` (which also stands in for crane, naersk, crate2nix and rust-overlay): the flake's outputs
 * function called the way `nix flake` would, without fetching anything.
 */
export function evalFlakeWithStub(stub: string, dir: string, select: string): any {
  const file = join(dir, 'eval.nix');
  writeFileSync(
    file,
    `let s = import ${stub} { }; flake = import ./flake.nix; inputs = { inherit self; inherit (s) nixpkgs crane rust-overlay naersk crate2nix; advisory-db = ./.; }; self = flake.outputs (builtins.intersectAttrs (builtins.functionArgs flake.outputs) inputs); in ${select}\n`,
  );
  return nixEvalFileJson(file);
}

/** Why the real-Nix parts of a test cannot run here (no nix-instantiate on PATH), or false: for `{ skip: NIX_MISSING }`. */
export const NIX_MISSING: string | false = spawnSync('nix-instantiate', ['--version'], { stdio: 'ignore' }).status === 0 ? false : 'Nix is not installed (sudo bash scripts/setup-nix.sh)';

/** Submodules as a recursive clone has them, in a fixture copy: not empty (the generated flake checks that). */
export function checkOutSubmodules(dir: string, submodules: { path: string }[]): void {
  for (const s of submodules) {
    mkdirSync(join(dir, s.path), { recursive: true });
    writeFileSync(join(dir, s.path, 'README'), 'a checked-out submodule\n');
  }
}

// Runs real Nix (no daemon, no binary cache, sandboxed) and streams its output
// through the diagnoser, the way the task runner will.
import { execFileSync, spawn } from 'node:child_process';
import { Diagnoser } from '../../../server/src/diagnose/diagnoser';
import type { BuildEvent, Diagnostic } from '../../../server/src/diagnose/types';

export interface NixRun {
  code: number | null;
  output: string;
  diagnostics: Diagnostic[];
  events: BuildEvent[];
}

export interface RunNixOptions {
  cwd?: string;
  /** Replaces `experimental-features` (e.g. to switch flakes off). */
  experimentalFeatures?: string;
  /** Host directories the sandbox must see besides /bin /usr /lib (a Rust toolchain). */
  sandboxPaths?: string[];
  command?: 'nix' | 'nix-build' | 'nix-instantiate';
  timeoutMs?: number;
}

export function nixConfig(opts: RunNixOptions = {}): string {
  return [
    'build-users-group =',
    'substituters =',
    `experimental-features = ${opts.experimentalFeatures ?? 'nix-command flakes'}`,
    'sandbox = true',
    'sandbox-fallback = true',
    `sandbox-paths = /bin /usr /lib /lib64? ${(opts.sandboxPaths ?? []).join(' ')}`.trimEnd(),
  ].join('\n');
}

export function runNix(args: string[], opts: RunNixOptions = {}): Promise<NixRun> {
  return new Promise((resolve, reject) => {
    const events: BuildEvent[] = [];
    const diagnoser = new Diagnoser({ onEvent: (e) => e.type !== 'log' && events.push(e) });
    const child = spawn(opts.command ?? 'nix', args, {
      cwd: opts.cwd,
      env: { ...process.env, NIX_CONFIG: nixConfig(opts), TERM: 'dumb' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    const feed = (b: Buffer) => {
      chunks.push(b);
      diagnoser.push(b);
    };
    child.stdout.on('data', feed);
    child.stderr.on('data', feed);
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output: Buffer.concat(chunks).toString('utf8'), diagnostics: diagnoser.end(), events });
    });
  });
}

/** The installed Rust toolchain's root (bind-mounted into the sandbox by real-cargo tests), if there is one. */
export function rustSysroot(): string | undefined {
  try {
    return execFileSync('rustc', ['--print', 'sysroot'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

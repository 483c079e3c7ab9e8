// One Nix task from start to end: spawn (no shell), decode the output as it
// streams into progress events, keep the complete raw log in a file for the
// server's diagnosis and "Show full log".
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogDecoder } from '../../../server/src/diagnose/stream';
import type { BuildEvent } from '../../../server/src/diagnose/types';
import { invocation, installableKey, type Invocation, type NixTaskDefinition } from './command';
import { spawnGroup, type ExitStatus, type GroupProcess } from './process';
import type { NixInfo } from './resolveNix';

export interface RunOptions {
  cwd: string;
  nix: NixInfo;
  extraArgs?: string[];
  env?: NodeJS.ProcessEnv;
  /** Progress and log lines, decoded. */
  onEvent?: (e: BuildEvent) => void;
  /** The program's own stdout (the output of `nix run`, the store path of `nix build --print-out-paths`). */
  onStdout?: (text: string) => void;
  /** Directory for the log file (default: a fresh temp dir). */
  logDir?: string;
  stdin?: boolean;
}

export interface RunResult extends ExitStatus {
  logPath: string;
  /** Wall time from spawn to exit. */
  ms: number;
}

export interface NixRun {
  /** Key the server files this run's diagnostics under. */
  installable: string;
  invocation: Invocation;
  logPath: string;
  process: GroupProcess;
  done: Promise<RunResult>;
  cancel(graceMs?: number): Promise<void>;
  write(input: string): void;
}

let counter = 0;

export function logFileFor(def: NixTaskDefinition, dir?: string): string {
  const d = dir ?? mkdtempSync(join(tmpdir(), 'nixify-build-'));
  const slug =
    installableKey(def)
      .replace(/[^\w.-]+/g, '_')
      .slice(0, 60) || 'build';
  return join(d, `${def.command}-${slug}-${Date.now()}-${counter++}.log`);
}

export function runNixTask(def: NixTaskDefinition, opts: RunOptions): NixRun {
  const inv = invocation(def, opts.nix, opts.extraArgs);
  const logPath = logFileFor(def, opts.logDir);
  const log = createWriteStream(logPath);
  const decoder = new LogDecoder(
    (l) => void l,
    (e) => opts.onEvent?.(e),
  );
  const started = Date.now();
  const text = new TextDecoder();
  const proc = spawnGroup(inv.file, inv.args, {
    cwd: opts.cwd,
    env: opts.env,
    stdin: opts.stdin,
    onStderr: (c) => {
      log.write(c);
      decoder.push(c);
    },
    onStdout: (c) => {
      // Plain Nix (nix-build) logs to stderr and prints store paths on stdout: keep both.
      log.write(c);
      opts.onStdout?.(text.decode(c, { stream: true }));
    },
  });
  const done = proc.exited.then(
    (status) =>
      new Promise<RunResult>((resolve) => {
        decoder.end();
        log.end(() => resolve({ ...status, logPath, ms: Date.now() - started }));
      }),
  );
  return {
    installable: installableKey(def),
    invocation: inv,
    logPath,
    process: proc,
    done,
    cancel: (g) => proc.cancel(g),
    write: (input) => void proc.child.stdin?.write(input),
  };
}

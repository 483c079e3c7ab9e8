// The doors' reader of a cut build's whole log (pipeline/diagnose.ts WholeLogReader): `nix log <drv>`, else
// `nix-store -l <drv>` (Nix without nix-command, or older), each a child process whose stdout is handed on a chunk
// at a time (never held whole), bounded in time and size, killed on timeout or the user's Ctrl-C. Given only by a
// door that may run programs (the CLI unless --no-nix-log; the language server only in a trusted workspace).
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import type { WholeLogReader } from './diagnose';
import { stripAnsi } from '../diagnose/text';

export interface NixLogOptions {
  /** For one build's log, both commands together (ms). */
  timeoutMs?: number;
  /** Bytes of one log read at most; the rest is not read (the log's start holds what the tail does not). */
  maxBytes?: number;
  /** Kill the child on SIGINT and then end as SIGINT ends this process (a command line; not the language server). */
  interruptible?: boolean;
  env?: NodeJS.ProcessEnv;
  /**
   * The `nix` to run (the editor's resolved one, e.g. its `nixify.nix.path`), with the `nix-store` beside it: Nix
   * installs both in one bin directory. Absent: `nix` and `nix-store` on PATH.
   */
  nix?: string;
}

export const NIX_LOG_TIMEOUT_MS = 30_000;
export const NIX_LOG_MAX_BYTES = 256 << 20;
/**
 * Both commands also ask the configured binary caches for a log; a failed build's log is only ever on the machine
 * that built it, and asking a cache offline waits out the whole time limit.
 */
const LOCAL_ONLY = ['--option', 'substituters', ''];
/** What is kept of a failed command's stderr for its reason. */
const ERR_KEEP = 4096;

interface Attempt {
  ok: boolean;
  bytes: number;
  /** Why it failed, or why it stopped early after printing some of the log. */
  why?: string;
  /** The command is not on PATH. */
  missing?: boolean;
}

export function nixLogReader(opts: NixLogOptions = {}): WholeLogReader {
  const timeoutMs = opts.timeoutMs ?? NIX_LOG_TIMEOUT_MS;
  const maxBytes = opts.maxBytes ?? NIX_LOG_MAX_BYTES;
  return async (cut, push) => {
    const deadline = Date.now() + timeoutMs;
    // The command Nix named first (it knows whether nix-command is on here), then the other.
    const nix = opts.nix ?? 'nix';
    const commands: [string, string[]][] = [
      [nix, ['log', cut.drv]],
      [opts.nix ? join(dirname(opts.nix), 'nix-store') : 'nix-store', ['-l', cut.drv]],
    ];
    if (cut.command === 'nix-store -l') commands.reverse();
    let why: string | undefined;
    for (const [cmd, args] of commands) {
      const from = `${cmd} ${args.join(' ')}`;
      const a = await attempt(cmd, [...LOCAL_ONLY, ...args], push, { ...opts, timeoutMs, maxBytes, deadline });
      if (a.ok || a.bytes) return a.why ? { from, partial: a.why } : { from };
      // What Nix said is the reason; that a command is missing only when both are.
      if (!a.missing || why === undefined) why = a.missing ? (opts.nix ? `\`${opts.nix}\` was not found` : '`nix` is not on PATH') : `\`${from}\`: ${a.why}`;
      if (Date.now() >= deadline) break;
    }
    throw new Error(why);
  };
}

/** A limit as it was set (`1.5 s`, not rounded to `2 s`; `256 MB`, or bytes when not whole MB). */
const seconds = (ms: number) => `${ms / 1000} s`;
const size = (bytes: number) => (bytes % (1 << 20) ? `${bytes} bytes` : `${bytes / (1 << 20)} MB`);

function attempt(cmd: string, args: string[], push: (b: Uint8Array) => void, o: NixLogOptions & { timeoutMs: number; maxBytes: number; deadline: number }): Promise<Attempt> {
  return new Promise((resolve) => {
    let bytes = 0;
    let err = '';
    let stopped: string | undefined;
    let settled = false;
    let interrupted = false;
    const onInt = () => {
      interrupted = true;
      stop('interrupted');
    };
    // Listening before the spawn: a Ctrl-C landing between the child's start and a listener added after it would
    // end this process by the default action and leave the child running (seen on a loaded CI machine).
    if (o.interruptible) process.once('SIGINT', onInt);
    // stdout is a pipe, so Nix starts no pager; NIX_PAGER only makes sure.
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...(o.env ?? process.env), NIX_PAGER: 'cat', PAGER: 'cat' } });
    const stop = (why: string) => {
      if (stopped !== undefined) return;
      stopped = why;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => stop(`it took longer than ${seconds(o.timeoutMs)}`), Math.max(0, o.deadline - Date.now()));
    const done = (a: Attempt) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      process.off('SIGINT', onInt);
      // The child is gone: end as Ctrl-C would have ended this process.
      if (interrupted) process.kill(process.pid, 'SIGINT');
      resolve(a);
    };
    child.stdout.on('data', (b: Buffer) => {
      if (stopped !== undefined) return;
      const room = o.maxBytes - bytes;
      if (b.length >= room) {
        if (room > 0) push(b.subarray(0, room));
        bytes += Math.max(0, room);
        stop(`it passed ${size(o.maxBytes)}`);
        return;
      }
      bytes += b.length;
      push(b);
    });
    child.stderr.on('data', (b: Buffer) => {
      err = (err + b.toString('utf8')).slice(-ERR_KEEP);
    });
    child.on('error', (e: NodeJS.ErrnoException) => done(e.code === 'ENOENT' ? { ok: false, bytes, missing: true } : { ok: false, bytes, why: e.message }));
    child.on('close', (code) => {
      if (stopped !== undefined) return done({ ok: false, bytes, why: stopped });
      if (code === 0) return done({ ok: true, bytes });
      done({ ok: false, bytes, why: lastLine(err) ?? `exit code ${code}` });
    });
  });
}

/** Nix's error, the last line it printed (colours off). */
function lastLine(err: string): string | undefined {
  const lines = stripAnsi(err)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.length ? lines[lines.length - 1]!.slice(0, 300) : undefined;
}

// Runs one program in its own process group (no shell) and, on cancel, makes
// sure nothing it started survives: SIGTERM to the group (Nix then stops its
// builders itself), SIGKILL after a grace period, to the group and to any
// descendant that left it (builders run in their own session).
//
// A process that double-forks and leaves the session is reparented before the
// cancel, out of reach of both. Where Linux allows it, the program therefore
// runs as PID 1 of its own PID namespace (`unshare --pid --fork --kill-child --mount-proc`,
// with a user namespace mapping the same user when not root): orphans are
// reparented to it, and when it dies — on its own or by the final SIGKILL —
// the kernel kills everything left in the namespace.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ExitStatus {
  /** Exit code, or null when killed by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  cancelled: boolean;
}

export interface GroupProcess {
  pid: number;
  child: ChildProcess;
  exited: Promise<ExitStatus>;
  /** Resolves once the group and every descendant seen are gone (or the kill was sent). */
  cancel(graceMs?: number): Promise<void>;
}

export interface SpawnOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
  /** Keep stdin open (e.g. `nix run` of an interactive program). */
  stdin?: boolean;
  /** false: no PID namespace even where one is available. */
  contain?: boolean;
}

/** Child pids of every process, read from /proc (Linux) — empty elsewhere. */
function childrenByParent(): Map<number, number[]> {
  const out = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return out;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      // Field 4 (ppid) follows the parenthesised command, which may contain spaces.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = out.get(ppid) ?? [];
      list.push(Number(e));
      out.set(ppid, list);
    } catch {
      // The process exited while we looked.
    }
  }
  return out;
}

/** Every live descendant of `pid`. */
export function descendants(pid: number): number[] {
  const tree = childrenByParent();
  const out: number[] = [];
  const queue = [pid];
  while (queue.length) {
    for (const c of tree.get(queue.shift()!) ?? []) {
      out.push(c);
      queue.push(c);
    }
  }
  return out;
}

/** A zombie (exited, not yet reaped) counts as gone: it runs nothing and holds nothing. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (pid < 0) return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function findExecutable(file: string, env: NodeJS.ProcessEnv): boolean {
  const ok = (p: string) => {
    try {
      accessSync(p, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (file.includes('/')) return ok(file);
  return (env.PATH ?? '').split(':').some((d) => d && ok(join(d, file)));
}

let containment: string[] | null | undefined;

/**
 * The command prefix that runs a program in its own PID namespace, or null
 * where that is not possible (not Linux, no util-linux unshare, namespaces
 * forbidden): then only the group kill and the /proc walk remain.
 * NIXIFY_NO_PIDNS=1 turns it off.
 */
export function pidNamespacePrefix(): string[] | null {
  if (containment !== undefined) return containment;
  containment = null;
  if (process.platform !== 'linux' || process.env.NIXIFY_NO_PIDNS) return null;
  // --mount-proc: a /proc of the namespace's own, without which Nix's sandbox writes the
  // uid_map of the wrong process (it counts pids in the new namespace).
  const candidates = [
    ...(process.getuid?.() === 0 ? [['--pid', '--fork', '--kill-child', '--mount-proc']] : []),
    // Unprivileged: a user namespace mapping the same uid, so the program sees no change of user.
    ['--user', '--map-current-user', '--pid', '--fork', '--kill-child', '--mount-proc'],
  ];
  for (const flags of candidates) {
    const r = spawnSync('unshare', [...flags, 'true'], { stdio: 'ignore', timeout: 5000 });
    if (r.status === 0) {
      containment = ['unshare', ...flags, '--'];
      break;
    }
  }
  return containment;
}

export function spawnGroup(file: string, args: string[], opts: SpawnOptions): GroupProcess {
  // A program that cannot be run is reported by spawn itself, not by unshare.
  const prefix = opts.contain === false || !findExecutable(file, opts.env ?? process.env) ? null : pidNamespacePrefix();
  const child = spawn(prefix ? prefix[0]! : file, prefix ? [...prefix.slice(1), file, ...args] : args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    detached: true, // its own process group: one kill reaches Nix and what it forked
    stdio: [opts.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    shell: false,
  });
  let cancelled = false;
  const exited = new Promise<ExitStatus>((resolve) => {
    let done = false;
    child.on('error', (err) => {
      if (done) return;
      done = true;
      opts.onStderr?.(Buffer.from(`error: cannot run ${file}: ${err.message}\n`));
      resolve({ code: 127, signal: null, cancelled });
    });
    child.on('close', (code, sig) => {
      if (done) return;
      done = true;
      resolve({ code, signal: sig, cancelled });
    });
  });
  child.stdout?.on('data', (c: Buffer) => opts.onStdout?.(c));
  child.stderr?.on('data', (c: Buffer) => opts.onStderr?.(c));
  const pid = child.pid ?? -1;

  const cancel = async (graceMs = 3000) => {
    if (pid <= 0) return;
    cancelled = true;
    // Remember the tree now: after Nix dies its builders are reparented and untraceable.
    const seen = new Set(descendants(pid));
    signal(-pid, 'SIGTERM');
    for (const p of seen) signal(p, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    const anyAlive = () => isAlive(-pid) || [...seen].some(isAlive);
    while (Date.now() < deadline && anyAlive()) {
      for (const p of descendants(pid)) seen.add(p);
      await sleep(50);
    }
    if (anyAlive()) {
      signal(-pid, 'SIGKILL');
      for (const p of seen) signal(p, 'SIGKILL');
    }
  };
  return { pid, child, exited, cancel };
}

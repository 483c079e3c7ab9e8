// code-server (a real VS Code: the VS Code server + its web workbench) as the
// e2e tests and `npm start` use it: installed by setup.sh into .cache/e2e,
// every run's state (XDG dirs, TMPDIR, user data, extensions) in a scratch dir.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';

// __filename, not __dirname: tsx's ESM path defines the latter from the entry module.
export const repoRoot = resolve(dirname(__filename), '..', '..');
export const cacheDir = process.env.NIXIFY_E2E_CACHE ?? join(repoRoot, '.cache', 'e2e');

export interface Tools {
  node24: string;
  entry: string;
  chromium: string;
}

/**
 * Runs setup.sh (idempotent; fast when the cache is warm) and returns where the tools are.
 * `start` installs only what code-server needs (no Chromium, no Rust): `chromium` is then empty.
 */
export function setupTools(purpose: 'start' | 'e2e' = 'e2e'): Tools {
  const out = execFileSync('bash', [join(repoRoot, 'scripts', 'e2e', 'setup.sh'), '--for', purpose], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const kv = Object.fromEntries(
    out
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return { node24: kv.NODE24!, entry: kv.CODE_SERVER_ENTRY!, chromium: kv.CHROMIUM! };
}

/** Tools from the environment the runner exported (tests), else from setup.sh. */
export function tools(): Tools {
  const { NIXIFY_E2E_NODE24: node24, NIXIFY_E2E_CODE_SERVER: entry, CHROMIUM: chromium } = process.env;
  return node24 && entry && chromium ? { node24, entry, chromium } : setupTools();
}

/** A profile: code-server's user data, extensions and the process env that keeps them out of $HOME and /tmp. */
export interface Profile {
  dir: string;
  userData: string;
  extensions: string;
  env: NodeJS.ProcessEnv;
}

export function profile(dir: string, opts: { fresh?: boolean; extensionsFrom?: Profile } = {}): Profile {
  if (opts.fresh) rmSync(dir, { recursive: true, force: true });
  const p: Profile = {
    dir,
    userData: join(dir, 'user'),
    extensions: opts.extensionsFrom?.extensions ?? join(dir, 'extensions'),
    env: {
      ...process.env,
      XDG_CONFIG_HOME: join(dir, 'xdg', 'config'),
      XDG_DATA_HOME: join(dir, 'xdg', 'data'),
      XDG_CACHE_HOME: join(dir, 'xdg', 'cache'),
      // code-server leaves its vscode-ipc-*.sock files here.
      TMPDIR: join(dir, 'tmp'),
    },
  };
  for (const d of [p.userData, p.extensions, p.env.TMPDIR!]) mkdirSync(d, { recursive: true });
  return p;
}

/** Writes the user settings.json of a profile. */
export function writeUserSettings(p: Profile, settings: Record<string, unknown>): void {
  const dir = join(p.userData, 'User');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'settings.json'), JSON.stringify(settings, null, 2));
}

export function installExtension(t: Tools, p: Profile, vsix: string): string {
  const args = [t.entry, '--user-data-dir', p.userData, '--extensions-dir', p.extensions];
  execFileSync(t.node24, [...args, '--install-extension', vsix, '--force'], { env: p.env, stdio: ['ignore', 'pipe', 'inherit'] });
  return execFileSync(t.node24, [...args, '--list-extensions', '--show-versions'], { env: p.env, encoding: 'utf8' }).trim();
}

export function freePort(preferred = 0): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const s = createServer();
    s.once('error', (e: NodeJS.ErrnoException) => (preferred && e.code === 'EADDRINUSE' ? freePort(0).then(resolvePort, reject) : reject(e)));
    s.listen(preferred, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolvePort(port));
    });
  });
}

export interface Running {
  url: string;
  port: number;
  proc: ChildProcess;
  /** URL of the workbench with `folder` open (and an optional `payload`). */
  folderUrl(folder: string, payload?: [string, string][]): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  port?: number;
  /** code-server's own log (stdout+stderr). */
  logFile: string;
  /** VS Code's workspace trust on (a folder opens in Restricted Mode until trusted); off by default: everything trusted. */
  workspaceTrust?: boolean;
  extraArgs?: string[];
  env?: NodeJS.ProcessEnv;
}

export async function startCodeServer(t: Tools, p: Profile, o: StartOptions): Promise<Running> {
  const port = await freePort(o.port ?? 0);
  const args = [
    t.entry,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--ignore-last-opened',
    '--user-data-dir',
    p.userData,
    '--extensions-dir',
    p.extensions,
    ...(o.workspaceTrust ? [] : ['--disable-workspace-trust']),
    ...(o.extraArgs ?? []),
  ];
  const log = openSync(o.logFile, 'a');
  // Own process group: stop() takes the extension host, the language server and any nix child with it.
  const proc = spawn(t.node24, args, { env: { ...p.env, ...o.env }, stdio: ['ignore', log, log], detached: true });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((r) => proc.once('exit', r));
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    const gone = await Promise.race([exited, new Promise((r) => setTimeout(() => r('wait'), 100))]);
    if (gone !== 'wait' || Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`code-server did not start (exit ${String(gone)}); log: ${o.logFile}\n${tail(o.logFile)}`);
    }
  }
  return {
    url,
    port,
    proc,
    folderUrl: (folder, payload) => `${url}/?folder=${encodeURIComponent(folder)}${payload ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''}`,
    stop: async () => {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      try {
        process.kill(-proc.pid!, 'SIGTERM');
      } catch {
        return;
      }
      const killer = setTimeout(() => {
        try {
          process.kill(-proc.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 5000);
      await exited;
      clearTimeout(killer);
    },
  };
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '';
  }
}

/** A fresh copy of a folder; optionally a git repository with everything added (flakes see only tracked files). */
export function copyWorkspace(src: string, dest: string, opts: { git?: boolean } = {}): string {
  rmSync(dest, { recursive: true, force: true });
  cpSync(src, dest, { recursive: true });
  if (opts.git) {
    const git = (...a: string[]) => execFileSync('git', ['-C', dest, ...a], { stdio: 'ignore' });
    git('init', '-q');
    git('add', '-A');
    git('-c', 'user.name=nixify-e2e', '-c', 'user.email=e2e@nixify.invalid', 'commit', '-q', '-m', 'fixture');
  }
  return dest;
}

/** name-version.vsix at the repo root, built by `npm run package` when missing or `rebuild`. */
export function vsixPath(): string {
  const { name, version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };
  return join(repoRoot, `${name}-${version}.vsix`);
}

export function packageVsix(): string {
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, stdio: 'inherit' });
  const vsix = vsixPath();
  if (!existsSync(vsix)) throw new Error(`npm run package did not produce ${vsix}`);
  return vsix;
}

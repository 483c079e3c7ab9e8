// Finds the `nix` executable: the user's setting, then PATH, then the usual
// profile locations (a GUI-launched editor often misses the shell's PATH).
import { execFile } from 'node:child_process';
import { homedir } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';
import { checkedExecutable } from '../../../shared/src/executable';
import { parseNixVersion, type NixVersion } from './nixVersion';

export interface NixInfo {
  path: string;
  version: NixVersion;
}

function describe(tried: { path: string; why: string }[]): string {
  const shown = tried.length > 6 ? [...tried.slice(0, 3), ...tried.slice(-3)] : tried;
  const parts = shown.map((t) => `${t.path} (${t.why})`);
  if (tried.length > 6) parts.splice(3, 0, `… ${tried.length - 6} more`);
  return parts.join('; ');
}

export class NixNotFoundError extends Error {
  constructor(readonly tried: { path: string; why: string }[]) {
    super(`Nix was not found. Install Nix (https://nixos.org/download) or set "nixify.nix.path". Tried: ${describe(tried)}.`);
    this.name = 'NixNotFoundError';
  }
}

export interface ResolveOptions {
  /** `nixify.nix.path`; `~/` is expanded. */
  setting?: string;
  env?: NodeJS.ProcessEnv;
  home?: string;
  /** How a candidate is asked for its version (tests replace it). */
  probe?: (path: string, env: NodeJS.ProcessEnv) => Promise<string>;
}

/** The candidates in order, without duplicates. */
export function nixCandidates(opts: ResolveOptions = {}): string[] {
  const env = opts.env ?? process.env;
  const home = opts.home ?? homedir();
  const out: string[] = [];
  const setting = opts.setting?.trim();
  if (setting) out.push(checkedExecutable(setting, home).path);
  for (const dir of (env.PATH ?? '').split(delimiter)) if (dir && isAbsolute(dir)) out.push(join(dir, 'nix'));
  out.push('/nix/var/nix/profiles/default/bin/nix', join(home, '.nix-profile', 'bin', 'nix'), '/run/current-system/sw/bin/nix');
  return [...new Set(out)];
}

export function probeVersion(path: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(path, ['--version'], { env, timeout: 10_000 }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
}

/**
 * The first candidate that exists and answers `--version`. A configured path
 * that fails is an error on its own: silently using another Nix would surprise.
 */
export async function resolveNix(opts: ResolveOptions = {}): Promise<NixInfo> {
  const env = opts.env ?? process.env;
  const probe = opts.probe ?? probeVersion;
  const tried: { path: string; why: string }[] = [];
  const candidates = nixCandidates(opts);
  const configured = opts.setting?.trim() ? candidates[0] : undefined;
  for (const path of candidates) {
    const why = checkedExecutable(path).why;
    if (why) {
      tried.push({ path, why });
      if (path === configured) throw new NixNotFoundError(tried);
      continue;
    }
    try {
      const version = parseNixVersion(await probe(path, env));
      if (version) return { path, version };
      tried.push({ path, why: 'no version in `--version` output' });
    } catch (e) {
      tried.push({ path, why: `\`--version\` failed: ${(e as Error).message.split('\n')[0]}` });
    }
    if (path === configured) throw new NixNotFoundError(tried);
  }
  throw new NixNotFoundError(tried);
}

/** Resolves once per key (setting + PATH): `nix --version` is asked only when they change. */
export class NixResolver {
  private cached: { key: string; info: Promise<NixInfo> } | undefined;

  get(opts: ResolveOptions = {}): Promise<NixInfo> {
    const key = `${opts.setting ?? ''}\0${(opts.env ?? process.env).PATH ?? ''}`;
    if (this.cached?.key !== key) {
      const info = resolveNix(opts);
      this.cached = { key, info };
      // A failure is not cached: the user may install Nix and try again.
      info.catch(() => {
        if (this.cached?.info === info) this.cached = undefined;
      });
    }
    return this.cached.info;
  }
}

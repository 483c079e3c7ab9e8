// Where the crate's source is published and how its releases are tagged, read
// by spawning git (like git.ts: only the front doors call this, in trusted
// workspaces; the cores get the plain data).
import { execFileSync } from 'node:child_process';

export interface GitRemoteInfo {
  /** The URL of `origin` (else the first remote), as configured. */
  remoteUrl?: string;
  /** Tag names, newest version first as git sorts them (`-v:refname`), at most 200. */
  tags: string[];
}

function git(root: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000, maxBuffer: 16 << 20 });
  } catch {
    return undefined;
  }
}

export function readGitRemote(root: string): GitRemoteInfo {
  const remotes = (git(root, ['remote']) ?? '').split('\n').filter(Boolean);
  const remote = remotes.includes('origin') ? 'origin' : remotes[0];
  const remoteUrl = remote ? git(root, ['remote', 'get-url', remote])?.trim() || undefined : undefined;
  const tags = (git(root, ['tag', '--list', '--sort=-v:refname']) ?? '').split('\n').filter(Boolean).slice(0, 200);
  return { remoteUrl, tags };
}


// Where the crate's source is published and how its releases are tagged, read
// by spawning git (like git.ts: only the front doors call this, in trusted
// workspaces; the cores get the plain data).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

/**
 * The hash fetchFromGitHub/fetchFromGitLab will find for `tag`: the NAR hash of
 * the tag's tree as `git archive` writes it (the forges' tarballs are made the
 * same way, export-ignore and all), computed with `nix hash path`. Undefined
 * when the tag, git, tar or nix is missing. Checked against nixpkgs' own src
 * hashes for real crates (see the README).
 */
export function tagSourceHash(root: string, tag: string, nix = 'nix'): string | undefined {
  let dir: string | undefined;
  try {
    const tar = execFileSync('git', ['-C', root, 'archive', '--format=tar', `refs/tags/${tag}`], { stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000, maxBuffer: 1 << 30 });
    dir = mkdtempSync(join(tmpdir(), 'nixify-tag-'));
    execFileSync('tar', ['-x', '-C', dir], { input: tar, stdio: ['pipe', 'ignore', 'ignore'], timeout: 60_000 });
    const out = execFileSync(nix, ['--extra-experimental-features', 'nix-command', 'hash', 'path', '--type', 'sha256', dir], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 60_000,
    }).trim();
    return /^sha256-[A-Za-z0-9+/]{43}=$/.test(out) ? out : undefined;
  } catch {
    return undefined;
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

// `src` of a nixpkgs package: which fetcher (GitHub, GitLab, else plain git),
// owner and repo from the git remote (else Cargo.toml's `repository`), and the
// tag of the release as the repository spells its tags (`v1.2.3`, `1.2.3`,
// `name-v1.2.3` in workspaces that tag each crate), written in terms of
// `finalAttrs.version` so nix-update can bump it.

export type SourceFetcher = { fetcher: 'fetchFromGitHub' | 'fetchFromGitLab'; owner: string; repo: string; domain?: string } | { fetcher: 'fetchgit'; url: string };

export interface SourceTag {
  /** Nix text for `tag = …;`: a string with `${finalAttrs.version}` interpolated. */
  expr: string;
  /** The tag for this version, spelled out (for messages). */
  literal: string;
  /** Whether that tag exists in the local clone. */
  exists: boolean;
}

/** owner/repo of a GitHub or GitLab URL in any form git accepts (https, ssh, scp-like). */
export function parseForgeUrl(url: string): SourceFetcher | undefined {
  const u = url.trim().replace(/\/+$/, '');
  const m = /^(?:https?:\/\/|ssh:\/\/|git:\/\/|git\+https:\/\/)(?:[^@/]+@)?([^/:]+)(?::\d+)?\/(.+?)(?:\.git)?$/.exec(u) ?? /^(?:[^@/]+@)?([^/:]+):(?!\/)(.+?)(?:\.git)?$/.exec(u);
  if (!m) return undefined;
  const host = m[1]!.toLowerCase();
  const path = m[2]!
    .replace(/\/-\/.*$/, '')
    .split('/')
    .filter(Boolean);
  if (host === 'github.com' && path.length >= 2) return { fetcher: 'fetchFromGitHub', owner: path[0]!, repo: path[1]! };
  // GitLab groups nest: the owner is every segment but the last.
  if (host === 'gitlab.com' && path.length >= 2) return { fetcher: 'fetchFromGitLab', owner: path.slice(0, -1).join('/'), repo: path.at(-1)! };
  if (/^https?:\/\//.test(u)) return { fetcher: 'fetchgit', url: u };
  return undefined;
}

/** The source: the git remote when it names a forge, else Cargo.toml's repository. */
export function sourceFetcher(remoteUrl: string | undefined, repository: string | undefined): SourceFetcher | undefined {
  const fromRemote = remoteUrl ? parseForgeUrl(remoteUrl) : undefined;
  if (fromRemote && fromRemote.fetcher !== 'fetchgit') return fromRemote;
  const fromRepo = repository ? parseForgeUrl(repository) : undefined;
  return fromRepo ?? fromRemote;
}

/**
 * How releases are tagged. The version's own tag decides when it exists; else
 * the pattern most other version-like tags follow (the version is not tagged
 * yet); else `v<version>`, the most common spelling.
 */
export function sourceTag(version: string, pname: string, tags: string[]): SourceTag {
  const patterns = [
    { prefix: 'v', expr: 'v${finalAttrs.version}' },
    { prefix: '', expr: '${finalAttrs.version}' },
    { prefix: `${pname}-v`, expr: `${pname}-v\${finalAttrs.version}` },
    { prefix: `${pname}-`, expr: `${pname}-\${finalAttrs.version}` },
    { prefix: `${pname}@`, expr: `${pname}@\${finalAttrs.version}` },
    { prefix: `${pname}/v`, expr: `${pname}/v\${finalAttrs.version}` },
  ];
  const has = new Set(tags);
  for (const p of patterns) if (has.has(p.prefix + version)) return { expr: p.expr, literal: p.prefix + version, exists: true };
  const semver = /^\d+\.\d+(?:\.\d+)?(?:[-+][\w.+-]*)?$/;
  let best: (typeof patterns)[number] | undefined;
  let bestCount = 0;
  for (const p of patterns) {
    const count = tags.filter(
      (t) => t.startsWith(p.prefix) && semver.test(t.slice(p.prefix.length)) && patterns.every((q) => q === p || q.prefix.length <= p.prefix.length || !t.startsWith(q.prefix)),
    ).length;
    if (count > bestCount) ((best = p), (bestCount = count));
  }
  const p = best ?? patterns[0]!;
  return { expr: p.expr, literal: p.prefix + version, exists: false };
}

// A flake's own name for one of its inputs, read from flake.lock: the root
// input whose original reference is the GitHub repository `owner/repo`
// (`rust-overlay`, `rust_overlay`, `rustOverlay` … are all the same input).

interface LockNode {
  original?: { type?: string; owner?: string; repo?: string; url?: string };
}

/** The root input of `flake.lock` (its text) that comes from github:owner/repo, or undefined. */
export function rootInputOf(flakeLockText: string | undefined, owner: string, repo: string): string | undefined {
  if (!flakeLockText) return undefined;
  let lock: { nodes?: Record<string, LockNode & { inputs?: Record<string, string | string[]> }>; root?: string };
  try {
    lock = JSON.parse(flakeLockText);
  } catch {
    return undefined;
  }
  const nodes = lock.nodes ?? {};
  const same = (a?: string, b?: string) => !!a && !!b && a.toLowerCase() === b.toLowerCase();
  for (const [input, target] of Object.entries(nodes[lock.root ?? 'root']?.inputs ?? {})) {
    // A string names a node; a list `follows` another input's node (not this flake's own pin).
    const o = typeof target === 'string' ? nodes[target]?.original : undefined;
    if (!o) continue;
    if ((o.type === 'github' && same(o.owner, owner) && same(o.repo, repo)) || (o.url && new RegExp(`github\\.com[/:]${owner}/${repo}(?:\\.git)?(?:[/?#]|$)`, 'i').test(o.url))) return input;
  }
  return undefined;
}

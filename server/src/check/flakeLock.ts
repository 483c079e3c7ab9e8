// flake.lock → the nixpkgs pin (branch and date), the input that decides
// which rustc and which libraries a build gets.
export interface NixpkgsPin {
  input: string;
  ref?: string;
  rev?: string;
  lastModified?: number;
}

interface LockNode {
  inputs?: Record<string, string | string[]>;
  locked?: { rev?: string; lastModified?: number; ref?: string };
  original?: { ref?: string; owner?: string; repo?: string; id?: string; type?: string };
}

export function nixpkgsPin(flakeLockText: string): NixpkgsPin | undefined {
  let lock: { nodes?: Record<string, LockNode>; root?: string };
  try {
    lock = JSON.parse(flakeLockText);
  } catch {
    return undefined;
  }
  const nodes = lock.nodes ?? {};
  const root = nodes[lock.root ?? 'root'];
  for (const [input, target] of Object.entries(root?.inputs ?? {})) {
    const node = typeof target === 'string' ? nodes[target] : undefined;
    const o = node?.original;
    const isNixpkgs = input === 'nixpkgs' || o?.repo === 'nixpkgs' || o?.id === 'nixpkgs';
    if (!node || !isNixpkgs) continue;
    return { input, ref: o?.ref ?? node.locked?.ref, rev: node.locked?.rev, lastModified: node.locked?.lastModified };
  }
  return undefined;
}

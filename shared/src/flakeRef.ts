// A flake reference as Nix reads one (its flakeref grammar, tried in Nix's order): a flake id
// (`nixpkgs`, `nixpkgs/nixos-24.05`), then a URL (`path:`, `git+file:` are local; any other scheme
// is fetched), then a path (`.`, `./sub`, `/abs`) with an optional `?query`. Any form may end in
// `#fragment` (the attribute, percent-decoded) and, after it, an outputs spec (`^out,dev`, `^*`).
// `?dir=sub` names the flake's folder inside the one the reference points at; the other query
// parameters (`ref`, `rev`, `submodules`, `shallow` …) choose what is fetched, not where.

export type FlakeRef =
  /** On this machine: `path` as written (relative to the folder Nix ran in, or absolute). */
  | {
      kind: 'local';
      path: string;
      dir: string;
      /** A bare path: Nix looks for flake.nix in it, else in the folders above it. A URL names its folder exactly. */
      search: boolean;
      fragment: string;
    }
  /** A flake id (resolved by the registry) or a URL fetched from elsewhere: known only by how it is written. */
  | { kind: 'other'; ref: string; fragment: string };

const OUTPUTS_SPEC = /\^(?:\*|[\w+.-]+(?:,[\w+.-]+)*)$/;
const FLAKE_ID = /^[a-zA-Z][\w-]*(?:\/[^?#]*)?(?:\?[^#]*)?(?:#|$)/;
const SCHEME = /^([a-zA-Z][\w+.-]*):/;
const LOCAL_SCHEMES = new Set(['path', 'git+file']);

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** `a?b#c` → its three parts (`#` starts the fragment wherever it is; `?` only before it). */
function split(text: string): { base: string; query: string; fragment: string } {
  const hash = text.indexOf('#');
  const beforeHash = hash === -1 ? text : text.slice(0, hash);
  const q = beforeHash.indexOf('?');
  return {
    base: q === -1 ? beforeHash : beforeHash.slice(0, q),
    query: q === -1 ? '' : beforeHash.slice(q + 1),
    fragment: hash === -1 ? '' : decode(text.slice(hash + 1)),
  };
}

function dirParam(query: string): string {
  for (const kv of query.split('&')) {
    const eq = kv.indexOf('=');
    if (eq !== -1 && decode(kv.slice(0, eq)) === 'dir') return decode(kv.slice(eq + 1).replace(/\+/g, ' '));
  }
  return '';
}

export function parseFlakeRef(text: string): FlakeRef {
  const ref = text.replace(OUTPUTS_SPEC, '');
  const parts = split(ref);
  const scheme = SCHEME.exec(ref)?.[1];
  if (FLAKE_ID.test(ref) || (scheme !== undefined && !LOCAL_SCHEMES.has(scheme.toLowerCase()))) return { kind: 'other', ref: ref.split('#')[0]!, fragment: parts.fragment };
  if (scheme !== undefined) {
    // `git+file:///abs`, `path:/abs`, `path:./rel`, `git+file:.`: an empty (or localhost) authority before an absolute path.
    const rest = parts.base.slice(scheme.length + 1).replace(/^\/\/(?:localhost)?(?=\/)/, '');
    return { kind: 'local', path: decode(rest), dir: dirParam(parts.query), search: false, fragment: parts.fragment };
  }
  return { kind: 'local', path: parts.base, dir: dirParam(parts.query), search: true, fragment: parts.fragment };
}

// What a builder's `src` keeps, for the forms Nixify can evaluate without Nix:
// `./.`, crane's cleanCargoSource, and `lib.fileset.toSource` of literal paths.
// One model for the check of what the build reads (check/srcContents.ts) and the
// diagnosis of a file a build script could not open (diagnose/scriptPanic.ts).
import { posix } from 'node:path';

/** What a src keeps, as a predicate on root-relative paths; undefined when Nixify cannot tell. */
export function srcFilter(srcText: string): { keeps: (p: string) => boolean; name: string } | undefined {
  const t = srcText.replace(/\s+/g, ' ').trim();
  if (/^(\.\/\.|\.\/)$/.test(t)) return { keeps: () => true, name: '`./.`' };
  // crane's filterCargoSources: directories, *.rs, *.toml, Cargo.lock, .cargo/config.
  if (/^\(?\s*[\w.'-]+\.cleanCargoSource \(?(?:[\w.'-]+\.path )?\.\/\.?\s*\)?\s*\)?$/.test(t)) {
    return {
      name: 'cleanCargoSource',
      keeps: (p) => /\.(rs|toml)$/.test(p) || posix.basename(p) === 'Cargo.lock' || p.endsWith('.cargo/config'),
    };
  }
  const fs = /^(?:lib\.|pkgs\.lib\.)?fileset\.toSource \{ root = \.\/\.; fileset = (?:lib\.|pkgs\.lib\.)?fileset\.unions \[ ((?:\.\/[\w./-]+ ?)+)\]; \}$/.exec(t);
  if (fs) {
    const roots = fs[1]!
      .trim()
      .split(' ')
      .map((x) => posix.normalize(x).replace(/^\.\//, '').replace(/\/$/, ''));
    return { name: 'the fileset', keeps: (p) => roots.some((r) => p === r || p.startsWith(`${r}/`)) };
  }
  return undefined;
}

// Cargo.lock has git dependencies the vendoring cannot hash by itself:
// importCargoLock needs an outputHashes entry; fetchCargoTarball needs cargoLock instead.
import { diag, type Rule } from '../rule';

const NO_HASH = /No hash was found while vendoring the git dependency ([^\s`'"]+?)\.?(?:\s|$)/;
const UNSUPPORTED = /ERROR: The Cargo\.lock contains git dependencies/;
const GIT_SOURCE = /source = "(git\+[^"]+)"/;

export function gitDepsRule(): Rule {
  return {
    category: 'git-deps',
    line(l, ctx) {
      const t = l.text;
      if (!/git dependenc/.test(t)) return;
      let m = NO_HASH.exec(t);
      if (m) {
        ctx.claim();
        const key = m[1]!;
        return ctx.emit(
          diag('git-deps', `Git dependency ${key} has no hash: add cargoLock.outputHashes."${key}" (build once with a fake hash to learn it).`, [t.trim()], [
            { kind: 'add-output-hash', key },
          ], { details: { key } }),
        );
      }
      if (UNSUPPORTED.test(t)) {
        ctx.claim();
        const src = ctx.recent(4).map((x) => GIT_SOURCE.exec(x)?.[1]).find(Boolean);
        return ctx.emit(
          diag('git-deps', `Cargo.lock contains git dependencies${src ? ` (${src})` : ''}, which the cargoHash vendor tarball cannot fetch: use cargoLock.lockFile with outputHashes.`, [...(src ? [`source = "${src}"`] : []), t.trim()], [
            { kind: 'use-cargo-lock' },
          ], { drv: l.drv ?? ctx.lastFailedDrv, details: src ? { source: src } : undefined }),
        );
      }
      void m;
    },
  };
}

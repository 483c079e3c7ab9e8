// sqlx's query macros check queries against a database at compile time; the
// sandbox has none, so they need the offline cache (`.sqlx/`, written by
// `cargo sqlx prepare`) in the source and SQLX_OFFLINE=true.
import { includeInSrcFix, intentFix, srcBindingOf } from '../../fixes/intentFixes';
import { diag, type DiagnosisRule, type Matcher } from '../rule';
import type { Site } from '../site';
import type { FixIntent } from '../types';

const ONLINE =
  /set `?DATABASE_URL`? to use query macros online|`?DATABASE_URL`? must be set,? or `?cargo sqlx prepare`? must have been run|DATABASE_URL.*(?:environment variable not found|not set).*sqlx|sqlx-data\.json.*(?:not found|does not exist)/;
const CACHE_WHY = "sqlx's offline query cache (SQLX_OFFLINE)";
// sqlx ≤ 0.6 reads sqlx-data.json: `failed to find data for query <hash or SQL>`.
const NO_CACHE = /SQLX_OFFLINE=true but there is no cached data for this query|no cached data for this query, run `?cargo sqlx prepare`? to update the query cache|failed to find data for query\b/;
const REFUSED = /error communicating with database: .*(?:Connection refused|No such file or directory|Name or service not known|failed to lookup address)/;

function create(): Matcher {
  let done = false;
  return {
    line(l, ctx) {
      const t = l.text;
      if (done || !/DATABASE_URL|sqlx|SQLX|cached data|communicating with database|data for query/.test(t)) return;
      const online = ONLINE.test(t);
      const stale = !online && NO_CACHE.test(t);
      const refused = !online && !stale && REFUSED.test(t);
      if (!online && !stale && !refused) return;
      ctx.claim();
      done = true;
      const message = stale
        ? 'sqlx runs offline but its query cache (.sqlx) has no entry for a query: run `cargo sqlx prepare --workspace` against a database and commit .sqlx.'
        : 'sqlx query macros need a database at compile time, which the Nix sandbox does not have: commit the offline query cache (`cargo sqlx prepare --workspace` writes .sqlx), keep .sqlx in src (source filters such as crane\'s cleanCargoSource drop it) and set SQLX_OFFLINE = "true".';
      // sqlx ≤ 0.6 keeps its cache in sqlx-data.json.
      const cache = t.includes('failed to find data for query') ? 'sqlx-data.json' : '.sqlx';
      const fixes: FixIntent[] = [
        { kind: 'set-env', name: 'SQLX_OFFLINE', nix: '"true"' },
        { kind: 'include-in-src', path: cache, because: CACHE_WHY },
        { kind: 'run', argv: ['cargo', 'sqlx', 'prepare', '--workspace'] },
        { kind: 'git-add', path: cache },
      ];
      ctx.emit(
        diag('sqlx-offline', message, [t.trim()], stale ? fixes.slice(2) : fixes, {
          drv: l.drv ?? ctx.lastFailedDrv,
          details: { cause: stale ? 'stale-cache' : refused ? 'no-database' : 'online' },
          confidence: 'certain',
        }),
      );
    },
  };
}

export const sqlxOfflineRule: DiagnosisRule = {
  category: 'sqlx-offline',
  markers: ['DATABASE_URL', 'sqlx prepare', 'SQLX_OFFLINE', 'cached data', 'communicating with database', 'sqlx-data', 'data for query'],
  create,
  place(_d, s) {
    // The cache exists but the build does not see it: the source filter is where the fix goes.
    const src = srcBindingOf(s);
    if (cacheDirs(s).length && src) return s.onCall(src.range);
    const env = s.call?.envBinding ?? s.call?.env[0];
    return s.onCall(env?.range);
  },
  fixes(_d, s, f) {
    const caches = cacheDirs(s);
    // With .sqlx in the workspace, preparing again and staging are not needed.
    if (caches.length && (f.kind === 'run' || f.kind === 'git-add')) return undefined;
    // The cache where it is (a member's own .sqlx), else where `prepare --workspace` writes it.
    const widen = includeInSrcFix({ kind: 'include-in-src', path: caches[0] ?? '.sqlx', because: CACHE_WHY }, s);
    if (f.kind === 'include-in-src') return widen && { ...widen, preferred: caches.length > 0 };
    const fix = intentFix(f, s);
    return fix && { ...fix, preferred: caches.length > 0 && !widen && f.kind === 'set-env' };
  },
};

/** The workspace's sqlx query caches (`.sqlx`, `crates/db/.sqlx`), workspace-root relative. */
function cacheDirs(s: Site): string[] {
  const dirs = new Set<string>();
  for (const p of s.files.paths) {
    const m = /^(?:(.*)\/)?\.sqlx\//.exec(p);
    if (m) dirs.add(m[1] ? `${m[1]}/.sqlx` : '.sqlx');
  }
  return [...dirs].sort((a, b) => a.length - b.length);
}

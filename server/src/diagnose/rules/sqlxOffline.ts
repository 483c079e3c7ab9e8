// sqlx's query macros check queries against a database at compile time; the
// sandbox has none, so they need the offline cache (`.sqlx/`, written by
// `cargo sqlx prepare`) in the source and SQLX_OFFLINE=true.
import { intentFix } from '../../fixes/intentFixes';
import { diag, type DiagnosisRule, type Matcher } from '../rule';
import type { FixIntent } from '../types';

const ONLINE =
  /set `?DATABASE_URL`? to use query macros online|`?DATABASE_URL`? must be set,? or `?cargo sqlx prepare`? must have been run|DATABASE_URL.*(?:environment variable not found|not set).*sqlx|sqlx-data\.json.*(?:not found|does not exist)/;
const NO_CACHE = /SQLX_OFFLINE=true but there is no cached data for this query|no cached data for this query, run `?cargo sqlx prepare`? to update the query cache/;
const REFUSED = /error communicating with database: .*(?:Connection refused|No such file or directory|Name or service not known|failed to lookup address)/;

function create(): Matcher {
  let done = false;
  return {
    line(l, ctx) {
      const t = l.text;
      if (done || !/DATABASE_URL|sqlx|SQLX|cached data|communicating with database/.test(t)) return;
      const online = ONLINE.test(t);
      const stale = !online && NO_CACHE.test(t);
      const refused = !online && !stale && REFUSED.test(t);
      if (!online && !stale && !refused) return;
      ctx.claim();
      done = true;
      const message = stale
        ? 'sqlx runs offline but its query cache (.sqlx) has no entry for a query: run `cargo sqlx prepare --workspace` against a database and commit .sqlx.'
        : 'sqlx query macros need a database at compile time, which the Nix sandbox does not have: commit the offline query cache (`cargo sqlx prepare --workspace` writes .sqlx), keep .sqlx in src and set SQLX_OFFLINE = "true".';
      const fixes: FixIntent[] = [
        { kind: 'set-env', name: 'SQLX_OFFLINE', nix: '"true"' },
        { kind: 'run', argv: ['cargo', 'sqlx', 'prepare', '--workspace'] },
        { kind: 'git-add', path: '.sqlx' },
      ];
      ctx.emit(
        diag('sqlx-offline', message, [t.trim()], stale ? fixes.slice(1) : fixes, { drv: l.drv ?? ctx.lastFailedDrv, details: { cause: stale ? 'stale-cache' : refused ? 'no-database' : 'online' } }),
      );
    },
  };
}

export const sqlxOfflineRule: DiagnosisRule = {
  category: 'sqlx-offline',
  markers: ['DATABASE_URL', 'sqlx prepare', 'SQLX_OFFLINE', 'cached data', 'communicating with database', 'sqlx-data'],
  create,
  place(_d, s) {
    // The cache exists but the build does not see it: the source filter is where the fix goes.
    const hasCache = s.files.paths.some((p) => p.startsWith('.sqlx/'));
    if (hasCache && s.call?.src) return s.onCall(s.call.src.range);
    const env = s.call?.envBinding ?? s.call?.env[0];
    return s.onCall(env?.range);
  },
  fixes(_d, s, f) {
    const hasCache = s.files.paths.some((p) => p.startsWith('.sqlx/'));
    // With .sqlx in the workspace, preparing again and staging are not needed.
    if (hasCache && (f.kind === 'run' || f.kind === 'git-add')) return undefined;
    const fix = intentFix(f, s);
    return fix && { ...fix, preferred: hasCache && f.kind === 'set-env' };
  },
};

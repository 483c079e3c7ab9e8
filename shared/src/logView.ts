// The address of the client's read-only view of a build log (client/src/logDocument.ts: ANSI
// stripped, internal-json decoded). Built here so the server's links to a log (a diagnostic's
// related information) open the same view "Show full build log" opens, not the raw task log.

export const LOG_SCHEME = 'nixify-log';

/**
 * `nixify-log:/<title>.log?<query>`. VS Code's Uri.parse decodes each component once, so the query
 * is percent-encoded over URLSearchParams' own form: the provider's URLSearchParams then reads the
 * path back exactly, `+`, `&` and `%` included.
 */
export function logViewUri(logPath: string, title: string): string {
  const base = logPath.slice(Math.max(logPath.lastIndexOf('/'), logPath.lastIndexOf('\\')) + 1);
  const name = `${title.replace(/[^\w.#-]+/g, ' ').trim() || base}.log`;
  return `${LOG_SCHEME}:/${encodeURIComponent(name)}?${encodeURIComponent(new URLSearchParams({ path: logPath }).toString())}`;
}

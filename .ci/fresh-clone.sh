#!/usr/bin/env bash
# The README's two commands, each as the very first command on a fresh clone in
# a new folder: `npm test` alone passes, and `npm start` alone reaches the URL
# (checked with an HTTP request), then stops cleanly on SIGINT.
# The code-server install is shared with the e2e step through NIXIFY_E2E_CACHE
# (default: this checkout's .cache/e2e), so CI pays for it once.
#   bash .ci/fresh-clone.sh           START_TIMEOUT=seconds (default 1800)
set -euo pipefail
src="$(cd "$(dirname "$0")/.." && pwd)"
export NIXIFY_E2E_CACHE="${NIXIFY_E2E_CACHE:-$src/.cache/e2e}"
limit="${START_TIMEOUT:-1800}"
tmp="$(mktemp -d)"
pgid=""
cleanup() {
  [ -n "$pgid" ] && kill -KILL -- "-$pgid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
say() { echo "fresh-clone: $*"; }

# ../shared beside the clone, as beside the checkout.
[ -d "$src/../shared" ] && ln -s "$(cd "$src/../shared" && pwd)" "$tmp/shared"
git clone -q "$src" "$tmp/nixify"
cd "$tmp/nixify"
say "clone of $(git rev-parse --short HEAD) in a new folder"

t=$(date +%s)
say "npm test"
npm test
say "npm test passed in $(( $(date +%s) - t )) s"

# The command line on its own, installed as the README says (a user prefix here).
say "npm pack → npm install -g → nixify"
npm pack --silent >/dev/null
npm install -g --prefix "$tmp/prefix" --no-audit --no-fund ./nixify-*.tgz >/dev/null
"$tmp/prefix/bin/nixify" --version
"$tmp/prefix/bin/nixify" infer examples/axum-openssl | grep -q '^buildInputs: openssl' || { say "the installed nixify does not infer openssl for the sample"; exit 1; }
say "the installed nixify runs"

t=$(date +%s)
say "npm start (until it prints the URL; at most $limit s)"
log="$tmp/start.log"
# Its own session and process group, as in a terminal: SIGINT goes to all of it.
setsid bash -c 'exec npm start' >"$log" 2>&1 </dev/null &
pgid=$!
tail -n +1 -f "$log" --pid "$pgid" &
tailer=$!
url=""
while [ -z "$url" ]; do
  url="$(grep -oE 'http://127\.0\.0\.1:[0-9]+/\?folder=[^ ]+' "$log" | head -1 || true)"
  [ -n "$url" ] && break
  kill -0 "$pgid" 2>/dev/null || { sleep 1; kill "$tailer" 2>/dev/null || true; say "npm start exited before printing the URL"; exit 1; }
  [ $(( $(date +%s) - t )) -lt "$limit" ] || { kill "$tailer" 2>/dev/null || true; say "no URL after $limit s"; exit 1; }
  sleep 2
done
say "URL after $(( $(date +%s) - t )) s: $url"
http() { node -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(30000) }).then((r) => console.log(r.status), () => console.log("none"))' "$1"; }
code="$(http "$url")"
[ "$code" = 200 ] || { say "the workbench answered HTTP $code"; exit 1; }
say "the workbench answers (HTTP 200); stopping npm start with SIGINT"
kill -INT -- "-$pgid"
for _ in $(seq 1 30); do kill -0 -- "-$pgid" 2>/dev/null || break; sleep 1; done
kill -0 -- "-$pgid" 2>/dev/null && { say "npm start still running 30 s after SIGINT"; exit 1; }
pgid=""
kill "$tailer" 2>/dev/null || true
base="${url%%/\?*}"
[ "$(http "$base/healthz")" = none ] || { say "code-server still answers after npm start stopped"; exit 1; }
say "npm start stopped cleanly, code-server is gone"

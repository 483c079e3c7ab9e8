#!/usr/bin/env bash
# Installs what the tests need from Debian (Nix 2.8 from nix-bin, git, clang +
# lld for the grammar and the wasm marker scan, make and curl, which real-Nix
# diagnosis fixtures run from /usr/bin inside the sandbox, shellcheck for the
# generated CI scripts, nginx-light for `nginx -t` on the generated location)
# and configures Nix for a single root user without a daemon or binary cache.
# Idempotent; the previous nix.conf is kept as .orig.
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "setup-nix: run as root (it installs Debian packages)" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive
apt_get() { apt-get -o DPkg::Lock::Timeout=900 "$@"; }
# DPkg::Lock::Timeout does not cover `update`'s lists lock: another apt run
# (unattended-upgrades, a second setup) holding it is waited for, not failed on.
apt_update() {
  local err=
  for _ in $(seq 1 90); do
    err=$(apt_get update -qq 2>&1) && return 0
    case $err in
      *"Could not get lock"*) sleep 10 ;;
      *) break ;;
    esac
  done
  echo "$err" >&2
  return 1
}

need=()
for pair in nix-instantiate:nix-bin git:git clang:clang wasm-ld:lld pkg-config:pkg-config gcc:gcc make:make curl:curl shellcheck:shellcheck nginx:nginx-light; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || need+=("${pair##*:}")
done
# Real cargo failures inside Nix (openssl-sys without pkg-config / without libssl)
# build Debian's packaged crate sources offline.
compgen -G '/usr/share/cargo/registry/openssl-sys-*' >/dev/null || need+=(librust-openssl-sys-dev)
# pyo3-build-config's interpreter lookup without python3 on PATH (its build script, real cargo).
compgen -G '/usr/share/cargo/registry/pyo3-build-config-*' >/dev/null || need+=(librust-pyo3-build-config-dev)
[ -f /usr/include/openssl/ssl.h ] || need+=(libssl-dev)
dpkg -s libc6-dev >/dev/null 2>&1 || need+=(libc6-dev)
if [ ${#need[@]} -gt 0 ]; then
  apt_update
  # --no-install-recommends: no nix-daemon units, no nixbld users.
  apt_get install -y -qq --no-install-recommends "${need[@]}"
fi

mkdir -p /etc/nix /nix/store /nix/var/nix
if [ -f /etc/nix/nix.conf ] && ! grep -q 'written by nixify' /etc/nix/nix.conf; then
  cp /etc/nix/nix.conf /etc/nix/nix.conf.orig
fi
cat > /etc/nix/nix.conf <<'CONF'
# written by nixify scripts/setup-nix.sh
# Root builds without nixbld users; no binary cache to wait for offline.
build-users-group =
substituters =
experimental-features = nix-command flakes
sandbox = true
sandbox-fallback = true
# Debian leaves sandbox-paths empty, which hides /bin/sh from builders.
sandbox-paths = /bin /usr /lib /lib64?
CONF

# Some containers refuse user namespaces; builds then run unsandboxed.
probe=$(mktemp -d)
if ! nix-build --no-out-link -E "builtins.derivation { name = \"nixify-sandbox-probe-$$-$(date +%s%N)\"; system = builtins.currentSystem; builder = \"/bin/sh\"; args = [ \"-c\" \"echo > \$out\" ]; }" >/dev/null 2>"$probe/err"; then
  echo "setup-nix: sandboxed builds fail here, using sandbox = false:" >&2
  cat "$probe/err" >&2
  sed -i 's/^sandbox = true$/sandbox = false/' /etc/nix/nix.conf
fi
rm -rf "$probe"
echo "setup-nix: $(nix --version) ready"

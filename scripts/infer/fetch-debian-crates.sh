#!/usr/bin/env bash
# Downloads and unpacks the Debian librust-*-dev packages gen-dep-manifests.ts reads, with a private
# apt state (nothing of the machine's apt configuration changes), into DIR (default .cache/debian-crates):
#   DIR/registry/<crate>-<version>/   Cargo.toml as Debian ships it, and Debian's patches (debian/patches:
#                                     gen-dep-manifests.ts reverses those that touch Cargo.toml)
#   DIR/versions.tsv                  <crate dir> TAB <Debian package> TAB <Debian version>
# Usage: scripts/infer/fetch-debian-crates.sh [DIR] [RELEASE]   (RELEASE default trixie)
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
dir=$(mkdir -p "${1:-$here/.cache/debian-crates}" && cd "${1:-$here/.cache/debian-crates}" && pwd)
release=${2:-trixie}
mkdir -p "$dir/apt/lists/partial" "$dir/apt/cache/archives/partial" "$dir/debs" "$dir/registry"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $release main" >"$dir/apt/sources.list"
touch "$dir/apt/status"
apt_opts=(-o "Dir::Etc::SourceList=$dir/apt/sources.list" -o Dir::Etc::SourceParts=/nonexistent -o "Dir::State::Lists=$dir/apt/lists"
  -o "Dir::Cache=$dir/apt/cache" -o "Dir::State::status=$dir/apt/status" -o APT::Architecture=amd64)
apt-get "${apt_opts[@]}" -qq update
apt-cache "${apt_opts[@]}" dumpavail >"$dir/avail.txt"
node --import tsx "$here/scripts/infer/debian-native-closure.ts" "$dir/avail.txt" >"$dir/packages.txt"
echo "$(wc -l <"$dir/packages.txt") packages to read"
# Packages already downloaded (an earlier run) are not asked for again.
(cd "$dir/debs" && ls >"$dir/have.txt" && { grep -v -x -F -f <(sed 's/_.*//' "$dir/have.txt") "$dir/packages.txt" || true; } | xargs -r -n 100 apt-get "${apt_opts[@]}" -qq download)
touch "$dir/versions.tsv" "$dir/unpacked.txt"
for deb in "$dir"/debs/*.deb; do
  # Unpacked by an earlier run: kept.
  if grep -q -x -F "$(basename "$deb")" "$dir/unpacked.txt"; then continue; fi
  tmp=$(mktemp -d)
  dpkg-deb -x "$deb" "$tmp"
  for crate in "$tmp"/usr/share/cargo/registry/*/; do
    [ -f "$crate/Cargo.toml" ] || continue
    name=$(basename "$crate")
    rm -rf "$dir/registry/$name"
    mkdir -p "$dir/registry/$name"
    cp "$crate/Cargo.toml" "$dir/registry/$name/"
    if [ -d "$crate/debian/patches" ]; then cp -r "$crate/debian/patches" "$dir/registry/$name/patches"; fi
    printf '%s\t%s\t%s\n' "$name" "$(dpkg-deb -f "$deb" Package)" "$(dpkg-deb -f "$deb" Version)" >>"$dir/versions.tsv"
  done
  rm -rf "$tmp"
  basename "$deb" >>"$dir/unpacked.txt"
done
echo "$(wc -l <"$dir/versions.tsv") crates unpacked under $dir/registry ($release)"

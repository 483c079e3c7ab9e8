#!/usr/bin/env bash
# Says which of NixOS' files the service harness needs are present, and how
# to bring the missing ones. Exit 0 when all are there.
#   scripts/nixos-harness/check.sh [DIR]   (default: $NIXIFY_NIXOS_HARNESS or .cache/nixos-harness)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:-${NIXIFY_NIXOS_HARNESS:-$here/../../.cache/nixos-harness}}
missing=0
while read -r path commit; do
  case "$path" in '' | '#'*) continue ;; esac
  if [ -s "$dir/$path" ]; then
    echo "ok       $path"
  else
    echo "missing  $path  (read_file repo=NixOS/nixpkgs path=$path commit=$commit, write it unchanged to $dir/$path)"
    missing=1
  fi
done <"$here/files.txt"
exit $missing

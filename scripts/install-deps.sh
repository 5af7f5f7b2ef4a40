#!/usr/bin/env bash
# Installs the Debian packages tapegrad builds with, only those that are missing. Run as root
# (or with sudo); does nothing when everything is already there, so it is safe to run twice.
set -euo pipefail
packages=(cmake g++ make libeigen3-dev doctest-dev nlohmann-json3-dev libcli11-dev "$@")
# scripts/test.sh adds chromium (the report is checked in a real browser) and graphviz (the tape
# exported as DOT is rendered).
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}" >&2
run_as_root=()
[ "$(id -u)" -ne 0 ] && run_as_root=(sudo)
"${run_as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${run_as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"

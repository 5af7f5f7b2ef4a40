#!/bin/bash
# What one edit costs to rebuild: appends a comment line to FILE (a real change, so make and ccache
# both see it), rebuilds TARGETS (default: everything) in BUILD with ccache off, restores FILE and
# prints the wall time, the objects compiled and the programs linked, with the machine's load.
#   bench/incremental_build.sh ops/activation.cpp              # one op's source
#   bench/incremental_build.sh ops/activation.hpp tapegrad tapegrad_cli   # one op header, library and program
# Run it from the source folder after a full build; BUILD defaults to build.
set -euo pipefail
file=$1; shift
build=${BUILD:-build}
saved=$(mktemp)
cp "$file" "$saved"
trap 'cp "$saved" "$file"; rm -f "$saved"' EXIT
echo "// incremental_build.sh $(date +%s%N)" >> "$file"
log=$(mktemp)
start=$(date +%s.%N)
targets=()
for t in "$@"; do targets+=(--target "$t"); done
CCACHE_DISABLE=1 cmake --build "$build" -j2 "${targets[@]}" > "$log" 2>&1
end=$(date +%s.%N)
printf '%s: %.1f s, %d objects compiled, %d programs and libraries linked (load %s; CPU %s)\n' "$file" \
  "$(echo "$end - $start" | bc)" "$(grep -c 'Building CXX object' "$log")" "$(grep -c 'Linking CXX' "$log")" \
  "$(cut -d' ' -f1-3 /proc/loadavg)" "$(lscpu | sed -n 's/^Model name: *//p')"
rm -f "$log"

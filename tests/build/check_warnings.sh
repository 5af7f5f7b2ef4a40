#!/usr/bin/env bash
# A clean build must print no compiler warnings: a newcomer who sees hundreds scroll past thinks
# the build is broken, and a real warning in our code hides among them.
#   usage: tests/build/check_warnings.sh --log BUILD_LOG     count the warnings in a build's output
#          tests/build/check_warnings.sh [source-dir] [jobs]  configure and build the library, the
#                                                           lab and the CLI afresh, then count
# scripts/test.sh uses --log on its own first (clean) build, so the check costs no second build.
# With ccache, a rebuild of unchanged sources replays the compiler's messages, warnings included,
# so a fresh folder's count is the same whether or not the cache was warm.
set -uo pipefail

count_warnings() {  # $1: a build log
  local count
  count=$(grep -c 'warning:' "$1")
  if [ "$count" -ne 0 ]; then
    grep 'warning:' "$1" | sort | uniq -c | sort -rn | head -20 >&2
    echo "check_warnings: $count compiler warning lines in a clean build (want 0)" >&2
    exit 1
  fi
  echo "check_warnings: 0 compiler warnings in $2"
}

if [ "${1:-}" = "--log" ]; then
  [ -r "${2:-}" ] || { echo "check_warnings: --log: cannot read '${2:-}'" >&2; exit 1; }
  grep -q 'Building CXX object' "$2" ||
    { echo "check_warnings: $2: compiled nothing, so it cannot show the warnings of a clean build" >&2; exit 1; }
  count_warnings "$2" "$(grep -c 'Building CXX object' "$2") compiled files of $2"
  exit 0
fi

src=$(cd "${1:-$(dirname "$0")/../..}" && pwd)
jobs=${2:-$(nproc)}
work=$(mktemp -d "${TMPDIR:-/tmp}/tapegrad-warnings.XXXXXX")
trap 'rm -rf "$work"' EXIT
# Absolute paths rewritten relative to the build folder, so that every fresh folder shares the cache.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-/}

if ! cmake -S "$src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DTAPEGRAD_BUILD_TESTS=OFF \
     -DTAPEGRAD_BUILD_EXAMPLES=OFF -DTAPEGRAD_BUILD_BENCH=OFF >"$work/configure.log" 2>&1; then
  cat "$work/configure.log" >&2
  echo "check_warnings: configure failed" >&2
  exit 1
fi
if ! cmake --build "$work/build" -j"$jobs" --target tapegrad tapegrad_lab tapegrad_cli >"$work/build.log" 2>&1; then
  cat "$work/build.log" >&2
  echo "check_warnings: build failed" >&2
  exit 1
fi
count_warnings "$work/build.log" "a clean build of the library, the lab and the CLI"

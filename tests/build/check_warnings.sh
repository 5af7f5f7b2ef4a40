#!/usr/bin/env bash
# A clean build must print no compiler warnings: a newcomer who sees hundreds scroll past thinks
# the build is broken, and a real warning in our code hides among them. Configures a fresh build
# of the library, the lab and the command-line program in a temporary folder, builds it, and
# counts the lines that say "warning:".   usage: tests/build/check_warnings.sh [source-dir] [jobs]
# With ccache, a rebuild of unchanged sources replays the compiler's messages, warnings included,
# so the count is the same whether or not the cache was warm.
set -uo pipefail
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
count=$(grep -c 'warning:' "$work/build.log")
if [ "$count" -ne 0 ]; then
  grep 'warning:' "$work/build.log" | sort | uniq -c | sort -rn | head -20 >&2
  echo "check_warnings: $count compiler warning lines in a clean build (want 0)" >&2
  exit 1
fi
echo "check_warnings: 0 compiler warnings in a clean build of the library, the lab and the CLI"

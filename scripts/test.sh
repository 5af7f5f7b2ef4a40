#!/usr/bin/env bash
# Installs what is missing, builds tapegrad and runs every test: the unit tests, the command-line
# and example tests, the find_package consumer, then the unit tests again under AddressSanitizer
# and UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh chromium graphviz clang libonnx-dev libprotobuf-dev python3-torch python3-onnx python3-numpy strace
jobs=$(nproc)
# With ccache installed, let builds of other checkouts of the same sources share its cache.
export CCACHE_BASEDIR="$PWD"

# A build folder that does not exist yet gets a clean build, whose log must hold no compiler
# warning (tests/build/check_warnings.sh); a second run only rebuilds what changed.
clean_build=1
[ -f build/CMakeCache.txt ] && clean_build=0
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$jobs" 2>&1 | tee build/build.log
if [ "$clean_build" -eq 1 ]; then
  tests/build/check_warnings.sh --log build/build.log
else
  echo "check_warnings: skipped, build/ was built before (rm -rf build to check a clean build)"
fi
ctest --test-dir build --output-on-failure -j"$jobs"

# -O1 keeps the sanitizer build quick to compile while still catching what it should.
cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O1 -g" -DTAPEGRAD_SANITIZE=ON \
  -DTAPEGRAD_BUILD_EXAMPLES=OFF -DTAPEGRAD_BUILD_BENCH=OFF
cmake --build build-sanitize -j"$jobs" --target tapegrad_tests
ctest --test-dir build-sanitize --output-on-failure -R '^unit$'

# The readers of untrusted input (CSV, checkpoint, JSON config) under libFuzzer with ASan + UBSan:
# the checked-in corpus as regression inputs, then a short fuzzing smoke per target.
FUZZ_JOBS="$jobs" tests/fuzz/run.sh

#!/usr/bin/env bash
# Installs what is missing, builds tapegrad and runs the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target tiny_classifier
build/examples/tiny_classifier

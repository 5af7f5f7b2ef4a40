#!/usr/bin/env bash
# Installs what is missing, builds tapegrad and runs the demo: the cross-entropy vs MSE lab on the
# bundled digits data, 5 seeds per loss. Prints the path of the report to open in a browser.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target tapegrad_cli
build/app/tapegrad compare --config examples/configs/lab_single_label.json \
  --losses softmax_cross_entropy,mse_softmax --seeds 5 --out out/lab

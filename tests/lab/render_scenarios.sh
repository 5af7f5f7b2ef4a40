#!/usr/bin/env bash
# Every lab scenario's report in a real browser: runs `tapegrad compare` on each of
# examples/configs/lab_*.json (small: two seeds, a few epochs, a short grid), then opens each
# report.html with render_report.sh (screenshot, every chart in the DOM, no network request).
#   usage: render_scenarios.sh path/to/tapegrad path/to/make_report SOURCE_DIR OUT_DIR
set -uo pipefail
bin=$1
make_report=$2
src=$3
out=$4
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "skipped: chromium not installed"
  exit 0
fi
failed=0
for config in "$src"/examples/configs/lab_*.json; do
  name=$(basename "$config" .json)
  losses=softmax_cross_entropy,mse_softmax
  case $name in *multilabel*) losses=sigmoid_binary_cross_entropy,mse_sigmoid ;; esac
  "$bin" compare --config "$config" --losses "$losses" --seeds 2 --set epochs=6 --set 'lab.lr_grid=[0.1,1,3]' \
    --set 'lab.init_scales=[1,8]' --quiet --out "$out/$name/run" >/dev/null 2>"$out.$name.log" ||
    { echo "FAIL: compare on $name: $(cat "$out.$name.log")" >&2; failed=$((failed + 1)); continue; }
  bash "$(dirname "$0")/render_report.sh" "$make_report" "$out/$name/run/compare.json" "$out/$name/render" ||
    { echo "FAIL: the $name report in the browser" >&2; failed=$((failed + 1)); }
done
echo "report_scenarios: $failed failed; screenshots: $out/*/render/report.png"
[ "$failed" -eq 0 ]

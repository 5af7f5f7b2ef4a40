#!/usr/bin/env bash
# Runs the lab's bad start (examples/configs/lab_bad_start.json: softmax regression on the bundled
# digits from initial scale 8, five seeds per loss) and prints the sentences of the report's
# gradient-flow section and the table of layer norms by initial scale, the figures docs/lab.md quotes.
#   usage: scripts/lab_gradient_flow.sh [path/to/tapegrad] [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/app/tapegrad}
out=${2:-out/lab-bad-start}
start=$(date +%s)
"$bin" compare --config examples/configs/lab_bad_start.json --losses softmax_cross_entropy,mse_softmax --seeds 5 \
  --quiet --out "$out"
echo "compare: $(($(date +%s) - start)) s wall on $(lscpu | sed -n 's/^Model name: *//p') ($(nproc) cores); report: $out/report.html"
sed -n '/<h2>Gradient flow through the layers<\/h2>/,/<figure>/p' "$out/report.html" |
  sed -n 's/^<p>\(.*\)<\/p>$/\1/p' | sed "s/&#39;/'/g; s/&quot;/\"/g; s/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g"
# The table docs/lab.md shows: layer 1's gradient norm at epoch 0 per initial scale, and the ratio.
python3 - "$out/compare.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
ref, other = c["losses"][0], c["losses"][1]
print(f"initial scale | {ref} | {other} | ratio   (layer 1 at epoch 0)")
for at in c["arms"]["start"]:
    a, b = (at["losses"][k]["curves"]["grad_norm_layer1"]["mean"][0] for k in (ref, other))
    print(f"{at['init_scale']:g} | {a:.3g} | {b:.3g} | {a / b:.3g}")
PY

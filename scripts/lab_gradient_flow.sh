#!/usr/bin/env bash
# Runs the lab's two bad starts, from initial scale 8 on the bundled digits with five seeds per
# loss: softmax regression (examples/configs/lab_bad_start.json) and an MLP with one hidden layer
# (lab_bad_start_mlp.json). For each it prints the sentences of the report's gradient-flow section
# and each layer's gradient norm at epoch 0 by initial scale: the figures docs/lab.md quotes.
#   usage: scripts/lab_gradient_flow.sh [path/to/tapegrad] [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/app/tapegrad}
out=${2:-out/lab-gradient-flow}
for name in lab_bad_start lab_bad_start_mlp; do
  start=$(date +%s)
  "$bin" compare --config "examples/configs/$name.json" --losses softmax_cross_entropy,mse_softmax --seeds 5 \
    --quiet --out "$out/$name" >/dev/null
  echo "== $name: $(($(date +%s) - start)) s wall on $(lscpu | sed -n 's/^Model name: *//p') ($(nproc) cores); report: $out/$name/report.html"
  sed -n '/<h2>Gradient flow through the layers<\/h2>/,/<figure>/p' "$out/$name/report.html" |
    sed -n 's/^<p>\(.*\)<\/p>$/\1/p' | tail -n +2 | sed "s/&#39;/'/g; s/&quot;/\"/g; s/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g"
  # Each layer's gradient norm at epoch 0 per initial scale, under each loss, and their ratio.
  python3 - "$out/$name/compare.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
ref, other = c["losses"][0], c["losses"][1]
print(f"initial scale | layer | {ref} | {other} | ratio   (epoch 0)")
for at in c["arms"]["start"]:
    for layer in range(1, c["layers"] + 1):
        key = f"grad_norm_layer{layer}"
        a, b = (at["losses"][k]["curves"][key]["mean"][0] for k in (ref, other))
        print(f"{at['init_scale']:g} | {layer} | {a:.3g} | {b:.3g} | {a / b:.3g}")
worst = c["arms"]["start"][-1]
for k in (ref, other):
    s = worst["losses"][k]
    print(f"initial scale {worst['init_scale']:g}, {k} tuned (lr {s['lr']:g}): final test accuracy "
          f"{s['final'][c['target_metric']]['mean']:.3f}, training loss {s['curves']['train_loss']['mean'][-1]:.3g}")
PY
done

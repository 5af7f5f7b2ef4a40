#!/usr/bin/env bash
# The export tests' fixture: splits the bundled digits into train and test files (every fourth row
# is a test row), trains three models on them and writes `tapegrad predict`'s probabilities for
# the test rows of each. The binary and multi-label files replace the digit by 0/1 columns, odd and
# big (5 to 9):
#   digits    multiclass, 64 -> 32 -> 10, relu, softmax, standardised      run/         test.csv
#   odd       binary, 64 -> 8 -> 1, leaky_relu, one sigmoid, raw inputs    run-odd/     test-odd.csv
#   odd_big   multilabel, 64 -> 2, no hidden layer, sigmoids               run-odd_big/ test-odd_big.csv
# each with its predict.csv (predict-odd.csv, ...) and its config.json (config-odd.json, ...).
#   usage: train_digits.sh path/to/tapegrad path/to/source-dir WORK_DIR
set -euo pipefail
bin=$1
src=$2
work=$3
rm -rf "$work" && mkdir -p "$work"
awk -F, -v OFS=, -v w="$work" '
  { part = (NR == 1) ? "both" : (NR % 4 == 0) ? "test" : "train"; label = $NF; NF-- }
  NR == 1 { odd = "odd"; big = "big" }
  NR > 1 { odd = label % 2; big = (label >= 5) }
  { for (p in parts) delete parts[p]
    if (part != "test") parts["train"]; if (part != "train") parts["test"]
    for (p in parts) {
      print $0, label > (w "/" p ".csv"); print $0, odd > (w "/" p "-odd.csv"); print $0, odd, big > (w "/" p "-odd_big.csv") } }
' "$src/data/bundled/digits.csv"

# config NAME TASK LABELS MODEL LOSS STANDARDIZE SUFFIX: writes config-NAME.json for train-SUFFIX.csv
config() {
  cat >"$work/config-$1.json" <<JSON
{
  "task": "$2",
  "data": { "train": "$work/train$7.csv", "test": "$work/test$7.csv", "labels": $3, "standardize": $6 },
  "model": $4,
  "loss": { "name": "$5" },
  "optimizer": { "name": "sgd", "lr": 0.05, "momentum": 0.9 },
  "epochs": 8, "batch_size": 32, "seed": 0
}
JSON
}
config digits multiclass '["digit"]' '{ "hidden": [32], "activation": "relu" }' softmax_cross_entropy true ""
config odd binary '["odd"]' '{ "hidden": [8], "activation": "leaky_relu" }' sigmoid_binary_cross_entropy false -odd
config odd_big multilabel '["odd", "big"]' '{ "hidden": [] }' sigmoid_binary_cross_entropy true -odd_big
cp "$work/config-digits.json" "$work/config.json"

for name in digits odd odd_big; do
  suffix=$([ $name = digits ] || echo "-$name")
  "$bin" train --config "$work/config-$name.json" --out "$work/run$suffix" --quiet >/dev/null
  "$bin" predict --model "$work/run$suffix/model.ckpt" --data "$work/test$suffix.csv" --out "$work/predict$suffix.csv"
  echo "trained $work/run$suffix/model.ckpt; test probabilities in $work/predict$suffix.csv"
done

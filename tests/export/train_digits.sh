#!/usr/bin/env bash
# The export tests' fixture: splits the bundled digits into train.csv and test.csv (every fourth row
# is a test row), trains a 64 -> 32 -> 10 MLP on them and writes `tapegrad predict`'s probabilities
# for the test rows.   usage: train_digits.sh path/to/tapegrad path/to/source-dir WORK_DIR
set -euo pipefail
bin=$1
src=$2
work=$3
rm -rf "$work" && mkdir -p "$work"
awk -v train="$work/train.csv" -v test="$work/test.csv" \
  'NR == 1 { print > train; print > test; next } { print > ((NR % 4 == 0) ? test : train) }' "$src/data/bundled/digits.csv"
cat >"$work/config.json" <<JSON
{
  "task": "multiclass",
  "data": { "train": "$work/train.csv", "test": "$work/test.csv", "labels": ["digit"], "standardize": true },
  "model": { "hidden": [32], "activation": "relu" },
  "loss": { "name": "softmax_cross_entropy" },
  "optimizer": { "name": "sgd", "lr": 0.05, "momentum": 0.9 },
  "epochs": 8, "batch_size": 32, "seed": 0
}
JSON
"$bin" train --config "$work/config.json" --out "$work/run" --quiet
"$bin" predict --model "$work/run/model.ckpt" --data "$work/test.csv" --out "$work/predict.csv"
echo "trained $work/run/model.ckpt; probabilities of $(($(wc -l <"$work/test.csv") - 1)) test rows in $work/predict.csv"

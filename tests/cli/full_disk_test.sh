#!/usr/bin/env bash
# A full disk, simulated with a file-size limit (ulimit -f): every command that writes files stops
# with one line naming the file and the reason ("File too large"), exits 1, leaves no partial or
# temporary file, and leaves the older outputs byte for byte as they were.
#   usage: full_disk_test.sh path/to/tapegrad
set -uo pipefail
bin=$(realpath "$1")
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
cd "$work" || exit 1

# limited KB NAME ARGS...: runs tapegrad ARGS with files limited to KB kilobytes. stderr goes
# through a pipe (a file would be cut short by the same limit) into NAME.stderr.
limited() {
  local kb=$1 name=$2
  shift 2
  (ulimit -f "$kb" && exec "$bin" "$@") 2>&1 >"$name.stdout" | cat >"$name.stderr"
  return "${PIPESTATUS[0]}"
}

# expect_full NAME EXPECTED-FILE STATUS: the run `limited` called NAME ended with exit status 1, one line on stderr of the form
# `tapegrad <command>: <EXPECTED-FILE>...: File too large...`, and no temporary file anywhere.
expect_full() {
  local name=$1 file=$2 status=$3
  if [ "$status" -ne 1 ]; then fail "$name: exit status $status: $(cat "$name.stderr")"; return; fi
  if [ "$(wc -l <"$name.stderr")" -ne 1 ]; then fail "$name: not one line on stderr: $(cat "$name.stderr")"; return; fi
  grep -qE "^tapegrad [a-z-]+: $file: .*File too large" "$name.stderr" || { fail "$name: $(cat "$name.stderr")"; return; }
  [ -z "$(find . -name '*.tmp')" ] || { fail "$name: left $(find . -name '*.tmp')"; return; }
  ok
}

# same_tree A B: the two directories hold the same files with the same bytes.
same_tree() { diff -r "$1" "$2" >/dev/null; }

# model.ckpt: 22 KB; last.ckpt after every epoch (not by time), so the first one fails in epoch 1
echo '{"data": {"dataset": "digits"}, "model": {"hidden": [32]}, "optimizer": {"name": "sgd", "lr": 0.1},
 "epochs": 2, "batch_size": 64, "seed": 1, "checkpoint_every": 1}' >digits.json

# --- train: over an older run, into a fresh directory, and when not even the probe file fits --------
"$bin" train --config digits.json --out run --quiet >/dev/null 2>&1 || fail "the older run"
cp -r run run.before
limited 8 over train --config digits.json --set seed=2 --out run --overwrite --quiet
expect_full over '\.run\.run-[0-9a-f]*/last\.ckpt' $?
grep -q "run/ still holds the earlier run" over.stderr && same_tree run run.before && ok || fail "train --overwrite touched the older run"
rm -rf .run.run-*
limited 8 fresh train --config digits.json --out fresh --quiet
expect_full fresh 'fresh/last\.ckpt' $?
grep -q "no checkpoint yet; start again with --overwrite" fresh.stderr && [ ! -e fresh/last.ckpt ] && [ ! -e fresh/metrics.json ] &&
  ok || fail "a fresh run that could write no checkpoint: $(cat fresh.stderr)"
limited 0 probe train --config digits.json --out probe --quiet
[ $? -eq 1 ] && grep -qx "tapegrad train: probe: cannot write into the output directory (File too large)" probe.stderr &&
  [ -z "$(ls -A probe 2>/dev/null)" ] && ok || fail "the write probe: $(cat probe.stderr); $(ls -A probe 2>&1)"

# --- export-data: the three files are replaced together or not at all -----------------------------
"$bin" export-data --config digits.json --out export >/dev/null || fail "export-data"
cp -r export export.before
limited 500 export_data export-data --config digits.json --set seed=2 --out export   # train.csv: 1 MB
expect_full export_data 'export/train\.csv' $?
same_tree export export.before && ok || fail "export-data changed the older export"
limited 600 export_data2 export-data --config digits.json --set seed=2 --out export --set data.test_fraction=0.9  # train.csv 140 KB fits
expect_full export_data2 'export/test\.csv' $?
same_tree export export.before && ok || fail "export-data replaced some of the older export's files"

# --- predict: to a file (the older one stays), and to stdout (a file the shell opened) --------------
"$bin" predict --model run/model.ckpt --out predictions.csv || fail "predict"
cp predictions.csv predictions.before
limited 16 predict predict --model run/model.ckpt --out predictions.csv   # 47 KB
expect_full predict 'predictions\.csv' $?
cmp -s predictions.csv predictions.before && ok || fail "predict changed the older predictions.csv"
limited 16 predict_stdout predict --model run/model.ckpt
[ $? -eq 1 ] && grep -qx "tapegrad predict: stdout: could not write the output (File too large); check the disk or the pipe it goes to" \
  predict_stdout.stderr && ok || fail "predict to a full stdout: $(cat predict_stdout.stderr)"

# --- export: safetensors, pytorch (safetensors + model.py), onnx ------------------------------------
for format in safetensors pytorch onnx; do
  file=model-$format.bin
  echo "older $format" >"$file"
  limited 4 "export_$format" export --model run/model.ckpt --format "$format" --out "$file"
  expect_full "export_$format" "model-$format\\.bin" $?
  [ "$(cat "$file")" = "older $format" ] && [ ! -e model.py ] && ok || fail "export --format $format changed the older file"
done

# --- compare: compare.json, the first file it writes, cannot be written: the older one stays ---------
echo '{"data": {"generator": "blobs", "n": 150, "classes": 3}, "model": {"hidden": [4]}, "epochs": 2,
 "batch_size": 16, "lab": {"lr_grid": [0.2, 2], "init_scales": [1]}}' >lab.json
"$bin" compare --config lab.json --seeds 1 --out lab --quiet >/dev/null 2>&1 || fail "compare"
cp -r lab lab.before
limited 4 compare compare --config lab.json --seeds 1 --out lab --quiet --set seed=5
expect_full compare 'lab/compare\.json' $?
same_tree lab lab.before && ok || fail "compare changed the older outputs"

finish "full disk"

#!/usr/bin/env bash
# End-to-end tests of the real tapegrad binary: a config trained end to end, eval reproducing the
# final metrics, and every kind of bad input exiting non-zero with one clear line on stderr and
# no output files.   usage: cli_test.sh path/to/tapegrad path/to/source-dir
set -uo pipefail
bin=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }

# field NAME JSON: the number after "NAME": in a one-line JSON object.
field() { sed -n "s/.*\"$1\":\([-0-9.eE+]*\).*/\1/p" <<<"$2"; }

# expect_error NAME EXPECTED-TEXT ARGS...: exits non-zero, prints exactly one line on stderr that
# contains EXPECTED-TEXT, and leaves no metrics.json or model.ckpt in $work/out-NAME.
expect_error() {
  local name=$1 expected=$2
  shift 2
  local out="${OUT:-$work/out-$name}"
  "$bin" "$@" --out "$out" >"$work/$name.stdout" 2>"$work/$name.stderr"
  local status=$?
  local lines
  lines=$(wc -l <"$work/$name.stderr")
  if [ $status -eq 0 ]; then fail "$name: exit status 0"; return; fi
  if [ "$lines" -ne 1 ]; then fail "$name: $lines lines on stderr:"; cat "$work/$name.stderr" >&2; return; fi
  if ! grep -qF -- "$expected" "$work/$name.stderr"; then
    fail "$name: stderr lacks '$expected': $(cat "$work/$name.stderr")"; return
  fi
  # KEEP=1: the directory already held a run, which must stay as it was (checked by the caller).
  if [ -z "${KEEP:-}" ] && { [ -e "$out/metrics.json" ] || [ -e "$out/model.ckpt" ]; }; then fail "$name: left output files"; return; fi
  ok
}

# --- A bundled dataset end to end, then eval reproduces the final metrics -----------------------
final=$("$bin" train --config "$src/examples/configs/iris.json" --set epochs=30 --out "$work/iris" 2>"$work/iris.log")
if [ $? -eq 0 ] && [ -s "$work/iris/metrics.json" ] && [ -s "$work/iris/model.ckpt" ]; then ok; else fail "iris train"; fi
grep -q '"test_accuracy"' "$work/iris/metrics.json" && ok || fail "metrics.json lacks test_accuracy"
[ "$(grep -c '"epoch"' "$work/iris/metrics.json")" -eq 30 ] && ok || fail "metrics.json should hold 30 epochs"
grep -q '^epoch 30/30 ' "$work/iris.log" && ok || fail "plain progress lines on a non-terminal stderr"
evaluated=$("$bin" eval --model "$work/iris/model.ckpt")
[ "$(field test_accuracy "$final")" = "$(field test_accuracy "$evaluated")" ] && ok || fail "eval accuracy: $final vs $evaluated"
[ "$(field test_loss "$final")" = "$(field test_loss "$evaluated")" ] && ok || fail "eval loss: $final vs $evaluated"
awk -v a="$(field test_accuracy "$final")" 'BEGIN { exit !(a >= 0.9) }' && ok || fail "iris accuracy $final"

# --- Your own CSV files: class names, a test file, eval on that file ------------------------------
{
  echo "x1,x2,species"
  for i in $(seq 0 59); do
    awk -v i="$i" 'BEGIN { s = (i % 2 ? 1 : -1); printf "%.3f,%.3f,%s\n", s * (1 + (i % 7) / 10), (i % 5) / 10, (s > 0 ? "right" : "left") }'
  done
} >"$work/train.csv"
head -1 "$work/train.csv" >"$work/test.csv"
sed -n '2,21p' "$work/train.csv" >>"$work/test.csv"
cat >"$work/csv.json" <<JSON
{"task": "multiclass", "data": {"train": "$work/train.csv", "test": "$work/test.csv", "labels": ["species"]},
 "model": {"hidden": []}, "optimizer": {"name": "sgd", "lr": 0.5}, "epochs": 20, "batch_size": 8, "seed": 1}
JSON
final=$("$bin" train --config "$work/csv.json" --out "$work/csv" 2>/dev/null)
awk -v a="$(field test_accuracy "$final")" 'BEGIN { exit !(a == 1) }' && ok || fail "csv run should separate the two classes: $final"
evaluated=$("$bin" eval --model "$work/csv/model.ckpt" --data "$work/test.csv")
[ "$(field test_loss "$final")" = "$(field test_loss "$evaluated")" ] && ok || fail "eval --data: $final vs $evaluated"
"$bin" predict --model "$work/csv/model.ckpt" --data "$work/test.csv" --out "$work/probs.csv" &&
  [ "$(head -1 "$work/probs.csv")" = "p_left,p_right" ] && [ "$(wc -l <"$work/probs.csv")" -eq 21 ] && ok || fail "predict"

# --- Bad input: one clear line, non-zero exit, nothing written ------------------------------------
cfg() { printf '%s\n' "$2" >"$work/$1.json"; echo "$work/$1.json"; }
good_data="\"data\": {\"train\": \"$work/train.csv\", \"labels\": [\"species\"]}"

expect_error missing_config "nope.json: no such file" train --config "$work/nope.json"
expect_error bad_json "bad_json.json:2:13: syntax error" train --config "$(cfg bad_json '{"task": "multiclass",
  "epochs": }')"
expect_error unknown_key "model.hiden: unknown key" train --config "$(cfg unknown_key "{$good_data, \"model\": {\"hiden\": [4]}}")"
expect_error wrong_type "optimizer.lr: expected a number, got \"fast\"" \
  train --config "$(cfg wrong_type "{$good_data, \"optimizer\": {\"name\": \"sgd\", \"lr\": \"fast\"}}")"
expect_error unknown_loss "no_such_loss" train --config "$(cfg unknown_loss "{$good_data, \"loss\": {\"name\": \"no_such_loss\"}}")"
expect_error missing_csv "missing.csv" train --config "$(cfg missing_csv '{"data": {"train": "missing.csv", "labels": ["y"]}}')"
printf 'x1,x2,species\n1,2,left\n3,abc,right\n' >"$work/malformed.csv"
expect_error malformed_csv "malformed.csv:3:2: \"abc\" is not a number (column \"x2\")" \
  train --config "$(cfg malformed "{\"data\": {\"train\": \"$work/malformed.csv\", \"labels\": [\"species\"]}}")"
printf 'x1,x2,species\n1,2,left\n3,4,middle\n' >"$work/unseen.csv"
expect_error label_out_of_range "middle" \
  train --config "$(cfg unseen "{\"data\": {\"train\": \"$work/train.csv\", \"test\": \"$work/unseen.csv\", \"labels\": [\"species\"]}}")"
expect_error set_override "epochs: expected a whole number" train --config "$src/examples/configs/iris.json" --set epochs=many
touch "$work/a_file"
OUT="$work/a_file/sub" expect_error unwritable_out "cannot create the output directory" \
  train --config "$src/examples/configs/iris.json" --set epochs=1

expect_error usage "--resume continues a run with the config it started with" train --resume "$work/iris" --config x.json
"$bin" train --no-such-flag >/dev/null 2>"$work/usage.stderr"
[ $? -eq 1 ] && [ "$(wc -l <"$work/usage.stderr")" -eq 1 ] && ok || fail "a usage error exits 1 with one line: $(cat "$work/usage.stderr")"
"$bin" --version | grep -q '^tapegrad [0-9]' && ok || fail "--version"

# --- Run directories: never a mix of two runs ------------------------------------------------------
# A failed config must not disturb the previous results in the same directory.
before=$(cksum <"$work/iris/model.ckpt")
"$bin" train --config "$(cfg bad_lr '{"data": {"dataset": "iris"}, "optimizer": {"name": "sgd", "lr": -1}}')" \
  --out "$work/iris" >/dev/null 2>&1 && fail "negative lr accepted" || ok
[ "$before" = "$(cksum <"$work/iris/model.ckpt")" ] && ok || fail "a failed run changed the previous model.ckpt"
# Another run into a directory that holds one is refused, unless it overwrites.
KEEP=1 OUT="$work/iris" expect_error occupied "holds another run's files" train --config "$src/examples/configs/iris.json" --set epochs=2
"$bin" train --config "$src/examples/configs/iris.json" --set epochs=3 --out "$work/iris" --overwrite >/dev/null 2>&1 &&
  [ "$(grep -c '"epoch"' "$work/iris/metrics.jsonl")" -eq 3 ] && [ -z "$(ls -A "$work" | grep '^\.iris\.run-')" ] && ok ||
  fail "--overwrite replaces the run and leaves no staging directory"
ids=$(grep -ho '"run_id": *"[0-9a-f]*"' "$work/iris"/metrics.json "$work/iris"/run.json "$work/iris"/metrics.jsonl | sed 's/.*"\([0-9a-f]*\)"$/\1/' | sort -u)
[ "$(echo "$ids" | wc -l)" -eq 1 ] && grep -q "$ids" <(strings "$work/iris/model.ckpt") && ok || fail "every file names the same run id: $ids"
# An overwriting run that fails (the loss becomes NaN) leaves the older run whole and says where its own files are.
before=$(cksum <"$work/iris/model.ckpt")
"$bin" train --config "$src/examples/configs/iris.json" --set optimizer.lr=1e38 --out "$work/iris" --overwrite \
  >/dev/null 2>"$work/nan.stderr" && fail "a NaN run succeeded"
[ "$before" = "$(cksum <"$work/iris/model.ckpt")" ] && [ "$(grep -c '"epoch"' "$work/iris/metrics.jsonl")" -eq 3 ] &&
  grep -q "still holds the earlier run; this run's files are in" "$work/nan.stderr" && ok ||
  fail "a failed overwrite touched the older run: $(cat "$work/nan.stderr")"

# --- Resume: 10 epochs straight, or killed (SIGKILL) after 4 and resumed: the same bytes ------------
resume_cfg=$(cfg resume '{"task": "multiclass", "data": {"dataset": "digits"}, "model": {"hidden": [1024, 1024]},
  "optimizer": {"name": "adam", "lr": 0.0005}, "epochs": 10, "batch_size": 32, "seed": 2}')
"$bin" train --config "$resume_cfg" --out "$work/straight" >/dev/null 2>&1 || fail "straight run"
"$bin" train --config "$resume_cfg" --out "$work/killed" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 3000); do
  [ -f "$work/killed/metrics.jsonl" ] && [ "$(wc -l <"$work/killed/metrics.jsonl")" -ge 4 ] && break
  sleep 0.01
done
if kill -9 "$pid" 2>/dev/null; then
  wait "$pid" 2>/dev/null
  [ ! -e "$work/killed/metrics.json" ] && ok || fail "a killed run left metrics.json"
  "$bin" train --resume "$work/killed" >/dev/null 2>"$work/resume.stderr" || fail "resume: $(cat "$work/resume.stderr")"
  cmp -s "$work/straight/model.ckpt" "$work/killed/model.ckpt" && ok || fail "resumed model.ckpt differs from the straight run's"
  cmp -s "$work/straight/metrics.jsonl" "$work/killed/metrics.jsonl" && ok || fail "resumed metrics.jsonl differs"
  KEEP=1 OUT="$work/killed" expect_error resume_done "the run is complete" train --resume "$work/killed"
else
  fail "the run finished before it could be killed; make resume_cfg slower"
fi

# --- Clipping and early stopping from the config ----------------------------------------------------
"$bin" train --config "$src/examples/configs/iris.json" --set clip.max_norm=0.5 --set optimizer.lr=1.0 --out "$work/clip" \
  >/dev/null 2>&1 || fail "clip run"
awk -F'"grad_norm_clipped_max":' '{ split($2, a, /[,}]/); if (a[1] + 0 > 0.5 + 1e-9) bad = 1 } END { exit bad }' \
  "$work/clip/metrics.jsonl" && grep -q '"grad_norm_max":[1-9]' "$work/clip/metrics.jsonl" && ok ||
  fail "clipped norms exceed max_norm 0.5, or the raw norm never did"
"$bin" train --config "$src/examples/configs/iris.json" --set data.validation_fraction=0.3 --set early_stopping.patience=3 \
  --set optimizer.lr=2.0 --set epochs=200 --out "$work/early" >/dev/null 2>&1 || fail "early stopping run"
best=$(sed -n 's/.*"best_epoch": *\([0-9]*\).*/\1/p' "$work/early/metrics.json")
last=$(tail -1 "$work/early/metrics.jsonl" | sed 's/.*"epoch":\([0-9]*\).*/\1/')
[ -n "$best" ] && [ "$last" -eq $((best + 3)) ] && [ -s "$work/early/best.ckpt" ] && ok || fail "early stopping: best $best, last $last"
scored=$("$bin" eval --model "$work/early/best.ckpt" --split validation)
recorded=$(grep "\"epoch\":$best," "$work/early/metrics.jsonl")
[ "$(field val_loss "$recorded")" = "$(field test_loss "$scored")" ] && ok || fail "best.ckpt scores $scored, metrics.jsonl says $recorded"

# --- The lab: the same command twice gives byte-identical compare.json --------------------------
lab_cfg=$(cfg lab '{"task": "multiclass", "data": {"generator": "blobs", "n": 150, "classes": 3},
  "model": {"hidden": [4]}, "optimizer": {"name": "sgd", "lr": 0.2}, "epochs": 4, "batch_size": 16, "seed": 3,
  "lab": {"lr_grid": [0.2, 2], "init_scales": [1, 4]}}')
for run in 1 2; do
  "$bin" compare --config "$lab_cfg" --losses softmax_cross_entropy,mse_softmax --seeds 2 --out "$work/lab$run" \
    >"$work/lab$run.stdout" 2>/dev/null || fail "compare run $run"
done
cmp -s "$work/lab1/compare.json" "$work/lab2/compare.json" && ok || fail "compare.json differs between two identical runs"
[ "$(cat "$work/lab1.stdout")" = "$work/lab1/report.html" ] && ok || fail "compare prints the report path"
for f in compare.csv timings.json report.html; do [ -s "$work/lab1/$f" ] && ok || fail "compare wrote no $f"; done
# 2 losses x 2 seeds x (configured + scale-matched + 2 rates x 2 initial scales) runs, epochs 0..4
[ "$(wc -l <"$work/lab1/compare.csv")" -eq $((1 + 2 * 2 * 6 * 5)) ] && ok || fail "compare.csv: one row per run and epoch 0..4"
for k in 1 2; do
  "$bin" compare --config "$lab_cfg" --seeds 2 --shard "$k/2" --jobs 1 --out "$work/shard$k" >/dev/null 2>&1 || fail "compare --shard $k/2"
done
"$bin" compare --merge "$work/shard1" "$work/shard2" --out "$work/merged" >/dev/null 2>&1 || fail "compare --merge"
cmp -s "$work/lab1/compare.json" "$work/merged/compare.json" && ok || fail "merged shards differ from one run's compare.json"

# --- tape: one step's tape as text, JSON and DOT -------------------------------------------------
"$bin" tape --config "$lab_cfg" --batch 2 >"$work/tape.txt" && grep -q "softmax_cross_entropy" "$work/tape.txt" &&
  grep -q "param 0.weight" "$work/tape.txt" && ok || fail "tape text"
"$bin" tape --config "$lab_cfg" --format json >"$work/tape.json" && grep -q '"op": *"matmul"' "$work/tape.json" && ok ||
  fail "tape json: $(head -c 300 "$work/tape.json")"
"$bin" tape --config "$lab_cfg" --format dot >"$work/tape.dot" && head -1 "$work/tape.dot" | grep -q "^digraph" &&
  [ "$(grep -c -- '->' "$work/tape.dot")" -ge 8 ] && ok || fail "tape dot"
"$bin" tape --config "$lab_cfg" --format svg >"$work/tape.svg" && head -1 "$work/tape.svg" | grep -q "^<svg " &&
  [ "$(grep -c '<g class="node ' "$work/tape.svg")" -eq "$(grep -c '"op":' "$work/tape.json")" ] && ok || fail "tape svg"
"$bin" tape --config "$lab_cfg" --batch 2 --explain >"$work/explain.txt" && grep -q "labels y = " "$work/explain.txt" &&
  grep -q "check  (p - y) / m is the gradient on the tape" "$work/explain.txt" &&
  [ "$(awk 'length > 100' "$work/explain.txt" | wc -l)" -eq 0 ] && ok || fail "tape --explain: $(head -c 600 "$work/explain.txt")"

# --- anomaly mode: a run that overflows stops at the op that produced the first infinity ---------
"$bin" train --config "$lab_cfg" --set optimizer.lr=1e38 --set epochs=3 --anomaly --out "$work/anomaly" \
  >/dev/null 2>"$work/anomaly.stderr"
status=$?
[ $status -ne 0 ] && grep -q "anomaly: " "$work/anomaly.stderr" && ok || fail "anomaly: $(cat "$work/anomaly.stderr")"

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

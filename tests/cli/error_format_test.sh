#!/usr/bin/env bash
# One error style everywhere (docs/cli.md): bad input gives exit code 1 and exactly one line on
# stderr, `tapegrad <command>: <file or key path>: <what is wrong>; <hint>`. One case per class of
# message, each checked as the whole line, word for word.
#   usage: error_format_test.sh path/to/tapegrad path/to/source-dir
set -uo pipefail
bin=$(realpath "$1")
src=$(realpath "$2")
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
cd "$work" || exit 1

# expect_line EXPECTED ARGS...: `tapegrad ARGS` exits 1, prints nothing on stdout and exactly the
# line EXPECTED on stderr (a * in EXPECTED stands for any text; such a line is matched as a bash pattern).
expect_line() {
  local expected=$1
  shift
  "$bin" "$@" >out.txt 2>err.txt
  local status=$?
  if [ $status -ne 1 ]; then fail "$*: exit status $status, not 1: $(cat err.txt)"; return; fi
  if [ -s out.txt ]; then fail "$*: printed on stdout: $(head -c 200 out.txt)"; return; fi
  local got matches=yes
  got=$(cat err.txt)
  if [[ $expected == *"*"* ]]; then
    # shellcheck disable=SC2053  # matched as a pattern: the * stands for any text
    [[ $got == $expected ]] || matches=no
  else
    [ "$got" = "$expected" ] || matches=no
  fi
  if [ "$(wc -l <err.txt)" -ne 1 ] || [ $matches = no ]; then
    fail "$*:"$'\n'"  expected: $expected"$'\n'"  got:      $(cat err.txt)"
    return
  fi
  ok
}

# --- usage errors: the option, what is wrong, where the help is ------------------------------------
expect_line "tapegrad train: --bogus: not an option of this command; see tapegrad train --help" train --bogus
expect_line "tapegrad eval: --model: required; see tapegrad eval --help" eval
expect_line "tapegrad train: --config: needs a value; see tapegrad train --help" train --config
expect_line "tapegrad: a command is required (train, eval, predict, ...); see tapegrad --help"
expect_line "tapegrad train: --config: required: --config run.json, or --data file.csv --label column (or --resume DIR); see tapegrad train --help" train
expect_line "tapegrad train: --resume: continues a run with the config it started with; leave out --config and --set; see tapegrad train --help" \
  train --resume run --config run.json

# (the list of known losses grows with the registry, so only its start is fixed here)
expect_line "tapegrad compare: --losses: unknown loss \"nope\" (known losses: softmax_cross_entropy, *); see tapegrad compare --help" \
  compare --config "$src/examples/configs/iris.json" --losses softmax_cross_entropy,nope --out lab

# --- config key errors: the file, the key path ----------------------------------------------------
echo '{"data": {"dataset": "iris"}, "optimizer": {"name": "sgd", "lr": -0.1}}' >lr.json
expect_line "tapegrad train: lr.json: optimizer.lr: must be >= 0, got -0.1" train --config lr.json
echo '{"data": {"generator": "blobs", "noise": 0.1}}' >generator.json
expect_line "tapegrad export-data: generator.json: data.noise: unknown key (known here: box, classes, features, n, seed, spread)" \
  export-data --config generator.json
echo '{"data": {"dataset": "iris"}, "epochs": 5, "epochs": 6}' >twice.json
expect_line "tapegrad train: twice.json: epochs: duplicate key (each key may appear once per object)" train --config twice.json

# --- CSV errors: file:line:col -------------------------------------------------------------------
printf 'x1,x2,y\n1,2,a\n3,abc,b\n' >bad.csv
echo '{"data": {"train": "bad.csv", "labels": "y"}}' >csv.json
expect_line "tapegrad train: $work/bad.csv:3:2: \"abc\" is not a number (column \"x2\"); if the column holds categories, name it in data.categorical (or set that to \"auto\")" \
  train --config csv.json

# --- checkpoint errors: the file, the check that failed -------------------------------------------
printf 'TGCKPTxx' >bad.ckpt
expect_line 'tapegrad eval: bad.ckpt: not a tapegrad checkpoint: the file does not start with the magic number "TGCKPT\r\n"' \
  eval --model bad.ckpt
expect_line "tapegrad predict: nope.ckpt: cannot open the checkpoint: No such file or directory" predict --model nope.ckpt

# --- I/O errors: the file or directory, the system's reason ---------------------------------------
touch a_file
echo '{"data": {"generator": "blobs", "n": 60}}' >blobs.json
expect_line "tapegrad export-data: a_file/sub: cannot create the output directory (Not a directory)" \
  export-data --config blobs.json --out a_file/sub
expect_line "tapegrad train: \"\": the output directory name is empty" train --config blobs.json --out ""

# --- numeric errors: where the inf or NaN is, and the likely cause --------------------------------
echo '{"data": {"generator": "blobs", "n": 60, "box": 3e38, "spread": 3e38, "standardize": false}}' >overflow.json
expect_line "tapegrad export-data: ex/train.csv: row 1, column \"x1\": the feature is -inf; nothing was written (check the data or its generator's options)" \
  export-data --config overflow.json --out ex
[ ! -e ex ] && ok || fail "export-data of inf features left $(ls -A ex)"
printf 'a,b,y\n0,1,0\n1,2,1\n0,3,0\n1,4,1\n0,1,0\n1,2,1\n0,3,0\n1,4,1\n' >small.csv
echo '{"data": {"train": "small.csv", "labels": "y"}, "epochs": 3}' >small.json
"$bin" train --config small.json --out small --quiet >/dev/null || fail "small run"
printf 'a,b,y\n1e38,1,0\n1,-3e38,1\n' >extreme.csv
expect_line "tapegrad eval: extreme.csv: example 1: the model's output is inf; its features lie far outside the range the model was trained on" \
  eval --model small/model.ckpt --data extreme.csv
# Outputs that are finite but so far apart that the loss overflows: test_loss inf is refused, not printed.
printf 'a,b,y\n8e37,1,0\n' >far.csv
expect_line "tapegrad eval: far.csv: test_loss is inf; the examples' features lie so far outside the range the model was trained on that the loss overflows" \
  eval --model small/model.ckpt --data far.csv
expect_line "tapegrad predict: extreme.csv: example 1: the model's output is inf; its features lie far outside the range the model was trained on" \
  predict --model small/model.ckpt --data extreme.csv
expect_line "tapegrad train: epoch 1: softmax_cross_entropy: logits(1,0) is inf: logits must be numbers (or -inf, to rule a class out); lower the learning rate (optimizer.lr), set \"clip\": {\"max_norm\": 1.0}, or run with --anomaly to find the op; its files so far are in nan/ (no checkpoint yet; start again with --overwrite)" \
  train --config "$src/examples/configs/iris.json" --set optimizer.lr=1e38 --out nan --quiet

finish "error format"

#!/usr/bin/env bash
# SIGKILL at every point of a training run's file writes, then a look at the run directory: it is
# always one consistent run (every file names one run id), either the older complete run it
# replaces or the new one (complete, or a prefix of it that `--resume` finishes), `eval` loads it,
# and finishing the run leaves it byte for byte as an uninterrupted run and no stray files.
# The kill points are exact: strace stops the program at the N-th write, rename, renameat2,
# unlinkat or rmdir system call and sends it SIGKILL there, for N = 1, 2, ... until the run ends
# untouched. Between two of those calls nothing visible changes, so this visits every state a kill
# can leave. Then kills after increasing delays, without strace.
#   usage: kill_test.sh path/to/tapegrad
set -uo pipefail
bin=$(realpath "$1")
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
cd "$work" || exit 1

# Two epochs with a validation split: run.json, two records, last.ckpt and best.ckpt twice,
# model.ckpt, metrics.json (checkpoint_every 1: last.ckpt after every epoch, not by time). The
# older run differs in its seed, so it has another run id.
config='{"task": "multiclass", "data": {"generator": "blobs", "n": 120, "classes": 3, "validation_fraction": 0.25},
 "model": {"hidden": [4]}, "optimizer": {"name": "sgd", "lr": 0.5}, "epochs": 2, "batch_size": 16, "seed": SEED,
 "checkpoint_every": 1}'
echo "${config/SEED/3}" >new.json
echo "${config/SEED/4}" >old.json
train() { "$bin" train --quiet "$@" >/dev/null 2>>"$work/train.stderr"; }
train --config new.json --out ref || { fail "reference run: $(cat train.stderr)"; exit 1; }
train --config old.json --out old_ref || { fail "older run"; exit 1; }
ref_eval=$("$bin" eval --model ref/model.ckpt)

# run_ids DIR: the distinct run ids DIR's run files name (the checkpoints hold theirs in metadata).
run_ids() {
  { grep -aho '"run_id": *"[0-9a-f]*"' "$1"/run.json "$1"/metrics.json "$1"/metrics.jsonl "$1"/*.ckpt 2>/dev/null
    # a metrics.jsonl line without a run id would count as a second run
    [ -f "$1/metrics.jsonl" ] && grep -vc '"run_id"' "$1/metrics.jsonl" | grep -qv '^0$' && echo none
  } | sed 's/.*"\([0-9a-z]*\)"$/\1/; s/^none$/a-line-without-a-run-id/' | sort -u
}
new_id=$(run_ids ref)
old_id=$(run_ids old_ref)
[ "$(echo "$new_id" | wc -l)" -eq 1 ] && [ "$new_id" != "$old_id" ] && ok || fail "reference run ids: '$new_id' and '$old_id'"

# same_files A B NAMES...: each named file is byte-identical in A and B.
same_files() {
  local a=$1 b=$2
  shift 2
  for f in "$@"; do cmp -s "$a/$f" "$b/$f" || return 1; done
}
run_files="run.json metrics.jsonl last.ckpt best.ckpt model.ckpt metrics.json"

# check_state WHERE DIR MAY_BE_PARTIAL: DIR holds one run: the older complete one (byte for byte),
# the new complete one, or, when MAY_BE_PARTIAL, a prefix of the new one.
check_state() {
  local where=$1 dir=$2 partial=$3
  local ids
  ids=$(run_ids "$dir")
  if [ -z "$ids" ]; then
    [ "$partial" = yes ] && ok || fail "$where: $dir holds no run"
    return
  fi
  if [ "$(echo "$ids" | wc -l)" -ne 1 ]; then fail "$where: $dir mixes runs: $(echo $ids)"; return; fi
  if [ "$ids" = "$old_id" ]; then
    # shellcheck disable=SC2086
    same_files old_ref "$dir" $run_files && ok || fail "$where: the older run in $dir was changed"
    return
  fi
  [ "$ids" = "$new_id" ] || { fail "$where: unknown run id $ids"; return; }
  if [ -f "$dir/metrics.json" ]; then
    same_files ref "$dir" run.json metrics.jsonl last.ckpt best.ckpt model.ckpt &&
      [ "$("$bin" eval --model "$dir/model.ckpt" 2>&1)" = "$ref_eval" ] && ok || fail "$where: the complete run differs from the reference"
    return
  fi
  [ "$partial" = yes ] || { fail "$where: $dir holds an incomplete run where a complete one was"; return; }
  # A prefix of the new run: the same config, the first records, checkpoints that load.
  [ ! -f "$dir/run.json" ] || cmp -s ref/run.json "$dir/run.json" || { fail "$where: run.json differs"; return; }
  if [ -f "$dir/metrics.jsonl" ] && ! cmp -s "$dir/metrics.jsonl" <(head -c "$(stat -c %s "$dir/metrics.jsonl")" ref/metrics.jsonl); then
    fail "$where: metrics.jsonl is not a prefix of the reference's"
    return
  fi
  for ckpt in last best model; do
    if [ -f "$dir/$ckpt.ckpt" ] && ! "$bin" eval --model "$dir/$ckpt.ckpt" >/dev/null 2>"$work/eval.stderr"; then
      fail "$where: eval refuses $ckpt.ckpt: $(cat "$work/eval.stderr")"
      return
    fi
  done
  ok
}

# check_finished WHERE DIR: after the run was finished, DIR is the reference run and nothing else
# is left: no temporary file in it, no staging directory beside it.
check_finished() {
  local where=$1 dir=$2
  same_files ref "$dir" run.json metrics.jsonl last.ckpt best.ckpt model.ckpt &&
    [ -z "$(ls -A "$dir" | grep -v -x -e run.json -e metrics.jsonl -e last.ckpt -e best.ckpt -e model.ckpt -e metrics.json)" ] &&
    [ -z "$(ls -A . | grep "^\.$dir\.")" ] && ok ||
    fail "$where: the finished run differs from the reference or left files: $(ls -A "$dir" .)"
}

# kill_at SYSCALL N ARGS...: runs `tapegrad train ARGS` and kills it at its N-th SYSCALL; returns 0
# when it was killed, 1 when the run ended before.
kill_at() {
  local call=$1 n=$2
  shift 2
  strace -f -qq -o /dev/null -e trace="$call" -e inject="$call":signal=KILL:when="$n" "$bin" train --quiet "$@" >/dev/null 2>&1
  [ $? -eq 137 ]
}

if command -v strace >/dev/null && strace -qq -o /dev/null true 2>/dev/null; then
  kills=0
  # A fresh directory: a kill leaves nothing, or a prefix of the run; --resume finishes it (or, with
  # no last.ckpt yet, --overwrite starts it again). Every write: the records, and each file's
  # temporary copy (a kill at the next write sees the rename before it done).
  for call in write; do
    for n in $(seq 1 100); do
      rm -rf fresh .fresh.*
      kill_at "$call" "$n" --config new.json --out fresh || break
      kills=$((kills + 1))
      check_state "fresh, killed at $call $n" fresh yes
      if [ -f fresh/metrics.json ]; then true  # complete: killed while printing the result
      elif [ -f fresh/last.ckpt ]; then train --resume fresh
      else train --config new.json --out fresh --overwrite; fi ||
        fail "fresh, killed at $call $n: finishing the run: $(tail -1 train.stderr)"
      check_finished "fresh, killed at $call $n" fresh
    done
  done
  # --overwrite over an older complete run: the directory holds the older run until the new one is
  # swapped in whole; running the overwrite again finishes it.
  for call in rename renameat2 unlinkat rmdir; do
    for n in $(seq 1 100); do
      rm -rf over .over.*
      cp -r old_ref over
      kill_at "$call" "$n" --config new.json --out over --overwrite || break
      kills=$((kills + 1))
      check_state "overwrite, killed at $call $n" over no
      train --config new.json --out over --overwrite || fail "overwrite, killed at $call $n: again: $(tail -1 train.stderr)"
      check_finished "overwrite, killed at $call $n" over
    done
  done
  # Killed after the swap, before the older run was removed: it stays in the staging directory
  # until the next overwrite of that directory, whatever run that is.
  rm -rf over .over.*
  cp -r old_ref over
  kill_at unlinkat 1 --config new.json --out over --overwrite && [ -d ".over.run-$new_id" ] &&
    train --config old.json --out over --overwrite && [ -z "$(ls -A . | grep '^\.over\.')" ] &&
    same_files old_ref over run.json metrics.jsonl model.ckpt && ok ||
    fail "the older run swapped out by a killed overwrite is not removed by the next one: $(ls -A .)"
  # Resuming, killed again: the run directory stays a prefix of the run, and resuming once more finishes it.
  for call in rename; do
    for n in $(seq 1 100); do
      rm -rf resumed
      # killed at its 4th rename (best.ckpt of epoch 2): run.json, best.ckpt, one record and last.ckpt are there
      kill_at rename 4 --config new.json --out resumed && [ -f resumed/last.ckpt ] || { fail "no run to resume"; break; }
      kill_at "$call" "$n" --resume resumed || break
      kills=$((kills + 1))
      check_state "resume, killed at $call $n" resumed yes
      [ -f resumed/metrics.json ] || train --resume resumed || fail "resume, killed at $call $n: resuming again: $(tail -1 train.stderr)"
      check_finished "resume, killed at $call $n" resumed
    done
  done
  echo "kill points visited with strace: $kills"
  [ "$kills" -ge 25 ] && ok || fail "only $kills kill points: the run writes fewer files than this test expects"
else
  echo "skipped: the exact kill points need strace (package strace)"
fi

# Kills after increasing delays, without strace: wherever they land, the same holds.
for delay in 0 0.02 0.04 0.06 0.1; do
  rm -rf over .over.*
  cp -r old_ref over
  "$bin" train --quiet --config new.json --out over --overwrite >/dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  check_state "overwrite, killed after ${delay}s" over no
done

finish "kill"

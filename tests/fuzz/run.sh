#!/usr/bin/env bash
# Fuzz smoke test: builds the libFuzzer targets in this folder with clang++ and AddressSanitizer +
# UndefinedBehaviorSanitizer (only the library sources each target needs, into build-fuzz/), runs
# every checked-in corpus file once as a regression input, then fuzzes each target for a short
# time. Exits non-zero on any finding; skips (exit 0, with a message) when clang++ or libFuzzer
# is missing.
#   FUZZ_SECONDS   fuzzing time per target (default 45)
#   FUZZ_JOBS      parallel compiles (default: the number of cores)
#   FUZZ_BUILD_DIR where objects, binaries, the growing corpus and findings go (default build-fuzz)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
here="$root/tests/fuzz"
seconds="${FUZZ_SECONDS:-45}"
jobs="${FUZZ_JOBS:-$(nproc)}"
out="${FUZZ_BUILD_DIR:-$root/build-fuzz}"
cxx="${FUZZ_CXX:-clang++}"

if ! command -v "$cxx" >/dev/null 2>&1; then
  echo "fuzz: skipped: $cxx is not installed (apt-get install clang)"
  exit 0
fi
probe="$(mktemp -d)"
trap 'rm -rf "$probe"' EXIT
echo 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }' >"$probe/probe.cpp"
if ! "$cxx" -fsanitize=fuzzer,address,undefined "$probe/probe.cpp" -o "$probe/probe" 2>"$probe/log"; then
  echo "fuzz: skipped: $cxx cannot link libFuzzer with the sanitizers (Debian: apt-get install clang, which brings libclang-rt-dev):"
  sed 's/^/  /' "$probe/log" | head -5
  exit 0
fi

# -O1 keeps the sanitized build quick; -fno-sanitize-recover makes every UBSan report fatal.
flags=(-std=c++20 -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
       -I"$root" -I/usr/include/eigen3 -DEIGEN_NO_DEBUG)
declare -A sources=(
  [fuzz_csv]="data/csv.cpp data/table.cpp data/csv_classes.cpp data/dataset.cpp data/standardizer.cpp core/excerpt.cpp"
  [fuzz_checkpoint]="optim/checkpoint_format.cpp core/excerpt.cpp"
  [fuzz_json_config]="core/json_limits.cpp core/excerpt.cpp"
)
declare -A corpus=([fuzz_csv]=csv [fuzz_checkpoint]=checkpoint [fuzz_json_config]=json)
mkdir -p "$out/obj"

# An object is rebuilt when it is older than its source or any header its .d file lists.
up_to_date() {
  local object="$1" deps="${1%.o}.d" file
  [ -f "$object" ] && [ -f "$deps" ] || return 1
  for file in $(sed -e 's/^[^:]*://' -e 's/\\$//' "$deps"); do
    [ "$file" -nt "$object" ] && return 1
  done
  return 0
}
compile() {  # source (relative to root), object, extra flags...
  local source="$1" object="$2"
  shift 2
  up_to_date "$object" && return 0
  "$cxx" "${flags[@]}" "$@" -MMD -c "$root/$source" -o "$object"
}

build_start=$SECONDS
pids=()
wait_some() {  # keeps at most $jobs compiles running; fails if one did
  while [ "${#pids[@]}" -ge "$1" ]; do
    wait "${pids[0]}" || { echo "fuzz: a compile failed"; exit 1; }
    pids=("${pids[@]:1}")
  done
}
all_sources=$(printf '%s\n' "${sources[@]}" | tr ' ' '\n' | sort -u)
for source in $all_sources; do
  wait_some "$jobs"
  compile "$source" "$out/obj/$(echo "$source" | tr / _).o" -fsanitize=fuzzer-no-link & pids+=($!)
done
for target in "${!sources[@]}"; do
  wait_some "$jobs"
  compile "tests/fuzz/$target.cpp" "$out/obj/$target.o" -fsanitize=fuzzer-no-link & pids+=($!)
done
wait_some 1
for target in "${!sources[@]}"; do
  objects=("$out/obj/$target.o")
  for source in ${sources[$target]}; do objects+=("$out/obj/$(echo "$source" | tr / _).o"); done
  "$cxx" -fsanitize=fuzzer,address,undefined "${objects[@]}" -o "$out/$target"
done
echo "fuzz: built ${#sources[@]} targets in $((SECONDS - build_start)) s"

# Every run: at most 2 GB of memory, no single allocation of 256 MB or more (the inputs are small,
# so a large allocation means a declared size was trusted), 10 s per input.
limits=(-rss_limit_mb=2048 -malloc_limit_mb=256 -timeout=10)
status=0
for target in fuzz_csv fuzz_checkpoint fuzz_json_config; do
  seeds="$here/corpus/${corpus[$target]}"
  mkdir -p "$out/findings"
  echo "fuzz: $target: $(ls "$seeds" | wc -l) corpus files as regression inputs"
  if ! "$out/$target" "${limits[@]}" -artifact_prefix="$out/findings/$target-" "$seeds"/* >"$out/$target.regression.log" 2>&1; then
    echo "fuzz: $target: a corpus file fails; see $out/$target.regression.log"
    tail -30 "$out/$target.regression.log"
    status=1
    continue
  fi
  work="$out/corpus/${corpus[$target]}"
  mkdir -p "$work"
  echo "fuzz: $target: fuzzing for $seconds s"
  if ! "$out/$target" "${limits[@]}" -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 \
      -artifact_prefix="$out/findings/$target-" "$work" "$seeds" >"$out/$target.fuzz.log" 2>&1; then
    echo "fuzz: $target: FINDING; the input is in $out/findings/, the log in $out/$target.fuzz.log"
    tail -40 "$out/$target.fuzz.log"
    status=1
    continue
  fi
  grep -E '^stat::number_of_executed_units|^Done' "$out/$target.fuzz.log" | sed "s/^/fuzz: $target: /"
done
[ "$status" -eq 0 ] && echo "fuzz: no findings"
exit "$status"

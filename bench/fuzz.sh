#!/usr/bin/env bash
# Runs every libFuzzer harness of tests/fuzz for SECONDS each on its committed
# seed corpus (new inputs go to a scratch folder, never into the corpus), and
# prints the CPU time and executions of each. Crashing inputs are kept in
# OUT_DIR as crash-*/timeout-*/oom-*: each becomes a regression test.
# Build first: cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DKSINCE_FUZZ=ON -DKSINCE_TESTS=OFF
#              cmake --build build-fuzz --target ksince_fuzzers
# (or pass scripts/test.sh's build-test, which has the harnesses too)
# usage: bench/fuzz.sh [SECONDS] [BUILD_DIR] [OUT_DIR]
set -uo pipefail
cd "$(dirname "$0")/.."
secs=${1:-300}
build=${2:-build-fuzz}
out=${3:-$(mktemp -d /tmp/ksince-fuzz-XXXXXX)}
mkdir -p "$out"
failed=()
total_cpu=0
for corpus in tests/fuzz/corpus/*/; do
  name=$(basename "$corpus")
  bin="$build/tests/fuzz/$name"
  [ -x "$bin" ] || { echo "fuzz: $bin missing (build the ksince_fuzzers target)"; exit 2; }
  work="$out/$name-corpus"
  mkdir -p "$work"
  log="$out/$name.log"
  start=$(awk '{print $14+$15+$16+$17}' /proc/$$/stat)  # children's CPU ticks so far
  # FUZZ_SEED fixes the mutation sequence (CI sets it, so a run is repeatable).
  "$bin" -max_total_time="$secs" -timeout=20 -print_final_stats=1 ${FUZZ_SEED:+-seed=$FUZZ_SEED} \
    -artifact_prefix="$out/$name-" "$work" "$corpus" >"$log" 2>&1
  rc=$?
  end=$(awk '{print $14+$15+$16+$17}' /proc/$$/stat)
  cpu=$(( (end - start) / $(getconf CLK_TCK) ))
  total_cpu=$((total_cpu + cpu))
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  if [ $rc -ne 0 ]; then
    failed+=("$name")
    echo "fuzz: $name FAILED after ${cpu}s CPU (log $log):"
    grep -E "ERROR|SUMMARY|Test unit written" "$log" | head -5
  else
    echo "fuzz: $name ok, ${runs:-?} inputs, ${cpu}s CPU"
  fi
done
echo "fuzz: ${total_cpu}s CPU in all; artifacts and logs in $out"
[ ${#failed[@]} -eq 0 ] || { echo "fuzz: crashes in ${failed[*]}"; exit 1; }

#!/usr/bin/env bash
# One libFuzzer harness, briefly, as a test: SECONDS on its committed corpus
# (new inputs go to a scratch folder, never into the corpus), with a fixed
# seed so that a run is repeatable. A crash, timeout or leak fails the test
# and prints the input's path.
# usage: tests/fuzz/smoke.sh HARNESS CORPUS_DIR SECONDS
set -euo pipefail
bin=$1 corpus=$2 secs=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/ksince-fuzz-XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$work/artifacts"
if ! "$bin" -max_total_time="$secs" -timeout=20 -print_final_stats=1 -seed="${FUZZ_SEED:-1}" \
     -artifact_prefix="$work/artifacts/" "$work/corpus" "$corpus" >"$work/log" 2>&1; then
  grep -E "ERROR|SUMMARY|Test unit written" "$work/log" | head -20
  keep=$(mktemp -d "${TMPDIR:-/tmp}/ksince-fuzz-failed-XXXXXX")
  cp -r "$work/artifacts" "$work/log" "$keep/"
  echo "fuzz smoke: $(basename "$bin") failed; the input and log are in $keep"
  exit 1
fi
echo "fuzz smoke: $(basename "$bin") ok, $(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log") inputs"

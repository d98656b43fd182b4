#!/bin/sh
# The YAML differential tests (tests/yaml_differential_test.cc) with more
# seeds than CI runs: random strings at every place ksince writes a scalar,
# and whole feature-versions files, against go-yaml v3 itself.
# usage: bench/yaml_differential.sh [FIRST_SEED] [LAST_SEED] [STRINGS_PER_SEED] [BUILD_DIR]
set -eu
first=${1:-1}
last=${2:-20}
count=${3:-3000}
build=${4:-build}
status=0
seed=$first
while [ "$seed" -le "$last" ]; do
  out=$(KSINCE_YAML_DIFF_SEED=$seed KSINCE_YAML_DIFF_COUNT=$count \
    "$build/tests/ksince_tests" -tc='yaml differential*') || status=1
  printf '%s\n' "$out" | grep -E 'MESSAGE: ' | sed 's/^.*MESSAGE: //' || true
  seed=$((seed + 1))
done
exit $status

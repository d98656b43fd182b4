#!/bin/sh
# The regex differential test (tests/ere_differential_test.cc) with many more
# seeds than CI runs: random extended regexes over random texts, the files
# ksince's Matcher finds against `git grep -l -w -E` under LC_ALL=C.
# usage: bench/ere_differential.sh [FIRST_SEED] [LAST_SEED] [REGEXES_PER_SEED] [BUILD_DIR]
set -eu
first=${1:-1}
last=${2:-100}
count=${3:-300}
build=${4:-build}
status=0
seed=$first
while [ "$seed" -le "$last" ]; do
  out=$(GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null KSINCE_ERE_DIFF_SEED=$seed \
    KSINCE_ERE_DIFF_COUNT=$count "$build/tests/ksince_tests" -tc='ere differential*') || status=1
  printf '%s\n' "$out" | grep -E 'MESSAGE: seed' || true
  seed=$((seed + 1))
done
exit $status

#!/bin/sh
# The tag-order differential test (tests/tag_order_test.cc) with many more
# seeds than CI runs: random tag names created in a real repository, ordered
# by ksince and by `git -c versionsort.suffix=-rc tag --sort=-v:refname`.
# usage: bench/tag_order_differential.sh [SEEDS] [BUILD_DIR]
set -eu
seeds=${1:-1000}
build=${2:-build}
GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null KSINCE_TAG_ORDER_SEEDS=$seeds \
  "$build/tests/ksince_tests" -tc='tag order: random names*' -s | grep -E 'MESSAGE|ERROR|Status'

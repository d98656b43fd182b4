#!/usr/bin/env bash
# Installs what is missing, builds with AddressSanitizer and UBSan, and runs
# every test. This is what CI runs (.ci/run).
#
# One build serves the tests and the libFuzzer harnesses: clang compiles the
# library once with ASan, UBSan and libFuzzer's coverage instrumentation
# (fuzzer-no-link), the tests link it as any program does, and each harness
# runs briefly as a test (fuzz_smoke_*, FUZZ_SECONDS each; bench/fuzz.sh runs
# them longer). Line tables are all the debug information the sanitizers'
# reports need, and they cost far less to compile and link than -g.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
build=${BUILD_DIR:-build-test}
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS_DEBUG="-gline-tables-only" -DKSINCE_SANITIZE=ON -DKSINCE_FUZZ=ON \
  -DKSINCE_FUZZ_SECONDS="${FUZZ_SECONDS:-10}"
cmake --build "$build"
# Tests make real git repositories; give them an identity-free, quiet git.
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export FUZZ_SEED=${FUZZ_SEED:-1}
ctest --test-dir "$build" --output-on-failure -j "$(nproc)"

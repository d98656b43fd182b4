#!/usr/bin/env bash
# Installs what is missing, builds with AddressSanitizer and UBSan, and runs
# every test. This is what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
build=${BUILD_DIR:-build-test}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DKSINCE_SANITIZE=ON
cmake --build "$build"
# Tests make real git repositories; give them an identity-free, quiet git.
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir "$build" --output-on-failure -j "$(nproc)"

# The libFuzzer harnesses (tests/fuzz): clang, in their own build folder, each
# run for a short time on its committed seed corpus (bench/fuzz.sh runs longer).
fuzz_build=${FUZZ_BUILD_DIR:-build-fuzz}
CC=clang CXX=clang++ cmake -S . -B "$fuzz_build" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS_DEBUG="-g -O1" -DKSINCE_FUZZ=ON -DKSINCE_TESTS=OFF
cmake --build "$fuzz_build" --target ksince_fuzzers
FUZZ_SEED=${FUZZ_SEED:-1} bench/fuzz.sh "${FUZZ_SECONDS:-20}" "$fuzz_build"

#!/usr/bin/env bash
# CTest takes each doctest case by name, and CMake cuts a name at ';' (its
# list separator): such a case runs as a filter that matches nothing, and
# passes without running. No test case may have ';' in its name.
set -euo pipefail
bad=$(grep -n 'TEST_CASE("[^"]*;' "$1"/*.cc || true)
if [[ -n $bad ]]; then
  echo "test names with ';' (ctest would never run them):"
  echo "$bad"
  exit 1
fi
echo "no test name has a ';'"

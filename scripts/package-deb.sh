#!/usr/bin/env bash
# Builds ksince's .deb with CPack from a release build (no sanitizers, no
# tests) and checks that it declares its Debian dependencies.
# Usage: scripts/package-deb.sh [BUILD_DIR]   (default: build-deb)
# Then: dpkg -i BUILD_DIR/ksince_*.deb; ksince --version; dpkg -r ksince
set -euo pipefail
src="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$src/build-deb}"
cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DKSINCE_SANITIZE=OFF -DKSINCE_TESTS=OFF >/dev/null
nice cmake --build "$build" -j2 --target ksince man
(cd "$build" && cpack -G DEB >/dev/null)
deb="$(ls "$build"/ksince_*.deb)"
depends="$(dpkg-deb -f "$deb" Depends)"
for d in libgit2-1.5 "libhyperscan5 | libvectorscan5" libsqlite3-0 libyaml-cpp0.7 \
         libboost-program-options1.74.0 libbpf1 libdeflate0 libjemalloc2; do
  case ", $depends," in *", $d,"*) ;; *) echo "package-deb: $deb does not depend on $d ($depends)" >&2; exit 1;; esac
done
echo "$deb"

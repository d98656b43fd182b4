#!/usr/bin/env bash
# Installs, from Debian's packages, whatever ksince needs that is missing.
# Usage: scripts/install-deps.sh [--bench]   (--bench: also what bench/ uses)
# Runs apt-get only when something is missing, so a set-up machine is untouched.
set -euo pipefail

pkgs=(g++ cmake ninja-build pkg-config git libgit2-dev libsqlite3-dev sqlite3
      nlohmann-json3-dev libboost-program-options-dev doctest-dev libyaml-cpp-dev
      # KFUNC_DEF signatures are read from BTF with libbpf's BTF API; the
      # spelling test makes real BTF with gcc -g and pahole -J (dwarves)
      libbpf-dev dwarves
      # pack objects are inflated with libdeflate (engine/repo/pack_reader.cc)
      libdeflate-dev
      # the series regex's named groups (engine/repo/series_select.cc)
      libpcre2-dev
      # the binary allocates with jemalloc (CMakeLists.txt: KSINCE_JEMALLOC)
      libjemalloc-dev
      # the man page test renders the pages (man, groff, col)
      man-db groff-base bsdextrautils
      # the completion tests run the zsh and fish completions in those shells;
      # the progress test puts ksince on a pseudo-terminal with Python's pty
      zsh fish python3
      # the docs end-to-end test builds a real mkdocs site
      mkdocs mkdocs-material mkdocs-material-extensions python3-pymdownx
      # the libFuzzer harnesses (tests/fuzz): clang and its libFuzzer runtime
      clang libclang-rt-14-dev
      # the YAML differential tests compare with go-yaml v3 itself (tests/yaml_oracle)
      golang-go golang-gopkg-yaml.v3-dev)
# Hyperscan is x86-only; Vectorscan is the same API elsewhere. They conflict,
# so keep whichever is installed already.
if dpkg -s libvectorscan-dev >/dev/null 2>&1 || [ "$(dpkg --print-architecture)" != amd64 ]; then
  pkgs+=(libvectorscan-dev)
else
  pkgs+=(libhyperscan-dev)
fi
if [ "${1:-}" = --bench ]; then
  pkgs+=(python3 python3-yaml time xz-utils tar)
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg -s "$p" 2>/dev/null | grep -q '^Status: install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#pkgs[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"

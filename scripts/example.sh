#!/usr/bin/env bash
# The main job on a real example: installs what is missing, builds ksince,
# makes a kernel repository with two releases (v6.1 and v6.12, from Debian's
# linux-source packages), indexes it with the eBPF pattern set, queries it
# and exports the data file. Needs ~3 GB of disk; the repository is built
# once (~6 minutes) and reused.
# Usage: scripts/example.sh [WORK_DIR]   (default: ./example)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(realpath -m "${1:-example}")
scripts/install-deps.sh --bench
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DKSINCE_TESTS=OFF
cmake --build build
bench/make-kernel-repo.sh "$work/linux.git" "$work/debs"
set -x
build/engine/ksince index --repo "$work/linux.git" --patterns patterns/ebpf.yaml --db "$work/ebpf.db"
build/engine/ksince query --db "$work/ebpf.db" BPF_PROG_TYPE_XDP bpf_cgrp_storage_get bpf_loop
build/engine/ksince show --db "$work/ebpf.db" bpf_cgrp_storage_get
build/engine/ksince export --db "$work/ebpf.db" --format yaml --out "$work/feature-versions.yaml"
head -n 12 "$work/feature-versions.yaml"
build/engine/ksince status --db "$work/ebpf.db"

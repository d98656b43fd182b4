#!/usr/bin/env bash
# Build a reproducible two-commit Linux kernel git repository for benchmarks.
#
# Usage: bench/make-kernel-repo.sh OUT_DIR [DEB_CACHE_DIR]
#
#   master:  commit 1 = Debian linux-source-6.1 tree   (annotated tag v6.1)
#            commit 2 = Debian linux-source-6.12 tree  (annotated tag v6.12)
#
# OUT_DIR becomes a *bare* repository (no 80k-file checkout is needed for
# history/grep benchmarks).  It is built in OUT_DIR.partial and renamed at the
# end, so an interrupted run never leaves a half-built OUT_DIR behind; just
# re-run.  If OUT_DIR already has both tags the script does nothing.
#
# Sources: the Debian packages linux-source-6.1 and linux-source-6.12, fetched
# with `apt-get download` into DEB_CACHE_DIR (default: OUT_DIR.debs) unless a
# matching linux-source-X.Y_*_all.deb is already there.  The script never runs
# `apt-get update` itself (it would modify system state); if the download
# fails because the package lists are missing it tells you to run it.
#
# Identities and dates are fixed, so the commit/tag ids depend only on the
# tarball contents (i.e. on the Debian package versions used).
#
# Requires: git, dpkg-deb, GNU tar, xz, python3.  Takes a few minutes on a
# 2-core machine; prefix with `nice` if the machine is shared.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
    echo "usage: $0 OUT_DIR [DEB_CACHE_DIR]" >&2
    exit 2
fi
OUT_DIR=$(realpath -m -- "$1")
DEB_DIR=$(realpath -m -- "${2:-$OUT_DIR.debs}")
HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
HELPER=$HERE/tar2fastimport.py
WORK=$OUT_DIR.partial

VERSIONS=(6.1 6.12)
# Fixed metadata: the upstream release days (Sunday 14:15 -0800, like Linus).
declare -A DATE=([6.1]="1670796900 -0800"     # 2022-12-11 14:15:00 -0800
                 [6.12]="1731881700 -0800")   # 2024-11-17 14:15:00 -0800
IDENT="ksince bench <bench@ksince.invalid>"
# Keep the environment from leaking into the objects we create.
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null TZ=UTC LC_ALL=C

has_tags() {
    local v
    for v in "${VERSIONS[@]}"; do
        [[ $(git -C "$1" cat-file -t "refs/tags/v$v" 2>/dev/null) == tag ]] || return 1
    done
}

# step NAME CMD...: run CMD, print how long it took.
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }
step() {
    local name=$1 t0=$EPOCHREALTIME; shift
    echo "==> $name"
    "$@"
    printf '    %-24s %6ss\n' "$name" "$(since "$t0")"
}

# ---------------------------------------------------------------------------
if has_tags "$OUT_DIR"; then
    echo "$OUT_DIR already has tags ${VERSIONS[*]/#/v}; nothing to do."
    exit 0
fi
# Refuse to touch anything in OUT_DIR except an empty directory.
if [[ -e $OUT_DIR && ! ( -d $OUT_DIR && -z $(ls -A -- "$OUT_DIR") ) ]]; then
    echo "error: $OUT_DIR exists but is not a complete kernel repo; remove it first." >&2
    exit 1
fi
for tool in git dpkg-deb tar xz python3 awk; do
    command -v "$tool" >/dev/null || { echo "error: $tool not found" >&2; exit 1; }
done

rm -rf -- "$WORK"   # leftover of an interrupted run (ours by name)
T_START=$EPOCHREALTIME

# --- 1. Debian packages -----------------------------------------------------
# Newest cached linux-source-X.Y_*_all.deb, or empty.
cached_deb() {
    local f
    f=$(ls -- "$DEB_DIR"/linux-source-"$1"_*_all.deb 2>/dev/null | sort -V | tail -n 1) || true
    echo "$f"
}
download_debs() {
    local missing=() v
    for v in "${VERSIONS[@]}"; do
        [[ -n $(cached_deb "$v") ]] || missing+=("linux-source-$v")
    done
    if [[ ${#missing[@]} -eq 0 ]]; then
        echo "    using cached packages in $DEB_DIR"
        return
    fi
    mkdir -p -- "$DEB_DIR"
    if ! (cd -- "$DEB_DIR" && apt-get download "${missing[@]}"); then
        if ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; then
            echo "error: apt package lists are missing; run 'apt-get update' (as root) first." >&2
        else
            echo "error: 'apt-get download ${missing[*]}' failed; the packages need" \
                 "a Debian bookworm(-security/-backports) or newer source in sources.list" \
                 "(and maybe 'apt-get update')." >&2
        fi
        exit 1
    fi
}
step "download .debs" download_debs

# --- 2./3. Stream each tarball into git fast-import -------------------------
git init -q --bare --initial-branch=master -- "$WORK"

import_version() {
    local v=$1 deb ver parent=()
    deb=$(cached_deb "$v")
    ver=$(dpkg-deb -f "$deb" Version)
    [[ $v == "${VERSIONS[0]}" ]] || parent=(--parent refs/heads/master^0)
    # deb data tar -> inner .tar.xz (no --occurrence: stopping early would
    # SIGPIPE dpkg-deb and fail the pipeline) -> xz in its own process (uses
    # the 2nd core) -> python: tar entries to fast-import commands -> git.
    dpkg-deb --fsys-tarfile "$deb" \
        | tar -xOf - --wildcards "*usr/src/linux-source-$v.tar.xz" \
        | xz -dc \
        | python3 "$HELPER" --strip "linux-source-$v" "${parent[@]}" \
              --tag "v$v" --tag-message "Linux $v" \
              --message "Linux $v

Tree of Debian package linux-source-$v $ver." \
              --ident "$IDENT" --date "${DATE[$v]}" \
        | git -C "$WORK" fast-import --quiet
}
for v in "${VERSIONS[@]}"; do
    step "import v$v" import_version "$v"
done

# --- 4. Make it look like a real clone ---------------------------------------
# fast-import only deltas a blob against the previous blob, so its packs are
# big; -f recomputes all deltas across both trees into one pack.  window=10
# (git default) / depth=50 keeps this to a few minutes on 2 cores.  No bitmap
# index (bare repos write one by default): a plain clone has none, and a
# bitmap would change what object-walk benchmarks measure.
step "repack -a -d -f" git -C "$WORK" -c pack.threads=2 -c repack.writeBitmaps=false \
    repack -a -d -f -q --window=10 --depth=50
step "commit-graph write" git -C "$WORK" commit-graph write --reachable --no-progress
# fast-import writes refs loose; a clone has them packed.
git -C "$WORK" pack-refs --all

has_tags "$WORK" || { echo "error: tags missing after import" >&2; exit 1; }
[[ -d $OUT_DIR ]] && rmdir -- "$OUT_DIR"    # empty dir (checked above)
mv -- "$WORK" "$OUT_DIR"

# --- 5. Summary ------------------------------------------------------------------
printf '    %-24s %6ss\n' "total" "$(since "$T_START")"
echo "==> $OUT_DIR"
for v in "${VERSIONS[@]}"; do
    printf '    v%-6s %s  %6d files\n' "$v" \
        "$(git -C "$OUT_DIR" rev-parse --short "v$v^{commit}")" \
        "$(git -C "$OUT_DIR" ls-tree -r --name-only "v$v" | wc -l)"
done
for p in "$OUT_DIR"/objects/pack/*.pack; do
    printf '    pack %s  %s\n' "$(du -h -- "$p" | cut -f1)" "$(basename -- "$p")"
done

#!/usr/bin/env bash
# Build a merge-heavy history between the consecutive releases of a release
# repository made by bench/make-kernel-repo.sh, shaped like torvalds/linux.
#
# Usage: bench/make-kernel-history.sh RELEASE_REPO OUT_DIR
#            [--max-files N] [--seed S] [--scale K]
#
#   --max-files N  a commit changes 1..N files of one folder (default 8; 3
#                  gives the "doubled" history, about twice the commits)
#   --seed S       random seed (default 1); same inputs + seed = same ids
#   --scale K      divide the topic length (1..30 commits) and how far back a
#                  topic forks (up to 20 mainline commits) by K, e.g. 10 for
#                  small test repositories with few changed paths (default 1)
#
# Between each two consecutive release tags vA, vB of RELEASE_REPO (all its
# v* tags, in version order) every path that differs is changed exactly once,
# in seeded random order, by small commits on topic branches that fork from
# the mainline (master) and are merged back (see bench/history2fastimport.py).
# The commit tagged vB holds exactly vB's tree of RELEASE_REPO (the script
# checks every tag's tree at the end).
#
# OUT_DIR becomes a bare repository that borrows RELEASE_REPO's objects through
# objects/info/alternates: no blob is copied, only the new commits and trees
# are stored, so RELEASE_REPO must stay where it is.  It is built in
# OUT_DIR.partial and renamed at the end; re-run after an interruption.  If
# OUT_DIR already exists the script does nothing.
#
# Requires: git, python3.  Heavy steps run under `nice -n 19` (NICE=0 to
# change that).
set -euo pipefail

usage() {
    echo "usage: $0 RELEASE_REPO OUT_DIR [--max-files N] [--seed S] [--scale K]" >&2
    exit 2
}
MAX_FILES=8 SEED=1 SCALE=1
POS=()
while [[ $# -gt 0 ]]; do
    case $1 in
        --max-files|--seed|--scale)
            [[ $# -ge 2 ]] || usage
            case $1 in --max-files) MAX_FILES=$2 ;; --seed) SEED=$2 ;; --scale) SCALE=$2 ;; esac
            shift 2 ;;
        --max-files=*) MAX_FILES=${1#*=}; shift ;;
        --seed=*) SEED=${1#*=}; shift ;;
        --scale=*) SCALE=${1#*=}; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) usage ;;
        *) POS+=("$1"); shift ;;
    esac
done
[[ ${#POS[@]} -eq 2 ]] || usage
REL=$(realpath -e -- "${POS[0]}")
REL_OBJ=$(git -C "$REL" rev-parse --path-format=absolute --git-path objects)
OUT_DIR=$(realpath -m -- "${POS[1]}")
WORK=$OUT_DIR.partial
HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
HELPER=$HERE/history2fastimport.py
NICE=(nice -n "${NICE:-19}")
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null TZ=UTC LC_ALL=C

# step NAME CMD...: run CMD, print how long it took.
source "$(dirname -- "${BASH_SOURCE[0]}")/step.sh"

if [[ -e $OUT_DIR ]]; then
    echo "$OUT_DIR exists; nothing to do (remove it to rebuild)."
    exit 0
fi
mapfile -t TAGS < <(git -C "$REL" tag -l 'v*' --sort=v:refname)
[[ ${#TAGS[@]} -ge 1 ]] || { echo "error: no v* tags in $REL" >&2; exit 1; }
echo "    releases: ${TAGS[*]}  max-files $MAX_FILES  seed $SEED  scale $SCALE"

rm -rf -- "$WORK"
T_START=$EPOCHREALTIME
git init -q --bare --initial-branch=master -- "$WORK"
echo "$REL_OBJ" > "$WORK/objects/info/alternates"

import() {
    "${NICE[@]}" python3 "$HELPER" "$REL" "${TAGS[@]}" \
            --max-files "$MAX_FILES" --seed "$SEED" --scale "$SCALE" \
        | "${NICE[@]}" git -C "$WORK" fast-import --quiet --depth=50 --active-branches=4
}
step "fast-import" import
# fast-import's pack deltas each tree only against its previous version; a
# full repack of the local objects (-l: not those of the alternate) finds
# better ones and makes the repository look like a clone.  No bitmaps, as in
# make-kernel-repo.sh.
step "repack -a -d -l -f" "${NICE[@]}" git -C "$WORK" -c pack.threads=2 -c repack.writeBitmaps=false \
    repack -a -d -l -f -q --window=10 --depth=50
step "commit-graph write" "${NICE[@]}" git -C "$WORK" commit-graph write --reachable --no-progress
git -C "$WORK" pack-refs --all

verify() {
    local t bad=0 a b
    for t in "${TAGS[@]}"; do
        a=$(git -C "$WORK" rev-parse "$t^{tree}")
        b=$(git -C "$REL" rev-parse "$t^{tree}")
        if [[ $a != "$b" ]]; then echo "error: $t tree $a != release $b" >&2; bad=1; fi
    done
    # only commits, trees and tags are local: no blob was copied
    local blobs
    blobs=$(for p in "$WORK"/objects/pack/*.idx; do git -C "$WORK" show-index < "$p"; done \
            | cut -d' ' -f2 | git -C "$WORK" cat-file --batch-check='%(objecttype)' | grep -c '^blob$' || true)
    [[ $blobs == 0 ]] || { echo "error: $blobs blobs stored locally" >&2; bad=1; }
    (( ! bad )) && echo "    ${#TAGS[@]} tag trees equal the release repository's; 0 local blobs"
    return $bad
}
step "verify" verify
mv -- "$WORK" "$OUT_DIR"

printf '    %-24s %6ss\n' "total" "$(since "$T_START")"
echo "==> $OUT_DIR  (alternates: $REL_OBJ)"
prev=
for t in "${TAGS[@]}"; do
    if [[ -n $prev ]]; then
        printf '    %s..%s  %7d commits  %6d merges\n' "$prev" "$t" \
            "$(git -C "$OUT_DIR" rev-list --count "$prev..$t")" \
            "$(git -C "$OUT_DIR" rev-list --count --merges "$prev..$t")"
    fi
    prev=$t
done
printf '    all         %7d commits  %6d merges\n' \
    "$(git -C "$OUT_DIR" rev-list --count --all)" "$(git -C "$OUT_DIR" rev-list --count --merges --all)"
echo "    local objects: $(du -sh -- "$OUT_DIR/objects" | cut -f1)"

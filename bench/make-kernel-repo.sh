#!/usr/bin/env bash
# Build a reproducible Linux kernel "release" git repository for benchmarks:
# one commit per release, in version order, each the child of the previous.
#
# Usage: bench/make-kernel-repo.sh [--releases LIST] [--series LIST] OUT_DIR [DEB_CACHE_DIR]
#
#   --series LIST     also the point releases of these series that the
#                     suites hold (e.g. "5.10,6.1,6.12"): a branch
#                     linux-X.Y.y per series, one commit per Debian package
#                     version in dpkg order (the first a root commit, each
#                     next the child of the one before), tagged
#                     debian/VERSION with DEP-14's escapes (~ -> _, : -> %),
#                     e.g. debian/6.12.107-1_deb12u1. Every version counts,
#                     several Debian revisions of one point included. Debian
#                     has no trees of the bases (vX.Y): the releases on master
#                     hold some point's tree and are no ancestors of the
#                     branches, so these series have no base (docs/series.md).
#   --releases LIST   releases to import, comma- or space-separated, e.g.
#                     "5.10,6.1,6.12,7.2,7.3".  Default: "6.1,6.12".
#                     "X.x" stands for the newest two consecutive X.N, X.N+1
#                     that the suites hold (e.g. 7.x -> 7.2,7.3 at the time of
#                     writing), and "all" for "5.10,6.1,6.12,7.x".
#
#   master:  commit 1 = Debian linux-source tree of the oldest release (tag vX.Y)
#            commit 2 = the next release's tree, child of commit 1, ...
#
# Known releases and where Debian has them (the Debian suites this script asks):
#   linux-source-5.10   bullseye                       (e.g. 5.10.223-1)
#   linux-source-6.1    bookworm, bookworm-security
#   linux-source-6.12   bookworm-security              (6.12.x-1~deb12u1)
#   linux-source-7.2    sid (and trixie-backports)
#   linux-source-7.3    trixie-backports               (7.3.x-1~bpo13+1)
# Suites move on: "7.x" picks whatever the suites hold when the script runs.
#
# OUT_DIR becomes a *bare* repository (no 80k-file checkout is needed for
# history/grep benchmarks).  It is built in OUT_DIR.partial and renamed at the
# end, so an interrupted run never leaves a half-built OUT_DIR behind; just
# re-run.  If OUT_DIR already has all the tags the script does nothing.
#
# Sources: the Debian packages linux-source-X.Y, from DEB_CACHE_DIR (default:
# OUT_DIR.debs) if a linux-source-X.Y_*_all.deb is already there, else
# downloaded into it with `apt-get download`.  The system's apt configuration
# is not touched: the script writes its own sources list (Debian's suites
# above, on the host the system's /etc/apt/sources.list(.d) already uses, or
# $KSINCE_DEBIAN_MIRROR, e.g. http://deb.debian.org) and keeps the package
# lists in a private folder (OUT_DIR.apt):
#   apt-get -o Dir::Etc::sourcelist=FILE -o Dir::Etc::sourceparts=/dev/null \
#           -o Dir::State::Lists=DIR -o Dir::Cache=DIR2 update | download PKG=VER
# (that needs no root).  Each .deb's version, suite and sha256 are printed and
# written to OUT_DIR/ksince-bench-sources.txt.
#
# Identities and dates are fixed, so the commit/tag ids depend only on the
# tarball contents (i.e. on the Debian package versions used).
#
# Requires: git, apt-get, dpkg-deb, GNU tar, xz, python3.  Takes ~1 minute
# per release plus the final repack (8 minutes in all for five releases on 2
# cores; see bench/README.md); every heavy step runs
# under `nice -n 19` (NICE=0 to change that).
set -euo pipefail

usage() { echo "usage: $0 [--releases LIST] [--series LIST] OUT_DIR [DEB_CACHE_DIR]" >&2; exit 2; }
RELEASES="6.1,6.12"
SERIES=""
POS=()
while [[ $# -gt 0 ]]; do
    case $1 in
        --releases) [[ $# -ge 2 ]] || usage; RELEASES=$2; shift 2 ;;
        --releases=*) RELEASES=${1#*=}; shift ;;
        --series) [[ $# -ge 2 ]] || usage; SERIES=$2; shift 2 ;;
        --series=*) SERIES=${1#*=}; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        --) shift; POS+=("$@"); break ;;
        -*) usage ;;
        *) POS+=("$1"); shift ;;
    esac
done
[[ ${#POS[@]} -ge 1 && ${#POS[@]} -le 2 ]] || usage
OUT_DIR=$(realpath -m -- "${POS[0]}")
DEB_DIR=$(realpath -m -- "${POS[1]:-$OUT_DIR.debs}")
HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
HELPER=$HERE/tar2fastimport.py
WORK=$OUT_DIR.partial
APT_DIR=$OUT_DIR.apt
NICE=(nice -n "${NICE:-19}")

# Fixed metadata: the upstream release days (Sunday 14:15, Linus' local time).
# 7.2 and 7.3 are given plausible days (a ~9-week cycle after 6.12's); an
# unknown X.Y gets 9 weeks per release after 7.3.
declare -A DATE=([5.10]="1607897700 -0800"    # 2020-12-13 14:15:00 -0800
                 [6.1]="1670796900 -0800"     # 2022-12-11 14:15:00 -0800
                 [6.12]="1731881700 -0800"    # 2024-11-17 14:15:00 -0800
                 [7.2]="1786914900 -0700"     # 2026-08-16 14:15:00 -0700
                 [7.3]="1792358100 -0700")    # 2026-10-18 14:15:00 -0700
release_date() {
    local v=$1 x y
    if [[ -n ${DATE[$v]:-} ]]; then echo "${DATE[$v]}"; return; fi
    x=${v%%.*} y=${v#*.}
    echo "$(( 1792358100 + ((x - 7) * 20 + y - 3) * 63 * 86400 )) -0800"
}
IDENT="ksince bench <bench@ksince.invalid>"
# Keep the environment from leaking into the objects we create.
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null TZ=UTC LC_ALL=C

# step NAME CMD...: run CMD, print how long it took.
source "$(dirname -- "${BASH_SOURCE[0]}")/step.sh"

for tool in git apt-get apt-cache dpkg-deb tar xz python3 awk sha256sum; do
    command -v "$tool" >/dev/null || { echo "error: $tool not found" >&2; exit 1; }
done

# --- 0. A private apt: sources list, lists and cache under OUT_DIR.apt -------
# The Debian mirror the system already uses: the first "…/debian" URI of
# /etc/apt/sources.list(.d) (one-line or deb822 format), minus "/debian".
system_mirror() {
    local f u
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
        [[ -r $f ]] || continue
        u=$(awk '
            /^[[:space:]]*#/ { next }
            $1 == "deb" || $1 == "deb-src" {
                for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/) { print $i; break } }
            tolower($1) == "uris:" { for (i = 2; i <= NF; i++) print $i }' "$f" \
            | grep -E '^[a-z+]+://.*/debian/?$' | head -n 1) || true
        if [[ -n $u ]]; then echo "${u%/}" | sed 's,/debian$,,'; return; fi
    done
}
MIRROR=${KSINCE_DEBIAN_MIRROR:-$(system_mirror)}
MIRROR=${MIRROR:-http://deb.debian.org}
APT_OPTS=(-o "Dir::Etc::sourcelist=$APT_DIR/sources.list" -o Dir::Etc::sourceparts=/dev/null
          -o "Dir::State::Lists=$APT_DIR/lists" -o "Dir::Cache=$APT_DIR/cache")
APT_READY=0
apt_update() {
    mkdir -p -- "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial"
    cat > "$APT_DIR/sources.list" <<EOF
# written by bench/make-kernel-repo.sh; used only with -o Dir::Etc::sourcelist
deb $MIRROR/debian bullseye main
deb $MIRROR/debian-security bullseye-security main
deb $MIRROR/debian bookworm main
deb $MIRROR/debian-security bookworm-security main
deb $MIRROR/debian sid main
deb $MIRROR/debian trixie-backports main
EOF
    echo "    mirror: $MIRROR (from the system's sources), suites:" \
         "bullseye bullseye-security bookworm bookworm-security sid trixie-backports"
    if apt-get "${APT_OPTS[@]}" -qq update >"$APT_DIR/update.log" 2>&1; then
        APT_READY=1
    else
        echo "warning: private 'apt-get update' failed (see $APT_DIR/update.log)" >&2
    fi
}
# suite_of PKG VERSION: the suite(s) holding PKG at VERSION, or "-".
suite_of() {
    (( APT_READY )) || { echo "-"; return; }
    apt-cache "${APT_OPTS[@]}" madison "$1" 2>/dev/null \
        | awk -F'|' -v v="$2" '{ gsub(/ /, "", $2) } $2 == v { n = split($3, a, " "); s = s (s ? "," : "") a[2] }
                               END { print (s ? s : "-") }'
}

# Newest cached linux-source-X.Y_*_all.deb, or empty.
cached_deb() {
    local f
    f=$(ls -- "$DEB_DIR"/linux-source-"$1"_*_all.deb 2>/dev/null | sort -V | tail -n 1) || true
    echo "$f"
}

# --- 1. Which releases --------------------------------------------------------
has_tags() {
    local v
    for v in "${VERSIONS[@]}"; do
        [[ $(git -C "$1" cat-file -t "refs/tags/v$v" 2>/dev/null) == tag ]] || return 1
    done
    local p x
    for p in "${POINTS[@]}"; do
        read -r x v <<<"$p"
        [[ $(git -C "$1" cat-file -t "refs/tags/$(point_tag "$v")" 2>/dev/null) == tag ]] || return 1
    done
}
# The tag of a Debian package version (DEP-14: ~ -> _, : -> %).
point_tag() { local v=${1//\~/_}; echo "debian/${v//:/%}"; }
POINTS=()
IFS=', ' read -r -a REQ <<<"$RELEASES"
IFS=', ' read -r -a SERIES_LIST <<<"$SERIES"
need_lists=0 wildcard=0
(( ${#SERIES_LIST[@]} )) && need_lists=1 wildcard=1   # the points come from the lists
for r in "${REQ[@]}"; do
    [[ $r == all || $r == *.x ]] && need_lists=1 wildcard=1
    [[ $r =~ ^[0-9]+\.[0-9]+$ && -z $(cached_deb "$r") ]] && need_lists=1
done
# Explicit releases already built: done, without asking any mirror.
if (( ! wildcard )); then
    VERSIONS=("${REQ[@]}")
    if has_tags "$OUT_DIR"; then
        echo "$OUT_DIR already has tags ${VERSIONS[*]/#/v}; nothing to do."
        exit 0
    fi
fi
step "apt-get update (private)" apt_update
VERSIONS=()
for r in "${REQ[@]}"; do
    [[ $r == all ]] && { VERSIONS+=(5.10 6.1 6.12); r=7.x; }
    if [[ $r =~ ^([0-9]+)\.x$ ]]; then
        x=${BASH_REMATCH[1]}
        if (( ! APT_READY )); then echo "error: '$r' needs the package lists" >&2; exit 1; fi
        mapfile -t held < <(apt-cache "${APT_OPTS[@]}" pkgnames "linux-source-$x." \
                            | sed -n "s/^linux-source-\($x\.[0-9]*\)$/\1/p" | sort -V)
        pair=
        for ((i = ${#held[@]} - 1; i > 0; i--)); do
            if (( ${held[i]#*.} == ${held[i-1]#*.} + 1 )); then pair="${held[i-1]} ${held[i]}"; break; fi
        done
        [[ -n $pair ]] || { echo "error: no two consecutive linux-source-$x.N in the suites (${held[*]:-none})" >&2; exit 1; }
        VERSIONS+=($pair)
    elif [[ $r =~ ^[0-9]+\.[0-9]+$ ]]; then
        VERSIONS+=("$r")
    else
        echo "error: bad release '$r' in --releases" >&2; exit 2
    fi
done
mapfile -t VERSIONS < <(printf '%s\n' "${VERSIONS[@]}" | sort -V -u)
echo "    releases: ${VERSIONS[*]}"
# Every version of linux-source-X.Y the suites hold, in dpkg's order.
dpkg_sorted() {
    python3 -c '
import functools, subprocess, sys
vs = sys.stdin.read().split()
def cmp(a, b):
    if a == b: return 0
    return -1 if subprocess.run(["dpkg", "--compare-versions", a, "lt", b]).returncode == 0 else 1
print("\n".join(sorted(set(vs), key=functools.cmp_to_key(cmp))))'
}
for x in "${SERIES_LIST[@]}"; do
    [[ $x =~ ^[0-9]+\.[0-9]+$ ]] || { echo "error: bad series '$x' in --series" >&2; exit 2; }
    (( APT_READY )) || { echo "error: --series needs the package lists" >&2; exit 1; }
    mapfile -t held < <(apt-cache "${APT_OPTS[@]}" madison "linux-source-$x" | awk -F'|' '{ gsub(/ /, "", $2); print $2 }' | dpkg_sorted)
    (( ${#held[@]} )) || { echo "error: no suite holds linux-source-$x" >&2; exit 1; }
    for v in "${held[@]}"; do POINTS+=("$x $v"); done
    echo "    series $x.y: ${held[*]}"
done
(( need_lists && ! APT_READY )) && { echo "error: packages must be downloaded but apt-get update failed" >&2; exit 1; }

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

rm -rf -- "$WORK"   # leftover of an interrupted run (ours by name)
T_START=$EPOCHREALTIME

# --- 2. Debian packages -----------------------------------------------------
download_debs() {
    local v cand
    mkdir -p -- "$DEB_DIR"
    for v in "${VERSIONS[@]}"; do
        [[ -n $(cached_deb "$v") ]] && continue
        cand=$(apt-cache "${APT_OPTS[@]}" policy "linux-source-$v" 2>/dev/null | awk '/Candidate:/ { print $2 }')
        if [[ -z $cand || $cand == "(none)" ]]; then
            echo "error: no suite holds linux-source-$v (see $APT_DIR/sources.list)" >&2
            exit 1
        fi
        echo "    downloading linux-source-$v $cand from $(suite_of "linux-source-$v" "$cand")"
        (cd -- "$DEB_DIR" && apt-get "${APT_OPTS[@]}" -q download "linux-source-$v=$cand") \
            || { echo "error: apt-get download linux-source-$v=$cand failed" >&2; exit 1; }
    done
}
step "download .debs" download_debs
# point_deb X.Y VERSION: the cached .deb of exactly that version.
point_deb() { echo "$DEB_DIR/linux-source-$1_$2_all.deb"; }
# A version the lists name but the mirror no longer serves (a suite moved on
# between its lists and its pool) is left out with a warning: the series
# keeps the points that can be had, and the sources file lists them.
download_points() {
    local p x v kept=()
    for p in "${POINTS[@]}"; do
        read -r x v <<<"$p"
        if [[ ! -f $(point_deb "$x" "$v") ]]; then
            echo "    downloading linux-source-$x $v from $(suite_of "linux-source-$x" "$v")"
            if ! (cd -- "$DEB_DIR" && apt-get "${APT_OPTS[@]}" -q download "linux-source-$x=$v"); then
                echo "warning: apt-get download linux-source-$x=$v failed; the series goes on without it" >&2
                continue
            fi
        fi
        kept+=("$p")
    done
    POINTS=("${kept[@]}")
}
(( ${#POINTS[@]} )) && step "download point .debs" download_points

SOURCES_TXT=$(mktemp)
trap 'rm -f -- "$SOURCES_TXT"' EXIT
{
    echo "# Debian packages of the trees in this repository (bench/make-kernel-repo.sh)"
    echo "# tag package version suite sha256 file"
    for v in "${VERSIONS[@]}"; do
        deb=$(cached_deb "$v")
        ver=$(dpkg-deb -f "$deb" Version)
        printf 'v%s linux-source-%s %s %s %s %s\n' "$v" "$v" "$ver" \
            "$(suite_of "linux-source-$v" "$ver")" \
            "$("${NICE[@]}" sha256sum -- "$deb" | cut -d' ' -f1)" "$(basename -- "$deb")"
    done
    for p in "${POINTS[@]}"; do
        read -r x v <<<"$p"
        deb=$(point_deb "$x" "$v")
        printf '%s linux-source-%s %s %s %s %s\n' "$(point_tag "$v")" "$x" "$v" \
            "$(suite_of "linux-source-$x" "$v")" \
            "$("${NICE[@]}" sha256sum -- "$deb" | cut -d' ' -f1)" "$(basename -- "$deb")"
    done
} > "$SOURCES_TXT"
echo "==> sources"
sed 's/^/    /' "$SOURCES_TXT"

# --- 3. Stream each tarball into git fast-import -------------------------
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
        | "${NICE[@]}" xz -dc \
        | "${NICE[@]}" python3 "$HELPER" --strip "linux-source-$v" "${parent[@]}" \
              --tag "v$v" --tag-message "Linux $v" \
              --message "Linux $v

Tree of Debian package linux-source-$v $ver." \
              --ident "$IDENT" --date "$(release_date "$v")" \
        | "${NICE[@]}" git -C "$WORK" fast-import --quiet
}
for v in "${VERSIONS[@]}"; do
    step "import v$v" import_version "$v"
done

# A point's date: its release's day plus three days a point, plus a minute a
# revision (fixed, so the ids depend only on the packages).
point_date() {
    local x=$1 v=$2 rel point nth=$3
    rel=$(release_date "$x")
    point=${v#"$x".}; point=${point%%[-+~]*}
    echo "$(( ${rel% *} + point * 3 * 86400 + nth * 60 )) ${rel#* }"
}
import_point() {
    local x=$1 v=$2 nth=$3 first=$4 parent=()
    (( first )) || parent=(--parent "refs/heads/linux-$x.y^0")
    dpkg-deb --fsys-tarfile "$(point_deb "$x" "$v")" \
        | tar -xOf - --wildcards "*usr/src/linux-source-$x.tar.xz" \
        | "${NICE[@]}" xz -dc \
        | "${NICE[@]}" python3 "$HELPER" --strip "linux-source-$x" --ref "refs/heads/linux-$x.y" "${parent[@]}" \
              --tag "$(point_tag "$v")" --tag-message "Debian linux-source-$x $v" \
              --message "Linux $v (Debian)

Tree of Debian package linux-source-$x $v." \
              --ident "$IDENT" --date "$(point_date "$x" "$v" "$nth")" \
        | "${NICE[@]}" git -C "$WORK" fast-import --quiet
}
prev_series="" nth=0
for p in "${POINTS[@]}"; do
    read -r x v <<<"$p"
    first=0
    [[ $x == "$prev_series" ]] || first=1
    prev_series=$x nth=$((nth + 1))
    step "import $(point_tag "$v")" import_point "$x" "$v" "$nth" "$first"
done

# --- 4. Make it look like a real clone ---------------------------------------
# fast-import only deltas a blob against the previous blob, so its packs are
# big; -f recomputes all deltas across all trees into one pack.  window=10
# (git default) / depth=50 keeps this to minutes on 2 cores.  No bitmap
# index (bare repos write one by default): a plain clone has none, and a
# bitmap would change what object-walk benchmarks measure.
step "repack -a -d -f" "${NICE[@]}" git -C "$WORK" -c pack.threads=2 -c repack.writeBitmaps=false \
    repack -a -d -f -q --window=10 --depth=50
step "commit-graph write" git -C "$WORK" commit-graph write --reachable --no-progress
# fast-import writes refs loose; a clone has them packed.
git -C "$WORK" pack-refs --all

has_tags "$WORK" || { echo "error: tags missing after import" >&2; exit 1; }
cp -- "$SOURCES_TXT" "$WORK/ksince-bench-sources.txt"
[[ -d $OUT_DIR ]] && rmdir -- "$OUT_DIR"    # empty dir (checked above)
mv -- "$WORK" "$OUT_DIR"

# --- 5. Summary ------------------------------------------------------------------
printf '    %-24s %6ss\n' "total" "$(since "$T_START")"
echo "==> $OUT_DIR  (sources: $OUT_DIR/ksince-bench-sources.txt)"
for v in "${VERSIONS[@]}"; do
    printf '    v%-6s %s  %6d files\n' "$v" \
        "$(git -C "$OUT_DIR" rev-parse --short "v$v^{commit}")" \
        "$(git -C "$OUT_DIR" ls-tree -r --name-only "v$v" | wc -l)"
done
for p in "${POINTS[@]}"; do
    read -r x v <<<"$p"
    printf '    %-28s %s  %6d files\n' "$(point_tag "$v")" \
        "$(git -C "$OUT_DIR" rev-parse --short "$(point_tag "$v")^{commit}")" \
        "$(git -C "$OUT_DIR" ls-tree -r --name-only "$(point_tag "$v")" | wc -l)"
done
for p in "$OUT_DIR"/objects/pack/*.pack; do
    printf '    pack %s  %s\n' "$(du -h -- "$p" | cut -f1)" "$(basename -- "$p")"
done

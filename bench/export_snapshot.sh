#!/usr/bin/env bash
# Every answer a ksince binary gives on three real repositories, as files, so
# that two binaries (before and after a refactoring) can be compared with
# `diff -r`.
#
# Usage: bench/export_snapshot.sh KSINCE_BINARY OUT_DIR [kernel|gitgit|libbpf ...]
#
#   (default: all three)   then:   diff -r OUT_A OUT_B   (empty = same answers)
#
# For each repository WHICH it indexes from scratch into OUT_DIR/WHICH.db and
# writes OUT_DIR/WHICH/:
#   inputs/     the patterns file indexed, the repository's tags (name and
#               ids), the names sampled for query/show
#   commands.txt  every command run, in order, as NAME: ARGS
#   NAME.out, NAME.err, NAME.rc   stdout, stderr and exit code of each command
#   files/      what --out and `docs timeline --out` wrote
# and OUT_DIR/help/: `--help` of every command (what the binary offers).
# The databases are deleted at the end (they hold run timestamps, so they
# always differ); KEEP_DB=1 keeps them (then compare with
# `diff -r -x '*.db' OUT_A OUT_B`).
#
# Commands, per repository (TAGS: the tags the index selected):
#   index --json (from scratch, then again: "up to date"); status --json
#   export --format yaml|json [--from derived|imported] [--out FILE]
#   export --format kfuncs|helpers-functions [--from derived|imported]
#   export --format kfuncs|helpers-functions [--from derived] --at TAG|no-such-tag
#   export --format bpf-helper-defs [--at TAG]
#   check; check --against each kfuncs/helpers-functions export that exited 0
#   query --json ALL_NAMES; query / query --json / show / show --json on every
#   20th name of the patterns file; query of an unknown name (suggestions)
#   query TYPES --helpers|--kfuncs [--json] [--at TAG]  (kernel; libbpf without --at)
#   __complete-names (the shell completions' name list), all and one prefix
#   docs timeline --out FILE
#
# Repositories and patterns (as the earlier benches used them):
#   kernel  $KERNEL_REPO (default /work/data/linux.git, made by
#           bench/make-kernel-repo.sh: tags v6.1, v6.12), patterns/ebpf.yaml
#           as it is, facts derived (the default).
#   gitgit  $GITGIT_REPO (default /work/.mirror/git+git/repo), the patterns
#           file of bench/gitgit_bench.py (its select_names: 300 C function
#           names of v2.55.0, by sha1 of the name; files '*.c' '*.h'; tags
#           ^v2\.[0-9]+\.0$). Facts on (the default, as gitgit_bench.py ran
#           it): the extractors find nothing in git/git (0 facts, ~0.1 s),
#           which is itself an answer; NO_FACTS_GITGIT=1 indexes with
#           --no-facts instead.
#   libbpf  $LIBBPF_REPO (default /work/.mirror/libbpf+libbpf/repo),
#           patterns/ebpf.yaml's groups with files [src, include] and tags
#           ^v[0-9]+(\.[0-9]+)+$ (bench/replay_bench.py's choice), facts
#           derived (libbpf holds include/uapi/linux/bpf.h).
#
# Nothing written depends on time or on where things are: OUT_DIR, the
# repository, the binary and this source tree are written as @OUT@, @REPO@,
# @KSINCE@ and @SRC@; the *seconds fields of index --json and the last-run
# time of status --json are dropped. The counters blobs_scanned,
# bytes_scanned, trees_read, blobs_extracted and commits_checked of
# index.out, and blobs_cached of status.out, measure work, not answers: a
# refactoring may change them.
# Wall times go to stderr only.
#
# Cost (measured 2026-12-06: 2-core VM shared with builds, release build,
# `nice -n 10`; one whole run 100 s):
#   kernel  index 9-10 s, snapshot 31-32 s, 144 commands, 8 MB (9 MB on disk)
#   gitgit  index 4-6 s, snapshot 29-30 s, 342 commands, 0.9 MB (3.5 MB on disk)
#   libbpf  index 6 s, snapshot 18-19 s, 370 commands, 9.5 MB (13 MB on disk)
# The databases (deleted unless KEEP_DB=1): kernel 11 MB, gitgit 3 MB,
# libbpf 41 MB. Building the kernel repository once: ~7 min, 284 MB plus
# 280 MB of .debs (bench/make-kernel-repo.sh).
#
# Needs: bash, git, python3 with PyYAML, jq, perl.
set -euo pipefail

if [[ $# -lt 2 ]]; then
    sed -n '2,9p' "$0" >&2
    exit 2
fi
KSINCE=$(realpath -- "$1")
OUT=$(realpath -m -- "$2")
shift 2
WHICH=("$@")
[[ ${#WHICH[@]} -gt 0 ]] || WHICH=(kernel gitgit libbpf)
for w in "${WHICH[@]}"; do
    case $w in kernel|gitgit|libbpf) ;; *) echo "$0: unknown repository '$w' (kernel, gitgit, libbpf)" >&2; exit 2 ;; esac
done
[[ -x $KSINCE ]] || { echo "$0: $KSINCE: not an executable" >&2; exit 2; }

HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
SRC=$(cd -- "$HERE/.." && pwd)
KERNEL_REPO=$(realpath -m -- "${KERNEL_REPO:-/work/data/linux.git}")
GITGIT_REPO=$(realpath -m -- "${GITGIT_REPO:-/work/.mirror/git+git/repo}")
LIBBPF_REPO=$(realpath -m -- "${LIBBPF_REPO:-/work/.mirror/libbpf+libbpf/repo}")
NO_FACTS_GITGIT=${NO_FACTS_GITGIT:-0}
# Types whose helpers and kfuncs are listed (query TYPE --helpers/--kfuncs).
PAIR_TYPES=(BPF_PROG_TYPE_XDP BPF_PROG_TYPE_KPROBE BPF_PROG_TYPE_SCHED_CLS BPF_PROG_TYPE_TRACING
            BPF_PROG_TYPE_SYSCALL BPF_MAP_TYPE_HASH BPF_MAP_TYPE_RINGBUF)

export LC_ALL=C TZ=UTC NO_COLOR=1 TERM=dumb
mkdir -p "$OUT"

since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }
say() { echo "[export_snapshot] $*" >&2; }

# Paths to placeholders, in place; the longest first.
REPO=""
normalize() {
    OUT="$OUT" REPO="$REPO" KSINCE="$KSINCE" SRC="$SRC" perl -pi -e '
        BEGIN { @p = sort { length($b->[0]) <=> length($a->[0]) }
                grep { $_->[0] ne "" }
                ([$ENV{OUT}, "\@OUT\@"], [$ENV{REPO}, "\@REPO\@"], [$ENV{KSINCE}, "\@KSINCE\@"],
                 [$ENV{SRC}, "\@SRC\@"]); }
        for my $x (@p) { my ($f, $t) = @$x; s/\Q$f\E/$t/g; }' "$@"
}

# run NAME ARGS...: ksince ARGS; stdout, stderr, exit code to D/NAME.{out,err,rc}.
D=""
run() {
    local name=$1 rc=0
    shift
    printf '%s:' "$name" >> "$D/commands.txt"
    printf ' %q' "$@" >> "$D/commands.txt"
    echo >> "$D/commands.txt"
    "$KSINCE" "$@" > "$D/$name.out" 2> "$D/$name.err" || rc=$?
    echo "$rc" > "$D/$name.rc"
    normalize "$D/$name.out" "$D/$name.err"
    return 0
}
rc_of() { cat "$D/$1.rc"; }

help_snapshot() {
    local h=$OUT/help
    rm -rf -- "$h"
    mkdir -p "$h"
    D=$h
    : > "$h/commands.txt"
    run ksince --help
    run version version
    for c in index query show status import check export; do run "$c" "$c" --help; done
    run docs docs --help
    for c in build tags timeline; do run "docs-$c" docs "$c" --help; done
    normalize "$h/commands.txt"
}

# The patterns file of repository $1 into $2.
write_patterns() {
    case $1 in
    kernel) cp -- "$SRC/patterns/ebpf.yaml" "$2" ;;
    gitgit)
        python3 - "$HERE" "$REPO" "$2" <<'EOF'
import sys, yaml
sys.path.insert(0, sys.argv[1])
import gitgit_bench as g  # the bench's own name selection: deterministic
names, universe = g.select_names(sys.argv[2], "v2.55.0", 300)
with open(sys.argv[3], "w") as f:
    yaml.safe_dump({"files": g.FILES, "tags": [r"^v2\.[0-9]+\.0$"],
                    "patterns": [{"name": "functions", "patterns": [{"name": n} for n in names]}]},
                   f, sort_keys=False, default_flow_style=None)
EOF
        ;;
    libbpf)
        python3 - "$SRC/patterns/ebpf.yaml" "$2" <<'EOF'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
doc["files"] = ["src", "include"]
doc["tags"] = [r"^v[0-9]+(\.[0-9]+)+$"]
with open(sys.argv[2], "w") as f:
    yaml.safe_dump(doc, f, sort_keys=False)
EOF
        ;;
    esac
}

snapshot() {
    local which=$1 t0 t1 db
    case $which in
    kernel) REPO=$KERNEL_REPO ;;
    gitgit) REPO=$GITGIT_REPO ;;
    libbpf) REPO=$LIBBPF_REPO ;;
    esac
    [[ -d $REPO ]] || { echo "$0: $which: no repository at $REPO" >&2; exit 1; }
    D=$OUT/$which
    db=$OUT/$which.db
    rm -rf -- "$D"
    rm -f -- "$db" "$db.lock" "$db-journal" "$db-wal" "$db-shm"
    mkdir -p "$D/inputs" "$D/files"
    : > "$D/commands.txt"

    local patterns=$D/inputs/patterns.yaml
    write_patterns "$which" "$patterns"
    git --git-dir="$REPO" for-each-ref --sort=refname \
        --format='%(refname:short) %(objectname) %(*objectname)' refs/tags > "$D/inputs/repo-tags.txt"
    python3 - "$patterns" "$D/inputs/all-names.txt" "$D/inputs/sample-names.txt" <<'EOF'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
names = [p["name"] for g in doc["patterns"] for p in (g.get("patterns") or [])]
unique = list(dict.fromkeys(names))
open(sys.argv[2], "w").write("".join(n + "\n" for n in unique))
open(sys.argv[3], "w").write("".join(n + "\n" for n in unique[::20]))
EOF
    local -a all sample facts=()
    mapfile -t all < "$D/inputs/all-names.txt"
    mapfile -t sample < "$D/inputs/sample-names.txt"
    [[ $which == gitgit && $NO_FACTS_GITGIT == 1 ]] && facts=(--no-facts)

    # ---- index
    t0=$EPOCHREALTIME
    run index index --repo "$REPO" --patterns "$patterns" --db "$db" --json "${facts[@]}"
    local index_s; index_s=$(since "$t0")
    [[ $(rc_of index) == 0 ]] || { say "$which: index failed: $(head -c 2000 "$D/index.err")"; exit 1; }
    run index-again index --repo "$REPO" --patterns "$patterns" --db "$db" --json "${facts[@]}"
    local f
    for f in index index-again; do
        jq -S 'walk(if type == "object" then with_entries(select(.key | test("seconds$") | not)) else . end)' \
            "$D/$f.out" > "$D/$f.tmp" && mv "$D/$f.tmp" "$D/$f.out"
    done
    t1=$EPOCHREALTIME
    run status status --json --db "$db"
    jq 'del(.last_run, .last_run_seconds)' "$D/status.out" > "$D/status.tmp" && mv "$D/status.tmp" "$D/status.out"
    local -a tags
    mapfile -t tags < <(jq -r '.tags[]' "$D/status.out")
    printf '%s\n' "${tags[@]}" > "$D/inputs/indexed-tags.txt"

    # ---- exports
    local fmt from tag
    for fmt in yaml json; do
        run "export-$fmt" export --db "$db" --format "$fmt"
        for from in derived imported; do run "export-$fmt-from-$from" export --db "$db" --format "$fmt" --from "$from"; done
        run "export-$fmt-out" export --db "$db" --format "$fmt" --out "$D/files/export.$fmt"
    done
    run export-default export --db "$db"
    for fmt in kfuncs helpers-functions; do
        run "export-$fmt" export --db "$db" --format "$fmt"
        for from in derived imported; do run "export-$fmt-from-$from" export --db "$db" --format "$fmt" --from "$from"; done
        for tag in "${tags[@]}"; do
            run "export-$fmt-at-$tag" export --db "$db" --format "$fmt" --at "$tag"
            run "export-$fmt-from-derived-at-$tag" export --db "$db" --format "$fmt" --from derived --at "$tag"
        done
        run "export-$fmt-from-derived-at-no-such-tag" export --db "$db" --format "$fmt" --from derived --at no-such-tag
    done
    run export-bpf-helper-defs export --db "$db" --format bpf-helper-defs
    for tag in "${tags[@]}"; do
        run "export-bpf-helper-defs-at-$tag" export --db "$db" --format bpf-helper-defs --at "$tag"
    done
    run export-bpf-helper-defs-out export --db "$db" --format bpf-helper-defs --out "$D/files/bpf_helper_defs.h"

    # ---- check: the facts, and each derived export against the facts again
    run check check --db "$db"
    local name
    for fmt in kfuncs helpers-functions; do
        for name in "export-$fmt-from-derived" "${tags[@]/#/export-$fmt-from-derived-at-}"; do
            [[ $(rc_of "$name") == 0 ]] || continue
            cp -- "$D/$name.out" "$D/files/$name.yaml"
            tag=${name#export-$fmt-from-derived}
            tag=${tag#-at-}
            run "check-against-$name" check --db "$db" --against "$D/files/$name.yaml" ${tag:+--at "$tag"}
        done
    done

    # ---- query and show
    run query-all-json query --db "$db" --json "${all[@]}"
    run query-sample query --db "$db" "${sample[@]}"
    run query-sample-json query --db "$db" --json "${sample[@]}"
    local i=0 n
    for n in "${sample[@]}"; do
        i=$((i + 1))
        run "show-$(printf %03d $i)-$n" show --db "$db" "$n"
        run "show-$(printf %03d $i)-$n-json" show --db "$db" --json "$n"
    done
    run complete-names-all __complete-names --db "$db" ""
    run complete-names-prefix __complete-names --db "$db" "${sample[0]:0:4}"
    run query-unknown query --db "$db" "${sample[0]}x"
    run query-unknown-json query --db "$db" --json "${sample[0]}x"
    run show-unknown show --db "$db" "${sample[0]}x"
    if [[ $which != gitgit ]]; then
        local mode j
        for mode in helpers kfuncs; do
            for j in "" json; do
                run "query-types-$mode${j:+-json}" query --db "$db" --"$mode" ${j:+--json} "${PAIR_TYPES[@]}"
                [[ $which == kernel ]] || continue  # libbpf: no types' facts, one of each is enough
                for tag in "${tags[@]}"; do
                    run "query-types-$mode${j:+-json}-at-$tag" query --db "$db" --"$mode" ${j:+--json} --at "$tag" \
                        "${PAIR_TYPES[@]}"
                done
            done
        done
    fi

    # ---- docs timeline
    run docs-timeline docs timeline --db "$db" --out "$D/files/timeline.md"
    local -a written=("$D"/files/*)
    [[ -e ${written[0]} ]] && normalize "${written[@]}"

    normalize "$D/commands.txt"
    local snap_s; snap_s=$(since "$t1")
    if [[ ${KEEP_DB:-0} != 1 ]]; then rm -f -- "$db" "$db.lock" "$db-journal" "$db-wal" "$db-shm"; fi
    say "$which: index ${index_s} s, snapshot ${snap_s} s, $(grep -c . "$D/commands.txt") commands," \
        "$(du -sh -- "$D" | cut -f1) in $D"
}

t_all=$EPOCHREALTIME
say "binary $KSINCE (sha256 $(sha256sum -- "$KSINCE" | cut -c1-16)), source $SRC, out $OUT"
help_snapshot
for w in "${WHICH[@]}"; do
    say "$w: indexing"
    snapshot "$w"
done
say "done in $(since "$t_all") s: compare with  diff -r OUT_A OUT_B"

#!/bin/sh
# Writes bpf_helper_defs.h from libbpf's include/uapi/linux/bpf.h at every
# release tag and compares it byte for byte with libbpf's committed
# src/bpf_helper_defs.h at that tag (GENERATORS.md section 9).
#
#   bench/helper_defs_bench.sh [LIBBPF_GIT_DIR] [WRITER]
#
# LIBBPF_GIT_DIR defaults to /work/.mirror/libbpf+libbpf/repo, WRITER to
# build/tests/write_helper_defs. Prints one line per tag: "equal", "differs"
# (with the first differing line) or "refused" (the writer's error), and a
# summary for the tags from v1.5.0 on, which must all be equal (exit 1 if not).
set -u
git_dir=${1:-/work/.mirror/libbpf+libbpf/repo}
writer=${2:-build/tests/write_helper_defs}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

total=0 equal=0 new_total=0 new_equal=0
for tag in $(git --git-dir="$git_dir" tag --sort=v:refname); do
  total=$((total + 1))
  case $tag in
    v0.*|v1.[0-4].*) new=0 ;;
    *) new=1; new_total=$((new_total + 1)) ;;
  esac
  if ! git --git-dir="$git_dir" show "$tag:include/uapi/linux/bpf.h" > "$tmp/bpf.h" 2>/dev/null; then
    echo "$tag: no include/uapi/linux/bpf.h"; continue
  fi
  if ! git --git-dir="$git_dir" show "$tag:src/bpf_helper_defs.h" > "$tmp/want.h" 2>/dev/null; then
    echo "$tag: no src/bpf_helper_defs.h committed"; continue
  fi
  if ! "$writer" "$tmp/bpf.h" > "$tmp/got.h" 2> "$tmp/err"; then
    echo "$tag: refused: $(head -c 300 "$tmp/err" | sed "s|$tmp/||")"; continue
  fi
  if cmp -s "$tmp/got.h" "$tmp/want.h"; then
    equal=$((equal + 1)); [ $new = 1 ] && new_equal=$((new_equal + 1))
    echo "$tag: equal ($(wc -c < "$tmp/want.h") bytes)"
  else
    lines=$(diff "$tmp/want.h" "$tmp/got.h" | grep -c '^[<>]')
    # Older printers: what is left once their known differences are undone.
    # The head is everything before the first helper's comment.
    awk 'f||/^\/\*$/{f=1} f' "$tmp/want.h" > "$tmp/want.body"
    awk 'f||/^\/\*$/{f=1} f' "$tmp/got.h" | sed 's/(\* const /(*/' > "$tmp/got.body"
    awk '/^\/\*$/{exit} 1' "$tmp/want.h" > "$tmp/want.head"
    awk '/^\/\*$/{exit} 1' "$tmp/got.h" > "$tmp/got.head"
    how=""
    cmp -s "$tmp/want.head" "$tmp/got.head" || how="head (file comment, forward declarations)"
    if grep -q '(\* const ' "$tmp/want.h"; then :; else how="$how${how:+; }no 'const' in the pointers"; fi
    if cmp -s "$tmp/want.body" "$tmp/got.body"; then
      echo "$tag: differs only in: $how ($lines lines)"
    else
      blines=$(diff "$tmp/want.body" "$tmp/got.body" | grep -c '^[<>]')
      first=$(diff "$tmp/want.body" "$tmp/got.body" | grep '^[<>]' | head -2 | tr '\n' '|')
      echo "$tag: differs in: $how${how:+; }and $blines other lines, first: $first"
    fi
  fi
done
echo "all tags: $equal / $total equal"
echo "from v1.5.0: $new_equal / $new_total equal"

# The two-release kernel repository (bench/make-kernel-repo.sh), if present:
# v6.1 still has the FN(name) list without ids. Helper ids are ABI and never
# change, so every name -> id the writer gives there must be the one libbpf's
# newest header gives.
kernel=${KERNEL_GIT_DIR:-/work/kernel-repo}
ids() { sed -n 's/^static .*(\*\( const\)\? *\([a-z_0-9]*\)).* = (void \*) \([0-9]*\);$/\2 \3/p'; }
if [ -d "$kernel" ]; then
  newest=$(git --git-dir="$git_dir" tag --sort=-v:refname | head -1)
  git --git-dir="$git_dir" show "$newest:src/bpf_helper_defs.h" | ids | sort > "$tmp/libbpf.ids"
  for tag in $(git --git-dir="$kernel" tag --sort=v:refname); do
    git --git-dir="$kernel" show "$tag:include/uapi/linux/bpf.h" > "$tmp/k.h" || continue
    "$writer" --summary "$tmp/k.h" | sed "s|$tmp/k.h|kernel $tag bpf.h|"
    if "$writer" "$tmp/k.h" > "$tmp/k.defs" 2> "$tmp/err"; then
      ids < "$tmp/k.defs" | sort > "$tmp/k.ids"
      n=$(wc -l < "$tmp/k.ids")
      bad=$(comm -23 "$tmp/k.ids" "$tmp/libbpf.ids" | wc -l)
      echo "kernel $tag: header written, $n helpers, $bad with an id other than libbpf $newest's"
    else
      echo "kernel $tag: refused: $(head -c 300 "$tmp/err")"
    fi
  done
fi
[ "$new_equal" = "$new_total" ]

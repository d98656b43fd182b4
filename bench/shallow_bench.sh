#!/usr/bin/env bash
# The commit search in a shallow clone against the same search in the full
# repository, in one run, on git/git: a bare clone --depth DEPTH of the newest
# of TAGS, the other tags fetched at the same depth (as users make one); names
# are the C functions `git diff` adds between the oldest and newest tag.
# Prints both commit-search times and checks that the shallow clone's export
# equals the full repository's where the depth covers every range (exit 1 if
# not). A shallow clone's chains are walked by ksince itself (libgit2 1.5 has
# no grafts): this measures that walk against libgit2's revwalk.
# usage: bench/shallow_bench.sh [KSINCE] [GIT_GIT_DIR] [DEPTH]
set -euo pipefail
ksince=$(realpath "${1:-build/engine/ksince}")
repo=$(realpath "${2:-/work/.mirror/git+git/repo}")
depth=${3:-300}
tags=(v2.40.0 v2.41.0 v2.42.0 v2.43.0 v2.44.0 v2.45.0)
work=$(mktemp -d /tmp/ksince-shallow-XXXXXX)
trap 'rm -rf "$work"' EXIT
git clone -q --bare --depth "$depth" --branch "${tags[-1]}" "file://$repo" "$work/shallow.git"
for t in "${tags[@]:0:${#tags[@]}-1}"; do git -C "$work/shallow.git" fetch -q --depth "$depth" origin tag "$t"; done
git --git-dir="$repo" diff "${tags[0]}" "${tags[-1]}" -- '*.c' '*.h' |
  grep -oE '^\+[a-z_ *]*\b([a-z_][a-z0-9_]{5,})\(' | grep -oE '[a-z_][a-z0-9_]{5,}\($' | tr -d '(' |
  sort -u | head -400 > "$work/names"
python3 - "$work" "${tags[@]}" <<'PY'
import re, sys, yaml
work, tags = sys.argv[1], sys.argv[2:]
names = open(f"{work}/names").read().split()
doc = {"files": ["*.c", "*.h"], "tags": ["^(" + "|".join(re.escape(t) for t in tags) + ")$"],
       "patterns": [{"name": "g", "patterns": [{"name": n} for n in names]}]}
yaml.safe_dump(doc, open(f"{work}/p.yaml", "w"), sort_keys=False)
PY
search_seconds() { "$ksince" index --no-facts --json --repo "$1" --patterns "$work/p.yaml" --db "$2" 2>/dev/null |
  python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["commit_seconds"], r["commits_found"], r["commits_unfound"])'; }
read -r full found_full _ < <(search_seconds "$repo" "$work/full.db")
read -r shallow found_shallow cut < <(search_seconds "$work/shallow.git" "$work/shallow.db")
echo "names: $(wc -l < "$work/names"), tags: ${#tags[@]}, depth $depth, boundary commits: $(wc -l < "$work/shallow.git/shallow")"
echo "full repository: commit search ${full} s, $found_full found"
echo "shallow clone:   commit search ${shallow} s, $found_shallow found, $cut beyond the boundary"
python3 -c "print(f'ratio shallow/full: {$shallow / $full:.2f}')"
if [ "$cut" = 0 ]; then
  cmp -s <("$ksince" export --db "$work/shallow.db") <("$ksince" export --db "$work/full.db") ||
    { echo "the shallow clone's export differs from the full repository's"; exit 1; }
  echo "exports equal"
fi

#!/usr/bin/env bash
# The progress line of `docs build` and of index's commit search on a real
# terminal, with the estimate of the time left: drawn on stderr only when it
# is a terminal, never with --quiet, never on standard output. pty_hold.py
# holds the command's first write to the terminal for HOLD seconds, so that
# the next line has a pace to estimate from however fast the machine is.
. "$(dirname "$0")/lib.sh"
make_index
HOLD=2
on_tty() { python3 "$SRC/tests/shell/pty_hold.py" "$@"; }
# On a terminal: the progress lines (each drawn after "\r\033[K"), one per
# line in $drawn, the line ended by "\n" and then the rest in $after.
split_tty() {
  local tty
  tty="$(cat "$1"; echo .)"
  tty="${tty%.}"
  mapfile -t drawn < <(printf '%s' "${tty%%$'\n'*}" | sed 's/\r\x1b\[K/\n/g' | sed '1{/^$/d}')
  after="$(printf '%s' "${tty#*$'\n'}")"
}
# check_left WHAT LINE PREFIX MIN: LINE is PREFIX", about N s left", N >= MIN.
check_left() {
  local n="${2#"$3, about "}"
  n="${n% s left}"
  if [[ "$2" != "$3, about "*" s left" || ! "$n" =~ ^[0-9]+$ ]]; then fail "$1: [$2] is not [$3, about N s left]"
  elif [ "$n" -lt "$4" ]; then fail "$1: $n s left, expected at least $4: [$2]"; fi
}

# docs build over eight pages, each with a FEATURE_TAG pair.
mkdir "$TMP/docs"
for i in 1 2 3 4 5 6 7 8; do
  printf '# p%s\n\n<!-- [FEATURE_TAG](bpf_loop) -->\n<!-- [/FEATURE_TAG] -->\n' "$i" > "$TMP/docs/p$i.md"
done
build=("$KSINCE" docs build --root "$TMP/docs" --db "$TMP/k.db")
pages="$(for i in 1 2 3 4 5 6 7 8; do echo "$TMP/docs/p$i.md"; done)"

# Not a terminal: the notes on stderr, no progress.
set +e
"${build[@]}" --check > "$TMP/out" 2> "$TMP/notes"
expect_eq "check: status" 1 "$?"
set -e
expect_eq "check: stdout" "$pages" "$(cat "$TMP/out")"
[ -s "$TMP/notes" ] || fail "docs build printed no notes (no imported helpers or kfuncs, no --libbpf)"
expect_eq "not a terminal: no progress" "" "$(grep -a -e $'\r' -e 'docs build:' "$TMP/notes" || true)"

# A terminal on stderr, stdout a file: the progress there, the data here.
set +e
on_tty --stdout "$TMP/out" "$HOLD" "$TMP/tty" -- "${build[@]}" --check
expect_eq "check on a terminal: status" 1 "$?"
set -e
expect_eq "check on a terminal: stdout" "$pages" "$(cat "$TMP/out")"
split_tty "$TMP/tty"
expect_eq "first line" "docs build: page 1/8" "${drawn[0]}"
# Held for HOLD s on page 1: at least HOLD s a page for seven more.
check_left "second line" "${drawn[1]}" "docs build: page 2/8" $((7 * HOLD))
for l in "${drawn[@]:2}"; do
  [[ "$l" =~ ^docs\ build:\ page\ [3-8]/8,\ about\ [0-9]+\ s\ left$ ]] || fail "later line: [$l]"
done
# The line is ended before the notes, which follow as they are.
expect_eq "notes after the progress" "$(cat "$TMP/notes")" "$after"

# Writing: the last line says so.
on_tty --stdout "$TMP/out" 0 "$TMP/tty" -- "${build[@]}"
expect_eq "build: stdout" "0 blocks rendered in 8 pages; 8 pages rewritten" "$(cat "$TMP/out")"
split_tty "$TMP/tty"
expect_eq "writing" "docs build: writing 8 pages" "${drawn[-1]}"
expect_eq "notes after writing" "$(cat "$TMP/notes")" "$after"

# --quiet on a terminal: only the notes.
on_tty 0 "$TMP/tty" -- "${build[@]}" --quiet
expect_eq "quiet" "$(cat "$TMP/notes")" "$(cat "$TMP/tty")"

# index's commit search: KS_NEW comes in on the 7th of 16 commits between
# v1.0 and v2.0, so each round halves 16 commits down to one, and one more
# round reads its parents: 5 rounds.
git init -q "$TMP/r2"
mkdir "$TMP/r2/include"
commit() {
  git -C "$TMP/r2" add -A
  GIT_AUTHOR_DATE=@$1 GIT_COMMITTER_DATE=@$1 git -C "$TMP/r2" -c user.name=t -c user.email=t@t commit -q -m "c$1"
}
tag() { git -C "$TMP/r2" -c user.name=t -c user.email=t@t tag -a -m "$1" "$1"; }
echo 'int old;' > "$TMP/r2/include/a.h"
commit 1500000000
tag v1.0
for i in $(seq 1 16); do
  echo "int n$i;" >> "$TMP/r2/include/a.h"
  [ "$i" -ne 7 ] || echo 'int KS_NEW;' >> "$TMP/r2/include/a.h"
  commit $((1500000000 + i))
done
tag v2.0
cat > "$TMP/p2.yaml" <<'YAML'
files: [include/*]
tags: ['^v']
patterns:
  - name: g
    patterns:
      - name: KS_NEW
YAML
index=("$KSINCE" index --repo "$TMP/r2" --patterns "$TMP/p2.yaml" --db "$TMP/k2.db" --no-facts)
"${index[@]}" > /dev/null 2> "$TMP/err"
expect_eq "index: no progress off a terminal" "" "$(cat "$TMP/err")"
# The state a run stopped before its commit search leaves: the versions
# saved, the commit not searched. The next run does only the search.
unsearch() { sqlite3 "$TMP/k2.db" "UPDATE features SET commit_searched = 0, commit_oid = ''"; }
unsearch
"${index[@]}" > "$TMP/summary" 2> "$TMP/err"
expect_eq "commit search: no progress off a terminal" "" "$(cat "$TMP/err")"
answer="$("$KSINCE" query --json --db "$TMP/k2.db" KS_NEW)"
expect_has "commit found" "\"$(git -C "$TMP/r2" log --format=%H -S KS_NEW)\"" "$answer"

unsearch
on_tty --stdout "$TMP/out" "$HOLD" "$TMP/tty" -- "${index[@]}"
split_tty "$TMP/tty"
expect_eq "commit search: round 1" "finding commits: round 1 of about 5, 1 searches open, 0 commits checked" \
  "${drawn[0]}"
# Held for HOLD s in round 1: at least HOLD s a round for four more.
[[ "${drawn[1]}" =~ ^(finding commits: round 2 of about 5, 1 searches open, [0-9]+ commits checked), ]] ||
  fail "round 2: [${drawn[1]}]"
check_left "round 2" "${drawn[1]}" "${BASH_REMATCH[1]}" $((4 * HOLD))
for l in "${drawn[@]:2}"; do
  [[ "$l" =~ ^finding\ commits:\ round\ [3-5]\ of\ about\ 5,\ 1\ searches\ open,\ [0-9]+\ commits\ checked,\ about\ [0-9]+\ s\ left$ ]] ||
    fail "later round: [$l]"
done
expect_eq "commit search: ${#drawn[@]} rounds" 5 "${#drawn[@]}"
expect_eq "commit search: nothing after the line" "" "$after"
# The same summary as off a terminal, but for the times.
untimed() { sed -E 's/[0-9]+\.[0-9]+ s/T s/g' "$1"; }
expect_eq "commit search: stdout" "$(untimed "$TMP/summary")" "$(untimed "$TMP/out")"
expect_eq "commit search: same answer" "$answer" "$("$KSINCE" query --json --db "$TMP/k2.db" KS_NEW)"

unsearch
on_tty --stdout "$TMP/out" 0 "$TMP/tty" -- "${index[@]}" --quiet
expect_eq "commit search --quiet" "" "$(cat "$TMP/tty")"
finish

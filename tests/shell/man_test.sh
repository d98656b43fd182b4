#!/usr/bin/env bash
# The man pages render without warnings, and carry --help's content: every
# line of `ksince CMD --help` (but its headings) is in the rendered page.
# usage: man_test.sh KSINCE SRC MANDIR
. "$(dirname "$0")/lib.sh"
MANDIR="$3"
norm() { sed 's/\xe2\x80\x90/-/g; s/\xe2\x88\x92/-/g' | tr -s ' \t\n' ' '; }
pages=(ksince index query show history compat export status import check docs "docs build" "docs tags" "docs timeline")
for cmd in "${pages[@]}"; do
  if [ "$cmd" = ksince ]; then page=ksince; words=(); else page="ksince-${cmd// /-}"; words=($cmd); fi
  file="$MANDIR/$page.1"
  [ -f "$file" ] || { fail "$file missing"; continue; }
  warnings="$(MANWIDTH=80 man -l --warnings "$file" 2>&1 >/dev/null)"
  expect_eq "$page: warnings" "" "$warnings"
  # Wide enough that nothing wraps or hyphenates.
  text=" $(MANWIDTH=2000 man -l "$file" 2>/dev/null | col -b | norm) "
  expect_has "$page: NAME" "$page - " "$text"
  n=0
  while IFS= read -r line; do
    case "$line" in ""|[a-z]*:) continue;; esac
    line="${line#usage: }"
    want="$(printf '%s' "$line" | norm)"
    want="${want# }"
    expect_has "$page: help line" "$want" "$text"
    n=$((n + 1))
  done < <("$KSINCE" "${words[@]}" --help)
  [ "$n" -gt 3 ] || fail "$page: only $n help lines"
done
warnings="$(MANWIDTH=80 man -l --warnings "$SRC/docs/ksince-patterns.5" 2>&1 >/dev/null)"
expect_eq "ksince-patterns(5): warnings" "" "$warnings"
expect_has "ksince-patterns(5)" "regexes" "$(MANWIDTH=80 man -l "$SRC/docs/ksince-patterns.5" 2>/dev/null)"
finish

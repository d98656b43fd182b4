#!/usr/bin/env bash
# Output fits the terminal and scripts: --quiet and --verbose on index and
# docs build; colour on a terminal only (a pty made by script(1)), never with
# NO_COLOR or into a pipe.
. "$(dirname "$0")/lib.sh"
make_index >/dev/null
db="$TMP/k.db"
idx() { "$KSINCE" index --repo "$TMP/repo" --patterns "$TMP/p.yaml" --db "$TMP/$1" "${@:2}"; }

out="$(idx a.db 2>"$TMP/err")"
expect_has "index: summary" "indexed 1 tags, 2 patterns" "$out"
out="$(idx b.db --quiet 2>"$TMP/err")"
expect_eq "index --quiet: stdout" "" "$out"
expect_eq "index --quiet: stderr" "" "$(cat "$TMP/err")"
expect_eq "index --quiet: same index" "$("$KSINCE" export --db "$TMP/a.db")" "$("$KSINCE" export --db "$TMP/b.db")"
out="$(idx c.db --verbose)"
expect_has "index --verbose: summary" "indexed 1 tags, 2 patterns" "$out"
expect_has "index --verbose: phases" "  names: walk " "$out"
expect_has "index --verbose: facts" "  facts: derived, " "$out"

mkdir "$TMP/docs"
printf '# loop\n\n<!-- [FEATURE_TAG](bpf_loop) -->\n<!-- [/FEATURE_TAG] -->\n' > "$TMP/docs/loop.md"
cp -r "$TMP/docs" "$TMP/docs2"
cp -r "$TMP/docs" "$TMP/docs3"
out="$("$KSINCE" docs build --root "$TMP/docs" --db "$db" 2>/dev/null)"
expect_has "docs build: summary" "pages rewritten" "$out"
out="$("$KSINCE" docs build --root "$TMP/docs2" --db "$db" --quiet 2>/dev/null)"
expect_eq "docs build --quiet" "" "$out"
cmp -s "$TMP/docs/loop.md" "$TMP/docs2/loop.md" || fail "docs build --quiet wrote another page"
grep -q ":octicons-tag-24: v1.0" "$TMP/docs2/loop.md" || fail "docs build --quiet did not write: $(cat "$TMP/docs2/loop.md")"
out="$("$KSINCE" docs build --root "$TMP/docs3" --db "$db" --verbose 2>/dev/null)"
expect_has "docs build --verbose" "  rewrote $TMP/docs3/loop.md" "$out"

# Colour: "error:" bold red on a terminal only.
esc=$'\033[1;31merror:\033[0m'

err_cmd="$KSINCE query --db $TMP/none.db x"
expect_has "colour on a terminal" "ksince: $esc" "$(env -u NO_COLOR TERM=xterm script -qec "$err_cmd" /dev/null)"
expect_has "NO_COLOR" "ksince: error: " "$(NO_COLOR=1 TERM=xterm script -qec "$err_cmd" /dev/null)"
case "$(NO_COLOR=1 TERM=xterm script -qec "$err_cmd" /dev/null)" in *$'\033'*) fail "colour despite NO_COLOR";; esac
piped="$(env -u NO_COLOR TERM=xterm $err_cmd 2>&1 || true)"
expect_has "pipe" "ksince: error: " "$piped"
case "$piped" in *$'\033'*) fail "colour into a pipe";; esac
finish

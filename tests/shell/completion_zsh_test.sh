#!/usr/bin/env bash
# The zsh completion (completions/_ksince) in a real zsh with its completion
# system (compinit): subcommands, options, option values and indexed names
# (read from the index named by --db); and every option each --help lists.
# zsh completes only inside its line editor: zsh_complete.zsh drives one on
# a pseudo-terminal and records the matches.
. "$(dirname "$0")/lib.sh"
make_index
mkdir "$TMP/bin"
ln -s "$KSINCE" "$TMP/bin/ksince"

# complete LINE: the matches zsh offers at the end of LINE, sorted, one line
# (run in $TMP, or in $2).
complete_line() {
  (cd "${2:-$TMP}" && PATH="$TMP/bin:$PATH" TMPDIR="$TMP" \
     timeout 60 zsh -f "$SRC/tests/shell/zsh_complete.zsh" "$SRC/completions" "$1") | tr '\n' ' '
}
expect_eq "subcommand" "query " "$(complete_line 'ksince qu')"
expect_eq "subcommands" "--help --version check docs export import index query show status version " "$(complete_line 'ksince ')"
expect_eq "docs subcommand" "build " "$(complete_line 'ksince docs b')"
expect_eq "docs subcommands" "build tags timeline " "$(complete_line 'ksince docs ')"
expect_eq "option" "--format " "$(complete_line 'ksince export --fo')"
expect_eq "option of docs build" "--btf --btf-missing " "$(complete_line 'ksince docs build --bt')"
expect_eq "option after --db" "--json " "$(complete_line "ksince status --db $TMP/k.db --j")"
expect_eq "format value" "helpers-functions " "$(complete_line 'ksince export --format he')"
expect_eq "all formats" "bpf-helper-defs helpers-functions json kfuncs yaml " \
  "$(complete_line 'ksince export --format ')"
expect_eq "tag order" "date version " "$(complete_line 'ksince index --tag-order ')"
expect_eq "from" "derived imported " "$(complete_line 'ksince export --from ')"
expect_eq "btf-missing" "error keep " "$(complete_line 'ksince docs build --btf-missing ')"
expect_eq "indexed name" "bpf_loop " "$(complete_line "ksince query --db $TMP/k.db bpf_l")"
expect_eq "indexed names" "bpf_loop bpf_timer_init " "$(complete_line "ksince show --db $TMP/k.db bpf_")"
expect_eq "second name" "bpf_loop bpf_timer_init " "$(complete_line "ksince query --db $TMP/k.db bpf_loop bpf_")"
# The default index is ./ksince.db.
cp "$TMP/k.db" "$TMP/ksince.db"
expect_eq "default db" "bpf_timer_init " "$(complete_line 'ksince query bpf_t')"
expect_eq "no index" "" "$(complete_line 'ksince query bpf_' "$TMP/bin")"

# Every option --help lists is completed, and no other (as completion_test.sh
# reads them; -h and --help are zsh's and bash's alike).
for cmd in index query show export status import check "docs build" "docs tags" "docs timeline"; do
  listed="$("$KSINCE" $cmd --help | sed -n 's/^  \(-\([a-zA-Z]\) \[ \)\{0,1\}\(--[a-z][a-z-]*\).*/\3 -\2/p' |
            tr ' ' '\n' | grep -vx -e - -e --name -e --file | sort | tr '\n' ' ')"
  expect_eq "ksince $cmd: options" "$listed" "$(complete_line "ksince $cmd -" | tr ' ' '\n' | grep . | sort | tr '\n' ' ')"
done
finish

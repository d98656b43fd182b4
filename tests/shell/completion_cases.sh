# The cases of the zsh and fish completion tests, sourced by each after it
# defines complete_line LINE [DIR] (the candidates offered at the end of
# LINE, sorted, on one line) and TOP_LEVEL (what it offers after "ksince ").
expect_eq "subcommand" "query " "$(complete_line 'ksince qu')"
expect_eq "subcommands" "$TOP_LEVEL" "$(complete_line 'ksince ')"
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
# reads them; -h and --help are every shell's alike).
for cmd in index query show history compat export status import check "docs build" "docs tags" "docs timeline"; do
  listed="$("$KSINCE" $cmd --help | sed -n 's/^  \(-\([a-zA-Z]\) \[ \)\{0,1\}\(--[a-z][a-z-]*\).*/\3 -\2/p' |
            tr ' ' '\n' | grep -vx -e - -e --name -e --file | sort | tr '\n' ' ')"
  expect_eq "ksince $cmd: options" "$listed" "$(complete_line "ksince $cmd -" | tr ' ' '\n' | grep . | sort | tr '\n' ' ')"
done

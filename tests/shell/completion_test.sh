#!/usr/bin/env bash
# The bash completion in a real bash without the bash-completion package:
# subcommands, options, option values and indexed names (read from the index
# named by --db); and every option each --help lists is offered.
. "$(dirname "$0")/lib.sh"
make_index
mkdir "$TMP/bin"
ln -s "$KSINCE" "$TMP/bin/ksince"

# complete WORDS...: what _ksince offers for the last word, sorted, one line.
complete_words() {
  PATH="$TMP/bin:$PATH" bash --norc --noprofile -c '
    . "$0"
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
    _ksince
    [ ${#COMPREPLY[@]} -eq 0 ] || printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' "$SRC/completions/ksince.bash" "$@"
}
expect_eq "complete -p" "complete -F _ksince ksince" \
  "$(bash --norc --noprofile -c '. "$0"; complete -p ksince' "$SRC/completions/ksince.bash")"
expect_eq "subcommand" "query " "$(complete_words ksince qu)"
expect_eq "subcommands" "docs " "$(complete_words ksince do)"
expect_eq "docs subcommand" "build " "$(complete_words ksince docs b)"
expect_eq "option" "--format " "$(complete_words ksince export --fo)"
expect_eq "option of docs build" "--btf --btf-missing " "$(complete_words ksince docs build --bt)"
expect_eq "format value" "helpers-functions " "$(complete_words ksince export --format he)"
expect_eq "all formats" "bpf-helper-defs helpers-functions json kfuncs yaml " \
  "$(complete_words ksince export --format '')"
expect_eq "tag order" "date version " "$(complete_words ksince index --tag-order '')"
expect_eq "from" "derived imported " "$(complete_words ksince export --from '')"
expect_eq "btf-missing" "error keep " "$(complete_words ksince docs build --btf-missing '')"
expect_eq "indexed name" "bpf_loop " "$(complete_words ksince query --db "$TMP/k.db" bpf_l)"
expect_eq "indexed names" "bpf_loop bpf_timer_init " "$(complete_words ksince show --db "$TMP/k.db" bpf_)"
# The default index is ./ksince.db.
expect_eq "default db" "bpf_timer_init " "$(cd "$TMP" && cp k.db ksince.db && complete_words ksince query bpf_t)"
expect_eq "no index" "" "$(cd "$TMP/bin" && complete_words ksince query bpf_)"

# Every option --help lists is completed (so new options are not forgotten).
for cmd in index query show history compat export status import check "docs build" "docs tags" "docs timeline"; do
  offered="$(complete_words ksince $cmd -)"
  # The options section's lines "  --opt ..." or "  -j [ --jobs ] ..."; not the
  # positional arguments (NAME, FILE), which are given bare.
  for opt in $("$KSINCE" $cmd --help | sed -n 's/^  \(-[a-zA-Z] \[ \)\{0,1\}\(--[a-z][a-z-]*\).*/\2/p' |
               grep -vx -e --name -e --file); do
    expect_has "ksince $cmd: $opt completed" " $opt " " $offered"
  done
done

# __complete-names: exact prefix semantics ('_' is not a wildcard).
expect_eq "__complete-names" "bpf_loop" "$("$KSINCE" __complete-names --db "$TMP/k.db" bpf_l)"
expect_eq "__complete-names underscore" "" "$("$KSINCE" __complete-names --db "$TMP/k.db" bpfxl)"
finish

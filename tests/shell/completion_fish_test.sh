#!/usr/bin/env bash
# The fish completion (completions/ksince.fish) in a real fish, asked with
# `complete -C` as fish asks it on Tab: subcommands, options, option values
# and indexed names (read from the index named by --db); and every option
# each --help lists.
. "$(dirname "$0")/lib.sh"
make_index
mkdir "$TMP/bin"
ln -s "$KSINCE" "$TMP/bin/ksince"

# complete LINE: the candidates fish offers at the end of LINE (without their
# descriptions), sorted, one line (run in $TMP, or in $2).
complete_line() {
  (cd "${2:-$TMP}" && PATH="$TMP/bin:$PATH" \
     timeout 60 fish --no-config -c 'source $argv[1]; complete -C $argv[2]' "$SRC/completions/ksince.fish" "$1") |
    cut -f1 | sort | tr '\n' ' '
}
TOP_LEVEL="check compat docs export history import index query show status version "
. "$(dirname "$0")/completion_cases.sh"
finish

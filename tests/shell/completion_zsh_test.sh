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
# zsh offers the global options too.
TOP_LEVEL="--help --version check compat docs export history import index query show status version "
. "$(dirname "$0")/completion_cases.sh"
finish

#!/usr/bin/env bash
# `cmake --install` into a temporary prefix: the binary, patterns, data,
# completions and man pages land in the standard places, and work from there.
# usage: install_test.sh KSINCE SRC BUILDDIR
. "$(dirname "$0")/lib.sh"
BUILD="$3"
prefix="$TMP/prefix"
cmake --install "$BUILD" --prefix "$prefix" >/dev/null
for f in bin/ksince share/ksince/patterns/ebpf.yaml share/ksince/data/kfunc-gen.yaml \
         share/ksince/data/program-types.yaml share/bash-completion/completions/ksince \
         share/zsh/vendor-completions/_ksince share/fish/vendor_completions.d/ksince.fish \
         share/man/man1/ksince.1 share/man/man1/ksince-query.1 share/man/man1/ksince-docs-build.1 \
         share/man/man5/ksince-patterns.5; do
  [ -f "$prefix/$f" ] || fail "$f not installed"
done
cmp -s "$SRC/patterns/ebpf.yaml" "$prefix/share/ksince/patterns/ebpf.yaml" || fail "ebpf.yaml differs"
expect_eq "installed --version" "$("$KSINCE" --version)" "$("$prefix/bin/ksince" --version)"
# The installed completion, with the installed binary first on PATH.
make_index
expect_eq "installed completion" "bpf_loop" "$(PATH="$prefix/bin:$PATH" bash --norc --noprofile -c '
  . "$0"; COMP_WORDS=(ksince query --db "$1" bpf_l); COMP_CWORD=4; _ksince; echo "${COMPREPLY[*]}"' \
  "$prefix/share/bash-completion/completions/ksince" "$TMP/k.db")"
# man finds the installed pages by name through MANPATH.
page="$(MANPATH="$prefix/share/man" MANWIDTH=80 man ksince-query 2>&1)"
expect_has "man ksince-query" "ksince-query - print what the index knows about names" "$(printf '%s' "$page" | col -b | sed 's/\xe2\x80\x90/-/g')"
page="$(MANPATH="$prefix/share/man" MANWIDTH=80 man 5 ksince-patterns 2>&1)"
expect_has "man 5 ksince-patterns" "KSINCE-PATTERNS(5)" "$page"
finish

#!/usr/bin/env bash
# An unknown name is helped: a typo gets the nearest indexed names; a word
# that is in the repository but not in the patterns file gets its place and
# how to add it; a name found nowhere is said to be nowhere. Exit 1 each time.
. "$(dirname "$0")/lib.sh"
make_index
q() { "$KSINCE" "$@" --db "$TMP/k.db" 2>&1 >/dev/null && echo "exit 0" || echo "exit $?"; }

out="$(q query bpf_lop)"
expect_has "typo" "ksince: bpf_lop: unknown name" "$out"
expect_has "typo" "ksince: did you mean bpf_loop?" "$out"
expect_has "typo status" "exit 1" "$out"
expect_has "typo, show" "did you mean bpf_loop?" "$(q show bpf_lopo)"
expect_has "case" "did you mean bpf_loop?" "$(q query BPF_LOOP)"

out="$(q query KS_ONLY_IN_REPO)"
expect_has "only in repo" "KS_ONLY_IN_REPO is in the repository (include/a.h:2 at v1.0) but not in $TMP/p.yaml" "$out"
expect_has "only in repo: how" "- name: KS_ONLY_IN_REPO" "$out"
expect_has "only in repo status" "exit 1" "$out"
case "$out" in *"did you mean"*) fail "only in repo: no near name expected: $out";; esac

out="$(q query KS_NOWHERE_AT_ALL)"
expect_has "nowhere" "KS_NOWHERE_AT_ALL is not in the repository's files either" "$out"
expect_has "nowhere status" "exit 1" "$out"
case "$out" in *"did you mean"*|*"is in the repository"*) fail "nowhere: $out";; esac
finish

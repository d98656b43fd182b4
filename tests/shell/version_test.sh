#!/usr/bin/env bash
# --version alone, after any subcommand, and `ksince version`: one text whose
# lines are the release (CMakeLists.txt's project version), the schema version
# (an index's PRAGMA user_version, read by sqlite3) and the match semantics.
. "$(dirname "$0")/lib.sh"
make_index
release="$(sed -n 's/^project(ksince VERSION \([0-9.]*\).*/\1/p' "$SRC/CMakeLists.txt")"
schema="$(sqlite3 "$TMP/k.db" 'PRAGMA user_version')"
expect_eq "schema files" "$(ls "$SRC"/schema/*.sql | wc -l)" "$schema"
# The semantics versions as the source defines them (engine/scan/matcher.h).
literal="$(sed -n 's/^ *int literal = \([0-9]*\);.*/\1/p' "$SRC/engine/scan/matcher.h")"
regex="$(sed -n 's/^ *int regex = \([0-9]*\);.*/\1/p' "$SRC/engine/scan/matcher.h")"
[ -n "$literal" ] && [ -n "$regex" ] || fail "no semantics versions found in engine/scan/matcher.h"
want="ksince $release
schema version $schema
match semantics: literal $literal, regex $regex"
for args in "--version" "version" "query --version" "query bpf_loop --version" "index --version" \
            "docs build --version" "export --format yaml --version"; do
  out="$("$KSINCE" $args)" || fail "ksince $args: exit $?"
  expect_eq "ksince $args" "$want" "$out"
done
finish

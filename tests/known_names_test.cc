// The names `query` and `show` know: prefixes for completion, edit distance
// and the nearest names for suggestions, on a real index.
#include <doctest/doctest.h>

#include "git_fixture.h"
#include "store/known_names.h"
#include "store/store.h"

using namespace ksince;
using namespace ksince::test;

TEST_CASE("edit_distance: Levenshtein, bounded") {
  CHECK(edit_distance("kitten", "sitting", 5) == 3);  // the textbook pair
  CHECK(edit_distance("bpf_lop", "bpf_loop", 3) == 1);
  CHECK(edit_distance("flaw", "lawn", 5) == 2);
  CHECK(edit_distance("", "abc", 5) == 3);
  CHECK(edit_distance("same", "same", 0) == 0);
  CHECK(edit_distance("kitten", "sitting", 1) == 2);  // past the bound: bound + 1
  CHECK(edit_distance("a", "abcdef", 2) == 3);
}

TEST_CASE("known names: prefixes are exact ('_' is no wildcard) and suggestions nearest first") {
  TempDir tmp;
  std::string db = tmp.file("k.db");
  {
    Store store(db, Store::Mode::Create);
    store.exec("INSERT INTO matchers(id, spec) VALUES (1, '{\"w\":[\"x\"]}');"
               "INSERT INTO patterns(group_name, name, matcher_id, group_position, position) VALUES "
               "('g', 'bpf_loop', 1, 0, 0), ('g', 'bpf_lookup', 1, 0, 1), ('g', 'bpfXloop', 1, 0, 2);"
               "INSERT INTO patterns(group_name, name, matcher_id, group_position, position, active) VALUES "
               "('g', 'bpf_gone', 1, 0, 3, 0);"
               "INSERT INTO derived_facts(kind, key) VALUES ('prog_helper', 'BPF_PROG_TYPE_XDP bpf_loop_extra');");
  }
  Store store(db, Store::Mode::ReadOnly);
  CHECK(names_with_prefix(store, "bpf_", 10) ==
        std::vector<std::string>{"bpf_lookup", "bpf_loop", "bpf_loop_extra"});  // not bpfXloop, not inactive
  CHECK(names_with_prefix(store, "bpf_", 1) == std::vector<std::string>{"bpf_lookup"});
  CHECK(names_with_prefix(store, "nothing", 10).empty());
  CHECK(nearest_names(store, "bpf_lop", 3) == std::vector<std::string>{"bpf_loop", "bpfXloop"});
  CHECK(nearest_names(store, "BPF_LOOKUP", 3) == std::vector<std::string>{"bpf_lookup", "bpf_loop", "bpfXloop"});  // 0, 2, 3
  CHECK(nearest_names(store, "completely_else", 3).empty());
  // A known name is never its own suggestion (show reads patterns only, and
  // a derived fact's name once read "did you mean bpf_loop_extra?").
  CHECK(nearest_names(store, "bpf_loop", 3) == std::vector<std::string>{"bpfXloop", "bpf_lookup"});
  CHECK(nearest_names(store, "bpf_loop_extra", 3).empty());
}

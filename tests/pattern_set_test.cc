#include <doctest/doctest.h>

#include "util/error.h"
#include "git_fixture.h"
#include "scan/matcher.h"
#include "scan/pattern_set.h"

using namespace ksince;

namespace {

std::string error_of(const std::string& yaml) {
  try {
    parse_pattern_set(yaml, "p.yaml");
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("pattern_set: the reference's format") {
  PatternSet ps = parse_pattern_set(
      "files: [arch/*, include/*]\n"
      "tags: ['^v4']\n"
      "patterns:\n"
      "  - name: g1\n"
      "    patterns:\n"
      "    - name: A\n"
      "    - name: B\n"
      "      regexes: ['B(1|2)', 'C']\n"
      "  - name: g2\n"
      "    patterns:\n"
      "    - name: A\n",
      "p.yaml");
  CHECK(ps.files == std::vector<std::string>{"arch/*", "include/*"});
  CHECK(ps.groups == std::vector<std::string>{"g1", "g2"});
  REQUIRE(ps.patterns.size() == 3);
  CHECK(ps.patterns[0].match.literal);
  CHECK(ps.patterns[0].match.exprs == std::vector<std::string>{"A"});
  CHECK_FALSE(ps.patterns[1].match.literal);
  CHECK(ps.patterns[1].match.exprs == std::vector<std::string>{"B(1|2)", "C"});
  CHECK(ps.patterns[1].line == 7);
  CHECK(ps.patterns[2].group == "g2");
  // Same name, same matcher: one cache entry serves both; another
  // expression, or the same text as a regex, is another matcher.
  CHECK(matcher_key(ps.patterns[0].match) == matcher_key(ps.patterns[2].match));
  CHECK(matcher_key(ps.patterns[0].match) != matcher_key(ps.patterns[1].match));
  MatchSpec as_regex = ps.patterns[0].match;
  as_regex.literal = false;
  CHECK(matcher_key(as_regex) != matcher_key(ps.patterns[0].match));
}

TEST_CASE("pattern_set: errors give file, line and column") {
  CHECK(error_of("tags: [a\npatterns: [").find("p.yaml:") == 0);
  CHECK(error_of("tags: ['^v']\npatterns:\n  - name: g\n    patterns:\n    - nme: X\n")
            .find("p.yaml:5:7: unknown key 'nme'") == 0);
  CHECK(error_of("tags: ['^v']\npatterns:\n  - name: g\n    patterns:\n    - name: X\n    - name: X\n"
                 "      regexes: [X1]\n")
            .find("p.yaml:6:13: pattern 'X' appears twice in group 'g' (first at line 5) with different regexes") == 0);
  CHECK(error_of("patterns: []\n").find("no 'tags' key") != std::string::npos);
  CHECK(error_of("tags: ['^v']\npatterns:\n  - name: g\n    patterns:\n    - name: ''\n")
            .find("p.yaml:5:13: a pattern's name is empty") == 0);
  CHECK(error_of("tags: ['^v']\nfiles: arch\npatterns: []\n").find("p.yaml:2:8: files must be a list") == 0);
  CHECK(error_of("- a\n- b\n").find("a patterns file is a map") != std::string::npos);
}

TEST_CASE("pattern_set: the shipped eBPF set loads, with every (group, name) once") {
  PatternSet ps = load_pattern_set(std::string(KSINCE_SOURCE_DIR) + "/patterns/ebpf.yaml");
  CHECK(ps.patterns.size() == 833);
  CHECK(ps.groups.size() == 11);
  CHECK(ps.files.size() == 11);
}

TEST_CASE("pattern_set: an entry repeated identically is one pattern, listed at both places") {
  PatternSet ps = parse_pattern_set(
      "tags: ['^v']\npatterns:\n  - name: g\n    patterns:\n    - name: X\n    - name: Y\n    - name: X\n"
      "  - name: h\n    patterns:\n    - name: X\n",
      "p.yaml");
  REQUIRE(ps.patterns.size() == 3);
  CHECK(ps.patterns[0].name == "X");
  CHECK(ps.patterns[0].position == 0);
  CHECK(ps.patterns[0].repeats == std::vector<int>{2});
  CHECK(ps.patterns[1].position == 1);
  CHECK(ps.patterns[2].group == "h");
  CHECK(ps.patterns[2].position == 3);
  CHECK(ps.warnings == std::vector<std::string>{
                           "p.yaml:7:13: pattern 'X' appears twice in group 'g' (first at line 5), identically: "
                           "indexed once, exported at both places; remove one"});
}

TEST_CASE("pattern_set: declared kinds, for a group and per pattern") {
  PatternSet ps = parse_pattern_set(
      "files: [include]\n"
      "tags: ['^v']\n"
      "patterns:\n"
      "  - name: helpers\n"
      "    kind: helper\n"
      "    patterns:\n"
      "    - name: bpf_loop\n"
      "    - name: bpf_obj_new\n"
      "      kind: word\n"
      "    - name: BPF_PROG_TYPE_XDP\n"
      "      kind: prog_type\n"
      "  - name: plain\n"
      "    patterns:\n"
      "    - name: X\n",
      "p.yaml");
  REQUIRE(ps.patterns.size() == 4);
  CHECK(ps.patterns[0].kind == "helper");    // the group's
  CHECK(ps.patterns[1].kind == "");          // word: the name, as git grep -w
  CHECK(ps.patterns[2].kind == "prog_type"); // its own beats the group's
  CHECK(ps.patterns[3].kind == "");          // nothing declared
  CHECK(error_of("files: [a]\ntags: [x]\npatterns:\n  - name: g\n    kind: helpers\n    patterns:\n"
                 "    - name: A\n") ==
        "p.yaml:5:11: unknown kind 'helpers' (expected one of: helper, prog_type, map_type, attach_type, kfunc, word)");
  std::string both = error_of("files: [a]\ntags: [x]\npatterns:\n  - name: g\n    patterns:\n"
                              "    - name: A\n      kind: helper\n      regexes: ['A|B']\n");
  CHECK(both.rfind("p.yaml:8:", 0) == 0);
  CHECK(both.find("declares kind 'helper' and regexes") != std::string::npos);
}

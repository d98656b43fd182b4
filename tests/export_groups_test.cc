// A patterns file's empty groups in the data file, through the real binary:
// written where the patterns file has them, as the reference's encoder
// (go-yaml v3, tests/yaml_oracle) writes a group without features.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "git_fixture.h"
#include "go_yaml.h"

using namespace ksince::test;

namespace {

CommandResult run_ksince(const std::string& args) { return run(shell_quote(KSINCE_BIN) + " " + args); }

struct Group {
  std::string name;
  std::vector<std::vector<std::string>> features;  // name, version, commit; none: an empty group
};

// What go-yaml writes for these groups, as the reference's version-finder
// builds them (an empty group has a nil list of features).
std::string reference_file(const std::vector<Group>& groups) {
  std::string line = "[";
  for (size_t g = 0; g < groups.size(); g++) {
    line += (g ? ", [" : "[") + go_yaml_string(groups[g].name) + ", ";
    if (groups[g].features.empty()) {
      line += "null]";
      continue;
    }
    line += "[";
    for (size_t f = 0; f < groups[g].features.size(); f++) {
      const auto& x = groups[g].features[f];
      line += std::string(f ? ", [" : "[") + go_yaml_string(x[0]) + ", " + go_yaml_string(x[1]) + ", " +
              go_yaml_string(x[2]) + "]";
    }
    line += "]]";
  }
  return go_yaml("features", {line + "]"})[0];
}

struct Fixture {
  GitRepo repo;
  TempDir tmp;
  std::string db = tmp.file("k.db"), patterns = tmp.file("p.yaml"), out = tmp.file("data.yaml");
  std::string c2;
  Fixture() {
    repo.release("v1.0", "include/a.h", "KS_A\n", 1500000000);
    c2 = repo.release("v1.1", "include/a.h", "KS_A\nint KS_B;\n", 1500001000);
  }
  CommandResult index() {
    return run_ksince("index --repo " + shell_quote(repo.path()) + " --patterns " + shell_quote(patterns) +
                      " --db " + shell_quote(db));
  }
  std::string exported(const std::string& format = "yaml") {
    auto r = run_ksince("export --format " + format + " --db " + shell_quote(db) + " --out " + shell_quote(out));
    INFO(r.err);
    CHECK(r.status == 0);
    return read_file(out);
  }
};

const char* kHead = "files: [include/*]\ntags: ['^v1']\npatterns:\n";
const char* kMiddle =
    "  - name: first\n    patterns:\n"
    "  - name: g\n    patterns:\n      - name: KS_A\n      - name: KS_B\n"
    "  - name: middle\n    patterns:\n"
    "  - name: h\n    patterns:\n      - name: KS_C\n"
    "  - name: last\n    patterns:\n";

}  // namespace

TEST_CASE("export: the patterns file's empty groups, in their place, as go-yaml writes them") {
  Fixture f;
  write_file(f.patterns, std::string(kHead) + kMiddle);
  REQUIRE(f.index().status == 0);
  std::vector<Group> want = {{"first", {}},
                             {"g", {{"KS_A", "v1.0", ""}, {"KS_B", "v1.1", f.c2}}},
                             {"middle", {}},
                             {"h", {{"KS_C", "", ""}}},
                             {"last", {}}};
  std::string expected = reference_file(want);
  CHECK(expected.find("- name: middle\n  features: []\n") != std::string::npos);  // what the oracle says
  CHECK(f.exported() == expected);
  // JSON: the same groups, an empty list for an empty group.
  auto j = nlohmann::json::parse(f.exported("json"));
  REQUIRE(j.size() == 5);
  CHECK(j[2] == nlohmann::json::parse(R"({"name": "middle", "features": []})"));
  CHECK(j[1]["features"].size() == 2);

  SUBCASE("re-index after removing a group and adding one") {
    write_file(f.patterns, std::string(kHead) + "  - name: new\n    patterns:\n" +
                               "  - name: first\n    patterns:\n"
                               "  - name: g\n    patterns:\n      - name: KS_A\n      - name: KS_B\n"
                               "  - name: h\n    patterns:\n      - name: KS_C\n"
                               "  - name: last\n    patterns:\n");
    REQUIRE(f.index().status == 0);
    CHECK(f.exported() == reference_file({{"new", {}},
                                          {"first", {}},
                                          {"g", {{"KS_A", "v1.0", ""}, {"KS_B", "v1.1", f.c2}}},
                                          {"h", {{"KS_C", "", ""}}},
                                          {"last", {}}}));
  }
  SUBCASE("an index made before schema 008 migrates, and its next run writes the empty groups") {
    // 008 only adds pattern_groups (and 009 tags.facts_key): without them,
    // at user_version 7, the database is what migrations 001..007 and an
    // index run made.
    // (010's identifier tables go too, 012's series columns, and 013's and
    // 014's shape tables.)
    REQUIRE(run("sqlite3 " + shell_quote(f.db) +
                " 'DROP TABLE pattern_groups; ALTER TABLE tags DROP COLUMN facts_key; DROP TABLE ident_names; "
                "DROP TABLE ident_blobs; DROP TABLE ident_answers; DROP TABLE ident_commits; "
                "ALTER TABLE tags DROP COLUMN series; ALTER TABLE tags DROP COLUMN point; "
                "ALTER TABLE tags DROP COLUMN revision; ALTER TABLE tags DROP COLUMN series_position; "
                "DROP TABLE series; DROP TABLE series_commits; DROP TABLE series_citations; DROP TABLE series_walks; "
                "DROP TABLE ident_shape_texts; DROP TABLE ident_paths; DROP TABLE ident_shape_paths; "
                "DROP TABLE ident_shape_commits; "
                "PRAGMA user_version = 7;'")
                .status == 0);
    auto ro = run_ksince("export --db " + shell_quote(f.db));
    CHECK(ro.status != 0);
    CHECK(ro.err.find("run `ksince index` once to upgrade it") != std::string::npos);
    REQUIRE(f.index().status == 0);
    // Every migration of schema/ applied since.
    auto migrations = run("ls " + shell_quote(std::string(KSINCE_SOURCE_DIR) + "/schema") + " | grep -c '[.]sql$'");
    CHECK(run("sqlite3 " + shell_quote(f.db) + " 'PRAGMA user_version'").out == migrations.out);
    CHECK(f.exported() == expected);
  }
}

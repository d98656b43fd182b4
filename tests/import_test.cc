// Importing an existing data file: the round trip, preferences, and check.
#include <doctest/doctest.h>

#include <sstream>

#include "docs/index_check.h"
#include "docs/export.h"
#include "git_fixture.h"
#include "store/imported_facts.h"
#include "pipeline/indexer.h"
#include "store/store.h"

using namespace ksince;
using namespace ksince::test;

namespace {

// The file's lines without blank ones (go-yaml never writes a blank line; a
// person adding some between groups is a difference we explain, and count).
std::vector<std::string> lines_of(const std::string& s, size_t& blank) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) {
    if (l.empty()) blank++;
    else out.push_back(l);
  }
  return out;
}

}  // namespace

TEST_CASE("import: the reference's real data file comes back byte for byte, but for YAML quoting") {
  std::string anchor = std::string(KSINCE_SOURCE_DIR) + "/tests/data/ebpf-docs-feature-versions.yaml";
  std::string original = read_file(anchor);
  REQUIRE_MESSAGE(!original.empty(), "the anchor data file is missing: ", anchor);
  TempDir tmp;
  Store store(tmp.file("k.db"), Store::Mode::Create);
  store_imported(store, parse_data_file(anchor), anchor);
  std::string exported = render_data_file(data_groups({}, merged_facts(store)), ExportFormat::Yaml);

  // Every difference must be one the reference's own encoder would make: a
  // hand-edited value that YAML reads as a number, which go-yaml quotes.
  size_t blank_original = 0, blank_exported = 0;
  std::vector<std::string> a = lines_of(original, blank_original), b = lines_of(exported, blank_exported);
  CHECK(blank_exported == 0);
  REQUIRE(a.size() == b.size());
  size_t quoted = 0;
  for (size_t i = 0; i < a.size(); i++) {
    if (a[i] == b[i]) continue;
    INFO("line ", i + 1, ": '", a[i], "' became '", b[i], "'");
    size_t colon = a[i].find(": ");
    REQUIRE(colon != std::string::npos);
    CHECK(b[i] == a[i].substr(0, colon + 2) + "\"" + a[i].substr(colon + 2) + "\"");
    quoted++;
  }
  MESSAGE("round trip of ", anchor, ": ", quoted, " values re-quoted, ", blank_original,
          " blank lines dropped, nothing else differs");
  CHECK(exported.back() == '\n');
  // The re-exported file is a fixed point: import it, export it, same bytes.
  write_file(tmp.file("again.yaml"), exported);
  store_imported(store, parse_data_file(tmp.file("again.yaml")), tmp.file("again.yaml"));
  CHECK(render_data_file(data_groups({}, merged_facts(store)), ExportFormat::Yaml) == exported);
}

TEST_CASE("import: computed facts replace imported ones only when asked, check finds the faults") {
  GitRepo repo;
  std::string c1 = repo.release("v1.0", "include/a.h", "KS_A\n", 1500000000);
  std::string c2 = repo.release("v1.1", "include/b.h", "KS_B KS_C\n", 1500001000);
  TempDir tmp;
  write_file(tmp.file("p.yaml"), simple_patterns({"KS_A", "KS_B", "KS_C"}));
  IndexOptions o{repo.path(), tmp.file("p.yaml"), tmp.file("k.db"), 2, TagOrder::Version};
  Progress quiet(false);
  run_index(o, quiet);
  // A hand-fixed file: KS_B says v1.0 (wrong), KS_C agrees, plus an entry no
  // pattern computes, a duplicate and a bad version.
  write_file(tmp.file("data.yaml"),
             "- name: g\n  features:\n"
             "    - name: KS_B\n      version: v1.0\n      commit: " + c1 + "\n"
             "    - name: KS_C\n      version: v1.1\n      commit: " + c2 + "\n"
             "    - name: KS_OLD\n      version: 1.5\n      commit: \"\"\n"
             "    - name: KS_C\n      version: v1.1\n      commit: " + c2 + "\n");
  Store store(o.db, Store::Mode::Create);
  store_imported(store, parse_data_file(tmp.file("data.yaml")), tmp.file("data.yaml"));
  std::vector<Disagreement> d = disagreements(store);
  REQUIRE(d.size() == 1);
  CHECK(d[0].imported.name == "KS_B");
  CHECK(d[0].imported.line == 3);

  auto version_of = [&](const std::string& name) {
    for (const Feature& f : merged_facts(store))
      if (f.name == name) return f.version;
    return std::string("?");
  };
  CHECK(version_of("KS_B") == "v1.0");  // imported preferred by default
  CHECK(version_of("KS_OLD") == "1.5"); // kept, though no pattern computes it
  set_preference(store, Prefer::Computed);
  CHECK(version_of("KS_B") == "v1.1");

  set_preference(store, Prefer::Imported);
  std::string all;
  size_t errors = 0;
  for (const Finding& f : check_facts(store, "")) {
    all += f.message + "\n";
    errors += f.error;
  }
  INFO(all);
  CHECK(all.find("g/KS_B: commit " + c1.substr(0, 12) + " is not in") == std::string::npos);
  CHECK(all.find("g/KS_OLD: version '1.5' is no name the tag regexes select (^v), nor a release candidate of one") !=
        std::string::npos);
  CHECK(all.find("g/KS_OLD: in the data but no pattern computes it") != std::string::npos);
  CHECK(errors >= 1);
  // KS_B's imported commit c1 is in v1.0 and v1.0 is its version: consistent.
  // Claim it for v1.1 instead: c1 is already in v1.0, the tag before.
  write_file(tmp.file("data.yaml"), "- name: g\n  features:\n    - name: KS_B\n      version: v1.1\n      commit: " +
                                        c1 + "\n");
  store_imported(store, parse_data_file(tmp.file("data.yaml")), tmp.file("data.yaml"));
  all.clear();
  for (const Finding& f : check_facts(store, "")) all += f.message + "\n";
  CHECK(all.find("g/KS_B: commit " + c1.substr(0, 12) + " is already in v1.0") != std::string::npos);
}

#include <nlohmann/json.hpp>

TEST_CASE("import: a blank imported version or commit never erases a computed one (binary)") {
  GitRepo repo;
  repo.release("v1.0", "include/a.h", "KS_A\n", 1500000000);
  repo.write("include/b.h", "KS_B KS_C KS_D KS_E\n");
  std::string added = repo.commit("add the names", 1500001000);
  std::string other = repo.release("v1.1", "include/c.h", "more\n", 1500002000);
  // git's answer for every name: present at v1.1, absent at v1.0, added by
  // the one commit of v1.0..v1.1 that has them while its parent has not.
  for (const char* n : {"KS_B", "KS_C", "KS_D", "KS_E"}) {
    REQUIRE(repo.grep("v1.1", {n}, false, {"include"}));
    REQUIRE_FALSE(repo.grep("v1.0", {n}, false, {"include"}));
    REQUIRE(repo.grep(added, {n}, false, {"include"}));
    REQUIRE_FALSE(repo.grep(added + "^", {n}, false, {"include"}));
  }
  TempDir tmp;
  write_file(tmp.file("p.yaml"), simple_patterns({"KS_A", "KS_B", "KS_C", "KS_D", "KS_E"}));
  const std::string bin = shell_quote(KSINCE_BIN), db = " --db " + shell_quote(tmp.file("k.db"));
  REQUIRE(run(bin + " index --repo " + shell_quote(repo.path()) + " --patterns " + shell_quote(tmp.file("p.yaml")) +
              db).status == 0);
  // What a person left blank, and one hand fix (KS_D's commit).
  write_file(tmp.file("data.yaml"),
             "- name: g\n  features:\n"
             "    - name: KS_A\n      version: \"\"\n      commit: \"\"\n"
             "    - name: KS_B\n      version: \"\"\n      commit: \"\"\n"
             "    - name: KS_C\n      version: v1.1\n      commit: \"\"\n"
             "    - name: KS_D\n      version: v1.1\n      commit: " + other + "\n"
             "    - name: KS_E\n      version: \"\"\n      commit: " + other + "\n");
  auto exported = [&](const std::string& prefer) {
    auto i = run(bin + " import " + shell_quote(tmp.file("data.yaml")) + " --prefer " + prefer + db);
    REQUIRE(i.status == 0);
    auto x = run(bin + " export --format json" + db);
    REQUIRE(x.status == 0);
    std::string out;
    nlohmann::json data = nlohmann::json::parse(x.out);
    for (const auto& f : data.at(0).at("features"))
      out += f.at("name").get<std::string>() + " " + f.at("version").get<std::string>() + " " +
             f.at("commit").get<std::string>() + "\n";
    return out;
  };
  std::string computed = "KS_A v1.0 \n"  // the oldest tag: no commit, as in the reference
                         "KS_B v1.1 " + added + "\n"
                         "KS_C v1.1 " + added + "\n";
  CHECK(exported("computed") == computed + "KS_D v1.1 " + added + "\nKS_E v1.1 " + added + "\n");
  // Preferred, the import still only replaces what it knows: KS_D's commit.
  CHECK(exported("imported") == computed + "KS_D v1.1 " + other + "\nKS_E v1.1 " + added + "\n");
  auto i = run(bin + " import " + shell_quote(tmp.file("data.yaml")) + db);
  CHECK(i.out.find("1 disagree with computed facts") != std::string::npos);
  CHECK(i.out.find("g/KS_D: imported v1.1 " + other.substr(0, 12)) != std::string::npos);
}

TEST_CASE("check: every version form tag selection accepts, and no hand-typed other (binary)") {
  // Release names of three schemes, as projects tag them.
  GitRepo repo;
  repo.release("v2.6.39", "include/a.h", "KS_A\n", 1500000000);
  repo.release("v3.0", "include/b.h", "KS_B\n", 1500001000);
  repo.release("1.2.3", "include/c.h", "KS_C\n", 1500002000);
  repo.release("v255", "include/d.h", "KS_D\n", 1500003000);
  repo.tag("v256-rc1", "HEAD", false, 0);
  TempDir tmp;
  write_file(tmp.file("p.yaml"), simple_patterns({"KS_A", "KS_B", "KS_C", "KS_D"}, "[include]",
                                                 "['^v2\\.6\\.[0-9]+$', '^v3\\.0$', '^[0-9]+\\.[0-9]+\\.[0-9]+$', "
                                                 "'^v[0-9]+$']"));
  const std::string bin = shell_quote(KSINCE_BIN), db = " --db " + shell_quote(tmp.file("k.db"));
  auto idx = run(bin + " index --rc --repo " + shell_quote(repo.path()) + " --patterns " +
                 shell_quote(tmp.file("p.yaml")) + db);
  INFO(idx.err);
  REQUIRE(idx.status == 0);
  // The versions are git's tag names, all selected.
  std::string tags = repo.git("tag -l");
  for (const char* t : {"v2.6.39", "v3.0", "1.2.3", "v255", "v256-rc1"})
    CHECK(tags.find(std::string(t) + "\n") != std::string::npos);
  CHECK(tags.find("7.1\n") == std::string::npos);
  write_file(tmp.file("data.yaml"),
             "- name: g\n  features:\n"
             "    - name: KS_A\n      version: v2.6.39\n      commit: \"\"\n"
             "    - name: KS_B\n      version: v3.0\n      commit: \"\"\n"
             "    - name: KS_C\n      version: 1.2.3\n      commit: \"\"\n"
             "    - name: KS_D\n      version: v256-rc1\n      commit: \"\"\n"
             "    - name: KS_E\n      version: v255\n      commit: \"\"\n"
             "    - name: KS_F\n      version: \"7.1\"\n      commit: \"\"\n");
  REQUIRE(run(bin + " import " + shell_quote(tmp.file("data.yaml")) + db).status == 0);
  auto c = run(bin + " check" + db);
  std::string bad;
  for (std::string line : {"KS_A", "KS_B", "KS_C", "KS_D", "KS_E"})
    if (c.out.find("g/" + line + ": version") != std::string::npos) bad += line + " ";
  CHECK(bad == "");
  CHECK(c.out.find("error: g/KS_F: version '7.1' is no name the tag regexes select") != std::string::npos);
  CHECK(c.status != 0);
}

TEST_CASE("import: a data file's empty groups come back from export --from imported, in place") {
  // As go-yaml writes an empty list (the reference's encoder): `features: []`.
  const std::string file =
      "- name: first\n  features: []\n"
      "- name: maps\n  features:\n    - name: BPF_MAP_TYPE_HASH\n      version: v3.19\n      commit: \"\"\n"
      "- name: middle\n  features: []\n"
      "- name: progs\n  features:\n    - name: BPF_PROG_TYPE_XDP\n      version: v4.8\n"
      "      commit: 6a773a15a1e8874e5eccd2f29190c31085912c95\n"
      "- name: last\n  features: []\n";
  TempDir tmp;
  write_file(tmp.file("data.yaml"), file);
  std::string bin = shell_quote(KSINCE_BIN), db = " --db " + shell_quote(tmp.file("k.db"));
  auto imported = run(bin + " import " + shell_quote(tmp.file("data.yaml")) + db);
  REQUIRE_MESSAGE(imported.status == 0, imported.err);
  auto exported = run(bin + " export --from imported" + db);
  REQUIRE_MESSAGE(exported.status == 0, exported.err);
  CHECK(exported.out == file);
  // JSON keeps them too, as empty lists.
  auto json = run(bin + " export --format json --from imported" + db);
  REQUIRE_MESSAGE(json.status == 0, json.err);
  CHECK(json.out.find("\"name\": \"middle\",\n    \"features\": []") != std::string::npos);
}

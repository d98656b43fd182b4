// Every --json output, and --version, through the real binary: what scripts
// read, with the values git gives.
#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "git_fixture.h"

using namespace ksince::test;
using nlohmann::json;

namespace {

const std::string kBin = KSINCE_BIN;

CommandResult run_ksince(const std::string& args) { return run(shell_quote(kBin) + " " + args); }

}  // namespace

TEST_CASE("cli json: index, status, query and show --json, and --version, against git") {
  GitRepo repo;
  repo.release("v1.0", "include/a.h", "KS_A\n", 1500000000);
  repo.write("include/b.h", "int x;\nKS_B here\n");
  std::string add_b = repo.commit("add KS_B", 1500001000);
  repo.tag("v1.1-rc1", "HEAD", false, 0);
  repo.release("v1.1", "README", "1.1\n", 1500002000);
  std::string add_c = repo.release("v1.10", "include/c.h", "/* KS_C */\n", 1500003000);
  TempDir tmp;
  write_file(tmp.file("p.yaml"), simple_patterns({"KS_A", "KS_B", "KS_C"}));
  const std::string db = " --db " + shell_quote(tmp.file("k.db"));
  const std::string index = "index --json --repo " + shell_quote(repo.path()) + " --patterns " +
                            shell_quote(tmp.file("p.yaml")) + db;

  // git's answers.
  std::vector<std::string> tags = split_lines(repo.git("-c versionsort.suffix=-rc tag -l --sort=-v:refname"));
  REQUIRE(tags == std::vector<std::string>{"v1.10", "v1.1", "v1.1-rc1", "v1.0"});
  auto present = [&](const std::string& name) {
    std::vector<std::string> out;
    for (const std::string& t : tags)
      if (repo.grep(t, {name}, false, {"include"})) out.push_back(t);
    return out;
  };
  CHECK(present("KS_B") == std::vector<std::string>{"v1.10", "v1.1", "v1.1-rc1"});
  // The commits: present there, absent at the (only) parent.
  for (auto [name, c] : {std::pair{"KS_B", add_b}, std::pair{"KS_C", add_c}}) {
    REQUIRE(repo.grep(c, {name}, false, {"include"}));
    REQUIRE_FALSE(repo.grep(c + "^", {name}, false, {"include"}));
  }

  auto r = run_ksince(index);
  INFO(r.err);
  REQUIRE(r.status == 0);
  json ij = json::parse(r.out);
  CHECK(ij.at("up_to_date") == false);
  CHECK(ij.at("tags") == 4);
  CHECK(ij.at("patterns") == 3);
  // The distinct blobs under files at the tags, as git lists them.
  std::set<std::string> blobs;
  for (const std::string& t : tags)
    for (const std::string& l : split_lines(repo.git("ls-tree -r " + t + " -- include"))) blobs.insert(l.substr(12, 40));
  CHECK(blobs.size() == 3);
  CHECK(ij.at("blobs") == blobs.size());
  CHECK(ij.at("blobs_scanned") == blobs.size());
  CHECK(ij.at("commits_found") == 2);
  json again = json::parse(run_ksince(index).out);
  CHECK(again.at("up_to_date") == true);
  CHECK(again.at("blobs_scanned") == 0);

  auto s = run_ksince("status --json" + db);
  CHECK(s.status == 0);
  json sj = json::parse(s.out);
  CHECK(sj.at("tags") == tags);  // newest first, git's version order
  CHECK(sj.at("patterns") == 3);
  CHECK(sj.at("with_version") == 3);
  CHECK(sj.at("with_commit") == 2);
  CHECK(sj.at("pending_commits") == 0);
  CHECK(sj.at("runs") == 2);
  CHECK(sj.at("patterns_file_state") == "same");
  CHECK(std::filesystem::equivalent(sj.at("repo").get<std::string>(), repo.path() + "/.git"));
  CHECK(sj.at("repo_head") == repo.git("rev-parse HEAD").substr(0, 40));

  auto q = run_ksince("query --json KS_A KS_B KS_C KS_NOPE" + db);
  CHECK(q.status == 1);  // one name unknown
  json qj = json::parse(q.out);
  REQUIRE(qj.size() == 4);
  struct Want {
    const char* name;
    std::string version, prev, commit;
  };
  for (const Want& w : {Want{"KS_A", "v1.0", "", ""}, Want{"KS_B", "v1.1-rc1", "v1.0", add_b},
                        Want{"KS_C", "v1.10", "v1.1", add_c}}) {
    CAPTURE(w.name);
    auto it = std::find_if(qj.begin(), qj.end(), [&](const json& j) { return j.at("name") == w.name; });
    REQUIRE(it != qj.end());
    CHECK(it->at("known") == true);
    CHECK(it->at("group") == "g");
    CHECK(it->at("version") == w.version);
    CHECK(it->at("prev") == w.prev);
    CHECK(it->at("commit") == w.commit);
    CHECK(it->at("commit_exact") == !w.commit.empty());
    CHECK(it->at("present") == present(w.name));
    if (!w.commit.empty())
      CHECK(it->at("commit_subject") == split_lines(repo.git("log -1 --format=%s " + w.commit)).at(0));
  }
  CHECK(qj.at(3) == json{{"name", "KS_NOPE"}, {"known", false}});

  auto sh = run_ksince("show --json KS_B" + db);
  CHECK(sh.status == 0);
  json shj = json::parse(sh.out);
  REQUIRE(shj.size() == 1);
  CHECK(shj[0].at("commit") == add_b);
  CHECK(shj[0].at("evidence_in") == add_b);
  CHECK(shj[0].at("parents") == split_lines(repo.git("rev-parse " + add_b + "^@")));
  CHECK(shj[0].at("author") == "t");
  // The places: what `git grep -n -w` prints at the commit.
  std::vector<std::string> places;
  for (const json& p : shj[0].at("places"))
    places.push_back(add_b + ":" + p.at("path").get<std::string>() + ":" + std::to_string(p.at("line").get<int>()) +
                     ":" + p.at("text").get<std::string>());
  CHECK(places == split_lines(repo.git("grep -n -w -e KS_B " + add_b + " -- include")));

  auto v = run_ksince("--version");
  CHECK(v.status == 0);
  // The release first; then the schema and matching versions (tests/shell/version_test.sh).
  CHECK(v.out.rfind(std::string("ksince ") + KSINCE_VERSION + "\nschema version ", 0) == 0);
}

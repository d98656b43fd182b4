// The identifier index through the binary: query, globs, suggestions, the
// kernel a file needs, show with places and the introducing commit, JSON.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "git_fixture.h"

using namespace ksince::test;

namespace {

const std::string kBin = KSINCE_BIN;

struct Fixture {
  GitRepo repo;
  TempDir tmp;
  std::string db = tmp.file("i.db"), patterns = tmp.file("p.yaml");
  std::string v2_commit;
  Fixture() {
    repo.write("k/old.c", "int old_fn(void)\n{\n\treturn 0;\n}\n/* folio_helper is planned */\n");
    repo.write("Kconfig", "config OLD_OPT\n\tbool \"old\"\n");
    repo.commit("v1", 1500000000);
    repo.tag("v1.0", "HEAD", true, 1500000001);
    repo.write("k/new.h", "#define NEW_MACRO 1\nstruct folio_helper { int x; };\n");
    v2_commit = repo.commit("adds folio_helper", 1500000100);
    repo.write("k/other.c", "static int folio_helper_count;\n");
    repo.commit("more", 1500000200);
    repo.tag("v2.0", "HEAD", true, 1500000201);
    write_file(patterns, "tags: ['^v']\nidentifiers: true\n");
    auto r = ksince("index --repo " + shell_quote(repo.path()) + " --patterns " + shell_quote(patterns) +
                    " --no-facts");
    REQUIRE_MESSAGE(r.status == 0, r.err);
  }
  CommandResult ksince(const std::string& args) const {
    return run(shell_quote(kBin) + " " + args + " --db " + shell_quote(db));
  }
};

}  // namespace

TEST_CASE("cli identifiers: query answers any identifier, in text and JSON") {
  Fixture f;
  auto q = f.ksince("query folio_helper");
  CHECK(q.status == 0);
  CHECK(q.out == "folio_helper  defined since v2.0 (prev v1.0) as struct; mentioned since v1.0\n");
  auto j = f.ksince("query --json folio_helper CONFIG_OLD_OPT");
  REQUIRE(j.status == 0);
  auto a = nlohmann::json::parse(j.out);
  CHECK(a[0]["identifier"]["defined"]["version"] == "v2.0");
  CHECK(a[0]["identifier"]["defined"]["prev"] == "v1.0");
  CHECK(a[0]["identifier"]["defined"]["kinds"] == nlohmann::json::array({"struct"}));
  CHECK(a[0]["identifier"]["mentioned"]["present"] == nlohmann::json::array({"v2.0", "v1.0"}));
  CHECK(a[1]["identifier"]["defined"]["kinds"] == nlohmann::json::array({"kconfig"}));
  CHECK(a[1]["identifier"]["mentioned"]["present"].empty());
}

TEST_CASE("cli identifiers: globs, suggestions, and the kernel a list of names needs") {
  Fixture f;
  auto g = f.ksince("query 'folio_*'");
  CHECK(g.out == "folio_helper\nfolio_helper_count\n");
  auto l = f.ksince("query 'folio_*' --limit 1");
  CHECK(l.out == "folio_helper\n");
  CHECK(l.err.find("1 of 2 names matching folio_*") != std::string::npos);
  auto u = f.ksince("query folio_helpr");
  CHECK(u.status == 1);
  CHECK(u.err.find("did you mean folio_helper") != std::string::npos);
  CHECK(u.err.find("folio_helpr is not an identifier of the indexed tags either") != std::string::npos);

  write_file(f.tmp.file("names.txt"), "# a module's needs\nold_fn\nfolio_helper\nnot_there\n");
  auto n = f.ksince("query --names-from " + shell_quote(f.tmp.file("names.txt")));
  CHECK(n.status == 0);
  CHECK(n.out.find("not defined at the newest tag (1): not_there") != std::string::npos);
  CHECK(n.out.find("needs: v2.0 (the newest of the 2 defined versions, from folio_helper)") != std::string::npos);
  write_file(f.tmp.file("mod.c"), "#include <k/new.h>\nstatic int mine(void) { return old_fn() + NEW_MACRO; }\n"
                                  "/* folio_helper in a comment does not count */\n");
  auto m = f.ksince("query --json --identifiers-of " + shell_quote(f.tmp.file("mod.c")));
  REQUIRE(m.status == 0);
  auto mj = nlohmann::json::parse(m.out);
  CHECK(mj["needs"] == "v2.0");
  CHECK(mj["needs_from"] == nlohmann::json::array({"NEW_MACRO"}));
  CHECK(mj["undefined"].empty());
  auto bad = f.ksince("query --names-from " + shell_quote(f.tmp.file("missing.txt")));
  CHECK(bad.status == 2);
  CHECK(bad.err.find("missing.txt: cannot read it") != std::string::npos);
}

TEST_CASE("cli identifiers: show gives the places of definition and the commit that introduced it") {
  Fixture f;
  auto s = f.ksince("show folio_helper --commit");
  REQUIRE_MESSAGE(s.status == 0, s.err);
  CHECK(s.out.find("defined at v2.0 in 1 place\n    k/new.h:2  struct\n") != std::string::npos);
  CHECK(s.out.find("commit   " + f.v2_commit + " (defined here, at no parent; searched v1.0..v2.0)") !=
        std::string::npos);
  auto j = f.ksince("show --json folio_helper --commit");
  auto a = nlohmann::json::parse(j.out);
  CHECK(a[0]["identifier"]["defined"]["places"][0]["file"] == "k/new.h");
  CHECK(a[0]["identifier"]["defined"]["places"][0]["line"] == 2);
  CHECK(a[0]["identifier"]["defined"]["places"][0]["tag"] == "v2.0");
  CHECK(a[0]["identifier"]["defined"]["commit"]["oid"] == f.v2_commit);
  CHECK(a[0]["identifier"]["defined"]["commit"]["exact"] == true);
  auto old = f.ksince("show old_fn --commit");
  CHECK(old.out.find("none searched: defined since v1.0, the oldest tag indexed") != std::string::npos);
}

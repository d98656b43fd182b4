// Pathspec selection against git grep's own on the same tree.
#include <doctest/doctest.h>

#include <map>
#include <set>
#include <sstream>

#include "util/error.h"
#include "git_fixture.h"
#include "repo/pathspec.h"
#include "repo/repo.h"
#include "repo/tree_graph.h"

using namespace ksince;
using namespace ksince::test;

TEST_CASE("pathspec: the tree walk selects the same files as git grep, for every form") {
  GitRepo g;
  for (std::string p : {"arch/x86/a.c", "arch/b.h", "arch.c", "archive/c.c", "net/d.c", "network/e.c",
                        "net.c", "include/uapi/f.h", "include/g.c", "top.h", "x/y/z.h", "ar/q.c",
                        "dir.c/inside.txt", "kernel/bpf/h.c", "kernel/bpfx/i.c", "a[1]/j.c", "sp ace/k.c", "lib/net", "a.net/z"})
    g.write(p, p + "\n");  // distinct contents: one blob per path
  g.commit("files", 1500000000);
  std::map<std::string, std::string> blob_of;  // path -> blob id
  std::istringstream ls(g.git("ls-tree -r HEAD"));
  for (std::string line; std::getline(ls, line);) blob_of[line.substr(line.find('\t') + 1)] = line.substr(12, 40);

  std::vector<std::vector<std::string>> cases = {
      {"arch/*"}, {"*.h"}, {"net"}, {"net/"}, {"ar?h"}, {"*.c"}, {"kernel/bpf/*"}, {"kernel/bpf"},
      {"include/*", "net", "*.h"}, {"x/*/z.h"}, {"*/q.c"}, {"a[1]"}, {"sp ace"}, {"nothing"}, {},
      // A trailing slash selects folders only; a glob never selects a folder.
      {"lib/net/"}, {"lib/net"}, {"ne?/"}, {"*net/"}, {"net.c/"},
      // Magic: exclusion (alone it excludes from the whole tree), top, literal.
      {":!net"}, {":(exclude)net"}, {":^arch", "*.c"}, {":!ne?"}, {":!n*"}, {":!*/net"},
      {":!lib/net/"}, {"net", ":!net/"}, {"include/", ":(exclude)include/uapi"}, {":!"},
      {":/net"}, {":(top)net"}, {":net"}, {"::net"}, {":(literal)a[1]"}, {":(literal)ar?h"},
      {":(exclude,literal)a[1]"}, {":(top,exclude)kernel/bpf"}};
  Repo repo(g.path());
  git_oid root;
  git_oid_fromstr(&root, g.git("rev-parse HEAD^{tree}").substr(0, 40).c_str());
  for (const auto& specs : cases) {
    std::string args = "grep -l -e . HEAD --";
    for (const auto& s : specs) args += " " + shell_quote(s);
    auto r = run("cd " + shell_quote(g.path()) + " && git " + args);
    std::set<std::string> want;
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);) want.insert(blob_of.at(line.substr(5)));  // "HEAD:"

    Pathspec spec(specs);
    TreeGraph graph(repo, spec);
    graph.add_root(Oid::from_git(root));
    std::set<std::string> got;
    for (uint32_t i = 0; i < graph.blob_count(); i++) got.insert(graph.blob(i).hex());
    std::string label;
    for (const auto& s : specs) label += s + " ";
    INFO("pathspec: ", label);
    std::string diff;
    for (const auto& [path, blob] : blob_of)
      if (got.count(blob) != want.count(blob)) diff += path + (want.count(blob) ? " (git only) " : " (ksince only) ");
    CHECK(diff == "");
  }
}

TEST_CASE("pathspec: magic git has and ksince does not is refused, naming the spec") {
  for (const char* s : {":(glob)*.c", ":(icase)NET", ":(attr:foo)x", ":(nonsense)x", ":(exclude"}) {
    INFO(s);
    CHECK_THROWS_WITH_AS(Pathspec({s}), doctest::Contains(s), Error);
  }
  // git refuses the malformed ones too.
  GitRepo g;
  g.write("a.c", "x\n");
  g.commit("one", 1500000000);
  CHECK(g.git_status("grep -q x HEAD -- ':(nonsense)x'") == 128);
  CHECK(g.git_status("grep -q x HEAD -- ':(exclude'") == 128);
}

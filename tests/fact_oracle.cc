#include "fact_oracle.h"

#include <doctest/doctest.h>

#include <map>
#include <sstream>

#include "facts/derived_facts.h"

namespace ksince::test {

size_t judge_fact_commits(Store& store, const GitRepo& repo, const std::vector<std::string>& kinds,
                          const FactsAtRevision& facts_at) {
  std::map<std::string, std::set<std::string>> at_rev;  // extracting a tree once per revision
  auto facts_of = [&](const std::string& rev) -> const std::set<std::string>& {
    auto it = at_rev.find(rev);
    if (it == at_rev.end()) it = at_rev.emplace(rev, facts_at(repo, rev)).first;
    return it->second;
  };
  size_t judged = 0;
  for (const std::string& kind : kinds) {
    for (const DerivedAnswer& a : derived_facts_ever(store, kind)) {  // gone at the newest tag too
      std::string id = a.kind + " " + a.key;
      INFO(id, " version ", a.version, " prev ", a.prev, " commit ", a.commit);
      if (a.version.empty() || a.prev.empty()) {
        CHECK(a.commit.empty());
        continue;
      }
      REQUIRE(a.commit.size() == 40);
      CHECK(a.commit_exact);
      CHECK(facts_of(a.commit).count(id) == 1);
      std::istringstream parents(repo.git("rev-list --parents -n 1 " + a.commit));
      std::string self, p;
      parents >> self;
      while (parents >> p) CHECK(facts_of(p).count(id) == 0);
      CHECK(repo.git_status("merge-base --is-ancestor " + a.commit + " " + a.version) == 0);
      CHECK(repo.git_status("merge-base --is-ancestor " + a.commit + " " + a.prev) == 1);
      judged++;
    }
  }
  return judged;
}

}  // namespace ksince::test

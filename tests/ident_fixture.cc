#include "ident_fixture.h"

#include "git_fixture.h"
#include "util/progress.h"

namespace ksince::test {

IndexReport index_identifiers_of(const std::string& repo, const std::string& dir, const std::string& db,
                                 const std::string& tags, bool no_shapes) {
  const std::string patterns = dir + "/identifiers.yaml";
  write_file(patterns, "tags: ['" + tags + "']\nidentifiers: true\n");
  IndexOptions o;
  o.repo = repo;
  o.patterns = patterns;
  o.db = db;
  o.facts = false;
  o.no_shapes = no_shapes;
  o.jobs = 2;
  Progress quiet(false);
  return run_index(o, quiet);
}

}  // namespace ksince::test

#pragma once
// An identifier index of a test repository: a patterns file of `tags` (a
// regex) with `identifiers: true`, written in `dir`, indexed into `db`
// without facts.
#include <string>

#include "pipeline/indexer.h"

namespace ksince::test {

IndexReport index_identifiers_of(const std::string& repo, const std::string& dir, const std::string& db,
                                 const std::string& tags, bool no_shapes = false);

}  // namespace ksince::test

#pragma once
#include <string>
#include <vector>

#include "repo/oid.h"

namespace ksince {

// The order in which these objects lie in the repository's packs, as a
// permutation of their indices.
// Reading in pack order keeps libgit2's delta-base cache warm and the page
// cache sequential; on the kernel repository it reads markedly faster than
// tree order. Ids found in no pack (loose objects) keep their order, last.
// Packs of alternates count: a repository that borrows its blobs (a
// --reference clone) reads them in its lender's pack order.
std::vector<size_t> pack_order(const std::string& git_dir, const std::vector<Oid>& oids);

}  // namespace ksince

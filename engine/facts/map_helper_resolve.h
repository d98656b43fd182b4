#pragma once
// The map_helper facts of a tree (see func_proto_extractor.h): the verifier's
// check_map_func_compatibility() lists, then the generic helpers each map
// type's bpf_map_ops implements (a member that only returns an error does
// not count), less the map types check_map_prog_compatibility() refuses.
#include <vector>

#include "facts/extractor.h"

namespace ksince {

void resolve_map_helpers(const std::vector<ExtractedFile>& files, ResolvedFacts& out);

}  // namespace ksince

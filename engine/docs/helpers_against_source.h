#pragma once
#include <optional>
#include <string>
#include <vector>

#include "docs/docs_blocks.h"
#include "docs/helper_data.h"
#include "store/store.h"

namespace ksince {

// `ksince check --against helpers-functions.yaml`: a hand-kept file against
// the facts derived from the source at `at` (the newest selected tag by
// default), over the program and map types both describe. Each disagreement
// names the hand file's line and, where the source has the pair, the
// file:line at that tag that decides it (the case returning the proto, the
// map check). The hand file is not the truth: a finding says where the two
// part, in both directions; a `since` on both sides that differs is one too.
struct HelperDisagreement {
  BuildNote where;        // the hand file's entry (or list) and the finding
  std::string evidence;   // "net/core/filter.c:8123 at v6.12", or "" when the source has no such pair
};
std::vector<HelperDisagreement> check_helpers_against(Store& store, const HelperData& hand,
                                                      const std::optional<std::string>& at = std::nullopt);

}  // namespace ksince

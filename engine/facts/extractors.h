#pragma once
#include <memory>
#include <vector>

#include "facts/extractor.h"

namespace ksince {

// The extractors `ksince index` runs by default, in a fixed order (a fact
// both would report is the first one's).
std::vector<std::unique_ptr<Extractor>> default_extractors();

}  // namespace ksince

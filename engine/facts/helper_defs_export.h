#pragma once
#include <optional>
#include <string>

#include "store/store.h"

namespace ksince {

// bpf_helper_defs.h as the kernel's scripts/bpf_doc.py --header writes it,
// from include/uapi/linux/bpf.h of the indexed repository at tag `at` (the
// newest selected tag by default): what `export --format bpf-helper-defs`
// prints and what `docs build --helper-defs-from-index` renders
// HELPER_FUNC_DEF from. Throws Error naming the tag when the index does not
// select it, and file:line where bpf_doc.py would refuse the header.
std::string export_bpf_helper_defs(Store& store, const std::optional<std::string>& at = std::nullopt);

}  // namespace ksince

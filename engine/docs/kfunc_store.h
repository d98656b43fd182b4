#pragma once
#include <optional>
#include <string>

#include "docs/kfunc_data.h"
#include "store/store.h"

namespace ksince {

// Replaces the index's imported kfuncs file (and only it) in one transaction.
// Returns the source of the import it replaced, if there was one, so that the
// caller can say so.
std::optional<std::string> store_imported_kfuncs(Store& store, const KfuncData& data, const std::string& source);

// The imported kfuncs file, every key as imported; nullopt when none was.
std::optional<KfuncData> imported_kfuncs(Store& store);

}  // namespace ksince

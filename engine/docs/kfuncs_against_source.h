#pragma once
#include <optional>
#include <string>
#include <vector>

#include "docs/helpers_against_source.h"
#include "docs/kfunc_data.h"
#include "docs/kfunc_tables.h"
#include "store/store.h"

namespace ksince {

// `ksince check --against kfuncs.yaml`: a hand-kept kfuncs.yaml against the
// kfunc facts derived from the source at `at` (the newest selected tag by
// default). Per kfunc of the file: it exists in the source; each set it is
// listed in holds it; its flags there equal the source's; and the program
// types kfunc-gen's merge gives it (UNSPEC expanded by `tables`, except
// removed) equal the derived ones. And each kfunc the source has that the
// file lacks. Entries the file dates after the tag are not judged there.
// Each disagreement names the file's line and the source's file:line.
std::vector<HelperDisagreement> check_kfuncs_against(Store& store, const KfuncData& hand,
                                                     const KfuncGenTables& tables,
                                                     const std::optional<std::string>& at = std::nullopt);

}  // namespace ksince

#pragma once
#include <optional>
#include <string>
#include <vector>

#include "docs/docs_blocks.h"
#include "docs/helper_data.h"
#include "docs/kfunc_data.h"
#include "store/store.h"

namespace ksince {

// Where the site's helper and kfunc data comes from: the site's own file
// imported into the index, or facts derived from the source at a tag.
enum class DataOrigin { Imported, Derived };

// "imported" or "derived"; "" is no choice (nullopt). Throws InputError("from").
std::optional<DataOrigin> parse_origin(const std::string& from);

// What export, check and docs build use when not told (the one default):
// the import of that kind where the index holds one (the site's file was
// imported on purpose, and a build from it gives the site's pages byte for
// byte), else the facts derived from the source where the index derived any.
// `at` is a tag of the derived facts (the newest by default); it goes with
// derived data only (InputError("at") otherwise).
struct SiteDataRequest {
  std::optional<DataOrigin> from;
  std::optional<std::string> at;
};

template <typename Data>
struct SiteData {
  std::optional<Data> data;  // nullopt: the index has no such data from that origin
  DataOrigin origin = DataOrigin::Imported;
  std::string why_none;      // when there is no data: what the index lacks, and how to get it
  std::vector<BuildNote> notes;  // said on stderr (e.g. "the source has no kfuncs at v5.10")
};

SiteData<HelperData> site_helpers(Store& store, const SiteDataRequest& request);
SiteData<KfuncData> site_kfuncs(Store& store, const SiteDataRequest& request);

}  // namespace ksince

#include "docs/site_data.h"

#include "facts/derived_facts.h"
#include "util/error.h"
#include "store/read_answers.h"
#include "docs/helpers_from_facts.h"
#include "docs/kfunc_store.h"
#include "docs/kfuncs_from_facts.h"

namespace ksince {

namespace {

// The origin a request gets, given what the index holds.
DataOrigin choose(const SiteDataRequest& r, bool imported) {
  DataOrigin o = r.from ? *r.from : imported ? DataOrigin::Imported : DataOrigin::Derived;
  if (o == DataOrigin::Imported && r.at)
    throw InputError("at", r.from ? "an imported data file has no tags; a tag goes with derived facts"
                                  : "the index holds an imported data file of this kind, which has no tags; "
                                    "a tag goes with derived facts (choose them)");
  return o;
}

const char* kNoFacts = "no facts derived from the source; run `ksince index` (without --no-facts) on a kernel repository";

// What the index lacks when the origin was chosen for the caller and neither
// is there (`data`: "helpers-functions"; `file`: "helpers-functions.yaml").
std::string neither(const std::string& data, const std::string& file) {
  return cat("no ", data, " data: neither an imported ", file, " (ksince import FILE) nor facts derived from the "
             "source (ksince index on a kernel repository, without --no-facts)");
}

}  // namespace

std::optional<DataOrigin> parse_origin(const std::string& from) {
  if (from.empty()) return std::nullopt;
  if (from == "imported") return DataOrigin::Imported;
  if (from == "derived") return DataOrigin::Derived;
  throw InputError("from", cat("must be 'imported' or 'derived', not '", from, "'"));
}

SiteData<HelperData> site_helpers(Store& store, const SiteDataRequest& r) {
  SiteData<HelperData> out;
  HelperData imported = load_helpers(store);
  out.origin = choose(r, !imported.empty());
  if (out.origin == DataOrigin::Imported) {
    if (!imported.empty()) out.data = std::move(imported);
    else out.why_none = "no helpers-functions.yaml imported (ksince import FILE)";
  } else if (has_derived_helpers(store)) {
    out.data = helpers_from_facts(store, r.at);
  } else if (facts_derived(store)) {
    out.why_none = "no helper facts derived from the source";
  } else {
    out.why_none = r.from ? kNoFacts : neither("helpers-functions", "helpers-functions.yaml");
  }
  return out;
}

SiteData<KfuncData> site_kfuncs(Store& store, const SiteDataRequest& r) {
  SiteData<KfuncData> out;
  std::optional<KfuncData> imported = imported_kfuncs(store);
  out.origin = choose(r, imported.has_value());
  if (out.origin == DataOrigin::Imported) {
    out.data = std::move(imported);
    if (!out.data) out.why_none = "no kfuncs.yaml imported (ksince import FILE)";
  } else if (facts_derived(store)) {
    std::string tag = tag_or_newest(store, r.at);
    out.data = kfuncs_from_facts(store, tag);
    if (out.data->sets.empty())
      out.notes.push_back({"", 0, cat("the source has no kfuncs at ", tag, " (kfunc sets came in Linux 5.13)")});
  } else {
    out.why_none = r.from ? kNoFacts : neither("kfuncs", "kfuncs.yaml");
  }
  return out;
}

}  // namespace ksince

#include "docs/data_export.h"

#include "util/error.h"
#include "docs/export.h"
#include "facts/helper_defs_export.h"
#include "store/imported_facts.h"
#include "docs/site_data.h"
#include "facts/derived_facts.h"
#include "series/fact_backports.h"

namespace ksince {

namespace {

// Each feature's answer on each series, with its backport's commit.
void add_series(Store& store, std::vector<Feature>& facts) {
  std::vector<StoredSeries> series = read_series(store);
  if (series.empty()) throw InputError("series", cat(store.path(), " has no stable series (index with series:)"));
  for (Feature& f : facts) {
    std::vector<SeriesAnswer> per = pattern_series_answers(store, f.group, f.name);
    std::vector<SeriesCommit> commits = pattern_backports(store, f.group, f.name, per);
    for (const SeriesAnswer& a : per) {
      FeatureSeries s{a.series, a.version, a.prev, a.since, ""};
      for (const SeriesCommit& c : commits)
        if (c.series == a.series) s.commit = c.commit;
      f.series.push_back(std::move(s));
    }
  }
}

// The feature-versions file: one side where --from picks it, merged facts otherwise.
std::string feature_versions(Store& store, const ExportRequest& r, ExportFormat f) {
  if (r.at) throw InputError("at", "the feature-versions file has one answer per name, not one per tag");
  std::optional<DataOrigin> from = parse_origin(r.from);
  std::vector<Feature> facts;
  // The patterns file's groups, or the imported file's, for their empty groups.
  std::vector<std::string> groups = from == DataOrigin::Imported ? imported_groups(store) : pattern_groups(store);
  if (from == DataOrigin::Imported) {
    for (const ImportedFact& i : imported_facts(store)) {
      Feature x;
      x.group = i.group, x.name = i.name, x.version = i.version, x.commit = i.commit;
      facts.push_back(std::move(x));
    }
    if (facts.empty())
      throw Error(cat(store.path(), ": no imported feature facts; run `ksince import feature-versions.yaml`"));
  } else if (from == DataOrigin::Derived) {
    facts = all_features(store);
    if (facts.empty()) throw Error(cat(store.path(), ": no derived feature facts; run `ksince index` first"));
  } else {
    facts = merged_facts(store);
  }
  if (r.series) add_series(store, facts);
  return render_data_file(data_groups(groups, facts), f);
}

template <typename Data>
const Data& data_or_throw(Store& store, const SiteData<Data>& d) {
  if (!d.data) throw Error(cat(store.path(), ": ", d.why_none));
  return *d.data;
}

}  // namespace

DataFormat parse_data_format(const std::string& name) {
  if (name == "yaml") return DataFormat::FeatureVersionsYaml;
  if (name == "json") return DataFormat::FeatureVersionsJson;
  if (name == "helpers-functions") return DataFormat::HelpersFunctions;
  if (name == "kfuncs") return DataFormat::Kfuncs;
  if (name == "bpf-helper-defs") return DataFormat::BpfHelperDefs;
  throw InputError("format", cat("must be 'yaml', 'json', 'helpers-functions', 'kfuncs' or 'bpf-helper-defs', not '",
                                 name, "'"));
}

ExportResult export_data(Store& store, const ExportRequest& r) {
  ExportResult out;
  switch (r.format) {
    case DataFormat::FeatureVersionsYaml:
      out.text = feature_versions(store, r, ExportFormat::Yaml);
      break;
    case DataFormat::FeatureVersionsJson:
      out.text = feature_versions(store, r, ExportFormat::Json);
      break;
    case DataFormat::HelpersFunctions: {
      SiteData<HelperData> d = site_helpers(store, {parse_origin(r.from), r.at});
      out.text = render_helpers_file(data_or_throw(store, d));
      out.notes = std::move(d.notes);
      break;
    }
    case DataFormat::Kfuncs: {
      SiteData<KfuncData> d = site_kfuncs(store, {parse_origin(r.from), r.at});
      out.text = export_kfuncs_yaml(data_or_throw(store, d));
      out.notes = std::move(d.notes);
      break;
    }
    case DataFormat::BpfHelperDefs:
      if (!r.from.empty()) throw InputError("from", "bpf-helper-defs is always written from the indexed source");
      out.text = export_bpf_helper_defs(store, r.at);
      break;
  }
  return out;
}

}  // namespace ksince

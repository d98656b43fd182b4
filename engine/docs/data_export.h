#pragma once
#include <optional>
#include <string>
#include <vector>

#include "docs/docs_blocks.h"
#include "store/store.h"

namespace ksince {

// `ksince export`: which data a format takes from the index, and its text.
enum class DataFormat { FeatureVersionsYaml, FeatureVersionsJson, HelpersFunctions, Kfuncs, BpfHelperDefs };

// "yaml", "json", "helpers-functions", "kfuncs", "bpf-helper-defs".
// Throws InputError("format") for another name.
DataFormat parse_data_format(const std::string& name);

struct ExportRequest {
  DataFormat format = DataFormat::FeatureVersionsYaml;
  // "imported", "derived", or "" for the default (site_data.h for helpers
  // and kfuncs; merged facts for feature-versions).
  std::string from;
  std::optional<std::string> at;  // derived facts at this tag; the newest by default
  // yaml and json: each feature's answer per stable series too (off: the
  // file stays byte for byte what it was).
  bool series = false;
};

struct ExportResult {
  std::string text;
  std::vector<BuildNote> notes;  // said on stderr
};

// Throws Error when the index has no such data, InputError for a request
// that does not fit the data (a tag for an imported file).
ExportResult export_data(Store& store, const ExportRequest& request);

}  // namespace ksince

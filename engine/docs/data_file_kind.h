#pragma once
#include <string>

namespace ksince {

// The docs site's three data files, told apart by their content (not their
// names): feature-versions.yaml is a list of groups; helpers-functions.yaml
// maps groups/programs/maps; kfuncs.yaml maps sets.
enum class DataFileKind { FeatureVersions, HelpersFunctions, Kfuncs };

// Throws Error (file:line) for unreadable YAML or a shape none of the three has.
DataFileKind data_file_kind(const std::string& path);

const char* data_file_kind_name(DataFileKind k);  // "feature-versions", "helpers-functions", "kfuncs"

}  // namespace ksince

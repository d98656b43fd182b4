#pragma once
#include <string>
#include <vector>

#include "store/read_answers.h"

namespace ksince {

enum class ExportFormat { Yaml, Json };

// One group of the data file and its features.
struct DataGroup {
  std::string name;
  std::vector<Feature> features;
};

// The data file's groups: each run of consecutive features of one group, in
// order, with every group of `groups` (the patterns file's, in file order)
// that has no features put in its place: after the groups that precede it
// in `groups`, before those that follow.
std::vector<DataGroup> data_groups(const std::vector<std::string>& groups, const std::vector<Feature>& features);

// The data file the docs build reads (SPEC "Output data file"): groups and
// features in patterns-file order, empty values as "", a group without
// features as `features: []`. The YAML is written byte for byte as the
// reference's encoder (go-yaml v3, indent 4) would, so unchanged facts give
// an unchanged file.
std::string render_data_file(const std::vector<DataGroup>& groups, ExportFormat format);

}  // namespace ksince

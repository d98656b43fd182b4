#pragma once
#include <string>
#include <vector>

#include "facts.h"

namespace ksince {

enum class ExportFormat { Yaml, Json };

// The data file the docs build reads (SPEC "Output data file"): groups and
// features in patterns-file order, empty values as "". The YAML is written
// byte for byte as the reference's encoder would, so unchanged facts give an
// unchanged file.
std::string render_data_file(const std::vector<Feature>& features, ExportFormat format);

}  // namespace ksince

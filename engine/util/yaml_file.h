#pragma once
#include <string>

#include <yaml-cpp/yaml.h>

namespace ksince {

// Reads a YAML data file. Throws Error "PATH: cannot read the WHAT" when it
// cannot be read, and "PATH:LINE:COLUMN: invalid YAML: ..." when it does not
// parse.
YAML::Node load_yaml_file(const std::string& path, const std::string& what = "data file");

// "PATH:LINE:COLUMN" of a node, for messages ("PATH" when yaml-cpp has no
// position for it).
std::string yaml_where(const std::string& path, const YAML::Node& n);

}  // namespace ksince

#include "docs/data_file_kind.h"

#include <yaml-cpp/yaml.h>

#include "util/error.h"
#include "util/yaml_file.h"

namespace ksince {

DataFileKind data_file_kind(const std::string& path) {
  YAML::Node root = load_yaml_file(path);
  if (root.IsSequence()) return DataFileKind::FeatureVersions;
  if (root.IsMap()) {
    if (root["sets"]) return DataFileKind::Kfuncs;
    if (root["groups"] || root["programs"] || root["maps"]) return DataFileKind::HelpersFunctions;
  }
  throw Error(cat(path, ": not a data file ksince knows: feature-versions.yaml is a list of groups "
                        "(- name: G, features: [...]), helpers-functions.yaml has groups/programs/maps, "
                        "kfuncs.yaml has sets"));
}

const char* data_file_kind_name(DataFileKind k) {
  switch (k) {
    case DataFileKind::FeatureVersions: return "feature-versions";
    case DataFileKind::HelpersFunctions: return "helpers-functions";
    case DataFileKind::Kfuncs: return "kfuncs";
  }
  return "";
}

}  // namespace ksince

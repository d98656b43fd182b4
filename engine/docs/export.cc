#include "export.h"

#include <nlohmann/json.hpp>

#include "yaml_scalar.h"

namespace ksince {

namespace {

// Consecutive features of one group form that group's block.
template <typename F>
void for_each_group(const std::vector<Feature>& features, F&& f) {
  size_t i = 0;
  while (i < features.size()) {
    size_t j = i;
    while (j < features.size() && features[j].group == features[i].group) j++;
    f(features[i].group, i, j);
    i = j;
  }
}

std::string render_yaml(const std::vector<Feature>& features) {
  if (features.empty()) return "[]\n";
  std::string out;
  for_each_group(features, [&](const std::string& group, size_t b, size_t e) {
    out += "- name: " + yaml_scalar(group) + "\n  features:\n";
    for (size_t i = b; i < e; i++) {
      out += "    - name: " + yaml_scalar(features[i].name) + "\n";
      out += "      version: " + yaml_scalar(features[i].version) + "\n";
      out += "      commit: " + yaml_scalar(features[i].commit) + "\n";
    }
  });
  return out;
}

std::string render_json(const std::vector<Feature>& features) {
  nlohmann::ordered_json groups = nlohmann::ordered_json::array();
  for_each_group(features, [&](const std::string& group, size_t b, size_t e) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (size_t i = b; i < e; i++)
      list.push_back({{"name", features[i].name}, {"version", features[i].version},
                      {"commit", features[i].commit}});
    groups.push_back({{"name", group}, {"features", list}});
  });
  return groups.dump(2) + "\n";
}

}  // namespace

std::string render_data_file(const std::vector<Feature>& features, ExportFormat format) {
  return format == ExportFormat::Yaml ? render_yaml(features) : render_json(features);
}

}  // namespace ksince

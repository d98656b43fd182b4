#include "docs/export.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "docs/yaml_scalar.h"

namespace ksince {

namespace {

std::string render_yaml(const std::vector<DataGroup>& groups) {
  if (groups.empty()) return "[]\n";
  // The reference encodes with go-yaml's default indent, 4.
  const YamlAt feature{6, false, 4};
  std::string out;
  for (const DataGroup& g : groups) {
    out += "- name: " + yaml_scalar(g.name, {2, false, 4}) + "\n  features:";
    out += g.features.empty() ? " []\n" : "\n";
    for (const Feature& f : g.features) {
      out += "    - name: " + yaml_scalar(f.name, feature) + "\n";
      out += "      version: " + yaml_scalar(f.version, feature) + "\n";
      out += "      commit: " + yaml_scalar(f.commit, feature) + "\n";
      if (!f.series.empty()) out += "      series:\n";
      const YamlAt s{10, false, 4};
      for (const FeatureSeries& x : f.series) {
        out += "        - name: " + yaml_scalar(x.series, s) + "\n";
        out += "          version: " + yaml_scalar(x.version, s) + "\n";
        out += "          prev: " + yaml_scalar(x.prev, s) + "\n";
        out += "          since: " + yaml_scalar(x.since, s) + "\n";
        out += "          commit: " + yaml_scalar(x.commit, s) + "\n";
      }
    }
  }
  return out;
}

std::string render_json(const std::vector<DataGroup>& groups) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const DataGroup& g : groups) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const Feature& f : g.features) {
      list.push_back({{"name", f.name}, {"version", f.version}, {"commit", f.commit}});
      for (const FeatureSeries& x : f.series)
        list.back()["series"].push_back(
            {{"name", x.series}, {"version", x.version}, {"prev", x.prev}, {"since", x.since}, {"commit", x.commit}});
    }
    out.push_back({{"name", g.name}, {"features", list}});
  }
  return out.dump(2) + "\n";
}

}  // namespace

std::vector<DataGroup> data_groups(const std::vector<std::string>& groups, const std::vector<Feature>& features) {
  std::map<std::string, size_t> place;  // -> index in groups
  for (size_t i = 0; i < groups.size(); i++) place.emplace(groups[i], i);
  std::vector<bool> has_features(groups.size());
  for (const Feature& f : features)
    if (auto it = place.find(f.group); it != place.end()) has_features[it->second] = true;
  std::vector<DataGroup> out;
  size_t next = 0;  // the empty groups before groups[next] are out
  auto empty_until = [&](size_t end) {
    for (; next < end; next++)
      if (!has_features[next]) out.push_back({groups[next], {}});
  };
  for (size_t i = 0; i < features.size();) {
    size_t j = i;
    while (j < features.size() && features[j].group == features[i].group) j++;
    if (auto it = place.find(features[i].group); it != place.end()) empty_until(std::max(next, it->second));
    out.push_back({features[i].group, std::vector<Feature>(features.begin() + i, features.begin() + j)});
    i = j;
  }
  empty_until(groups.size());
  return out;
}

std::string render_data_file(const std::vector<DataGroup>& groups, ExportFormat format) {
  return format == ExportFormat::Yaml ? render_yaml(groups) : render_json(groups);
}

}  // namespace ksince

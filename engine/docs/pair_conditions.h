#pragma once
// What the source says a program type needs to call a helper or a kfunc
// (`docs build --conditions`): a loader with CAP_BPF or CAP_PERFMON, a
// CONFIG_ option, some attach types, a sleepable program, a kernel not
// locked down, a kfunc set's filter. The derived pairs (prog_helper,
// prog_kfunc facts) carry these as attrs; this turns them into short
// labels, each with its full meaning as a title, for the list lines, and a
// legend for the block.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/store.h"

namespace ksince {

struct ConditionLabel {
  std::string label;   // "CAP_PERFMON", "CONFIG_CGROUPS", "sleepable", "3 attach types", ...
  std::string title;   // the whole condition, with where the source decides it
  std::string legend;  // what the label means on any line
  bool operator<(const ConditionLabel& o) const {
    return std::tie(label, title, legend) < std::tie(o.label, o.title, o.legend);
  }
  bool operator==(const ConditionLabel& o) const = default;
};

// The labels of one pair's conditions, from its fact's attrs: cap, kconfig,
// attach_type, attach_type_not, sleepable, no_security_lockdown,
// prog_trampoline, proto_allowed, other (helpers) and filter_condition,
// filter_unknown (kfuncs). `where` ("kernel/bpf/helpers.c:2087") ends each
// title. Attrs that are not conditions (via, sets) give nothing.
std::vector<ConditionLabel> condition_labels(const nlohmann::json& attrs, const std::string& where);

// The conditions of the pairs derived from the source at a tag.
class PairConditions {
 public:
  // prog_helper and prog_kfunc facts at `at` (the newest selected tag when
  // empty).
  static PairConditions from_facts(Store& store, const std::optional<std::string>& at);

  void add(const std::string& owner, const std::string& member, std::vector<ConditionLabel> labels);
  // The labels of (program type, helper or kfunc); empty when it has none.
  const std::vector<ConditionLabel>& of(const std::string& owner, const std::string& member) const;

 private:
  std::map<std::pair<std::string, std::string>, std::vector<ConditionLabel>> pairs_;
};

// For the end of a list line: ` <abbr title="...">LABEL</abbr>` per label
// (Material for MkDocs shows the title on hover), "" for none.
std::string condition_suffix(const std::vector<ConditionLabel>& labels);

// A list line's suffix for (owner, member) when there are `conditions`
// (none: ""), its labels noted in `used` for the block's legend.
std::string condition_suffix_of(const PairConditions* conditions, const std::string& owner, const std::string& member,
                                std::set<ConditionLabel>& used);

// The legend of the labels a block used, each label once in byte order,
// every line prefixed with `indent` (inside an admonition: four spaces);
// "" when none was used.
std::string condition_legend(const std::set<ConditionLabel>& used, const std::string& indent);

}  // namespace ksince

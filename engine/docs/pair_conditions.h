#pragma once
// What the source says a program type needs to call a helper or a kfunc
// (`docs build --conditions`): a loader with CAP_BPF or CAP_PERFMON, a
// CONFIG_ option, some attach types, a sleepable program, a kernel not
// locked down, a kfunc set's filter. The derived pairs (prog_helper,
// prog_kfunc facts) carry these as attrs; this turns them into short
// labels, each with its full meaning as a title, for the list lines, and a
// legend for the block. A condition it cannot word is labelled all the same,
// and warned of.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "docs/docs_blocks.h"
#include "store/store.h"

namespace ksince {

struct DerivedAnswer;

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
// title. Attrs that are not conditions (via, sets) give nothing. Any other
// key, or a known one whose value has not its shape (a list of strings, a
// bool), gives the label "KEY?" with the value in the title: a condition
// this ksince cannot word must not make the pair look unconditional.
std::vector<ConditionLabel> condition_labels(const nlohmann::json& attrs, const std::string& where);

// The keys of `attrs` that condition_labels() labels "KEY?", in key order.
std::vector<std::string> unread_condition_keys(const nlohmann::json& attrs);

// The conditions of the pairs derived from the source at a tag.
class PairConditions {
 public:
  // prog_helper and prog_kfunc facts at `at` (the newest selected tag when
  // empty).
  static PairConditions from_facts(Store& store, const std::optional<std::string>& at);

  // One prog_helper or prog_kfunc fact: its labels, and its keys that
  // condition_labels() cannot word, for notes().
  void add_fact(const DerivedAnswer& a);
  void add(const std::string& owner, const std::string& member, std::vector<ConditionLabel> labels);
  // The labels of (program type, helper or kfunc); empty when it has none.
  const std::vector<ConditionLabel>& of(const std::string& owner, const std::string& member) const;
  // One warning per condition key the facts carry that this ksince cannot
  // word (an index made by a newer ksince): how many pairs, the first one.
  std::vector<BuildNote> notes() const;

 private:
  struct Unread {
    size_t pairs = 0;
    std::string first;  // "prog_helper BPF_PROG_TYPE_XDP bpf_x (kernel/bpf/helpers.c:12)"
  };
  std::map<std::pair<std::string, std::string>, std::vector<ConditionLabel>> pairs_;
  std::map<std::string, Unread> unread_;
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

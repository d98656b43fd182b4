#include "docs/pair_conditions.h"

#include <algorithm>
#include <cctype>

#include "facts/derived_facts.h"
#include "util/error.h"

namespace ksince {

namespace {

// What the value of each attr key of a pair's fact is: a condition of one of
// three shapes, or not a condition (prog_helper's "via", the func_proto that
// gives the helper; prog_kfunc's "via" and "sets", the registration).
enum class Shape { kStrings, kBool, kString, kNotCondition };

const std::map<std::string, Shape>& known_keys() {
  static const std::map<std::string, Shape> keys = {
      // ProtoCond::to_json (facts/func_proto_cond.cc)
      {"kconfig", Shape::kStrings}, {"cap", Shape::kStrings}, {"attach_type", Shape::kStrings},
      {"attach_type_not", Shape::kStrings}, {"other", Shape::kStrings}, {"sleepable", Shape::kBool},
      {"no_security_lockdown", Shape::kBool}, {"prog_trampoline", Shape::kBool}, {"proto_allowed", Shape::kString},
      // a kfunc set's filter (facts/kfunc_resolve.cc)
      {"filter_condition", Shape::kStrings}, {"filter_unknown", Shape::kStrings},
      // where the pair comes from
      {"via", Shape::kNotCondition}, {"sets", Shape::kNotCondition}};
  return keys;
}

bool has_shape(const nlohmann::json& v, Shape shape) {
  switch (shape) {
    case Shape::kStrings:
      return v.is_string() ||
             (v.is_array() && std::all_of(v.begin(), v.end(), [](const nlohmann::json& e) { return e.is_string(); }));
    case Shape::kBool: return v.is_boolean();
    case Shape::kString: return v.is_string();
    case Shape::kNotCondition: return true;
  }
  return false;
}

// The value of a condition key when it has its shape; null otherwise (then
// unread_condition_keys() names it).
const nlohmann::json* condition(const nlohmann::json& attrs, const char* key) {
  auto it = attrs.find(key);
  if (it == attrs.end() || !has_shape(*it, known_keys().at(key))) return nullptr;
  return &*it;
}

std::vector<std::string> strings(const nlohmann::json& attrs, const char* key) {
  std::vector<std::string> out;
  const nlohmann::json* v = condition(attrs, key);
  if (!v) return out;
  if (v->is_string()) out.push_back(v->get<std::string>());
  else
    for (const auto& e : *v) out.push_back(e.get<std::string>());
  return out;
}

bool flag(const nlohmann::json& attrs, const char* key) {
  const nlohmann::json* v = condition(attrs, key);
  return v && v->get<bool>();
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// How the verifier's func_proto tests each capability.
std::string capability_test(const std::string& cap) {
  if (cap == "CAP_BPF") return "bpf_capable()";
  if (cap == "CAP_PERFMON") return "perfmon_capable()";
  if (cap == "CAP_NET_ADMIN") return "bpf_net_capable()";
  return "capable(" + cap + ")";
}

bool simple_option(const std::string& c) {
  std::string_view v = c;
  if (!v.empty() && v[0] == '!') v.remove_prefix(1);
  if (v.substr(0, 7) != "CONFIG_") return false;
  for (char ch : v)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '_')) return false;
  return true;
}

// "BPF_CGROUP_INET4_BIND" alone, or "3 attach types" with the list in the title.
std::string attach_label(const std::vector<std::string>& types) {
  return types.size() == 1 ? types[0] : cat(types.size(), " attach types");
}

std::string escape_attr(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

std::vector<ConditionLabel> condition_labels(const nlohmann::json& attrs, const std::string& where) {
  std::vector<ConditionLabel> out;
  if (!attrs.is_object()) return out;
  const std::string at = where.empty() ? "" : " (" + where + ")";
  for (const std::string& cap : strings(attrs, "cap"))
    out.push_back({cap, "only when the program's loader has " + cap + ": " + capability_test(cap) + at,
                   "the program's loader needs " + cap + " (" + capability_test(cap) + ")"});
  for (const std::string& c : strings(attrs, "kconfig")) {
    if (!simple_option(c)) {
      out.push_back({"CONFIG", "only in kernels where " + c + at,
                     "only in kernels built with some options (the title says which)"});
    } else if (c[0] == '!') {
      out.push_back(
          {c, "only in kernels built without " + c.substr(1) + at, "only in kernels built without " + c.substr(1)});
    } else {
      out.push_back({c, "only in kernels built with " + c + at, "only in kernels built with " + c});
    }
  }
  if (auto t = strings(attrs, "attach_type"); !t.empty())
    out.push_back({attach_label(t), "only for the expected attach types " + joined(t) + at,
                   t.size() == 1 ? "only for programs loaded with this expected attach type"
                                 : "only for some expected attach types (the title lists them)"});
  if (auto t = strings(attrs, "attach_type_not"); !t.empty())
    out.push_back({"not " + attach_label(t), "not for the expected attach types " + joined(t) + at,
                   "refused for some expected attach types (the title lists them)"});
  if (const nlohmann::json* s = condition(attrs, "sleepable")) {
    if (s->get<bool>())
      out.push_back({"sleepable", "only in sleepable programs (loaded with BPF_F_SLEEPABLE)" + at,
                     "only in sleepable programs (BPF_F_SLEEPABLE)"});
    else
      out.push_back({"non-sleepable", "only in programs that are not sleepable" + at,
                     "only in programs that are not sleepable"});
  }
  if (flag(attrs, "no_security_lockdown"))
    out.push_back({"lockdown", "refused when the kernel is locked down: security_locked_down() says no, as with "
                               "lockdown=confidentiality or an LSM's locked_down hook" + at,
                   "refused when the kernel is locked down (security_locked_down(), LSM)"});
  if (flag(attrs, "prog_trampoline"))
    out.push_back({"trampoline",
                   "only for programs attached through a BPF trampoline (fentry, fexit, fmod_ret, LSM)" + at,
                   "only for programs attached through a BPF trampoline"});
  if (const nlohmann::json* a = condition(attrs, "proto_allowed"))
    out.push_back({"allowed()",
                   "only where " + a->get<std::string>() + "() allows the program (the proto's .allowed)" + at,
                   "only where the helper's .allowed callback accepts the program"});
  for (const std::string& c : strings(attrs, "other"))
    out.push_back({"condition", "only when " + c + at, "only under a condition the title quotes from the source"});
  for (const std::string& c : strings(attrs, "filter_condition"))
    out.push_back({"filter", "the kfunc set's filter refuses it unless " + c + at,
                   "refused by the kfunc set's filter unless its condition holds (the title quotes it)"});
  for (const std::string& f : strings(attrs, "filter_unknown"))
    out.push_back({"filter?", "the kfunc set's filter " + f + "() decides, in a way ksince could not read" + at,
                   "a kfunc set's filter decides, in a way ksince could not read"});
  // A key this ksince cannot word still shows: without a label the pair
  // would look unconditional.
  for (const std::string& key : unread_condition_keys(attrs))
    out.push_back({key + "?", cat("a condition this ksince cannot word: ", key, " = ", attrs.at(key).dump(), at),
                   "a condition this ksince cannot word (the title quotes the index's attribute; docs build warns "
                   "of it)"});
  return out;
}

std::vector<std::string> unread_condition_keys(const nlohmann::json& attrs) {
  std::vector<std::string> out;
  if (!attrs.is_object()) return out;
  for (const auto& [key, value] : attrs.items()) {
    auto k = known_keys().find(key);
    if (k == known_keys().end() || !has_shape(value, k->second)) out.push_back(key);
  }
  return out;
}

PairConditions PairConditions::from_facts(Store& store, const std::optional<std::string>& at) {
  PairConditions out;
  for (const char* kind : {"prog_helper", "prog_kfunc"})
    for (const DerivedAnswer& a : derived_facts(store, kind, at)) out.add_fact(a);
  return out;
}

void PairConditions::add_fact(const DerivedAnswer& a) {
  auto [owner, member] = split_pair_key(a.key);
  std::string where = a.file.empty() ? "" : cat(a.file, ":", a.line);
  for (const std::string& key : unread_condition_keys(a.attrs)) {
    Unread& u = unread_[key];
    if (u.pairs++ == 0) u.first = cat(a.kind, " ", a.key, where.empty() ? "" : " (" + where + ")");
  }
  std::vector<ConditionLabel> labels = condition_labels(a.attrs, where);
  if (!labels.empty()) add(owner, member, std::move(labels));
}

std::vector<BuildNote> PairConditions::notes() const {
  std::vector<BuildNote> out;
  for (const auto& [key, u] : unread_)
    out.push_back({"", 0, cat("the derived pairs carry a condition this ksince cannot word: '", key, "' on ", u.pairs,
                              u.pairs == 1 ? " pair" : " pairs", " (the first: ", u.first, "); their lines show '",
                              key, "?' with the attribute in the title. Build the docs with the ksince that made "
                              "the index, or teach docs/pair_conditions.cc the key")});
  return out;
}

void PairConditions::add(const std::string& owner, const std::string& member, std::vector<ConditionLabel> labels) {
  pairs_[{owner, member}] = std::move(labels);
}

const std::vector<ConditionLabel>& PairConditions::of(const std::string& owner, const std::string& member) const {
  static const std::vector<ConditionLabel> kNone;
  auto it = pairs_.find({owner, member});
  return it == pairs_.end() ? kNone : it->second;
}

std::string condition_suffix(const std::vector<ConditionLabel>& labels) {
  std::string out;
  for (const ConditionLabel& l : labels)
    out += " <abbr title=\"" + escape_attr(l.title) + "\">" + escape_attr(l.label) + "</abbr>";
  return out;
}

std::string condition_suffix_of(const PairConditions* conditions, const std::string& owner, const std::string& member,
                                std::set<ConditionLabel>& used) {
  if (!conditions) return "";
  const std::vector<ConditionLabel>& l = conditions->of(owner, member);
  used.insert(l.begin(), l.end());
  return condition_suffix(l);
}

std::string condition_legend(const std::set<ConditionLabel>& used, const std::string& indent) {
  std::map<std::string, std::string> by_label;  // each label once, in byte order
  for (const ConditionLabel& l : used) by_label.emplace(l.label, l.legend);
  if (by_label.empty()) return "";
  std::string out = indent + "\n" + indent +
                    "Conditions, as the kernel source states them (hover a label for the whole condition and where "
                    "it is decided):\n" +
                    indent + "\n";
  for (const auto& [label, legend] : by_label)
    out += indent + "- **" + escape_attr(label) + "**: " + escape_attr(legend) + "\n";
  return out;
}

}  // namespace ksince

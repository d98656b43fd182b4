#include "facts/func_proto_cond.h"

#include "util/append_unique.h"

#include <algorithm>

namespace ksince {
namespace {

void add_unique(std::vector<std::string>& to, const std::vector<std::string>& from) {
  for (const std::string& s : from) append_unique(to, s);
}

std::vector<std::string> intersect(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::string> out;
  for (const std::string& s : a)
    if (std::find(b.begin(), b.end(), s) != b.end()) out.push_back(s);
  return out;
}

bool has_ident(const csrc::Source& s, size_t b, size_t e, std::string_view name) {
  for (size_t i = b; i < e; ++i)
    if (s.toks[i].text == name) return true;
  return false;
}

ProtoCond other(const csrc::Source& s, size_t b, size_t e, bool holds) {
  ProtoCond c;
  std::string text = s.text(b, e);
  c.other.push_back(holds ? text : "!(" + text + ")");
  return c;
}

ProtoCond atom(const csrc::Source& s, size_t b, size_t e, bool holds, const std::vector<std::string>& vars) {
  ProtoCond c;
  if (b >= e) return c;
  const std::string_view first = s.toks[b].text;
  // Capability checks: bpf_capable(), perfmon_capable(), capable(CAP_X),
  // bpf_token_capable(token, CAP_X).
  if (first == "bpf_capable" || first == "perfmon_capable" || first == "capable" || first == "ns_capable" ||
      first == "bpf_token_capable") {
    if (!holds) return other(s, b, e, holds);
    std::string cap = first == "bpf_capable" ? "CAP_BPF" : first == "perfmon_capable" ? "CAP_PERFMON" : "";
    for (size_t i = b; i < e; ++i)
      if (s.toks[i].text.substr(0, 4) == "CAP_") cap = std::string(s.toks[i].text);
    if (cap.empty()) return other(s, b, e, holds);
    c.cap.push_back(cap);
    return c;
  }
  if (has_ident(s, b, e, "expected_attach_type")) {
    bool eq = has_ident(s, b, e, "=="), ne = has_ident(s, b, e, "!=");
    std::string value;
    for (size_t i = b; i < e; ++i)
      if (s.toks[i].kind == csrc::TokKind::Ident && s.toks[i].text.substr(0, 4) == "BPF_") value = s.toks[i].text;
    if (eq == ne || value.empty()) return other(s, b, e, holds);
    (eq == holds ? c.attach_type : c.attach_type_not).push_back(value);
    return c;
  }
  if (has_ident(s, b, e, "sleepable")) {
    c.sleepable = holds;
    return c;
  }
  if (has_ident(s, b, e, "security_locked_down")) {
    // `security_locked_down(...) < 0` (or its value alone) is "locked down".
    if (holds) return other(s, b, e, holds);
    c.no_security_lockdown = true;
    return c;
  }
  if (first == "bpf_prog_has_trampoline") {
    if (!holds) return other(s, b, e, holds);
    c.prog_trampoline = true;
    return c;
  }
  if (e == b + 1 && std::find(vars.begin(), vars.end(), first) != vars.end()) return c;
  return other(s, b, e, holds);
}

ProtoCond read(const csrc::Source& s, size_t b, size_t e, bool holds, const std::vector<std::string>& vars) {
  // Strip parentheses around the whole.
  while (b < e && s.toks[b].text == "(" && s.toks[b].match == static_cast<int32_t>(e - 1)) {
    ++b;
    --e;
  }
  auto ors = csrc::split_top_level(s, b, e, "||");
  auto ands = ors.size() == 1 ? csrc::split_top_level(s, b, e, "&&") : decltype(ors){};
  // A conjunction of what holds: every part adds to the condition.
  auto conj = [&](const decltype(ors)& parts, bool h) {
    ProtoCond c;
    for (auto [pb, pe] : parts) c.add(read(s, pb, pe, h, vars));
    return c;
  };
  // A disjunction: only "attach type is one of" can be said exactly.
  auto disj = [&](const decltype(ors)& parts, bool h) {
    ProtoCond c;
    for (auto [pb, pe] : parts) {
      ProtoCond p = read(s, pb, pe, h, vars);
      ProtoCond only_attach;
      only_attach.attach_type = p.attach_type;
      if (p.attach_type.empty() || p.to_json() != only_attach.to_json()) return other(s, b, e, holds);
      add_unique(c.attach_type, p.attach_type);
    }
    return c;
  };
  if (ors.size() > 1) return holds ? disj(ors, true) : conj(ors, false);
  if (ands.size() > 1) return holds ? conj(ands, true) : disj(ands, false);
  if (b < e && s.toks[b].text == "!") return read(s, b + 1, e, !holds, vars);
  return atom(s, b, e, holds, vars);
}

}  // namespace

void ProtoCond::add(const ProtoCond& o) {
  add_unique(kconfig, o.kconfig);
  add_unique(cap, o.cap);
  add_unique(attach_type, o.attach_type);
  add_unique(attach_type_not, o.attach_type_not);
  add_unique(other, o.other);
  if (o.sleepable) sleepable = o.sleepable;
  no_security_lockdown = no_security_lockdown || o.no_security_lockdown;
  prog_trampoline = prog_trampoline || o.prog_trampoline;
  if (!o.proto_allowed.empty()) proto_allowed = o.proto_allowed;
}

ProtoCond ProtoCond::common(const std::vector<ProtoCond>& conds) {
  if (conds.empty()) return {};
  ProtoCond c = conds[0];
  for (size_t i = 1; i < conds.size(); ++i) {
    const ProtoCond& o = conds[i];
    c.kconfig = intersect(c.kconfig, o.kconfig);
    c.cap = intersect(c.cap, o.cap);
    c.attach_type = intersect(c.attach_type, o.attach_type);
    c.attach_type_not = intersect(c.attach_type_not, o.attach_type_not);
    c.other = intersect(c.other, o.other);
    if (c.sleepable != o.sleepable) c.sleepable.reset();
    c.no_security_lockdown = c.no_security_lockdown && o.no_security_lockdown;
    c.prog_trampoline = c.prog_trampoline && o.prog_trampoline;
    if (c.proto_allowed != o.proto_allowed) c.proto_allowed.clear();
  }
  return c;
}

bool ProtoCond::empty() const { return to_json().empty(); }

nlohmann::json ProtoCond::to_json() const {
  nlohmann::json j = nlohmann::json::object();
  auto list = [&](const char* k, const std::vector<std::string>& v) {
    if (!v.empty()) j[k] = v;
  };
  list("kconfig", kconfig);
  list("cap", cap);
  list("attach_type", attach_type);
  list("attach_type_not", attach_type_not);
  if (sleepable) j["sleepable"] = *sleepable;
  if (no_security_lockdown) j["no_security_lockdown"] = true;
  if (prog_trampoline) j["prog_trampoline"] = true;
  if (!proto_allowed.empty()) j["proto_allowed"] = proto_allowed;
  list("other", other);
  return j;
}

ProtoCond ProtoCond::from_json(const nlohmann::json& j) {
  ProtoCond c;
  auto list = [&](const char* k, std::vector<std::string>& v) {
    if (j.contains(k)) v = j[k].get<std::vector<std::string>>();
  };
  list("kconfig", c.kconfig);
  list("cap", c.cap);
  list("attach_type", c.attach_type);
  list("attach_type_not", c.attach_type_not);
  list("other", c.other);
  if (j.contains("sleepable")) c.sleepable = j["sleepable"].get<bool>();
  c.no_security_lockdown = j.value("no_security_lockdown", false);
  c.prog_trampoline = j.value("prog_trampoline", false);
  c.proto_allowed = j.value("proto_allowed", "");
  return c;
}

ProtoCond read_condition(const csrc::Source& s, size_t b, size_t e, bool holds,
                         const std::vector<std::string>& vars) {
  return read(s, b, e, holds, vars);
}

}  // namespace ksince

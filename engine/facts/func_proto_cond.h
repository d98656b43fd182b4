#pragma once
// The conditions under which a func_proto returns a helper's proto, read from
// C conditions (`if (!bpf_capable())`, `prog->expected_attach_type == X ? ...`)
// and #if blocks, as the attrs of the helper facts.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "facts/c_source.h"

namespace ksince {

struct ProtoCond {
  std::vector<std::string> kconfig, cap, attach_type, attach_type_not, other;
  std::optional<bool> sleepable;
  bool no_security_lockdown = false;
  bool prog_trampoline = false;
  std::string proto_allowed;  // the proto's .allowed callback

  // Both this and `o` hold.
  void add(const ProtoCond& o);
  // What every one of `conds` says (a helper returned by both arms of a
  // `?:` on the attach type needs no attach type).
  static ProtoCond common(const std::vector<ProtoCond>& conds);
  bool empty() const;
  nlohmann::json to_json() const;  // only the attrs that are set
  static ProtoCond from_json(const nlohmann::json& j);
};

// The condition tokens [b, e) mean when they are true (`holds`) or false.
// `vars` are the function's local proto pointers: tests of them (`if (!fn)`)
// are control flow, not conditions, and give nothing.
ProtoCond read_condition(const csrc::Source& s, size_t b, size_t e, bool holds,
                         const std::vector<std::string>& vars);

}  // namespace ksince

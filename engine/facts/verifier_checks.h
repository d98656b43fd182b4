#pragma once
// Readers of the verifier's checks in kernel/bpf/verifier.c (which map types
// and program types a helper may meet), for FuncProtoExtractor::extract.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "facts/c_source.h"

namespace ksince::vchecks {

// A function definition's tokens.
struct FuncDef {
  size_t name;   // token of the name
  size_t open;   // token of the body's `{`
  size_t close;
};
using FuncIndex = std::map<std::string, FuncDef>;  // the file's functions by name

// check_map_func_compatibility(): {"by_map", "by_func", "via", "line"}.
nlohmann::json read_map_compat(const csrc::Source& s, const FuncDef& f, const FuncIndex& funcs,
                               nlohmann::json& unknowns);
// A function like may_update_sockmap(env, func_id): {"helpers", "prog": {helper: [types]}, "line"}.
nlohmann::json read_prog_switch(const csrc::Source& s, const FuncDef& f);
// check_map_prog_compatibility(): [{"obj", "prog", "sleepable", "line"}].
nlohmann::json read_object_refusals(const csrc::Source& s, const FuncDef& f, const FuncIndex& funcs);
// check_map_prog_compatibility(): [{"type", "line"}].
nlohmann::json read_map_type_refusals(const csrc::Source& s, const FuncDef& f);

}  // namespace ksince::vchecks
